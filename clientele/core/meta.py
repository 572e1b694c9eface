"""A model's own fields by name, typed as what they are.

``Model._meta.get_field()`` answers any field or reverse relation
(``Field | ForeignObjectRel``), and a field's ``column`` or ``max_length`` may be ``None``.
The write path names only a model's own columns: these look-ups say so once and refuse
anything else, so a misspelt ``Spec`` fails loudly instead of writing wrong SQL.
"""

from django.db import models


def model_field(model: type[models.Model], name: str) -> models.Field:
    """The field ``name`` declared on ``model`` (not a relation from another model)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is a relation from another model.")
    return field


def foreign_key(model: type[models.Model], name: str) -> models.ForeignKey:
    """The foreign key ``name`` of ``model``."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.ForeignKey):
        raise TypeError(f"{model.__name__}.{name} is not a foreign key.")
    return field


def has_field(model: type[models.Model], name: str) -> bool:
    """Whether ``model`` declares a field ``name`` (``code_key``, ``is_group``...)."""
    return any(field.name == name for field in model._meta.fields)


def column_of(field: models.Field) -> str:
    """The column holding ``field`` (a many-to-many has none)."""
    if field.column is None:
        raise TypeError(f"{field} has no column of its own.")
    return field.column


def max_length_of(model: type[models.Model], name: str) -> int:
    """The length limit of the text field ``name`` of ``model``."""
    limit = model_field(model, name).max_length
    if limit is None:
        raise TypeError(f"{model.__name__}.{name} has no length limit.")
    return limit
