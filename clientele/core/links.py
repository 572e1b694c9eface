"""Links given by code: found, checked, and held until the write that sets them commits."""

from collections.abc import Mapping
from typing import Any

from django.db import connection, models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from clientele.core.errors import FieldErrors
from clientele.core.rows import Later, key_share_sent, record_by_key
from clientele.core.specs import Link
from clientele.core.trees import TreeNode


def _disabled(obj: models.Model) -> bool:
    return bool(getattr(obj, "disabled", False)) or getattr(obj, "enabled", True) is False


def no_such_record(link: Link, value: Any) -> str:
    return _("No %(kind)s named “%(value)s”.") % {
        "kind": link.model._meta.verbose_name,
        "value": value,
    }


def resolve_link(link: Link, value: Any, errors: FieldErrors, path: str) -> Any:
    """The record ``value`` names, or ``None`` with a field error saying why it is refused."""
    if value in (None, ""):
        return None
    obj: models.Model | None
    if isinstance(value, link.model):  # found already by the caller; its checks still apply
        obj, value = value, getattr(value, link.key)
    else:
        obj = record_by_key(link.model, link.key, value)
    label = link.model._meta.verbose_name
    if obj is None:
        errors.add(path, no_such_record(link, value))
        return None
    if _disabled(obj):
        message = _("%(kind)s “%(value)s” is disabled.") % {"kind": label, "value": value}
        errors.add(path, capfirst(message))
        return None
    problem = link.check(obj) if link.check else None
    if problem:
        errors.add(path, problem)
        return None
    return obj


def links_apply(
    links: tuple[Link, ...],
    instance: models.Model,
    data: Mapping[str, Any],
    errors: FieldErrors,
    prefix: str = "",
) -> None:
    """Set on ``instance`` each link ``data`` names, resolved (see ``resolve_link``)."""
    for link in links:
        if link.name in data:
            found = resolve_link(link, data[link.name], errors, prefix + link.name)
            setattr(instance, link.field, found)


def leaf_only(obj: TreeNode) -> str | None:
    """Transactions and customers take leaf nodes only (SPEC §3.3)."""
    return _group_node_refused(obj) if obj.is_group else None


def _group_node_refused(obj: TreeNode) -> str:
    return _("“%(node)s” is a group node: choose one of its leaf nodes.") % {"node": obj.name}


LinkSet = list[tuple[str, Link, models.Model]]


def links_set(
    links: tuple[Link, ...], instance: models.Model, data: Mapping[str, Any], prefix: str = ""
) -> LinkSet:
    """(field path, link, record) of each link of ``instance`` that this write sets."""
    found = [
        (prefix + link.name, link, getattr(instance, link.field))
        for link in links
        if link.name in data
    ]
    return [(path, link, obj) for path, link, obj in found if obj is not None]


class LinksHeld:
    """The records a write links to, held until it commits, then checked again.

    Why: what a write links to was checked when it was read, and another request may
    change it before the write commits: delete it (``record_delete`` counts its users,
    but not a write still in flight) or turn a leaf into a group (``tree_group_flag_check``
    likewise). On PostgreSQL the linked rows are read again ``FOR KEY SHARE``, the lock the
    foreign key check takes at commit, taken early; a delete or a leaf turning into a group
    first locks its row ``FOR UPDATE``. So whichever comes second waits for the first and
    sees what it did: a 409 for a delete of a record now in use, a field error for a write
    whose link is gone or became a group. Sent as ``Later`` reads, so in a batch they cost
    no round trip of their own. SQLite runs one writer at a time already.
    """

    def __init__(self, links: LinkSet):
        self._links = links
        self._models: list[type[models.Model]] = []
        self._read: Later | None = None
        if connection.vendor != "postgresql" or not links:
            return
        ids_by_model: dict[type[models.Model], set[int]] = {}
        for _path, _link, obj in links:
            ids_by_model.setdefault(type(obj), set()).add(obj.pk)
        self._models = list(ids_by_model)
        self._read = key_share_sent([(model, sorted(ids)) for model, ids in ids_by_model.items()])

    def errors(self) -> FieldErrors:
        """A field error for each linked record deleted, or leaf turned into a group, by
        another request before the lock was had."""
        errors = FieldErrors()
        if self._read is None:
            return errors
        found = {(self._models[place], pk): is_group for place, pk, is_group in self._read.rows()}
        for path, link, obj in self._links:
            key = (type(obj), obj.pk)
            if key not in found:
                errors.add(path, no_such_record(link, getattr(obj, link.key)))
            elif found[key] and link.check is leaf_only and isinstance(obj, TreeNode):
                obj.is_group = True
                errors.add(path, _group_node_refused(obj))
        return errors
