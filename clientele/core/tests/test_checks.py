"""Start-up checks: a machine missing what the code relies on is told so plainly."""

import pytest
from django.db import connection

from clientele.core.checks import sqlite_version_check

ON_SQLITE = connection.vendor == "sqlite"


@pytest.mark.skipif(not ON_SQLITE, reason="the SQLite version matters on SQLite only")
def test_an_old_sqlite_is_reported_with_what_to_do():
    errors = sqlite_version_check(version=(3, 34, 1))

    assert [(e.id, e.msg, e.hint) for e in errors] == [
        (
            "clientele.E001",
            "SQLite 3.34.1 is too old: Clientèle needs 3.35.0 or newer.",
            "Use a Python built with a newer SQLite (3.11 from python.org has one), "
            "or PostgreSQL through DATABASE_URL.",
        )
    ]


@pytest.mark.skipif(ON_SQLITE, reason="on SQLite an old library is reported (the test above)")
def test_an_old_sqlite_library_does_not_matter_on_another_database():
    assert sqlite_version_check(version=(3, 34, 1)) == []


def test_this_machine_passes_the_checks():
    assert sqlite_version_check() == []
