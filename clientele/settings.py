"""Settings, all from the environment; SQLite under ``var/`` when nothing is said.

``DATABASE_URL`` switches to PostgreSQL. The secret key comes from ``SECRET_KEY`` or, on
first run, is generated into ``var/secret_key`` (kept out of git by ``.gitignore``).
"""

import base64
import hashlib
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CLIENTELE_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Why a file: a fresh install must work without configuration, yet never share a key."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "django.contrib.messages",
    "treebeard",
    "ninja",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "clientele.core",
    "clientele.jobs",
    "clientele.masters",
    "clientele.classification",
    "clientele.contacts",
    "clientele.crm",
    "clientele.customers",
    "clientele.pricing",
    "clientele.sales",
    "clientele.transfer",
    "clientele.privacy",
    "clientele.operations",
    "clientele.web",
]

MIDDLEWARE = [
    "clientele.core.input_text.UnstorableTextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "clientele.web.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: answers a sign-in refused for too many failures (``core.signin_limits``).
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and
# images from the app itself only (htmx and Pico are served by it; no inline script or style
# attribute in any page), no framing, forms posting only to the app. The one inline style
# is a printed document's own (a standalone page, nothing fetched): allowed by its hash.
_PRINT_STYLE = BASE_DIR / "clientele/sales/templates/sales/print/style.css"
_PRINT_STYLE_DIGEST = hashlib.sha256(_PRINT_STYLE.read_bytes()).digest()
PRINT_STYLE_HASH = f"'sha256-{base64.b64encode(_PRINT_STYLE_DIGEST).decode()}'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, PRINT_STYLE_HASH],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sign-in throttling (django-axes), for the sign-in page and POST /api/v1/auth/token alike:
# after SIGNIN_FAILURE_LIMIT failures from one client address, or for one username, the
# next attempts are refused (429, with Retry-After) without checking the password, until
# SIGNIN_LOCKOUT_MINUTES have passed since the last failure; a success clears the count.
# Counts are kept in the database, so every worker and server shares them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("SIGNIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "clientele.core.signin_limits.locked_out"

ROOT_URLCONF = "clientele.urls"
WSGI_APPLICATION = "clientele.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csrf",
                "clientele.web.navigation.menu",
            ],
        },
    },
]


def _database(url: str) -> dj_database_url.DBConfig:
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE: writers queue on the busy timeout instead of failing on upgrade.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        config["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    else:
        # Server-side binding lets psycopg prepare the reads that run on every request
        # (see core/rows/); Django's default of no prepared statement stays for the rest.
        config["OPTIONS"] = {"server_side_binding": True, **config.get("OPTIONS", {})}
    # Why persistent connections on both engines: opening one per request (a PostgreSQL
    # handshake, or SQLite's file open and pragmas) cost more than the request's queries.
    # No health check (a SELECT 1 before each request's first query) unless asked: a
    # connection a database restart broke fails one request, then Django drops it.
    config["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "600"))
    config["CONN_HEALTH_CHECKS"] = os.environ.get("CONN_HEALTH_CHECKS", "") == "1"
    return config


DATABASES = {
    "default": _database(os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR}/db.sqlite3"))
}
# An optional read replica (PostgreSQL streaming replication) for lists and searches: see
# core/replica.py. Tests read it as the primary itself (Django's test mirror).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **_database(os.environ["DATABASE_REPLICA_URL"]),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["clientele.core.replica.ReplicaRouter"]
# The customer read and the token check are prepared statements on PostgreSQL (core/rows/).
# A pooler in transaction mode needs PgBouncer 1.21+ with max_prepared_statements, or this off.
PREPARED_STATEMENTS = os.environ.get("PREPARED_STATEMENTS", "1") == "1"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "clientele" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns about a missing folder before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
# A signed-in screen stays open for a working day; after that, sign in again.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(10 * 3600)))
LOGOUT_REDIRECT_URL = "web:login"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Served behind a TLS-terminating proxy (HTTPS=1): cookies only over TLS, HSTS for a year
# (sub-domains included unless HSTS_INCLUDE_SUBDOMAINS=0), plain HTTP redirected, and the
# proxy's X-Forwarded-Proto trusted to tell a request came over TLS (the proxy must set
# it, and strip any the client sent). `clientele check --deploy` passes with it on.
if os.environ.get("HTTPS", "") == "1":
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
    # Preloading commits the domain to the browsers' built-in list, hard to leave: the
    # operator's decision, so not asked of them by the deployment check.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

NINJA_PAGINATION_MAX_LIMIT = 500

# The job queue (clientele/jobs/): django-tasks' database backend, run by `clientele worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Files the jobs produce (exports, rejected rows): a folder every app server and worker
# shares when there are several machines.
JOB_FILES_DIR = Path(os.environ.get("CLIENTELE_JOB_FILES_DIR", VAR_DIR / "jobs"))
# A worker writes a sign of life on its job this often; a job whose worker gave none for
# JOB_STALE_SECONDS (or whose process on this machine is gone) is taken again.
JOB_HEARTBEAT_SECONDS = float(os.environ.get("JOB_HEARTBEAT_SECONDS", "5"))
JOB_STALE_SECONDS = float(os.environ.get("JOB_STALE_SECONDS", "60"))
# The files of one import uploaded through the API or the screens, together, at most
# (bytes; 200 MB by default): more is refused with 413.
IMPORT_UPLOAD_MAX_BYTES = int(os.environ.get("IMPORT_UPLOAD_MAX_BYTES", str(200 * 1024 * 1024)))
# A merge moving more linked records than this runs as a job (customers/merge_job.py).
MERGE_JOB_THRESHOLD = int(os.environ.get("MERGE_JOB_THRESHOLD", "1000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
