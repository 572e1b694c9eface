"""Child tables (credit limits, accounts, sales team…): built from input, validated, and
replaced as a whole, each row numbered in the order given (``idx``)."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from clientele.core.errors import FieldErrors, from_django
from clientele.core.links import LinkSet, links_apply, links_set
from clientele.core.meta import foreign_key
from clientele.core.specs import Child, Link, Rows, Spec, rows_known, rows_known_of


def rows_build(
    child: Child, rows: Sequence[Mapping[str, Any]] | None, errors: FieldErrors
) -> list[models.Model]:
    """Unsaved rows of ``child`` from input rows; a value repeated in a ``unique`` column
    is a field error naming the row that had it first."""
    built: list[models.Model] = []
    seen: dict[tuple[Any, ...], int] = {}
    link_names = {link.name for link in child.links}
    for index, row in enumerate(rows or []):
        path = f"{child.field}[{index}]."
        obj = child.model(idx=index + 1)
        for column in child.columns:
            if column in row and column not in link_names and row[column] is not None:
                setattr(obj, column, row[column])
        links_apply(child.links, obj, row, errors, path)
        key = tuple(row.get(column) for column in child.unique)
        if child.unique and all(key):
            if key in seen:
                errors.add(
                    path + child.unique[0],
                    _("Row %(first)s already has this value.") % {"first": seen[key] + 1},
                )
            seen.setdefault(key, index)
        built.append(obj)
    return built


def rows_build_all(spec: Spec, data: Mapping[str, Any], errors: FieldErrors) -> Rows:
    """The child tables ``data`` gives, built; a table it leaves out is left as it is."""
    return {c.field: rows_build(c, data[c.field], errors) for c in spec.children if c.field in data}


def rows_links_set(spec: Spec, rows: Rows) -> LinkSet:
    """What the given child rows link to (see ``links.LinksHeld``)."""
    found: LinkSet = []
    for child in spec.children:
        for index, obj in enumerate(rows.get(child.field) or []):
            row = {link.name: True for link in child.links}
            found += links_set(child.links, obj, row, prefix=f"{child.field}[{index}].")
    return found


def resolved_links(links: tuple[Link, ...], instance: models.Model) -> list[str]:
    """Links already found by code: ``full_clean`` need not look them up a second time."""
    model = type(instance)
    return [
        link.field
        for link in links
        if getattr(instance, foreign_key(model, link.field).attname) is not None
    ]


def rows_validate(spec: Spec, owner: models.Model, rows: Rows, errors: FieldErrors) -> None:
    """Each row's own field checks (``full_clean``), as errors at ``table[index].column``."""
    for child in spec.children:
        for index, obj in enumerate(rows.get(child.field, [])):
            prefix = f"{child.field}[{index}]."
            refused = [link.field for link in child.links if prefix + link.name in errors.errors]
            exclude = [child.owner_fk(type(owner)), *resolved_links(child.links, obj), *refused]
            try:
                obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                errors.extend(from_django(error).errors, prefix=prefix)


def rows_replace(spec: Spec, owner: models.Model, rows: Rows, *, new: bool) -> None:
    """Write the given tables of ``owner`` in place of the stored ones; a ``new`` owner has
    none stored, so nothing is deleted (one statement saved per table)."""
    for child in spec.children:
        if child.field not in rows:
            continue
        fk = child.owner_fk(type(owner))
        if not new:
            child.model._default_manager.filter(**{fk: owner}).delete()
        for obj in rows[child.field]:
            setattr(obj, fk, owner)
        if rows[child.field]:
            child.model._default_manager.bulk_create(rows[child.field])
    if new:  # a new owner's tables are exactly those given: none to read back
        rows_known(owner, {c.field: rows.get(c.field, []) for c in spec.children})
    else:
        rows_known(owner, {**rows_known_of(owner), **rows})
