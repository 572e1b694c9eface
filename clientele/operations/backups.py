"""Backups: a consistent copy of the database while the app goes on writing, and its
restore into an empty instance.

- SQLite: the online backup API copies the whole file in one step, inside one read
  transaction: a snapshot of one moment, while writers go on (WAL).
- PostgreSQL: ``pg_dump`` (custom format), which reads everything in one snapshot, and
  ``pg_restore`` into an empty database; without them on the machine, a clear refusal.

Only the database is copied: the files under ``var/`` (jobs' outputs, imports' files) can
be made again, and the secret key is the operator's to keep.
"""

import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict, DomainError
from clientele.customers.models import Customer
from clientele.sales.models import SalesInvoice


class BackupRefused(DomainError):
    status = 400


def backup_default_path(now: datetime) -> Path:
    suffix = "sqlite3" if connection.vendor == "sqlite" else "dump"
    return Path(settings.VAR_DIR) / "backups" / f"clientele-{now:%Y%m%d-%H%M%S}.{suffix}"


def backup_make(*, target: Path) -> Path:
    """Write a consistent copy of the database to ``target`` (its folder made if needed);
    an existing file is not overwritten."""
    if target.exists():
        raise BackupRefused(_("“%(path)s” already exists.") % {"path": target})
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        _sqlite_backup(target)
    else:
        _pg_run("pg_dump", "--format=custom", "--no-owner", f"--file={target}", _pg_url())
    return target


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    with sqlite3.connect(target) as copy:
        source.backup(copy)  # every page in one step: one snapshot
    copy.close()


def backup_restore(*, source: Path) -> None:
    """Load the backup ``source`` into this instance's database, which must be empty (no
    tables, or migrated with no customer, document or user but the first administrator
    ``./run.sh`` makes): a restore never mixes two databases."""
    if not source.is_file():
        raise BackupRefused(_("No backup at “%(path)s”.") % {"path": source})
    _empty_check()
    if connection.vendor == "sqlite":
        _sqlite_restore(source)
    else:
        _pg_run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={_pg_url()}",
            str(source),
        )


def _empty_check() -> None:
    """Refuse a database holding data of its own (customers, documents, users beyond one)."""
    tables = set(connection.introspection.table_names())
    checks = {Customer: 0, SalesInvoice: 0, User: 1}
    for model, allowed in checks.items():
        table = model._meta.db_table
        if table not in tables:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            if cursor.fetchone()[0] > allowed:
                raise Conflict(_("This database already holds data: restore into an empty one."))


def _sqlite_restore(source: Path) -> None:
    connection.ensure_connection()
    with sqlite3.connect(source) as backup:
        try:
            backup.execute("SELECT COUNT(*) FROM django_migrations").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupRefused(
                _("“%(path)s” is not a backup of this application.") % {"path": source}
            ) from error
        backup.backup(connection.connection)
    backup.close()
    connection.close()


def connection_url() -> str:
    """The URL of the database this process uses (a test's database in tests), for the
    programs and processes that are handed it: pg_dump, a second server."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(config['NAME']).resolve()}"
    return _pg_url()


def _pg_url() -> str:
    config = connection.settings_dict
    credentials = quote(config["USER"] or "", safe="")
    if config["PASSWORD"]:
        credentials += ":" + quote(config["PASSWORD"], safe="")
    host, port = config["HOST"] or "localhost", config["PORT"] or 5432
    return f"postgresql://{credentials}@{host}:{port}/{quote(config['NAME'], safe='')}"


def _pg_run(program: str, *arguments: str) -> None:
    if shutil.which(program) is None:
        raise BackupRefused(
            _(
                "“%(program)s” is not installed on this machine: install PostgreSQL's client "
                "programs (e.g. apt-get install postgresql-client) and run again."
            )
            % {"program": program}
        )
    done = subprocess.run([program, *arguments], capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupRefused(
            _("%(program)s failed: %(error)s") % {"program": program, "error": done.stderr.strip()}
        )
