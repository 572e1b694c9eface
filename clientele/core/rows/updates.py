"""A few columns of one stored row written, by a statement written once per shape."""

from collections.abc import Sequence
from functools import cache

from django.db import DatabaseError, connections, models, router

from clientele.core.meta import column_of, model_field
from clientele.core.rows.statements import execute, prepared


@cache
def _update_plan(
    model: type[models.Model], names: tuple[str, ...], alias: str
) -> tuple[str, tuple[models.Field, ...]]:
    """The statement and its fields, written once per model, columns and database."""
    fields = tuple(model_field(model, name) for name in names)
    quote = connections[alias].ops.quote_name
    assignments = ", ".join(f"{quote(column_of(field))} = %s" for field in fields)
    key = quote(column_of(model._meta.pk))
    return f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {key} = %s", fields


def fields_saved(instance: models.Model, names: Sequence[str]) -> None:
    """The fields ``names`` of the stored ``instance`` written, as
    ``save(update_fields=names)`` writes them (an ``auto_now`` date set to now), without
    its compilation on every call: a submission writes four rows this way (the document,
    the exposure, an invoice a payment settles…), and Django's save costs more Python
    than the database takes to run it. Raises as that save does when the row is gone."""
    model = type(instance)
    alias = router.db_for_write(model, instance=instance)
    sql, fields = _update_plan(model, tuple(names), alias)
    db = connections[alias]
    values = [field.get_db_prep_save(field.pre_save(instance, False), db) for field in fields]
    with db.cursor() as cursor, prepared(db):
        execute(cursor, sql, [*values, instance.pk])
        if cursor.rowcount != 1:
            raise DatabaseError("Save with update_fields did not affect any rows.")
