"""Inserts written once per shape, from tuples: history rows, search tokens, a new customer;
many records at once (an import)."""

import operator
import sqlite3
from collections.abc import Sequence
from functools import cache
from typing import Any

from django.db import connection, models

from clientele.core.meta import column_of, model_field
from clientele.core.rows.statements import execute, prepared

# SQLite builds before 3.32 accept 999 parameters per statement; staying under suits all.
MAX_PARAMS = 999
# From how many new records ``insert_objects`` writes by ``COPY`` on PostgreSQL: below, one
# multi-row ``INSERT … RETURNING`` is one round trip where the sequence's keys then ``COPY``
# take three (a document's ten lines: 0.4 ms less).
COPY_FROM = 100


# Columns whose Python values need the database's adaptation (dates, decimals...); text,
# numbers, flags and keys go as they are.
_ADAPTED = {"DateTimeField", "DateField", "TimeField", "DecimalField", "UUIDField", "JSONField"}
# Values that every driver takes as they are: for such a value of a column not in
# ``_ADAPTED``, Django's preparation would hand back the same value.
_PLAIN = (str, int, bool, float, type(None))


def _adapted(field: models.Field) -> bool:
    return field.get_internal_type() in _ADAPTED


@cache
def _insert_plan(model: type[models.Model]) -> tuple[tuple[models.Field, ...], list[bool]]:
    """The columns of a new row (all but the key) and which of them need preparing."""
    fields = tuple(f for f in model._meta.concrete_fields if not f.primary_key)
    return fields, [_adapted(f) for f in fields]


def _db_values(
    instance: models.Model,
    fields: tuple[models.Field, ...],
    prepare: list[bool],
    moments: dict[int, tuple[Any, Any]],
    read: operator.attrgetter | None = None,
) -> list[Any]:
    """What Django's own insert sends (``pre_save`` fills ``auto_now`` dates: here
    ``moments``, the same for every row of an insert), without its round of preparation
    for the values that need none: 0.2 ms of a creation's 60 columns."""
    values = list(_reader(fields)(instance)) if read is None else list(read(instance))
    for index, value in enumerate(values):
        if index in moments:
            moment, values[index] = moments[index]
            setattr(instance, fields[index].attname, moment)
        elif prepare[index] or type(value) not in _PLAIN:
            field = fields[index]
            values[index] = field.get_db_prep_save(field.pre_save(instance, add=True), connection)
    return values


@cache
def _reader(fields: tuple[models.Field, ...]) -> operator.attrgetter:
    """Every column's attribute of a record read in one call."""
    return operator.attrgetter(*(field.attname for field in fields))


def _moments(instance: models.Model, fields: tuple[models.Field, ...]) -> dict[int, tuple]:
    """The ``auto_now`` and ``auto_now_add`` dates of a new row, Python value and database
    value, worked out once for all the rows of an insert (20 µs each, per row)."""
    moments = {}
    for index, field in enumerate(fields):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            moment = field.pre_save(instance, add=True)
            moments[index] = (moment, field.get_db_prep_save(moment, connection))
    return moments


@cache
def _insert_sql(model: type[models.Model], fields: tuple[models.Field, ...], rows: int) -> str:
    """Written once per shape and process: the statement text is the same every time."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column_of(f)) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {', '.join([one] * rows)}"


def insert_values(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """New rows of ``model`` given as tuples of ``columns`` values, in as few statements as
    the parameter limit allows; more rows than one statement holds go as one prepared
    single-row statement run for each (``executemany``: the driver loops in C on SQLite,
    ten times cheaper than binding a thousand parameters), or as ``COPY`` on PostgreSQL.

    Unlike ``bulk_create`` it builds no model instance and reads no key back: for rows
    nobody edits afterwards (search tokens, history), written by the handful per request
    or by the hundred thousand by an import.
    """
    if not rows:
        return
    fields = tuple(model_field(model, name) for name in columns)
    per_statement = max(1, MAX_PARAMS // len(fields))
    rows = _prepared_rows(fields, rows)
    if len(rows) > per_statement and _copy_possible():
        _copy(model, fields, rows)
        return
    with connection.cursor() as cursor, prepared():
        if len(rows) > per_statement:
            cursor.executemany(_insert_sql(model, fields, 1), rows)
            return
        params = [value for row in rows for value in row]
        execute(cursor, _insert_sql(model, fields, len(rows)), params)


def _copy_possible() -> bool:
    """PostgreSQL, outside pipeline mode (``batched``), which has no ``COPY``."""
    if connection.vendor != "postgresql":
        return False
    from psycopg import pq  # here: on SQLite the app never loads psycopg (22 MB)

    connection.ensure_connection()
    return bool(connection.connection.pgconn.pipeline_status == pq.PipelineStatus.OFF)


def _copy(model: type[models.Model], fields: tuple[models.Field, ...], rows: Sequence[tuple]):
    """Many rows by ``COPY … FROM STDIN`` (PostgreSQL's bulk load: one statement, rows
    streamed, several times faster than as many inserts)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column_of(f)) for f in fields)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _prepared_rows(fields: tuple[models.Field, ...], rows: Sequence[tuple]) -> Sequence[tuple]:
    """The rows with the values of the columns that need it adapted for the database, each
    distinct value once (a history's rows share one moment)."""
    adapted = [index for index, field in enumerate(fields) if _adapted(field)]
    if not adapted:
        return rows
    done: dict[tuple[int, Any], Any] = {}

    def adapt(index: int, value: Any) -> Any:
        key = (index, value)
        if key not in done:
            done[key] = fields[index].get_db_prep_save(value, connection)
        return done[key]

    result = []
    for row in rows:
        values = list(row)
        for index in adapted:
            values[index] = adapt(index, values[index])
        result.append(tuple(values))
    return result


def insert_objects(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """New records of ``model``, every column as Django's own insert sends it, their keys
    read back onto them: ``bulk_create`` without its per-value compilation (a third of an
    import's time), in statements of as many rows as the database's parameter limit takes;
    on PostgreSQL, from ``COPY_FROM`` records, keys taken from the table's sequence, then
    ``COPY``.
    """
    if not objects:
        return
    fields, prepare = _insert_plan(model)
    moments = _moments(objects[0], fields)
    read = _reader(fields)  # (hashing the fields is not free: once per insert)
    if len(objects) >= COPY_FROM and _copy_possible():
        keys = _keys_reserved(model, len(objects))
        rows = [
            (key, *_db_values(obj, fields, prepare, moments, read))
            for obj, key in zip(objects, keys, strict=True)
        ]
        _copy(model, (model._meta.pk, *fields), rows)
        for obj, key in zip(objects, keys, strict=True):
            _written(obj, key)
        return
    per_statement = max(1, _params_limit() // len(fields))
    quote = connection.ops.quote_name
    returning = f" RETURNING {quote(column_of(model._meta.pk))}"
    with connection.cursor() as cursor, prepared():
        for start in range(0, len(objects), per_statement):
            chunk = objects[start : start + per_statement]
            params = [
                value for obj in chunk for value in _db_values(obj, fields, prepare, moments, read)
            ]
            cursor.execute(_insert_sql(model, fields, len(chunk)) + returning, params)
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                _written(obj, pk)


def _written(obj: models.Model, pk: int) -> None:
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = connection.alias


def _keys_reserved(model: type[models.Model], count: int) -> list[int]:
    """``count`` new keys of ``model``'s table, taken from its sequence in one statement
    (PostgreSQL), for rows written by ``COPY`` with their keys: a multi-row ``INSERT …
    RETURNING`` of thousands of rows costs psycopg more to parse (its placeholders, in
    Python) than the database to run."""
    with connection.cursor() as cursor:
        cursor.execute(_keys_sql(model), [count])
        return [key for (key,) in cursor.fetchall()]


@cache
def _keys_sql(model: type[models.Model]) -> str:
    table, column = model._meta.db_table, column_of(model._meta.pk)
    return (
        f"SELECT nextval(pg_get_serial_sequence('{table}', '{column}')) FROM generate_series(1, %s)"
    )


def _params_limit() -> int:
    """Parameters one statement may bind: SQLite's compiled limit (32,766 since 3.32),
    PostgreSQL's 65,535."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        return int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return 65_535


@cache
def _insert_if_free_sql(model: type[models.Model], unique: str) -> str:
    quote = connection.ops.quote_name
    column = quote(column_of(model_field(model, unique)))
    return (
        f"{_insert_sql(model, _insert_plan(model)[0], 1)} ON CONFLICT ({column})"
        f" DO NOTHING RETURNING {quote(column_of(model._meta.pk))}"
    )


def insert_if_free(instance: models.Model, *, unique: str) -> bool:
    """Insert ``instance`` unless its ``unique`` column's value is taken (then ``False``).

    One statement instead of a look-up then an insert, or an insert inside a savepoint;
    both databases support ``ON CONFLICT … DO NOTHING RETURNING``.
    """
    model = type(instance)
    fields, prepare = _insert_plan(model)
    sql = _insert_if_free_sql(model, unique)
    with connection.cursor() as cursor, prepared():
        execute(cursor, sql, _db_values(instance, fields, prepare, _moments(instance, fields)))
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return True
