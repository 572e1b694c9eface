"""The write path of every record: prepare (nothing written), then write with its history.

Every record (company, price list, customer group, contact, customer…) is written from
the same building blocks, which each service calls explicitly:

- ``record_prepare``: input applied in memory: scalar fields normalised, links resolved
  (``links``), child rows built (``children``), ``full_clean`` and the entity's rules run;
  every field error is collected, nothing is written;
- ``children.rows_replace``: the child tables written in place of the stored ones;
- ``history.record_snapshot`` / ``snapshot_after`` / ``history_write``: the change history;
- ``refusals.refuse_taken_code`` / ``refuse_in_use``: the 409s;
- ``links.LinksHeld``: what the write links to, held until it commits.

``record_create``, ``record_update``, ``record_move`` and ``record_delete`` put them
together for the records with no path of their own; customers and contacts put them
together their own way (a generated code, quick entry, links to parties).

The input is only read here, so it is taken as a ``Mapping[str, Any]``: an untyped ``Row``
or the ``TypedDict`` of an entity's service alike.
"""

from collections.abc import Mapping
from typing import Any, Protocol, cast

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from clientele.core import audit
from clientele.core.children import (
    resolved_links,
    rows_build_all,
    rows_links_set,
    rows_replace,
    rows_validate,
)
from clientele.core.errors import Conflict, FieldErrors, InvalidInput, from_django
from clientele.core.history import history_write, record_snapshot, snapshot_after
from clientele.core.links import LinksHeld, links_apply, links_set, resolve_link
from clientele.core.meta import has_field, model_field
from clientele.core.naming import code_key, code_unaddressable
from clientele.core.refusals import refuse_in_use, refuse_taken_code, usage_counts
from clientele.core.specs import Link, Rows, Spec
from clientele.core.trees import (
    TreeNode,
    tree_group_flag_check,
    tree_lock,
    tree_node_add,
    tree_node_delete,
    tree_node_move,
    tree_root,
)
from clientele.core.typing import User


class Named(Protocol):
    """A record known by its code: the model of every ``Spec`` whose fields name ``name``."""

    name: str


class Coded(Named, Protocol):
    """A record whose code is also kept as its lookup key (see ``naming.code_key``)."""

    code_key: str


def tree_model(spec: Spec) -> type[TreeNode]:
    """The model of a tree's ``Spec`` (``spec.is_tree``)."""
    if not issubclass(spec.model, TreeNode):
        raise TypeError(f"{spec.model.__name__} is not a tree.")
    return spec.model


def _apply_scalars(
    spec: Spec, instance: models.Model, data: Mapping[str, Any], errors: FieldErrors
) -> None:
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
        field = model_field(spec.model, name)
        if value is None and not field.null:
            value = field.get_default() if field.has_default() else ""
        setattr(instance, name, value)
    if "name" in data and has_field(spec.model, "code_key"):
        coded = cast(Coded, instance)  # its model has both fields
        coded.code_key = code_key(coded.name or "")


def _validate(
    spec: Spec,
    instance: models.Model,
    rows: Rows,
    errors: FieldErrors,
    exclude: tuple[str, ...] = (),
) -> None:
    skip = [
        *exclude,
        *(name for name in errors.errors if "." not in name and "[" not in name),
        *resolved_links(spec.links, instance),
    ]
    if spec.is_tree:
        skip += ["path", "depth", "numchild", "parent"]
    try:
        instance.full_clean(exclude=skip, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors.extend(from_django(error).errors)
    rows_validate(spec, instance, rows, errors)
    if not errors:
        for rule in spec.rules:
            rule(instance, rows, errors)


def links_written(
    spec: Spec, instance: models.Model, data: Mapping[str, Any], rows: Rows
) -> LinksHeld:
    """Hold what this write links to, its child rows' links included (see ``LinksHeld``)."""
    return LinksHeld([*links_set(spec.links, instance, data), *rows_links_set(spec, rows)])


def record_prepare(
    spec: Spec,
    instance: models.Model,
    data: Mapping[str, Any],
    exclude: tuple[str, ...] = (),
    hold_links: bool = True,
) -> tuple[Rows, FieldErrors]:
    """Apply ``data`` to ``instance`` in memory and collect every field error.

    ``exclude`` names fields the caller fills after validation (a generated code).
    ``hold_links=False``: the caller holds the linked records itself (see ``LinksHeld``).
    A code given in ``data`` that another record holds is refused here (409).
    """
    errors = FieldErrors()
    _apply_scalars(spec, instance, data, errors)
    links_apply(spec.links, instance, data, errors)
    rows = rows_build_all(spec, data, errors)
    _validate(spec, instance, rows, errors, exclude)
    code = cast(Named, instance).name if "name" in data else ""  # its model has a code
    if code and (problem := code_unaddressable(code)):
        errors.add("name", problem)
    if code and not errors:
        refuse_taken_code(spec.model, code, exclude_pk=instance.pk)
    if hold_links and not errors:
        errors.extend(links_written(spec, instance, data, rows).errors().errors)
    return rows, errors


def _new_parent(
    spec: Spec, instance: models.Model, data: Mapping[str, Any], errors: FieldErrors
) -> TreeNode | None:
    """The parent ``data`` names, set on the node first so the entity's rules see the node
    where it will be; an explicit empty parent on a stored node means the root."""
    if not isinstance(instance, TreeNode):  # not ``spec.is_tree``
        return None
    if data.get(spec.parent_input):
        link = Link("parent", spec.model, input=spec.parent_input)
        parent = resolve_link(link, data[spec.parent_input], errors, spec.parent_input)
        if parent is not None:
            instance.parent = parent
        return parent
    moves_to_root = (
        spec.parent_input in data
        and data[spec.parent_input] is None
        and instance.pk is not None
        and instance.parent_id is not None
        and not type(instance).multiple_roots
    )
    if moves_to_root:
        instance.parent = tree_root(type(instance))
        return instance.parent
    return None


def _prepare_with_parent(
    spec: Spec, instance: models.Model, data: Mapping[str, Any]
) -> tuple[TreeNode | None, Rows, FieldErrors]:
    """``record_prepare``, the new parent of a tree node first. A write that places a node
    takes the tree's lock before it reads the parent, so the parent it checks is the one it
    writes under (and is read once)."""
    if spec.is_tree and (instance.pk is None or spec.parent_input in data):
        tree_lock(tree_model(spec))
    parent_errors = FieldErrors()
    parent = _new_parent(spec, instance, data, parent_errors)
    rows, errors = record_prepare(spec, instance, data)
    errors.extend(parent_errors.errors)
    return parent, rows, errors


@transaction.atomic
def record_create(spec: Spec, data: Mapping[str, Any], *, user: User | None) -> models.Model:
    """Create a record of ``spec`` from ``data``, keyed as the API names its fields.

    ``data`` is untyped, a ``Row``: this one path, driven by the ``Spec``, writes many
    kinds (the 16 masters, the customer group and territory trees), so it has no
    ``TypedDict`` per kind. The services of an entity type their input (``LeadData``,
    ``CustomerData``… in the app's ``types.py``) and may hand it on here, as leads do.
    """
    instance = spec.model()
    parent, rows, errors = _prepare_with_parent(spec, instance, data)
    errors.raise_if_any()
    if isinstance(instance, TreeNode):  # ``spec.is_tree``
        tree_node_add(node=instance, parent=parent, parent_field=spec.parent_input, locked=True)
    else:
        _save(instance)
    rows_replace(spec, instance, rows, new=True)
    if spec.audited:
        after = snapshot_after(spec, instance, rows, None)
        history_write(spec, instance, before=None, after=after, user=user, action="create")
    return instance


TREE_STRUCTURE = ("path", "depth", "numchild", "parent")


def _save(instance: models.Model) -> None:
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


def _group_flag_errors(
    spec: Spec, instance: models.Model, data: Mapping[str, Any]
) -> dict[str, list[str]]:
    if not isinstance(instance, TreeNode) or data.get("is_group") is None:
        return {}
    try:
        tree_group_flag_check(
            node=instance, is_group=data["is_group"], in_use=lambda node: bool(usage_counts(node))
        )
    except InvalidInput as error:
        return error.errors
    return {}


@transaction.atomic
def record_update(
    spec: Spec, instance: models.Model, data: Mapping[str, Any], *, user: User | None
) -> models.Model:
    """Partial update: only the keys present in ``data`` change (untyped, as for
    ``record_create``)."""
    before = record_snapshot(spec, instance) if spec.audited else None
    flag_errors = _group_flag_errors(spec, instance, data)
    old_parent_id = getattr(instance, "parent_id", None)
    new_parent, rows, errors = _prepare_with_parent(spec, instance, data)
    errors.extend(flag_errors)
    errors.raise_if_any()
    if isinstance(instance, TreeNode) and new_parent is not None and new_parent.pk != old_parent_id:
        tree_node_move(
            node=instance, parent=new_parent, parent_field=spec.parent_input, locked=True
        )
    _save(instance)
    rows_replace(spec, instance, rows, new=False)
    if spec.audited:
        after = snapshot_after(spec, instance, rows, before)
        history_write(spec, instance, before=before, after=after, user=user, action="update")
    return instance


@transaction.atomic
def record_move(spec: Spec, node: TreeNode, parent_name: str, *, user: User | None) -> TreeNode:
    """Move a tree node with its whole subtree under another group node."""
    tree_lock(tree_model(spec))
    errors = FieldErrors()
    parent = resolve_link(Link("parent", spec.model), parent_name, errors, "parent")
    if parent is None and not errors:
        errors.add("parent", _("Name the group node to move it under."))
    errors.raise_if_any()
    old_parent = node.parent.name if node.parent is not None else None
    node.parent = parent
    for rule in spec.rules:
        rule(node, {}, errors)
    if errors:
        # The entity's rules speak of its own parent field; a move names it "parent".
        raise InvalidInput({"parent": [m for ms in errors.errors.values() for m in ms]})
    tree_node_move(node=node, parent=parent, parent_field="parent", locked=True)
    if spec.audited:
        history_write(
            spec,
            node,
            before={"parent": old_parent},
            after={"parent": parent.name},
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
def record_delete(spec: Spec, instance: models.Model, *, user: User) -> None:
    """Refused with the list of what still points to the record (HTTP 409).

    The row is locked first: a write linking to it at this moment holds it too (see
    ``LinksHeld``), so its users are counted once that write has committed or failed."""
    lock_for_delete(instance)
    if spec.audited:
        audit.record_event(entity=spec.entity, instance=instance, user=user, action="delete")
    if isinstance(instance, TreeNode):  # ``spec.is_tree``
        try:
            tree_node_delete(node=instance, references=usage_counts(instance))
        except ProtectedError as error:
            refuse_in_use(instance, _protected_summary(error))
    else:
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError) as error:
            refuse_in_use(instance, _protected_summary(error))


def lock_for_delete(instance: models.Model) -> None:
    """The row ``FOR UPDATE``; a tree node after its tree, the order every tree change
    takes its locks in, so a delete and a move cannot wait for each other."""
    if isinstance(instance, TreeNode):
        tree_lock(type(instance))
    list(type(instance)._default_manager.select_for_update().filter(pk=instance.pk).values("pk"))
