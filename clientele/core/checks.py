"""Start-up checks (``manage.py check``, run by ``migrate`` and ``serve``) for what the code
relies on and a machine may lack."""

import sqlite3

from django.core.checks import Error, register
from django.db import connections

# ``INSERT … ON CONFLICT … RETURNING`` (naming series, new customers) and JSON aggregates
# (the customer read) came with SQLite 3.35.
SQLITE_MINIMUM = (3, 35, 0)


@register()
def sqlite_version_check(app_configs=None, version=None, **kwargs) -> list[Error]:
    version = version or sqlite3.sqlite_version_info
    uses_sqlite = any(connections[alias].vendor == "sqlite" for alias in connections)
    if not uses_sqlite or version >= SQLITE_MINIMUM:
        return []
    return [
        Error(
            f"SQLite {'.'.join(map(str, version))} is too old: Clientèle needs "
            f"{'.'.join(map(str, SQLITE_MINIMUM))} or newer.",
            hint="Use a Python built with a newer SQLite (3.11 from python.org has one), "
            "or PostgreSQL through DATABASE_URL.",
            id="clientele.E001",
        )
    ]
