"""Generic write path for master records: link resolution, validation, child rows, audit.

Every master record (company, price list, customer group, customer...) is written the same
way: links arrive as codes and are resolved (a missing, disabled or wrong-kind record is a
field error), scalar fields are normalised and checked with ``full_clean()``, child rows are
replaced as a whole, entity rules run, and only when nothing is wrong is anything written,
inside one transaction, together with the change history. Entity rules live with each
entity's ``Spec`` in its app's ``services.py``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from clientele.core import audit
from clientele.core.errors import Conflict, FieldErrors, InvalidInput, from_django
from clientele.core.naming import code_key, code_unaddressable
from clientele.core.rows import Later, record_by_key
from clientele.core.trees import (
    TreeNode,
    tree_group_flag_check,
    tree_lock,
    tree_node_add,
    tree_node_delete,
    tree_node_move,
    tree_root,
)

Row = dict[str, Any]
EntityRule = Callable[[models.Model, dict[str, list[models.Model]], FieldErrors], None]


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
    """A child table replaced as a whole; ``unique`` columns may not repeat across rows."""

    field: str
    model: type[models.Model]
    columns: tuple[str, ...]
    links: tuple[Link, ...] = ()
    unique: tuple[str, ...] = ()


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
        return issubclass(self.model, TreeNode)

    def public(self, values: dict[str, Any] | None) -> dict[str, Any] | None:
        """A snapshot keyed as the API names things (``lead_name``, ``parent_territory``),
        so the history reads like the record it describes."""
        if values is None:
            return None
        names = {link.field: link.name for link in self.links}
        if self.is_tree:
            names["parent"] = self.parent_input
        return {names.get(key, key): value for key, value in values.items()}

    def audit_fields(self) -> list[str]:
        names = [
            *self.fields,
            *(link.field for link in self.links),
            *(c.field for c in self.children),
        ]
        return [*names, "parent", "is_group"] if self.is_tree else names


def usage_counts(instance: models.Model) -> dict[str, int]:
    """How many records of each kind point to ``instance`` through a protecting link.

    Read from the model graph, so a kind added later is counted without touching this code.
    A tree's links from its own children are left out: children are checked on their own.
    """
    counts: dict[str, int] = {}
    for relation in instance._meta.get_fields(include_hidden=True):
        # Links declared with related_name="+" are hidden, yet they protect the record too.
        if not (relation.auto_created and not relation.concrete and relation.is_relation):
            continue
        if getattr(relation, "on_delete", None) not in (models.PROTECT, models.RESTRICT):
            continue
        if relation.related_model is type(instance) and relation.field.name == "parent":
            continue
        count = relation.related_model._default_manager.filter(
            **{relation.field.name: instance},
        ).count()
        if count:
            label = str(relation.related_model._meta.verbose_name_plural)
            counts[label] = counts.get(label, 0) + count
    return counts


def _disabled(obj: models.Model) -> bool:
    return bool(getattr(obj, "disabled", False)) or getattr(obj, "enabled", True) is False


def resolve_link(link: Link, value: Any, errors: FieldErrors, path: str) -> Any:
    """The record ``value`` names, or ``None`` with a field error saying why it is refused."""
    if value in (None, ""):
        return None
    if isinstance(value, link.model):  # found already by the caller; its checks still apply
        obj, value = value, getattr(value, link.key)
    else:
        obj = record_by_key(link.model, link.key, value)
    label = link.model._meta.verbose_name
    if obj is None:
        errors.add(path, _no_such_record(link, value))
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


def _no_such_record(link: Link, value: Any) -> str:
    return _("No %(kind)s named “%(value)s”.") % {
        "kind": link.model._meta.verbose_name,
        "value": value,
    }


def leaf_only(obj: TreeNode) -> str | None:
    """Transactions and customers take leaf nodes only (SPEC §3.3)."""
    if obj.is_group:
        return _("“%(node)s” is a group node: choose one of its leaf nodes.") % {"node": obj.name}
    return None


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

    def __init__(self, spec: Spec, instance, data: Row, rows: dict[str, list]):
        self._links = _links_set(spec, instance, data, rows)
        self._reads: list[tuple[type[models.Model], Later]] = []
        if connection.vendor != "postgresql":
            return
        ids_by_model: dict[type[models.Model], set[int]] = {}
        for _path, _link, obj in self._links:
            ids_by_model.setdefault(type(obj), set()).add(obj.pk)
        for model, ids in ids_by_model.items():
            flag = "is_group" if issubclass(model, TreeNode) else "FALSE"
            quote = connection.ops.quote_name
            sql = (
                f"SELECT {quote(model._meta.pk.column)}, {flag} FROM {quote(model._meta.db_table)}"
                f" WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(ids))})"
                " FOR KEY SHARE"
            )
            self._reads.append((model, Later(sql, sorted(ids))))

    def errors(self) -> FieldErrors:
        """A field error for each linked record deleted, or leaf turned into a group, by
        another request before the lock was had."""
        errors = FieldErrors()
        if not self._reads:
            return errors
        found = {
            (model, pk): is_group for model, read in self._reads for pk, is_group in read.rows()
        }
        for path, link, obj in self._links:
            key = (type(obj), obj.pk)
            if key not in found:
                errors.add(path, _no_such_record(link, getattr(obj, link.key)))
            elif found[key] and link.check is leaf_only:
                obj.is_group = True
                errors.add(path, leaf_only(obj))
        return errors


def _links_set(
    spec: Spec, instance, data: Row, rows: dict[str, list]
) -> list[tuple[str, Link, Any]]:
    """(field path, link, record) of each link this write sets."""
    links = [
        (link.name, link, getattr(instance, link.field)) for link in spec.links if link.name in data
    ]
    for child in spec.children:
        for index, obj in enumerate(rows.get(child.field) or []):
            links += [
                (f"{child.field}[{index}].{link.name}", link, getattr(obj, link.field))
                for link in child.links
            ]
    return [(path, link, obj) for path, link, obj in links if obj is not None]


def _apply_scalars(spec: Spec, instance: models.Model, data: Row, errors: FieldErrors) -> None:
    for name in spec.fields:
        if name not in data:
            continue
        value = data[name]
        if isinstance(value, str):
            value = value.strip()
        if value not in (None, "") and name in spec.normalise:
            try:
                value = spec.normalise[name](value)
            except ValueError as error:
                errors.add(name, str(error))
                continue
        model_field = instance._meta.get_field(name)
        if value is None and not model_field.null:
            value = model_field.get_default() if model_field.has_default() else ""
        setattr(instance, name, value)
    if "name" in data and _has_code_key(spec.model):
        instance.code_key = code_key(instance.name or "")


def _has_code_key(model) -> bool:
    return any(field.name == "code_key" for field in model._meta.fields)


def _apply_links(links, instance, data: Row, errors: FieldErrors, prefix: str = "") -> None:
    for link in links:
        if link.name in data:
            setattr(
                instance,
                link.field,
                resolve_link(link, data[link.name], errors, prefix + link.name),
            )


def _build_rows(child: Child, rows: list[Row], errors: FieldErrors) -> list[models.Model]:
    built, seen = [], {}
    link_names = {link.name for link in child.links}
    for index, row in enumerate(rows or []):
        path = f"{child.field}[{index}]."
        obj = child.model(idx=index + 1)
        for column in child.columns:
            if column in row and column not in link_names and row[column] is not None:
                setattr(obj, column, row[column])
        _apply_links(child.links, obj, row, errors, path)
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


def _resolved_links(links, instance) -> list[str]:
    """Links already found by code: ``full_clean`` need not look them up a second time."""
    return [
        link.field
        for link in links
        if getattr(instance, instance._meta.get_field(link.field).attname) is not None
    ]


def _validate(
    spec: Spec, instance, rows: dict[str, list], errors: FieldErrors, exclude: tuple[str, ...] = ()
) -> None:
    exclude = [
        *exclude,
        *(name for name in errors.errors if "." not in name and "[" not in name),
        *_resolved_links(spec.links, instance),
    ]
    if spec.is_tree:
        exclude += ["path", "depth", "numchild", "parent"]
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors.extend(from_django(error).errors)
    for child in spec.children:
        for index, obj in enumerate(rows.get(child.field, [])):
            try:
                obj.full_clean(
                    exclude=[
                        _parent_fk(child, instance),
                        *_resolved_links(child.links, obj),
                        *[
                            link.field
                            for link in child.links
                            if f"{child.field}[{index}].{link.name}" in errors.errors
                        ],
                    ],
                    validate_unique=False,
                    validate_constraints=False,
                )
            except ValidationError as error:
                errors.extend(from_django(error).errors, prefix=f"{child.field}[{index}].")
    if not errors:
        for rule in spec.rules:
            rule(instance, rows, errors)


def _unique_name(spec: Spec, instance) -> None:
    """A taken code is a conflict with another record (409), compared case-insensitively."""
    name = getattr(instance, "name", None)
    if not name:
        return
    rows = spec.model._default_manager
    if _has_code_key(spec.model):
        clash = rows.filter(code_key=code_key(name))
    else:
        clash = rows.filter(name__iexact=name)
    if clash.exclude(pk=instance.pk).exists():
        raise Conflict(
            capfirst(
                _("%(kind)s “%(name)s” already exists.")
                % {"kind": spec.model._meta.verbose_name, "name": name}
            ),
            errors={"name": [_("This code is taken.")]},
        )


def _parent_fk(child: Child, parent: models.Model) -> str:
    return next(
        f.name
        for f in child.model._meta.fields
        if f.is_relation and f.related_model is type(parent) and f.name != "company"
    )


def _save_rows(spec: Spec, instance, rows: dict[str, list]) -> None:
    for child in spec.children:
        if child.field not in rows:
            continue
        fk = _parent_fk(child, instance)
        child.model._default_manager.filter(**{fk: instance}).delete()
        for obj in rows[child.field]:
            setattr(obj, fk, instance)
        child.model._default_manager.bulk_create(rows[child.field])


def record_snapshot(spec: Spec, instance) -> dict[str, Any]:
    values = audit.snapshot(
        instance, [n for n in spec.audit_fields() if n not in _child_names(spec)]
    )
    for child in spec.children:
        related = getattr(instance, child.field).all()
        values[child.field] = [audit.snapshot(row, child.columns) for row in related]
    return values


def _child_names(spec: Spec) -> set[str]:
    return {child.field for child in spec.children}


def _snapshot_rows(spec: Spec, instance, rows: dict[str, list], before: dict | None) -> dict:
    after = audit.snapshot(
        instance, [n for n in spec.audit_fields() if n not in _child_names(spec)]
    )
    for child in spec.children:
        if child.field in rows:
            after[child.field] = [audit.snapshot(row, child.columns) for row in rows[child.field]]
        else:
            after[child.field] = (before or {}).get(child.field, [])
    return after


def record_prepare(
    spec: Spec,
    instance,
    data: Row,
    exclude: tuple[str, ...] = (),
    hold_links: bool = True,
) -> tuple[dict[str, list], FieldErrors]:
    """Apply ``data`` to ``instance`` in memory and collect every field error.

    ``exclude`` names fields the caller fills after validation (a generated code).
    ``hold_links=False``: the caller holds the linked records itself (see ``LinksHeld``).
    """
    errors = FieldErrors()
    _apply_scalars(spec, instance, data, errors)
    _apply_links(spec.links, instance, data, errors)
    rows = {
        c.field: _build_rows(c, data[c.field], errors) for c in spec.children if c.field in data
    }
    _validate(spec, instance, rows, errors, exclude)
    if "name" in data and instance.name and (problem := code_unaddressable(instance.name)):
        errors.add("name", problem)
    if "name" in data and not errors:
        _unique_name(spec, instance)
    if hold_links and not errors:
        errors.extend(LinksHeld(spec, instance, data, rows).errors().errors)
    return rows, errors


def _tree_parent(spec: Spec, data: Row, errors: FieldErrors):
    link = Link("parent", spec.model, input=spec.parent_input)
    return resolve_link(link, data.get(spec.parent_input), errors, spec.parent_input)


def _moves_under_root(spec: Spec, instance, data: Row) -> bool:
    """An explicit empty parent on an existing node means “under the root” (as on creation)."""
    return (
        spec.is_tree
        and spec.parent_input in data
        and data[spec.parent_input] is None
        and instance.pk is not None
        and instance.parent_id is not None
        and not spec.model.multiple_roots
    )


def _prepare_with_parent(spec: Spec, instance, data: Row) -> tuple[Any, dict, FieldErrors]:
    """Resolve the new parent first, so the entity's rules see the node where it will be."""
    parent_errors = FieldErrors()
    parent = None
    if spec.is_tree and data.get(spec.parent_input):
        parent = _tree_parent(spec, data, parent_errors)
        if parent is not None:
            instance.parent = parent
    elif _moves_under_root(spec, instance, data):
        parent = instance.parent = tree_root(spec.model)
    rows, errors = record_prepare(spec, instance, data)
    errors.extend(parent_errors.errors)
    return parent, rows, errors


@transaction.atomic
def record_create(spec: Spec, data: Row, *, user) -> models.Model:
    instance = spec.model()
    parent, rows, errors = _prepare_with_parent(spec, instance, data)
    errors.raise_if_any()
    if spec.is_tree:
        tree_node_add(node=instance, parent=parent, parent_field=spec.parent_input)
    else:
        _save(instance)
    _save_rows(spec, instance, rows)
    if spec.audited:
        after = _snapshot_rows(spec, instance, rows, None)
        audit.record_changes(
            entity=spec.entity,
            instance=instance,
            before=None,
            after=spec.public(after),
            user=user,
            action="create",
        )
    return instance


TREE_STRUCTURE = ("path", "depth", "numchild", "parent")


def _save(instance) -> None:
    """Save the record; a tree node's structure is left to the tree service.

    A node read before another request added a child under it holds a stale ``numchild``;
    writing it back would corrupt the tree, so those columns are never written from here.
    """
    fields = None
    if isinstance(instance, TreeNode) and instance.pk:
        fields = [
            f.name
            for f in instance._meta.concrete_fields
            if not f.primary_key and f.name not in TREE_STRUCTURE
        ]
    try:
        with transaction.atomic():
            instance.save(update_fields=fields)
    except IntegrityError as error:
        raise Conflict(
            _("This record clashes with an existing one (%(kind)s).")
            % {"kind": instance._meta.verbose_name}
        ) from error


def _group_flag_errors(spec: Spec, instance, data: Row) -> dict[str, list[str]]:
    if not spec.is_tree or data.get("is_group") is None:
        return {}
    try:
        tree_group_flag_check(
            node=instance, is_group=data["is_group"], in_use=lambda node: bool(usage_counts(node))
        )
    except InvalidInput as error:
        return error.errors
    return {}


@transaction.atomic
def record_update(spec: Spec, instance, data: Row, *, user) -> models.Model:
    """Partial update: only the keys present in ``data`` change."""
    before = record_snapshot(spec, instance) if spec.audited else None
    flag_errors = _group_flag_errors(spec, instance, data)
    old_parent_id = getattr(instance, "parent_id", None)
    new_parent, rows, errors = _prepare_with_parent(spec, instance, data)
    errors.extend(flag_errors)
    errors.raise_if_any()
    if new_parent is not None and new_parent.pk != old_parent_id:
        tree_node_move(node=instance, parent=new_parent, parent_field=spec.parent_input)
        instance.refresh_from_db(fields=["path", "depth", "numchild", "parent"])
    _save(instance)
    _save_rows(spec, instance, rows)
    if spec.audited:
        after = _snapshot_rows(spec, instance, rows, before)
        audit.record_changes(
            entity=spec.entity,
            instance=instance,
            before=spec.public(before),
            after=spec.public(after),
            user=user,
        )
    return instance


@transaction.atomic
def record_move(spec: Spec, node: TreeNode, parent_name: str, *, user) -> TreeNode:
    """Move a tree node with its whole subtree under another group node."""
    errors = FieldErrors()
    parent = resolve_link(Link("parent", spec.model), parent_name, errors, "parent")
    if parent is None and not errors:
        errors.add("parent", _("Name the group node to move it under."))
    errors.raise_if_any()
    old_parent = node.parent.name if node.parent_id else None
    node.parent = parent
    for rule in spec.rules:
        rule(node, {}, errors)
    if errors:
        # The entity's rules speak of its own parent field; a move names it "parent".
        raise InvalidInput({"parent": [m for ms in errors.errors.values() for m in ms]})
    tree_node_move(node=node, parent=parent, parent_field="parent")
    if spec.audited:
        audit.record_changes(
            entity=spec.entity,
            instance=node,
            before=spec.public({"parent": old_parent}),
            after=spec.public({"parent": parent.name}),
            user=user,
            action="move",
        )
    return node


def _protected_summary(error: ProtectedError | RestrictedError) -> dict[str, int]:
    counts: dict[str, int] = {}
    for obj in (
        error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    ):
        label = str(obj._meta.verbose_name_plural)
        counts[label] = counts.get(label, 0) + 1
    return counts


@transaction.atomic
def record_delete(spec: Spec, instance, *, user) -> None:
    """Refused with the list of what still points to the record (HTTP 409).

    The row is locked first: a write linking to it at this moment holds it too (see
    ``LinksHeld``), so its users are counted once that write has committed or failed."""
    _lock_for_delete(instance)
    if spec.audited:
        audit.record_event(entity=spec.entity, instance=instance, user=user, action="delete")
    if spec.is_tree:
        try:
            tree_node_delete(node=instance, references=usage_counts(instance))
        except ProtectedError as error:
            _raise_in_use(instance, _protected_summary(error))
    else:
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError) as error:
            _raise_in_use(instance, _protected_summary(error))


def _lock_for_delete(instance) -> None:
    """The row ``FOR UPDATE``; a tree node after its tree, the order every tree change
    takes its locks in, so a delete and a move cannot wait for each other."""
    model = type(instance)
    if isinstance(instance, TreeNode):
        tree_lock(model)
    list(model._default_manager.select_for_update().filter(pk=instance.pk).values("pk"))


def _raise_in_use(instance, counts: dict[str, int]) -> None:
    raise Conflict(
        _("“%(name)s” is still used: %(uses)s.")
        % {"name": instance, "uses": ", ".join(f"{k} ({n})" for k, n in counts.items())},
        errors={"references": [f"{k}: {n}" for k, n in counts.items()]},
    )
