"""Start-up checks: a machine missing what the code relies on is told so plainly."""

from django.db import connection

from clientele.core.checks import sqlite_version_check


def test_an_old_sqlite_is_reported_with_what_to_do():
    errors = sqlite_version_check(version=(3, 34, 1))
    if connection.vendor != "sqlite":
        assert errors == []  # only SQLite databases are concerned
        return
    assert [(e.id, e.msg) for e in errors] == [
        ("clientele.E001", "SQLite 3.34.1 is too old: Clientèle needs 3.35.0 or newer.")
    ]
    assert "DATABASE_URL" in errors[0].hint


def test_this_machine_passes_the_checks():
    assert sqlite_version_check() == []
