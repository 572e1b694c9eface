"""Reads of a tree for the screens: one level at a time, what each node counts, a search.

A tree page never reads the whole tree: it shows the levels a person opened, each cut to a
page of children. Every read here costs one statement whatever the size of the tree or of
what it counts: the children of several parents come in one windowed query, and the
records under each shown node are counted in one statement over the materialized path (a
node's subtree is the range of paths starting with its own).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models import Case, F, Func, IntegerField, OuterRef, Subquery, Value, When, Window
from django.db.models.functions import Concat, RowNumber

from clientele.core.naming import code_key
from clientele.core.rows.tallies import Tally, kept_subtree_counts
from clientele.core.trees import PATH_END, TreeNode

# Named, not spelled in the calls: django-stubs' plugin fails on a literal lookup through an
# abstract model (see ``trees._CHECKED_COLUMNS``).
CODE = "name"
# What a tree screen shows of a node: enough to draw it, nothing of its own fields.
SHOWN_COLUMNS = ("id", "name", "path", "depth", "numchild", "parent", "is_group")


@dataclass(frozen=True)
class Counted:
    """What the nodes of a tree count: rows of ``model`` linking to a node through
    ``link`` (customers through ``customer_group``). ``distinct`` names what is counted
    once (a customer whose sales team holds two people of one branch counts once)."""

    model: type[models.Model]
    link: str
    distinct: str = "pk"
    kept: Tally | None = None  # the counts per node the database keeps, if it does


def _shown(model: type[TreeNode]) -> models.QuerySet:
    return model.objects.only(*SHOWN_COLUMNS)


def tree_roots(model: type[TreeNode]) -> list[TreeNode]:
    """The roots: one for most trees, one per company for the chart of accounts."""
    return list(_shown(model).filter(depth=1).order_by("code_key"))


def tree_node(model: type[TreeNode], name: str) -> TreeNode | None:
    """The node of the given code, as a tree screen draws it."""
    return _shown(model).filter(code_key=code_key(name)).first()


def tree_nodes(model: type[TreeNode], names: Iterable[str]) -> list[TreeNode]:
    """The nodes of the given codes (those that exist), in tree order."""
    wanted = {code_key(name) for name in names if name}
    if not wanted:
        return []
    return list(_shown(model).filter(code_key__in=wanted).order_by("path"))


def tree_children(
    model: type[TreeNode], parents: Sequence[TreeNode], *, limit: int, offset: int = 0
) -> dict[int, list[TreeNode]]:
    """One page of the children of each of ``parents`` (by name), in one statement.

    The rest of a level is told by the parent's ``numchild``: a node with 600 children
    shows the first ``limit`` and how many more there are."""
    if not parents:
        return {}
    rows = _shown(model).filter(parent_id__in=[parent.pk for parent in parents])
    if len(parents) == 1:
        page = list(rows.order_by("code_key")[offset : offset + limit])
    else:
        rank = Window(RowNumber(), partition_by=[F("parent_id")], order_by=F("code_key").asc())
        ranked = rows.annotate(rank=rank).filter(rank__gt=offset, rank__lte=offset + limit)
        page = list(ranked.order_by("parent_id", "rank"))
    children: dict[int, list[TreeNode]] = {parent.pk: [] for parent in parents}
    for node in page:
        if node.parent_id is not None:
            children[node.parent_id].append(node)
    return children


def subtree_counts(
    model: type[TreeNode],
    counted: Counted,
    nodes: Sequence[TreeNode],
    *,
    own_only: Iterable[int] = (),
) -> dict[int, int]:
    """The counted records under each of ``nodes`` (linked to it or to a node below it),
    by node id, in one statement; for the ids in ``own_only``, those linked to the node
    itself (the caller adds its children's counts).

    Per node, one count over the range of paths of its subtree: the database walks the
    path index to the subtree's nodes and counts each one's records from the link's
    index, without reading or sorting the records themselves (a level of the 10,000-node
    tree over 100,000 customers: ~5 ms on SQLite). A ``GROUP BY`` of the records by the
    first step of their path, the obvious query, costs five to twenty times more.

    Records whose counts the database keeps per node (``counted.kept``) are not read at
    all: the kept counts of each subtree's nodes are summed.
    """
    if not nodes:
        return {}
    if counted.kept is not None:
        itself = set(own_only)
        kept = kept_subtree_counts(
            model,
            counted.kept,
            whole=[node.pk for node in nodes if node.pk not in itself],
            own=[node.pk for node in nodes if node.pk in itself],
        )
        return {node.pk: kept.get(node.pk, 0) for node in nodes}
    path = f"{counted.link}__path"
    records = counted.model._default_manager.order_by()
    below = records.filter(
        **{
            f"{path}__gte": OuterRef("path"),
            f"{path}__lt": Concat(OuterRef("path"), Value(PATH_END)),
        }
    )
    own = records.filter(**{counted.link: OuterRef("pk")})
    count: Func
    if counted.distinct == "pk":
        count = Func(template="COUNT(*)", output_field=IntegerField())
    else:
        count = Func(F(counted.distinct), template="COUNT(DISTINCT %(expressions)s)")
    total = Case(When(pk__in=list(own_only), then=_count(own, count)), default=_count(below, count))
    rows = model.objects.filter(pk__in=[node.pk for node in nodes]).annotate(n=total)
    return dict(rows.values_list("pk", "n"))


def _count(records: models.QuerySet, count: Func) -> Subquery:
    return Subquery(records.annotate(n=count).values("n"), output_field=IntegerField())


def tree_search(
    model: type[TreeNode], text: str, *, limit: int
) -> tuple[int, list[tuple[TreeNode, list[str]]]]:
    """Nodes whose code holds ``text`` (any case), anywhere in the tree, each with the
    codes of its ancestors from the root down: three statements."""
    rows = _shown(model).filter(code_key__contains=code_key(text.strip()))
    total = rows.count()
    found = list(rows.order_by("code_key")[:limit])
    above = {path for node in found for path in node.ancestor_paths()[1:]}
    names = dict(model.objects.filter(path__in=above).values_list("path", CODE))
    return total, [
        (node, [names[path] for path in reversed(node.ancestor_paths()[1:]) if path in names])
        for node in found
    ]


def tree_ancestors(node: TreeNode) -> list[TreeNode]:
    """The node's ancestors from the root down, in one statement."""
    above = node.ancestor_paths()[1:]
    return list(_shown(type(node)).filter(path__in=above).order_by("path")) if above else []


def subtree_count(node: TreeNode, counted: Counted) -> int:
    """The counted records linked to ``node`` or to any node below it."""
    return subtree_counts(type(node), counted, [node]).get(node.pk, 0)


def group_nodes(
    model: type[TreeNode], text: str, *, limit: int, outside: TreeNode | None = None
) -> list[str]:
    """Codes of group nodes holding ``text``: where a node can be moved to (``outside``:
    not in that node's subtree)."""
    rows = model.objects.filter(is_group=True)
    if outside is not None:
        rows = rows.exclude(path__startswith=outside.path)
    if text.strip():
        rows = rows.filter(code_key__contains=code_key(text.strip()))
    return list(rows.order_by("code_key").values_list(CODE, flat=True)[:limit])
