"""Reads for the hot paths: SQL written once per process, rows made into model instances.

Why not the ORM here: building a query costs Django 0.3 to 1 ms of Python, more than
running it, and a customer read or creation makes several. A ``Reader`` builds its SQL
from the model's metadata on first use and keeps it; each row then goes through the
database's own converters (``from_db``), so instances are exactly what the ORM returns.
Everything that is not on a hot path uses the ORM.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any

from django.conf import settings
from django.db import connection, models
from psycopg import pq

Converter = Callable[[Any, Any, Any], Any]


def _converters(field: models.Field, alias: str) -> tuple[Any, list[Converter]]:
    column = field.get_col(alias)
    return column, [
        *connection.ops.get_db_converters(column),
        *column.get_db_converters(connection),
    ]


def _convert(value: Any, column: Any, converters: list[Converter]) -> Any:
    for converter in converters:
        value = converter(value, column, connection)
    return value


@contextmanager
def prepared() -> Iterator[None]:
    """On PostgreSQL, the statement run inside is prepared once per connection: planning the
    customer read costs PostgreSQL more than running it, and parsing an insert of sixty
    columns about as much as writing it.

    Only statements that one plan suits whatever the values are: inserts, and reads by
    equality on an indexed key (this module's ``Reader`` and ``Later``, the series
    counter). The ORM's lists and searches stay planned for their values each time (a plan
    made for one search word can be a disaster for another).
    """
    prepare = connection.vendor == "postgresql" and settings.PREPARED_STATEMENTS
    raw = connection.connection if prepare else None
    if raw is None:
        yield
        return
    raw.prepare_threshold = 0
    try:
        yield
    finally:
        raw.prepare_threshold = None


class _Table:
    """One model's columns in a query: where they start in the row and how to read them."""

    def __init__(self, model: type[models.Model], alias: str):
        self.model = model
        self.alias = alias
        self.fields = list(model._meta.concrete_fields)
        self.converters = [_converters(field, alias) for field in self.fields]
        self.attnames = [field.attname for field in self.fields]

    def columns(self) -> str:
        quote = connection.ops.quote_name
        return ", ".join(f"{self.alias}.{quote(field.column)}" for field in self.fields)

    def instance(self, values: Sequence[Any]) -> models.Model | None:
        if values[0] is None:  # a LEFT JOIN that found nothing
            return None
        converted = [
            _convert(value, column, converters) if converters and value is not None else value
            for value, (column, converters) in zip(values, self.converters, strict=True)
        ]
        return self.model.from_db(connection.alias, self.attnames, converted)


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


class Reader:
    """``SELECT`` of one model by a ``where`` clause, with related rows as Django's
    ``select_related`` would give them.

    - ``related``: foreign keys whose whole record is joined (``LEFT JOIN``).
    - ``stubs``: foreign keys whose code alone is read (``{fk: key}``, a scalar subquery):
      the related instance holds its key and primary key, and loads any other field on
      first access, as a deferred field does. Many links cost many joins to plan; a
      subquery per link costs an index lookup each.
    - ``extras``: ``{attribute: SQL expression}``, the expression made on first use (it may
      depend on the database); the raw value is set on the instance.
    """

    def __init__(
        self,
        model: type[models.Model],
        where: str,
        *,
        related: Sequence[str] = (),
        stubs: dict[str, str] | None = None,
        extras: dict[str, Callable[[], str]] | None = None,
    ):
        self.model = model
        self.where = where
        self.related = tuple(related)
        self.stubs = dict(stubs or {})
        self.extras = dict(extras or {})
        self._built: tuple[str, _Table, list[tuple[models.Field, _Table]]] | None = None

    def _build(self):
        quote = connection.ops.quote_name
        meta = self.model._meta
        main = _Table(self.model, "t0")
        joins, joined = [], []
        for index, name in enumerate(self.related, start=1):
            field = meta.get_field(name)
            table = _Table(field.related_model, f"t{index}")
            target = field.related_model._meta
            joins.append(
                f"LEFT JOIN {quote(target.db_table)} {table.alias} ON {table.alias}."
                f"{quote(target.pk.column)} = t0.{quote(field.column)}"
            )
            joined.append((field, table))
        subqueries = []
        for name, key in self.stubs.items():
            field = meta.get_field(name)
            target = field.related_model._meta
            subqueries.append(
                f"(SELECT s.{quote(target.get_field(key).column)} FROM {quote(target.db_table)} s"
                f" WHERE s.{quote(target.pk.column)} = t0.{quote(field.column)})"
            )
        extras = [make() for make in self.extras.values()]
        select = ", ".join(
            [main.columns(), *(t.columns() for _f, t in joined), *subqueries, *extras]
        )
        sql = f"SELECT {select} FROM {quote(meta.db_table)} t0 {' '.join(joins)} WHERE {self.where}"
        self._built = (sql, main, joined)
        return self._built

    def all(self, params: Sequence[Any] = ()) -> list[models.Model]:
        sql, main, joined = self._built or self._build()
        with connection.cursor() as cursor, prepared():
            execute(cursor, sql, params)
            rows = cursor.fetchall()
        return [self._instance(row, main, joined) for row in rows]

    def one(self, params: Sequence[Any] = ()) -> models.Model | None:
        found = self.all(params)
        return found[0] if found else None

    def _instance(self, row, main: _Table, joined) -> models.Model:
        start = len(main.fields)
        instance = main.instance(row[:start])
        for field, table in joined:
            end = start + len(table.fields)
            field.set_cached_value(instance, table.instance(row[start:end]))
            start = end
        stub_codes = row[start : start + len(self.stubs)]
        for attribute, value in zip(self.extras, row[start + len(self.stubs) :], strict=True):
            setattr(instance, attribute, value)
        for (name, key), code in zip(self.stubs.items(), stub_codes, strict=True):
            field = self.model._meta.get_field(name)
            target_id = getattr(instance, field.attname)
            stub = None
            if target_id is not None:
                target = field.related_model
                stub = target.from_db(
                    connection.alias, [target._meta.pk.attname, key], [target_id, code]
                )
            field.set_cached_value(instance, stub)
        return instance


_BY_KEY: dict[tuple[type[models.Model], str], Reader] = {}


def record_by_key(model: type[models.Model], key: str, value: Any) -> models.Model | None:
    """The record whose unique ``key`` column is ``value`` (a link given by code)."""
    reader = _BY_KEY.get((model, key))
    if reader is None:
        column = connection.ops.quote_name(model._meta.get_field(key).column)
        reader = _BY_KEY[(model, key)] = Reader(model, f"t0.{column} = %s")
    return reader.one([value])


# --------------------------------------------------------------------------- batches


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
    raw = connection.connection if connection.vendor == "postgresql" else None
    return raw is not None and raw.pgconn.pipeline_status != pq.PipelineStatus.OFF


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


# --------------------------------------------------------------------------- inserts

# SQLite builds before 3.32 accept 999 parameters per statement; staying under suits all.
MAX_PARAMS = 999


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


def _db_values(instance: models.Model, fields: tuple[models.Field, ...], prepare: list[bool]):
    """What Django's own insert sends (``pre_save`` fills ``auto_now`` dates), without its
    round of preparation for the values that need none: 0.2 ms of a creation's 60 columns."""
    values = []
    for field, needed in zip(fields, prepare, strict=True):
        value = getattr(instance, field.attname)
        if needed or type(value) not in _PLAIN:
            value = field.get_db_prep_save(field.pre_save(instance, add=True), connection)
        values.append(value)
    return values


@cache
def _insert_sql(model: type[models.Model], fields: tuple[models.Field, ...], rows: int) -> str:
    """Written once per shape and process: the statement text is the same every time."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {', '.join([one] * rows)}"


def insert_values(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]):
    """New rows of ``model`` given as tuples of ``columns`` values, in as few statements as
    the parameter limit allows.

    Unlike ``bulk_create`` it builds no model instance and reads no key back: for rows
    nobody edits afterwards (search tokens, history), written by the handful per request.
    """
    if not rows:
        return
    fields = tuple(model._meta.get_field(name) for name in columns)
    adapt = [_adapted(f) for f in fields]
    per_statement = max(1, MAX_PARAMS // len(fields))
    with connection.cursor() as cursor, prepared():
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [
                field.get_db_prep_save(value, connection) if adapted else value
                for row in chunk
                for value, field, adapted in zip(row, fields, adapt, strict=True)
            ]
            execute(cursor, _insert_sql(model, fields, len(chunk)), params)


@cache
def _insert_if_free_sql(model: type[models.Model], unique: str) -> str:
    quote = connection.ops.quote_name
    column = quote(model._meta.get_field(unique).column)
    return (
        f"{_insert_sql(model, _insert_plan(model)[0], 1)} ON CONFLICT ({column})"
        f" DO NOTHING RETURNING {quote(model._meta.pk.column)}"
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
        execute(cursor, sql, _db_values(instance, fields, prepare))
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return True
