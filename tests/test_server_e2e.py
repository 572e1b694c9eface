"""The real server over TCP: ``clientele serve`` (gunicorn) on the test database (SPEC §4).

What the in-process client cannot show: the console script starts, gunicorn decodes
percent-encoded paths (``/``, ``&``, accents) the way the routes expect, and tokens work over
the wire. The server is another process, so the data it reads must be committed.
"""

import contextlib
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from clientele.core.roles import SALES_USER
from clientele.operations.backups import connection_url
from clientele.operations.seed import seed_reference_data

PASSWORD = "Serveur-Réel-2026"
NAME = "Dupont & Fils / Ateliers Réunis"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clientele_command() -> list[str]:
    script = shutil.which("clientele", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "clientele.cli"]


def _wait_until_serving(server: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + 180  # a loaded machine: collectstatic, then gunicorn
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped ({server.returncode}):\n{log.read_text()}")
        try:
            httpx.get(f"{base}/api/v1/customers/", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within 180 s:\n{log.read_text()}")


@contextlib.contextmanager
def _serving(tmp_path: Path, name: str = "server") -> Iterator[tuple[str, int, Path]]:
    """``clientele serve`` on the test's database and a free port: its base URL, port, log."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / f"{name}.log"
    env = {**os.environ, "DATABASE_URL": connection_url(), "PYTHONUNBUFFERED": "1"}
    with log.open("w") as output:
        server = subprocess.Popen(
            [*_clientele_command(), "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(server, base, log)
        yield base, port, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _control_socket(port: int) -> Path:
    """The server's control socket, once gunicorn has opened it (a moment after it serves)."""
    path = Path(settings.VAR_DIR) / f"gunicorn-{port}.ctl"
    deadline = time.monotonic() + 15
    while not path.is_socket() and time.monotonic() < deadline:
        time.sleep(0.1)
    return path


def _renderers(socket_path: Path) -> list[int]:
    """Pids of the PDF renderers listening on ``socket_path`` (``core.pdf``)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            arguments = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:  # not a process, or gone meanwhile
            continue
        if b"clientele.core.pdf" in arguments and str(socket_path).encode() in arguments:
            found.append(int(entry.name))
    return found


def _sales_user() -> User:
    seed_reference_data()
    user = User.objects.create_user(username="vendeuse", password=PASSWORD)
    user.groups.add(Group.objects.get(name=SALES_USER))
    return user


@pytest.mark.django_db(transaction=True)
def test_real_server_serves_the_api_over_tcp(tmp_path):
    # given committed reference data and a sales user
    _sales_user()
    with _serving(tmp_path) as (base, port, log):
        # the sign-in address printed is the one the server listens on
        assert f"Sign in at {base}/login/" in log.read_text()
        # its control socket is its own, under var/, named by its port
        assert _control_socket(port).is_socket()
        # and so is its PDF renderer's, which it started beside its workers
        renderer = Path(settings.VAR_DIR) / f"pdf-{port}.sock"
        assert len(_renderers(renderer)) == 1
        with httpx.Client(base_url=f"{base}/api/v1", timeout=10) as anonymous:
            # when / then: nothing without a token
            assert anonymous.get("/customers/").status_code == 401
            assert anonymous.get("/openapi.json").status_code == 401
            refused = anonymous.post(
                "/auth/token", json={"username": "vendeuse", "password": "wrong"}
            )
            assert refused.status_code == 401
            issued = anonymous.post(
                "/auth/token", json={"username": "vendeuse", "password": PASSWORD}
            )
            assert issued.status_code == 200, issued.text
            token = issued.json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=f"{base}/api/v1", timeout=10, headers=headers) as api:
            created = api.post("/customers/", json={"name": NAME, "customer_name": NAME})
            assert created.status_code == 201, created.text
            read = api.get(f"/customers/{quote(NAME, safe='')}")
            assert read.status_code == 200, read.text
            assert (read.json()["name"], read.json()["customer_name"]) == (NAME, NAME)
            listed = api.get("/customers/", params={"q": "réunis"}).json()
            assert [c["name"] for c in listed["items"]] == [NAME]
            schema = api.get("/openapi.json")
            assert schema.status_code == 200
            assert "/api/v1/customers/" in schema.json()["paths"]
            # a request line as long as gunicorn allows is answered (parameters of no use
            # to the list are ignored)…
            assert api.get("/customers/", params={"pad": "x" * 8000}).status_code == 200
            # …and a longer one is refused by gunicorn, in the API's JSON
            too_long = api.get("/customers/", params={"pad": "x" * 9000})
            assert (too_long.status_code, too_long.json()["detail"]) == (414, "URI Too Long")
    # the renderer stopped with the server
    assert _renderers(renderer) == []


def _sign_in_page(client: httpx.Client, base: str, username: str) -> None:
    page = client.get(f"{base}/login/")
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert csrf, page.text
    signed = client.post(
        f"{base}/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": csrf[1]},
        headers={"Referer": f"{base}/login/"},
    )
    assert signed.status_code == 302, signed.text


@pytest.mark.django_db(transaction=True)
def test_two_servers_on_one_database_stay_consistent(tmp_path):
    # given a manager and two servers on the same database, each with its own control socket
    User.objects.create_superuser(username="gerante", password=PASSWORD)
    seed_reference_data()
    with _serving(tmp_path, "a") as (a, port_a, _), _serving(tmp_path, "b") as (b, port_b, _):
        assert _control_socket(port_a).is_socket() and _control_socket(port_b).is_socket()
        # when a person signs in on the page of one, the other knows them
        with httpx.Client(timeout=10) as browser:
            _sign_in_page(browser, a, "gerante")
            assert browser.get(f"{b}/customers/").status_code == 200
        # a token issued by one opens the other
        issued = httpx.post(
            f"{a}/api/v1/auth/token", json={"username": "gerante", "password": PASSWORD}
        )
        headers = {"Authorization": f"Bearer {issued.json()['token']}"}
        with httpx.Client(timeout=10, headers=headers) as api:
            # customers created on one then the other get codes of one series, none twice
            codes = [
                api.post(f"{base}/api/v1/customers/", json={"customer_name": f"Client {n}"}).json()[
                    "name"
                ]
                for n, base in enumerate([a, b] * 4)
            ]
            numbers = [int(code.rsplit("-", 1)[1]) for code in codes]
            assert numbers == list(range(numbers[0], numbers[0] + 8))
            # a node made on one and moved on the other is where the last move put it
            assert api.post(
                f"{a}/api/v1/customer-groups/", json={"name": "Grands comptes", "is_group": True}
            ).is_success
            assert api.post(f"{b}/api/v1/customer-groups/", json={"name": "Export"}).is_success
            moved = api.post(
                f"{b}/api/v1/customer-groups/Export/move", json={"parent": "Grands comptes"}
            )
            assert moved.status_code == 200, moved.text
            read = api.get(f"{a}/api/v1/customer-groups/Export").json()
            assert read["parent_customer_group"] == "Grands comptes"
    # and the trees are sound
    out = io.StringIO()
    call_command("check_trees", stdout=out, stderr=out)
    assert "problem" not in out.getvalue()
