"""How many rows of several tables link to one record, in one statement written once."""

from collections.abc import Sequence
from functools import cache

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

from clientele.core.meta import column_of, foreign_key
from clientele.core.rows.statements import execute, prepared

Linked = tuple[type[models.Model], ...]


def linked_counts(tables: Sequence[type[models.Model]], *, link: str, to: int) -> list[int]:
    """For each model of ``tables``, in that order, how many of its rows name the record
    ``to`` through their foreign key ``link``: one ``SELECT`` of a count subquery per
    table, each on the link's index (a customer's documents of every kind, for its page).
    Built with the ORM, the five counts of the sales documents cost Django 2 ms of Python
    a page, the statement itself a tenth of that. Read where the first table is read."""
    if not tables:
        return []
    db = connections[router.db_for_read(tables[0])]
    with db.cursor() as cursor, prepared(db):
        execute(cursor, _counts_sql(tuple(tables), link, db.alias), [to] * len(tables))
        return [int(count) for count in cursor.fetchone()]


@cache
def _counts_sql(tables: Linked, link: str, alias: str) -> str:
    db: BaseDatabaseWrapper = connections[alias]
    quote = db.ops.quote_name
    counts = [
        f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)}"
        f" WHERE {quote(column_of(foreign_key(model, link)))} = %s)"
        for model in tables
    ]
    return f"SELECT {', '.join(counts)}"
