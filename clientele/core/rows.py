"""Reads for the hot paths: SQL written once per process, rows made into model instances.

Why not the ORM here: building a query costs Django 0.3 to 1 ms of Python, more than
running it, and a customer read or creation makes several. A ``Reader`` builds its SQL
from the model's metadata on first use and keeps it; each row then goes through the
database's own converters (``from_db``), so instances are exactly what the ORM returns.
Everything that is not on a hot path uses the ORM.
"""

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import RawSQL
from psycopg import pq

from clientele.core.meta import column_of, foreign_key, model_field
from clientele.core.specs import Child, rows_known

Converter = Callable[[Any, Any, Any], Any]
M = TypeVar("M", bound=models.Model)


def _converters(field: models.Field, alias: str, db: BaseDatabaseWrapper) -> tuple[Any, list]:
    column = field.get_col(alias)
    return column, [*db.ops.get_db_converters(column), *column.get_db_converters(db)]


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


class _Table(Generic[M]):
    """One model's columns in a query: where they start in the row and how to read them."""

    def __init__(self, model: type[M], alias: str, db: BaseDatabaseWrapper):
        self.model = model
        self.alias = alias
        self.db = db
        self.fields = list(model._meta.concrete_fields)
        self.converters = [_converters(field, alias, db) for field in self.fields]
        self.attnames = [field.attname for field in self.fields]

    def columns(self) -> str:
        quote = self.db.ops.quote_name
        return ", ".join(f"{self.alias}.{quote(column_of(field))}" for field in self.fields)

    def instance_or_none(self, values: Sequence[Any]) -> M | None:
        """The instance, or ``None`` for a ``LEFT JOIN`` that found nothing."""
        return None if values[0] is None else self.instance(values)

    def instance(self, values: Sequence[Any]) -> M:
        converted = [
            self._convert(value, column, converters) if converters and value is not None else value
            for value, (column, converters) in zip(values, self.converters, strict=True)
        ]
        return self.model.from_db(self.db.alias, self.attnames, converted)

    def _convert(self, value: Any, column: Any, converters: list[Converter]) -> Any:
        for converter in converters:
            value = converter(value, column, self.db)
        return value


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


def _child_rows_sql(child: Child, owner: models.Model | type, db: BaseDatabaseWrapper) -> str:
    """The rows of one child table of the record ``t0`` as one JSON array of arrays: its
    ``idx``, then each column's value, or for a link the linked record's key and code.
    Decimals travel as text: JSON numbers would come back as floats."""
    quote = db.ops.quote_name
    meta = child.model._meta
    values, joins = ["r.idx"], []
    for index, column in enumerate(child.columns):
        field = model_field(child.model, column)
        link = child.link(column)
        if link is None:
            value = f"r.{quote(column_of(field))}"
            decimal = isinstance(field, models.DecimalField)
            values.append(f"CAST({value} AS TEXT)" if decimal else value)
            continue
        target = link.model._meta
        alias = f"l{index}"
        joins.append(
            f"LEFT JOIN {quote(target.db_table)} {alias}"
            f" ON {alias}.{quote(column_of(target.pk))} = r.{quote(column_of(field))}"
        )
        values += [f"{alias}.{quote(column_of(target.pk))}", f"{alias}.{quote(link.key)}"]
    parent = column_of(model_field(child.model, _owner_fk(child, owner)))
    source = f"{quote(meta.db_table)} r {' '.join(joins)} WHERE r.{quote(parent)} = t0.id"
    if db.vendor == "postgresql":
        return f"(SELECT json_agg(json_build_array({', '.join(values)})) FROM {source})"
    return f"(SELECT json_group_array(json_array({', '.join(values)})) FROM {source})"


def _owner_fk(child: Child, owner: models.Model | type) -> str:
    return next(
        f.name
        for f in child.model._meta.fields
        if f.is_relation and f.related_model is owner and f.name != "company"
    )


def _child_rows(child: Child, owner: models.Model, value: Any) -> list[models.Model]:
    """Unsaved rows of ``child`` from its JSON (PostgreSQL hands it decoded, SQLite as
    text), each link a stand-in holding the linked record's key and code."""
    found = json.loads(value) if isinstance(value, str) else value or []
    meta = child.model._meta
    rows = []
    for values in sorted(found, key=lambda row: row[0]):
        row = child.model(idx=values[0], **{_owner_fk(child, type(owner)): owner})
        position = 1
        for column in child.columns:
            link = child.link(column)
            if link is None:
                raw = values[position]
                if raw is not None and isinstance(meta.get_field(column), models.DecimalField):
                    raw = Decimal(str(raw))
                setattr(row, column, raw)
                position += 1
                continue
            pk, code = values[position : position + 2]
            position += 2
            stub = link.model(**{link.model._meta.pk.attname: pk, link.key: code})
            setattr(row, column, stub if pk is not None else None)
        rows.append(row)
    return rows


_SEPARATOR = "\x1f"  # the ASCII unit separator: no name holds it
_AGGREGATE = {
    "postgresql": "string_agg(n.{name}, chr(31))",
    "sqlite": "group_concat(n.{name}, char(31))",
}


def _names_sql(model: type[models.Model], path: str, db: BaseDatabaseWrapper) -> str:
    """The names of what the record ``t0`` links to through ``fk__m2m``, as one text."""
    quote = db.ops.quote_name
    fk_name, m2m_name = path.split("__")
    fk = foreign_key(model, fk_name)
    m2m = fk.related_model._meta.get_field(m2m_name)
    if not isinstance(m2m, models.ManyToManyField) or m2m.remote_field.through is None:
        raise TypeError(f"{model.__name__}: {path} does not end in a many-to-many.")
    through = m2m.remote_field.through
    source = quote(column_of(model_field(through, m2m.m2m_field_name())))
    target = quote(column_of(model_field(through, m2m.m2m_reverse_field_name())))
    named = m2m.related_model._meta
    aggregate = _AGGREGATE[db.vendor].format(name=quote("name"))
    return (
        f"(SELECT {aggregate} FROM {quote(named.db_table)} n"
        f" JOIN {quote(through._meta.db_table)} m ON m.{target} = n.{quote(column_of(named.pk))}"
        f" WHERE m.{source} = t0.{quote(fk.column)})"
    )


# A foreign key and the table its record is read into (``related``), or the key column its
# stand-in is made with (``stubs``).
_Joined = list[tuple[models.ForeignKey, _Table[Any]]]
_Stubbed = list[tuple[models.ForeignKey, str]]


class Reader(Generic[M]):
    """``SELECT`` of one model by equality on one of its columns (``key``, a field name),
    with related rows as Django's ``select_related`` would give them.

    - ``related``: foreign keys whose whole record is joined (``LEFT JOIN``).
    - ``stubs``: foreign keys whose code alone is read (``{fk: key}``, a scalar subquery):
      the related instance holds its key and primary key, and loads any other field on
      first access, as a deferred field does. Many links cost many joins to plan; a
      subquery per link costs an index lookup each.
    - ``children``: child tables (``specs.Child``) read in the same statement, one JSON
      array each, handed to the instance (``specs.rows_known``).
    - ``names``: ``{attribute: "fk__m2m"}``, the names of the records a linked record holds
      through a many-to-many (a token's user's groups), as a set on the instance.

    The statement is written once per database alias. Reads go to the alias Django's
    routers choose for reading the model (a read replica, where one is configured);
    ``using`` names another (a write checking its links reads the primary).
    """

    def __init__(
        self,
        model: type[M],
        key: str,
        *,
        related: Sequence[str] = (),
        stubs: dict[str, str] | None = None,
        children: Sequence[Child] = (),
        names: dict[str, str] | None = None,
    ):
        self.model = model
        self.key = key
        self.related = tuple(related)
        self.stubs = dict(stubs or {})
        self.children = tuple(children)
        self.names = dict(names or {})
        self._built: dict[str, tuple[str, _Table[M], _Joined, _Stubbed]] = {}

    def _build(self, db: BaseDatabaseWrapper) -> tuple[str, _Table[M], _Joined, _Stubbed]:
        quote = db.ops.quote_name
        meta = self.model._meta
        main = _Table(self.model, "t0", db)
        joins, joined = [], []
        for index, name in enumerate(self.related, start=1):
            field = foreign_key(self.model, name)
            table = _Table(field.related_model, f"t{index}", db)
            target = field.related_model._meta
            joins.append(
                f"LEFT JOIN {quote(target.db_table)} {table.alias} ON {table.alias}."
                f"{quote(column_of(target.pk))} = t0.{quote(field.column)}"
            )
            joined.append((field, table))
        subqueries, stubbed = [], []
        for name, key in self.stubs.items():
            field = foreign_key(self.model, name)
            target = field.related_model._meta
            code = column_of(model_field(field.related_model, key))
            subqueries.append(
                f"(SELECT s.{quote(code)} FROM {quote(target.db_table)} s"
                f" WHERE s.{quote(column_of(target.pk))} = t0.{quote(field.column)})"
            )
            stubbed.append((field, key))
        subqueries += [_child_rows_sql(child, self.model, db) for child in self.children]
        subqueries += [_names_sql(self.model, path, db) for path in self.names.values()]
        select = ", ".join([main.columns(), *(t.columns() for _f, t in joined), *subqueries])
        where = f"t0.{quote(column_of(model_field(self.model, self.key)))} = %s"
        sql = f"SELECT {select} FROM {quote(meta.db_table)} t0 {' '.join(joins)} WHERE {where}"
        self._built[db.alias] = (sql, main, joined, stubbed)
        return self._built[db.alias]

    def all(self, value: Any, *, using: str | None = None) -> list[M]:
        db = connections[using or router.db_for_read(self.model)]
        sql, main, joined, stubbed = self._built.get(db.alias) or self._build(db)
        with db.cursor() as cursor, prepared(db):
            execute(cursor, sql, [value])
            rows = cursor.fetchall()
        return [self._instance(row, main, joined, stubbed, db) for row in rows]

    def one(self, value: Any, *, using: str | None = None) -> M | None:
        found = self.all(value, using=using)
        return found[0] if found else None

    def _instance(
        self,
        row: Sequence[Any],
        main: _Table[M],
        joined: _Joined,
        stubbed: _Stubbed,
        db: BaseDatabaseWrapper,
    ) -> M:
        start = len(main.fields)
        instance = main.instance(row[:start])
        for field, table in joined:
            end = start + len(table.fields)
            field.set_cached_value(instance, table.instance_or_none(row[start:end]))
            start = end
        for (field, key), code in zip(stubbed, row[start:], strict=False):
            target_id = getattr(instance, field.attname)
            stub = None
            if target_id is not None:
                target = field.related_model
                stub = target.from_db(db.alias, [target._meta.pk.attname, key], [target_id, code])
            field.set_cached_value(instance, stub)
        start += len(self.stubs)
        if self.children:
            found = zip(self.children, row[start : start + len(self.children)], strict=True)
            rows_known(instance, {c.field: _child_rows(c, instance, v) for c, v in found})
        start += len(self.children)
        for attribute, value in zip(self.names, row[start:], strict=True):
            setattr(instance, attribute, set(value.split(_SEPARATOR)) if value else set())
        return instance


_BY_KEY: dict[tuple[type[models.Model], str], Reader[Any]] = {}


def record_by_key(model: type[M], key: str, value: Any) -> M | None:
    """The record whose unique ``key`` column is ``value`` (a link given by code), read
    where the model is written: a write checks its links against the primary."""
    reader: Reader[M] | None = _BY_KEY.get((model, key))
    if reader is None:
        reader = _BY_KEY[(model, key)] = Reader(model, key)
    return reader.one(value, using=router.db_for_write(model))


def counted_page(
    ids: models.QuerySet, *, column: str, limit: int, offset: int = 0, ordered: bool = True
) -> tuple[int, list[Any]]:
    """One page of ``ids`` (a one-column ``values_list``, ``column`` its name), largest
    first (in no order when not ``ordered``: cheaper, for a caller that wants them all),
    and how many there are, in one pass over them (a window count) rather than one to count
    and one to page."""
    db = connections[ids.db]
    inner, params = ids.query.sql_with_params()
    quoted = db.ops.quote_name(column)
    order = f" ORDER BY m.{quoted} DESC" if ordered else ""
    sql = f"SELECT m.{quoted}, COUNT(*) OVER () FROM ({inner}) m{order} LIMIT %s OFFSET %s"
    with db.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
    if not rows:  # past the last page, or nothing found: the count needs its own query
        return (ids.count() if offset else 0), []
    return rows[0][1], [value for value, _total in rows]


def among(ids: list[int], *, using: str = DEFAULT_DB_ALIAS) -> RawSQL:
    """``ids`` as a subquery of one parameter (a JSON text on SQLite, an array on
    PostgreSQL), for ``filter(id__in=among(ids))``: thousands of them would pass SQLite's
    oldest limit of 999 parameters, and cost Django a millisecond to prepare one by one."""
    if connections[using].vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


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


def _db_values(
    instance: models.Model, fields: tuple[models.Field, ...], prepare: list[bool]
) -> list[Any]:
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
    columns = ", ".join(quote(column_of(f)) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    return f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES {', '.join([one] * rows)}"


def insert_values(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> None:
    """New rows of ``model`` given as tuples of ``columns`` values, in as few statements as
    the parameter limit allows.

    Unlike ``bulk_create`` it builds no model instance and reads no key back: for rows
    nobody edits afterwards (search tokens, history), written by the handful per request.
    """
    if not rows:
        return
    fields = tuple(model_field(model, name) for name in columns)
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
        execute(cursor, sql, _db_values(instance, fields, prepare))
        row = cursor.fetchone()
    if row is None:
        return False
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias
    return True
