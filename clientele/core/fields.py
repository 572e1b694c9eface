"""Column types the database can range-scan for ``startswith`` lookups.

Tree paths and search tokens are queried with ``LIKE 'prefix%'`` and ordered by themselves.
With the default collations neither database can answer that from the index: PostgreSQL's
locale collation forbids LIKE index scans, and SQLite's LIKE is case-insensitive so it
needs a NOCASE column. Declaring the collation on the column makes the ordinary unique or
plain index serve both the prefix match and the ordering, so a tree insert or a prefix
search costs the same at 100 or 1,000,000 rows.
"""

from django.db import models


class PrefixIndexedCharField(models.CharField):
    """A ``CharField`` whose values are plain ASCII-ordered keys (paths, normalised tokens)."""

    def db_type(self, connection) -> str | None:
        base = super().db_type(connection)
        if base is None:
            return None
        if connection.vendor == "postgresql":
            # Spelled out so Django adds no redundant varchar_pattern_ops index.
            return f'{base.replace("varchar", "character varying", 1)} COLLATE "C"'
        if connection.vendor == "sqlite":
            return f"{base} COLLATE NOCASE"
        return base
