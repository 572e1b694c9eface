"""``clientele backup`` under a write load and ``clientele restore`` into a fresh instance:
every write acknowledged before the backup began is in the restored copy, whose trees are
sound (SPEC §5: never lose data)."""

import os
import subprocess
import sys
import threading
import time
import uuid

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from clientele.customers.models import Customer
from clientele.customers.services import customer_create
from clientele.operations.backups import connection_url
from clientele.operations.seed import seed_reference_data

# A writer in another process: creates customers one by one, printing each code once its
# creation is committed (acknowledged).
WRITER = """
import itertools
from clientele.customers.services import customer_create
for number in itertools.count(1):
    customer = customer_create(data={"customer_name": f"Charge {number}"}, user=None)
    print(customer.name, flush=True)
"""


def _clientele(*args: str, url: str, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url}
    command = [sys.executable, "-m", "clientele.cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, **kwargs)


class Writer:
    """The writing process, and the codes it acknowledged so far (read as they come)."""

    def __init__(self, url: str):
        env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "clientele.cli", "shell", "--no-imports", "-c", WRITER]
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
        self.acknowledged: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.acknowledged.append(line.strip())

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 120
        while len(self.acknowledged) < count:
            assert self.process.poll() is None, "the writer stopped"
            assert time.monotonic() < deadline, "the writer wrote too slowly"
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture
def fresh_url(tmp_path):
    """An empty database of the same kind for the restored copy."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"restore_{uuid.uuid4().hex[:12]}"
    server = connection_url().rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _codes(url: str) -> set[str]:
    shell = "from clientele.customers.models import Customer\n"
    shell += "print('\\n'.join(Customer.objects.values_list('name', flat=True)))"
    return set(_clientele("shell", "--no-imports", "-c", shell, url=url).stdout.split())


@pytest.mark.django_db(transaction=True)
def test_a_backup_under_writes_restores_every_acknowledged_write(tmp_path, fresh_url):
    # given reference data and a process writing customers without pause
    seed_reference_data()
    writer = Writer(connection_url())
    try:
        writer.wait_for(20)
        acknowledged = list(writer.acknowledged)
        # when a backup is taken while it writes
        backup = tmp_path / "backup"
        call_command("backup", str(backup))
        writer.wait_for(len(acknowledged) + 5)  # it went on writing during the backup
    finally:
        writer.stop()
    # and restored into an empty instance
    restored = _clientele("restore", str(backup), url=fresh_url)
    assert restored.returncode == 0, restored.stderr
    # then every customer acknowledged before the backup is there, and the trees are sound
    assert set(acknowledged) <= _codes(fresh_url)
    trees = _clientele("check_trees", url=fresh_url)
    assert (trees.returncode, trees.stderr) == (0, ""), trees.stdout


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_database_holding_data_is_refused(tmp_path):
    # given a backup and this database, which holds a customer
    seed_reference_data()
    backup = tmp_path / "backup"
    call_command("backup", str(backup))
    customer_create(data={"customer_name": "Déjà là"}, user=None)
    # when restoring into it, then it is refused, and the customer is still there
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(backup))
    assert list(Customer.objects.values_list("customer_name", flat=True)) == ["Déjà là"]


def test_a_backup_never_overwrites_a_file(tmp_path, db):
    existing = tmp_path / "kept"
    existing.write_text("précieux")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_text() == "précieux"


def test_a_file_that_is_no_backup_is_refused(tmp_path, db):
    bogus = tmp_path / "bogus"
    bogus.write_text("not a database")
    before = Customer.objects.count()
    refusal = (
        "is not a backup of this application"
        if connection.vendor == "sqlite"
        else ("pg_restore failed: .*not appear to be a valid archive")
    )
    with pytest.raises(CommandError, match=refusal):
        call_command("restore", str(bogus))
    assert Customer.objects.count() == before


@pytest.mark.django_db(transaction=True)  # a backup, like the command, runs outside a transaction
def test_without_postgresql_programs_sqlite_backs_up_and_postgresql_says_what_to_install(
    tmp_path, monkeypatch
):
    # given a machine where no program is found (no pg_dump)
    monkeypatch.setenv("PATH", str(tmp_path))
    target = tmp_path / "backup"
    # when a backup is asked for
    if connection.vendor == "sqlite":
        # then SQLite, which needs none, writes it
        call_command("backup", str(target))
        assert target.stat().st_size > 0
    else:
        # then PostgreSQL's is refused with what to install, and nothing is written
        with pytest.raises(CommandError, match="“pg_dump” is not installed on this machine"):
            call_command("backup", str(target))
        assert not target.exists()
