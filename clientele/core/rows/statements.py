"""Running a hand-written statement: placeholders named, prepared on PostgreSQL; a walk
planned without parallel workers."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
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


# How many statements psycopg keeps parsed: every statement text the app sends, with room.
PARSED_STATEMENTS = 1024


def statements_parsed_once() -> None:
    """Have psycopg keep the parse of every statement, long ones included.

    Why: psycopg turns each statement's placeholders into PostgreSQL's by a regular
    expression over its whole text, and keeps the result only for statements under 4 kB
    and 50 parameters. The app's hot statements are over: a document's read (its tables as
    JSON, 6 kB), the insert of a header (60 columns) or of ten lines (400 parameters). They
    were parsed again on every request: 7 % of a sales order's creation. The app sends a
    bounded set of statement texts (``core.rows`` writes each once per shape), so a larger
    cache holds them all; psycopg's limits are its module's constants, set here once."""
    from psycopg import _queries  # here: on SQLite the app never loads psycopg (22 MB)

    _queries.MAX_CACHED_STATEMENT_LENGTH = 64 * 1024
    _queries.MAX_CACHED_STATEMENT_PARAMS = 4_096
    _queries._query2pg = lru_cache(maxsize=PARSED_STATEMENTS)(_queries._query2pg_nocache)


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


@contextmanager
def serial(db: BaseDatabaseWrapper) -> Iterator[None]:
    """On PostgreSQL, the statements run inside are planned without parallel workers (in a
    transaction of their own, or until they end inside one already open).

    For a walk that stops after a page's worth (records in name order until 20 have every
    word): when PostgreSQL underestimates the matches (“saint michel”: it takes the two
    words as unrelated, 100 addresses for 5,000), it shares the walk among workers, each
    walking its own part of the index to its end; 70 ms where walking alone took 5."""
    if db.vendor != "postgresql":
        yield
        return
    nested = db.in_atomic_block
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        # The setting as it was, put back after inside an enclosing transaction (a local
        # setting lasts until the transaction ends; in one of its own, that is now).
        cursor.execute(
            "SELECT current_setting('max_parallel_workers_per_gather'),"
            " set_config('max_parallel_workers_per_gather', '0', true)"
        )
        before = cursor.fetchone()[0]
        yield
        if nested:
            cursor.execute(
                "SELECT set_config('max_parallel_workers_per_gather', %s, true)", [before]
            )
