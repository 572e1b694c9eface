"""With ``DATABASE_REPLICA_URL`` set, lists and searches read the replica while a record's
own page, and every write, use the primary (core/replica.py).

The replica here is a copy of the test database taken at one moment: a customer created
after the copy is on the primary only, as if the replica lagged, so where each read went
shows in what it finds."""

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth.models import User
from django.db import connection

from clientele.customers.quick_entry import customer_quick_create
from clientele.operations.backups import connection_url
from clientele.operations.seed import seed_reference_data

READS = """
import json
from django.contrib.auth.models import User
from django.test import Client

client = Client()
client.force_login(User.objects.get(username="replica-reader"))
listed = client.get("/api/v1/customers/", {"q": "copie"}).json()
page = client.get("/customers/", {"q": "copie"}).content.decode()
contacts = client.get("/api/v1/contacts/", {"q": "copie"}).json()
detail = client.get("/api/v1/customers/" + CODE)
print(json.dumps({
    "listed": sorted(item["customer_name"] for item in listed["items"]),
    "page_lists_after": "Après la copie" in page,
    "page_lists_before": "Avant la copie" in page,
    "contacts": contacts["count"],
    "detail": [detail.status_code, detail.json().get("customer_name")],
}))
"""


@pytest.fixture
def replica_url(tmp_path):
    """A function copying the test database, now, to a database of its own."""
    names: list[str] = []

    def copy() -> str:
        if connection.vendor == "sqlite":
            target = tmp_path / "replica.sqlite3"
            with sqlite3.connect(target) as replica:
                connection.connection.backup(replica)
            return f"sqlite:///{target}"
        names.append(f"replica_{uuid.uuid4().hex[:12]}")
        server, source = connection_url().rsplit("/", 1)
        connection.close()  # a template must have no other session
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{names[-1]}" TEMPLATE "{source}"')
        return f"{server}/{names[-1]}"

    yield copy
    if names:
        server = connection_url().rsplit("/", 1)[0]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_lists_and_searches_read_the_replica_and_a_record_the_primary(replica_url):
    # given a customer (with its contact) on both, then one created after the replica's copy
    seed_reference_data()
    User.objects.create_superuser("replica-reader", password=uuid.uuid4().hex)
    _with_contact("Avant la copie", "avant@copie.fr")
    replica = replica_url()
    after = _with_contact("Après la copie", "apres@copie.fr")
    # when the app reads with the replica configured
    reads = _read_with_replica(primary=connection_url(), replica=replica, code=after.name)
    # then the lists and searches see the replica, the record's page the primary
    assert reads == {
        "listed": ["Avant la copie"],
        "page_lists_after": False,
        "page_lists_before": True,
        "contacts": 1,
        "detail": [200, "Après la copie"],
    }


def _with_contact(name: str, email: str):
    contact = {"full_name": f"Contact {name}", "email_id": email}
    return customer_quick_create(
        data={"customer_name": name}, contact=contact, address=None, user=None
    )


def _read_with_replica(*, primary: str, replica: str, code: str) -> dict:
    script = f"CODE = {json.dumps(code)}\n{READS}"
    environment = {**os.environ, "DATABASE_URL": primary, "DATABASE_REPLICA_URL": replica}
    done = subprocess.run(
        [sys.executable, "-m", "clientele.cli", "shell", "--no-imports", "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
