"""What a record is made of, declared once per entity: its fields, links and child tables.

A ``Spec`` drives every face of the record: the write path (``records``), the history, the
API schemas and the hand-written customer read all take its lists, so a field or a child
table added to a ``Spec`` is seen by all of them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from treebeard.mp_tree import MP_Node

from clientele.core.errors import FieldErrors

# A record's input keyed as the API names its fields (partial on update), untyped: the
# generic write path (``records``) takes it for many kinds. The services of an entity type
# theirs with a ``TypedDict`` (``CustomerData``… in the app's ``types.py``).
Row = dict[str, Any]
# Built child rows by table (``Child.field``).
Rows = dict[str, list[Any]]
# An entity rule sees the record and its child rows as built, and adds field errors.
EntityRule = Callable[[Any, dict[str, list[Any]], FieldErrors], None]


@dataclass(frozen=True)
class Link:
    """A link given by code: ``input`` is the API name, ``field`` the model's foreign key."""

    field: str
    model: type[models.Model]
    input: str = ""
    key: str = "name"
    check: Callable[[Any], str | None] | None = None

    @property
    def name(self) -> str:
        return self.input or self.field


@dataclass(frozen=True)
class Child:
    """A child table replaced as a whole.

    ``unique`` columns may not repeat across rows. ``whole``: the table only makes sense
    as a whole (a sales team totals 100 %), so a merge never mixes two of them.
    """

    field: str
    model: type[models.Model]
    columns: tuple[str, ...]
    links: tuple[Link, ...] = ()
    unique: tuple[str, ...] = ()
    whole: bool = False

    def link(self, column: str) -> Link | None:
        return next((link for link in self.links if link.name == column), None)

    def owner_fk(self, owner: type[models.Model]) -> str:
        """The foreign key of a row to the record owning it (a row's ``company`` is a link
        like the others, even on a company's own child table)."""
        return next(
            f.name
            for f in self.model._meta.fields
            if f.is_relation and f.related_model is owner and f.name != "company"
        )


@dataclass
class Spec:
    model: type[models.Model]
    entity: str
    fields: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    children: tuple[Child, ...] = ()
    normalise: dict[str, Callable[[str], Any]] = field(default_factory=dict)
    rules: tuple[EntityRule, ...] = ()
    parent_input: str = ""
    audited: bool = True

    @property
    def is_tree(self) -> bool:
        return issubclass(self.model, MP_Node)

    def child(self, name: str) -> Child:
        return next(child for child in self.children if child.field == name)

    def public(self, values: dict[str, Any] | None) -> dict[str, Any] | None:
        """A snapshot keyed as the API names things (``lead_name``, ``parent_territory``),
        so the history reads like the record it describes."""
        if values is None:
            return None
        names = {link.field: link.name for link in self.links}
        if self.is_tree:
            names["parent"] = self.parent_input
        return {names.get(key, key): value for key, value in values.items()}

    def own_fields(self) -> list[str]:
        """The record's own audited fields and links, child tables left out."""
        names = [*self.fields, *(link.field for link in self.links)]
        return [*names, "parent", "is_group"] if self.is_tree else names

    def audit_fields(self) -> list[str]:
        return [*self.own_fields(), *(child.field for child in self.children)]


# The attribute holding the child rows a record was read or written with.
_KNOWN = "known_child_rows"


def rows_known(owner: models.Model, rows: Rows) -> None:
    """Hand ``owner`` its child rows, as just read or written: ``rows_of`` then costs no
    query. The rows of a table not given are read from the database when asked for."""
    setattr(owner, _KNOWN, rows)


def rows_known_of(owner: models.Model) -> Rows:
    return getattr(owner, _KNOWN, None) or {}


def rows_of(owner: models.Model, table: str) -> list[Any]:
    """The rows of the child table ``table`` of ``owner``, in their order: those it was
    read or written with, else through its related manager (prefetched or read now)."""
    known = rows_known_of(owner)
    if table in known:
        return known[table]
    return list(getattr(owner, table).all())
