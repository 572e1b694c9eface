"""Browser tests: Chromium (Debian's package) driven by Playwright against the real server.

One server per test session: ``clientele serve`` (gunicorn) on a throw-away database (a
SQLite file in a temporary folder, or a fresh PostgreSQL database when ``DATABASE_URL``
names PostgreSQL), migrated and seeded like a new installation. Tests build their data
through the REST API or the screens themselves, never through the ORM: the server is
another process.

Tests find things the way a person does: by role and visible label.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.browser.pages import PASSWORD, Server

# username -> roles (Django groups); "admin" is a superuser
USERS = {
    "admin": None,
    "vendeur": ["Sales User"],
    "manon": ["Sales Master Manager"],
    "lecteur": [],
}


TRIAL_GROUPS = "Groupes d'essai"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clientele() -> list[str]:
    script = shutil.which("clientele", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "clientele.cli"]


def chromium_path() -> str:
    """Debian's Chromium; ``scripts/install-browser.sh`` installs it (``./test.sh`` runs it)."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail(
            "Chromium is missing: run ./scripts/install-browser.sh (or apt-get install chromium)"
        )
    return path


class _Database:
    """A throw-away database of the kind the suite runs on."""

    def __init__(self, folder: Path):
        self.admin_url = None
        main = os.environ.get("DATABASE_URL", "")
        if main.startswith(("postgres://", "postgresql://")):
            name = f"clientele_browser_{uuid.uuid4().hex[:8]}"
            parts = urlsplit(main)
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            self.name = name
            with psycopg.connect(self.admin_url, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
            self.url = urlunsplit(parts._replace(path=f"/{name}"))
        else:
            self.url = f"sqlite:///{folder / 'browser.sqlite3'}"

    def drop(self) -> None:
        if self.admin_url:
            with psycopg.connect(self.admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


_USERS_SCRIPT = """
from django.contrib.auth.models import Group, User
for username, roles in {users!r}.items():
    user = User.objects.create_user(username=username, password={password!r},
                                    is_superuser=roles is None, is_staff=roles is None)
    for role in roles or []:
        user.groups.add(Group.objects.get(name=role))
"""


def _prepare(env: dict) -> None:
    def run(*args: str) -> None:
        subprocess.run([*_clientele(), *args], env=env, check=True, capture_output=True)

    run("migrate", "--noinput", "-v0")
    run("seed")
    run("shell", "-c", _USERS_SCRIPT.format(users=USERS, password=PASSWORD))


def _wait_until_serving(server: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped ({server.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/login/", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not answer within 60 s:\n{log.read_text()}")


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    folder = tmp_path_factory.mktemp("browser-server")
    database = _Database(folder)
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "CLIENTELE_VAR_DIR": str(folder),
        "PYTHONUNBUFFERED": "1",
    }
    _prepare(env)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [*_clientele(), "serve", "--port", str(port), "--workers", "1", "--threads", "8"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(process, url, log)
        yield Server(url=url, env=env)
    finally:
        process.terminate()
        process.wait(timeout=20)
        database.drop()


@pytest.fixture(scope="session")
def trial_groups(server: Server) -> str:
    """The group under which tests make their own groups (a tag in each name): the tree's
    first level, shown in the screenshots, holds the seeded groups and this one only."""
    with server.api() as api:
        response = api.post("/customer-groups/", json={"name": TRIAL_GROUPS, "is_group": True})
        assert response.status_code == 201, response.text
    return TRIAL_GROUPS


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path())
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Page:
    """A fresh browser context in French (a French user's browser), desktop size. Whatever
    the test does, the pages met no refusal of their Content-Security-Policy."""
    context = browser.new_context(
        base_url=server.url, locale="fr-FR", viewport={"width": 1280, "height": 860}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    refused: list[str] = []
    tab.on("console", lambda message: _csp_refusal(message.text, refused))
    yield tab
    context.close()
    assert refused == [], "Content-Security-Policy refusals"


def _csp_refusal(text: str, refused: list[str]) -> None:
    if "Content Security Policy" in text:
        refused.append(text)


@pytest.fixture(scope="session")
def worker(server: Server):
    """A job worker beside the server, as ``./run.sh`` starts one (exports, imports)."""
    process = subprocess.Popen(
        [*_clientele(), "worker", "--interval", "0.2"],
        env=server.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield process
    process.terminate()
    process.wait(timeout=30)
