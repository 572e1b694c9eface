"""The one place that changes tree structure (Customer Group, Territory, Sales Person, ...).

Trees use django-treebeard's materialized path: a subtree is the rows whose ``path`` starts
with the node's path, answered from the path index, and an insert touches only the parent.
Each tree model also keeps a plain ``parent`` link for cheap display. Structural writes take
a lock on the tree's first root row, so concurrent moves cannot interleave.
"""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import models, transaction
from django.db.models import Case, F, Value, When
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _
from treebeard.mp_tree import MP_Node

from clientele.core.errors import Conflict, InvalidInput
from clientele.core.fields import PrefixIndexedCharField
from clientele.core.meta import max_length_of
from clientele.core.naming import code_key
from clientele.core.refusals import refuse_in_use
from clientele.core.rows import record_by_key

P = ParamSpec("P")
R = TypeVar("R")

# After every path in a tree (treebeard's alphabet is digits and capitals): a subtree is
# the range of paths from its node's to that path followed by this.
PATH_END = "~"


class TreeNode(MP_Node):
    """Common fields of every tree: code, parent link and group flag."""

    path = PrefixIndexedCharField(max_length=255, unique=True)
    code_key = PrefixIndexedCharField(max_length=255, unique=True, editable=False)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_group = models.BooleanField(default=False)
    # For the type checker, which sees neither: each tree declares its own code, and Django
    # adds the ``parent`` link's column.
    name: str
    parent_id: int | None

    ROOT_NAME = ""
    multiple_roots = False

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    def ancestor_paths(self) -> list[str]:
        """Paths of this node and all its ancestors, nearest first."""
        step = self.steplen
        return [self.path[:end] for end in range(len(self.path), 0, -step)]


def tree_lock(model: type[TreeNode]) -> None:
    """Changes to a tree's structure run one at a time: they lock its first root's row.

    The first root has the smallest path: one step down the path index, no depth filter,
    found and locked by one statement."""
    list(model.objects.select_for_update().order_by("path").values_list("pk", flat=True)[:1])


def tree_root(model: type[TreeNode]) -> TreeNode:
    root = model.objects.order_by("path").first()
    if root is None:
        raise Conflict(_("The tree has no root yet: run `clientele seed`."))
    return root


def _check_parent(node: TreeNode, parent: TreeNode, field: str) -> None:
    if not parent.is_group:
        raise InvalidInput.single(
            field,
            _("“%(parent)s” is not a group node: only group nodes can have children.")
            % {"parent": parent.name},
        )
    if node.pk and parent.path.startswith(node.path):
        raise InvalidInput.single(
            field,
            _("A node cannot be moved under itself or one of its descendants."),
        )


def _next_child_path(parent: TreeNode) -> str:
    """The path of a new last child of ``parent``: one after its last child's (read through
    the path index), or its first child's. Computed by treebeard's own path arithmetic."""
    model = type(parent)
    last = (
        model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    if last is None:
        path = model._get_path(parent.path, parent.depth + 1, 1)
    else:
        path = model(path=last)._inc_path()
    if len(path) > max_length_of(model, "path"):
        raise InvalidInput.single("parent", _("The tree is too deep to add a node there."))
    return path


def _in_transaction(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` in the caller's transaction, or in one of its own when there is
    none. Not in a savepoint (two more round trips each time): the checks come before any
    write, so a refusal leaves the caller's transaction usable, and the writes run in an
    ``atomic(savepoint=False)`` block, whose failure fails the caller's whole transaction."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if transaction.get_connection().in_atomic_block:
            return function(*args, **kwargs)
        with transaction.atomic():
            return function(*args, **kwargs)

    return wrapper


@_in_transaction
def tree_node_add(
    *, node: TreeNode, parent: TreeNode | None, parent_field: str, locked: bool = False
) -> TreeNode:
    """Insert ``node`` as last child of ``parent`` (the root when none is given).

    ``locked``: the caller took the tree's lock (``tree_lock``) before reading ``parent``,
    so the parent it holds is current; otherwise the lock is taken and the parent read
    again. Three statements then: the last child's path, the parent's child count, the
    node."""
    model = type(node)
    if not locked:
        tree_lock(model)
    if parent is None and model.multiple_roots:
        node.parent = None
        return model.objects.add_root(instance=node)
    if parent is None:
        parent = tree_root(model)
    elif not locked:
        parent.refresh_from_db()
    _check_parent(node, parent, parent_field)
    node.parent, node.depth, node.numchild = parent, parent.depth + 1, 0
    node.path = _next_child_path(parent)
    with transaction.atomic(savepoint=False):
        model.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        node.save(force_insert=True)
    parent.numchild += 1
    return node


@transaction.atomic
def tree_root_add(*, node: TreeNode) -> TreeNode:
    """Only the seed creates a root; a second one in a single-root tree is refused."""
    model = type(node)
    if not model.multiple_roots and model.objects.filter(depth=1).exists():
        raise Conflict(_("This tree already has a root."))
    node.parent = None
    node.is_group = True
    node.code_key = code_key(node.name)
    return model.objects.add_root(instance=node)


@_in_transaction
def tree_node_move(
    *, node: TreeNode, parent: TreeNode, parent_field: str, locked: bool = False
) -> TreeNode:
    """Move ``node`` and its whole subtree under ``parent``, as its last child.

    One ``UPDATE`` rewrites the paths and depths of the whole subtree (the new prefix is a
    path no node has, so no two rows ever share a path); one more sets the node's parent
    link, and one the child counts of the old and new parents (a ``CASE`` over the whole
    subtree for the parent link cost twice as much for 1,000 nodes). ``locked`` as for
    ``tree_node_add``."""
    model = type(node)
    if not locked:
        tree_lock(model)
        parent.refresh_from_db()
    # The stored node, not ``node``: the caller's copy may hold edits it has yet to save.
    stored = record_by_key(model, "id", node.pk)
    if stored is None:
        raise InvalidInput.single(parent_field, _("This node no longer exists."))
    if stored.parent_id is None:
        raise InvalidInput.single(parent_field, _("The root cannot be moved."))
    _check_parent(stored, parent, parent_field)
    if stored.parent_id != parent.pk:
        with transaction.atomic(savepoint=False):
            _subtree_move(stored, parent)
    node.path, node.depth = stored.path, stored.depth
    node.parent, node.parent_id = parent, parent.pk
    return node


def _subtree_move(node: TreeNode, parent: TreeNode) -> None:
    model, old_path, old_parent = type(node), node.path, node.parent_id
    new_path = _next_child_path(parent)
    shift = parent.depth + 1 - node.depth
    model.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + shift,
    )
    model.objects.filter(pk=node.pk).update(parent=parent)
    model.objects.filter(pk__in=(old_parent, parent.pk)).update(
        numchild=F("numchild") + Case(When(pk=parent.pk, then=Value(1)), default=Value(-1))
    )
    parent.numchild += 1
    node.path, node.depth = new_path, node.depth + shift


def _children_now(node: TreeNode) -> int:
    """The node's child count read under the tree lock: a child being added at this very
    moment is counted, not missed (the in-memory ``numchild`` may be stale)."""
    tree_lock(type(node))
    return type(node).objects.filter(pk=node.pk).values_list("numchild", flat=True).get()


def tree_group_flag_check(
    *,
    node: TreeNode,
    is_group: bool,
    in_use: Callable[[TreeNode], bool],
    field: str = "is_group",
) -> None:
    """A group with children cannot become a leaf; a leaf in use cannot become a group."""
    if node.pk is None or node.is_group == is_group:
        return
    if node.parent_id is None and not is_group:
        raise InvalidInput.single(field, _("The root must stay a group node."))
    if not is_group and _children_now(node):
        raise InvalidInput.single(
            field,
            _("“%(node)s” has child nodes: it cannot become a leaf.") % {"node": node.name},
        )
    if is_group:
        # Held until commit: a record being pointed to this node now waits, then sees a
        # group (see ``records.LinksHeld``); one that came first is counted by ``in_use``.
        list(type(node).objects.select_for_update().filter(pk=node.pk).values_list("pk"))
    if is_group and in_use(node):
        raise InvalidInput.single(
            field,
            _("“%(node)s” is used by records: it cannot become a group.") % {"node": node.name},
        )


@transaction.atomic
def tree_node_delete(*, node: TreeNode, references: dict[str, int]) -> None:
    """Refuse deleting the root, a node with children or a node other records point to."""
    tree_lock(type(node))
    node.refresh_from_db()
    if node.parent_id is None and not type(node).multiple_roots:
        raise Conflict(_("The root of the tree cannot be deleted."))
    if node.numchild:
        raise Conflict(
            _("“%(node)s” has child nodes: delete or move them first.") % {"node": node.name},
        )
    refuse_in_use(node, references)
    node.delete()


def subtree_ids(node: TreeNode) -> models.QuerySet:
    """Ids of ``node`` and its descendants, as a subquery: one indexed range scan."""
    return type(node).objects.filter(path__startswith=node.path).values("pk")


def tree_problems(model: type[TreeNode]) -> list[str]:
    """treebeard's checks (path characters and length, orphans, depth, child count) plus
    ours (one root, parent link agrees with path, no leaf with children).

    One read of the whole tree, checked in memory: treebeard's own ``find_problems`` makes
    two queries per node (20,000 for a tree of 10,000 nodes).
    """
    nodes = list(model.objects.order_by("path").values_list(*_CHECKED_COLUMNS))
    step, alphabet = model.steplen, set(model.alphabet)
    pk_by_path = {path: pk for pk, path, *_rest in nodes}
    children: dict[str, int] = {}
    for _pk, path, *_rest in nodes:
        parent_path = path[:-step]
        children[parent_path] = children.get(parent_path, 0) + 1
    found: dict[str, list[int]] = {label: [] for label in _TREEBEARD_PROBLEMS}
    parent_links, leaves = [], []
    for pk, path, depth, numchild, parent_id, is_group, name in nodes:
        parent_pk = pk_by_path.get(path[:-step]) if len(path) > step else None
        if not set(path) <= alphabet:
            found["bad characters in path"].append(pk)
        elif len(path) % step:
            found["bad path length"].append(pk)
        elif len(path) > step and parent_pk is None:
            found["orphan nodes"].append(pk)
        elif depth != len(path) // step:
            found["wrong depth"].append(pk)
        elif numchild != children.get(path, 0):
            found["wrong child count"].append(pk)
        if parent_pk != parent_id:
            parent_links.append(f"{model.__name__}: node {pk} parent link disagrees with its path")
        if not is_group and numchild > 0:
            leaves.append(f"{model.__name__}: leaf “{name}” has children")
    roots = sum(1 for _pk, path, *_rest in nodes if len(path) == step)
    head = [f"{model.__name__}: {label}: {sorted(ids)}" for label, ids in found.items() if ids]
    if not model.multiple_roots and roots > 1:
        head.append(f"{model.__name__}: more than one root")
    return [*head, *parent_links, *leaves]


# Named, not spelled in the call: django-stubs' plugin fails on a literal lookup through an
# abstract model (it looks for the primary key of ``TreeNode`` itself).
_CHECKED_COLUMNS = ("pk", "path", "depth", "numchild", "parent_id", "is_group", "name")
_TREEBEARD_PROBLEMS = (
    "bad characters in path",
    "bad path length",
    "orphan nodes",
    "wrong depth",
    "wrong child count",
)
