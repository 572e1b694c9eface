"""The real server over TCP: ``clientele serve`` (gunicorn) on the test database (SPEC §4).

What the in-process client cannot show: the console script starts, gunicorn decodes
percent-encoded paths (``/``, ``&``, accents) the way the routes expect, and tokens work over
the wire. The server is another process, so the data it reads must be committed.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

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
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped ({server.returncode}):\n{log.read_text()}")
        try:
            httpx.get(f"{base}/api/v1/customers/", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"the server did not answer within 60 s:\n{log.read_text()}")


@pytest.mark.django_db(transaction=True)
def test_real_server_serves_the_api_over_tcp(tmp_path):
    # given committed reference data and a sales user
    seed_reference_data()
    user = User.objects.create_user(username="vendeuse", password=PASSWORD)
    user.groups.add(Group.objects.get(name=SALES_USER))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
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
        # the sign-in address printed is the one the server listens on
        assert f"Sign in at {base}/login/" in log.read_text()
        # its control socket is its own, under var/, named by its port
        assert (Path(settings.VAR_DIR) / f"gunicorn-{port}.ctl").is_socket()
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
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
