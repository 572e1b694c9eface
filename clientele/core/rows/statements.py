"""Running a hand-written statement: placeholders named, prepared on PostgreSQL."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper


@contextmanager
def prepared(db: BaseDatabaseWrapper | None = None) -> Iterator[None]:
    """On PostgreSQL, the statement run inside is prepared once per connection: planning the
    customer read costs PostgreSQL more than running it, and parsing an insert of sixty
    columns about as much as writing it.

    Only statements that one plan suits whatever the values are: inserts, and reads by
    equality on an indexed key (this module's ``Reader`` and ``Later``, the series
    counter). The ORM's lists and searches stay planned for their values each time (a plan
    made for one search word can be a disaster for another).
    """
    db = db or connection
    prepare = db.vendor == "postgresql" and settings.PREPARED_STATEMENTS
    raw = db.connection if prepare else None
    if raw is None:
        yield
        return
    raw.prepare_threshold = 0
    try:
        yield
    finally:
        raw.prepare_threshold = None


@lru_cache(maxsize=256)
def _named(sql: str) -> str:
    """``%s`` placeholders as ``%(p0)s``, ``%(p1)s``…: Django's SQLite cursor turns the
    first kind into ``?`` by a regular expression over the whole statement (0.12 ms for the
    customer read, on every request) and the second kind by plain string formatting."""
    parts = sql.split("%s")
    if any("%" in part.replace("%%", "") for part in parts):
        raise ValueError(f"Write a literal % as %% in: {sql}")
    return "".join(f"{part}%(p{index})s" for index, part in enumerate(parts[:-1])) + parts[-1]


def execute(cursor, sql: str, params: Sequence[Any]) -> None:
    """Run ``sql`` (``%s`` placeholders) with its placeholders named (see ``_named``)."""
    cursor.execute(_named(sql), {f"p{index}": value for index, value in enumerate(params)})
