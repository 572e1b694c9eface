"""Statements sent without waiting for their answer (PostgreSQL's pipeline mode)."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection, connections, models, router

from clientele.core.meta import column_of, has_field, model_field
from clientele.core.rows.statements import execute, prepared


@contextmanager
def batched(enabled: bool = True) -> Iterator[None]:
    """On PostgreSQL, the statements run inside are sent without waiting for their answers
    (psycopg's pipeline mode) until a result is read or the block ends: writes whose answer
    nobody reads, and reads taken later (``Later``), cost one round trip together.

    Why: a customer creation is a handful of short statements, and each round trip to the
    server costs 0.2 to 0.6 ms on a small machine, more than most of them take to run.

    Only around code that reads no row count: an ``UPDATE`` through the ORM checks its row
    count at once, which pipeline mode gives only later (``Model.save()`` of a stored row
    would take it for a missing row). Nor around a transaction's start or end: psycopg then
    waits for every answer, each time. SQLite has no round trips: nothing changes there.
    """
    if not enabled or connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.connection.pipeline():
        yield


def _pipelined() -> bool:
    if connection.vendor != "postgresql" or connection.connection is None:
        return False
    from psycopg import pq  # here: on SQLite the app never loads psycopg (22 MB)

    return bool(connection.connection.pgconn.pipeline_status != pq.PipelineStatus.OFF)


class Later:
    """A read sent now whose rows are taken later: inside ``batched()`` they come back with
    the answers of the statements around it, when the block ends (the cursor stays open
    until then); elsewhere they are read at once.

    Prepared (see ``prepared``): only for look-ups by equality on indexed keys."""

    def __init__(self, sql: str, params: Sequence[Any]):
        self._rows: list[tuple] | None = None
        self._cursor = connection.cursor()
        try:
            with prepared():
                execute(self._cursor, sql, params)
            if not _pipelined():
                self.rows()
        except Exception:
            self._cursor.close()
            raise

    def rows(self) -> list[tuple]:
        if self._rows is None:
            try:
                self._rows = self._cursor.fetchall()
            finally:
                self._cursor.close()
        return self._rows


@dataclass(frozen=True)
class Through:
    """A value found in ``table.column`` rather than on the row itself: the ``table`` row's
    ``table_key`` names a record that ``link`` ties to the row (``link.owner`` holds the
    row's id, ``link.key`` the record's, and the ``fixed`` columns of ``link`` hold the
    given values: ``party_type = 'customer'``)."""

    link: type[models.Model]
    owner: str
    key: str
    fixed: tuple[tuple[str, Any], ...]
    table: type[models.Model]
    table_key: str
    column: str


@dataclass(frozen=True)
class Branch:
    """One labelled way a row of the looked-up model matches: ``column = value`` (or the
    value reached ``through`` linked rows), and ``unlike = (column, value)`` differing.

    ``non_empty``: the column's index is partial (``NOT (column = '')``), and SQLite uses a
    partial index only when the query repeats its condition term for term, literally."""

    label: str
    column: str
    value: Any
    unlike: tuple[str, Any] | None = None
    non_empty: bool = False
    through: Through | None = None


def _col(model: type[models.Model], name: str) -> str:
    return column_of(model_field(model, name))


def _branch_sql(model: type[models.Model], branch: Branch, quote) -> tuple[str, list[Any]]:
    """The condition of one branch on the row ``t`` and its parameters."""
    if branch.through is not None:
        via = branch.through
        fixed = "".join(f" AND l.{quote(_col(via.link, c))} = %s" for c, _v in via.fixed)
        sql = (
            f"t.{quote(column_of(model._meta.pk))} IN (SELECT l.{quote(_col(via.link, via.owner))}"
            f" FROM {quote(via.link._meta.db_table)} l WHERE l.{quote(_col(via.link, via.key))}"
            f" IN (SELECT x.{quote(_col(via.table, via.table_key))}"
            f" FROM {quote(via.table._meta.db_table)} x"
            f" WHERE x.{quote(_col(via.table, via.column))} = %s){fixed})"
        )
        return sql, [branch.value, *(value for _c, value in via.fixed)]
    column = quote(_col(model, branch.column))
    sql, params = f"t.{column} = %s", [branch.value]
    if branch.non_empty:
        sql += f" AND NOT (t.{column} = '')"
    if branch.unlike is not None:
        sql += f" AND t.{quote(_col(model, branch.unlike[0]))} <> %s"
        params.append(branch.unlike[1])
    return sql, params


def branches_sent(
    model: type[models.Model],
    branches: Sequence[Branch],
    *,
    columns: Sequence[str],
    exclude_pk: int | None,
    cap: int,
) -> Later:
    """The rows of ``model`` each branch matches (its label, then ``columns``), newest
    first, at most ``cap`` per branch, the row ``exclude_pk`` left out: one statement, each
    branch answered from its own index, sent now (see ``Later``)."""
    db = connections[router.db_for_read(model)]
    quote = db.ops.quote_name
    selected = ", ".join(f"t.{quote(_col(model, name))}" for name in columns)
    table, key = quote(model._meta.db_table), quote(column_of(model._meta.pk))
    parts, params = [], []
    for index, branch in enumerate(branches):
        where, values = _branch_sql(model, branch, quote)
        parts.append(
            f"SELECT * FROM (SELECT CAST(%s AS TEXT) AS label, {selected} FROM {table} t"
            f" WHERE {where} AND t.{key} <> %s ORDER BY t.{key} DESC LIMIT {int(cap)}) b{index}"
        )
        params += [branch.label, *values, exclude_pk or 0]
    return Later(" UNION ALL ".join(parts), params)


def key_share_sent(ids_by_model: Sequence[tuple[type[models.Model], Sequence[int]]]) -> Later:
    """The rows of each model's ``pks`` read again ``FOR KEY SHARE`` (PostgreSQL), as
    (the model's place in ``ids_by_model``, the key, its tree group flag: ``FALSE`` for a
    model that is no tree): see ``links.LinksHeld``. One statement whatever the models
    (each table's lock taken in a sub-select of its own, as a union takes none): a
    document links a customer, a company and its items, and each statement more is a
    round trip more."""
    parts, params = [], []
    for place, (model, pks) in enumerate(ids_by_model):
        db = connections[router.db_for_write(model)]
        quote = db.ops.quote_name
        flag = quote("is_group") if has_field(model, "is_group") else "FALSE"
        key = quote(column_of(model._meta.pk))
        parts.append(
            f"SELECT * FROM (SELECT {int(place)} AS m, {key} AS k, {flag} AS g"
            f" FROM {quote(model._meta.db_table)}"
            f" WHERE {key} IN ({', '.join(['%s'] * len(pks))}) FOR KEY SHARE) k{int(place)}"
        )
        params += list(pks)
    return Later(" UNION ALL ".join(parts), params)
