"""Settings, all from the environment; SQLite under ``var/`` when nothing is said.

``DATABASE_URL`` switches to PostgreSQL. The secret key comes from ``SECRET_KEY`` or, on
first run, is generated into ``var/secret_key`` (kept out of git by ``.gitignore``).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
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
    "clientele.operations",
    "clientele.web",
]

MIDDLEWARE = [
    "clientele.core.input_text.NulTextMiddleware",
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
]

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


def _database() -> dj_database_url.DBConfig:
    default_url = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    config = dj_database_url.parse(os.environ.get("DATABASE_URL", default_url))
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


DATABASES = {"default": _database()}
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
