"""The tree screens: customer groups, territories, sales persons, item groups, accounts.

One implementation for the five trees (``tree_kinds.KINDS``). The tree page shows the
levels a person opened (their codes travel in the address, ``?open=…``, so a reload or a
shared link shows the same), each level is loaded on demand a page at a time, and a search
finds a node anywhere with its path. Adding a child, renaming, moving and deleting go
through the REST API's services (``core.records``); a refusal is shown with its reason in
the dialog that asked, and a success redraws the tree as it was, with the change shown.
"""

import functools
import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict, DomainError
from clientele.core.labels import label_of
from clientele.core.naming import code_key
from clientele.core.records import record_create, record_delete, record_move, record_update
from clientele.core.refusals import usage_counts
from clientele.core.tree_reads import (
    group_nodes,
    subtree_counts,
    tree_children,
    tree_node,
    tree_nodes,
    tree_roots,
    tree_search,
)
from clientele.core.trees import TreeNode
from clientele.customers.models import Customer
from clientele.web.support import acting_user, can, is_htmx
from clientele.web.tree_forms import AddChildForm, MoveForm, RenameForm, refusal_onto
from clientele.web.tree_kinds import KINDS, TreeKind

PAGE = 50  # children shown per level before "Show more"
SEARCH_LIMIT = 20
MOST_OPENED = 100
PARENT_CHOICES = 50


@dataclass
class Shown:
    """A node as the tree draws it; ``children`` is ``None`` while it is closed."""

    node: TreeNode
    label: str
    url: str
    count: int | None = None
    children: list["Shown"] | None = None
    next_offset: int = 0
    focus: bool = False

    @property
    def more(self) -> int:
        """Children of an open node not shown yet (the next page)."""
        return max(self.node.numchild - self.next_offset, 0) if self.children is not None else 0


def _shown(tree: TreeKind, node: TreeNode, count: int | None = None) -> Shown:
    return Shown(node, tree.label(node), tree.node_url(node.name), count)


def _by_label(shown: list[Shown]) -> list[Shown]:
    """A page of a level in reading order: by what people read (a seeded code is shown in
    their language), accents aside (“Île-de-France” among the I)."""
    return sorted(shown, key=lambda item: _plain(item.label))


def _plain(text: str) -> bytes:
    return unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore")


def _counts(
    tree: TreeKind, nodes: list[TreeNode], children: dict[int, list[TreeNode]]
) -> dict[int, int]:
    """The counts of the shown ``nodes``, in one statement. An open node whose children
    are all shown counts the records linked to itself and adds its children's: its
    subtree is not counted twice (customers are counted once each; a customer in two
    branches of a sales team would be counted twice by adding, so there every node counts
    its whole subtree)."""
    if tree.counted is None:
        return {}
    shown = {node.pk: node for node in nodes}
    whole = [
        shown[pk]
        for pk, level in children.items()
        if pk in shown and len(level) == shown[pk].numchild and tree.counted.distinct == "pk"
    ]
    own = {node.pk for node in whole}
    counts = subtree_counts(tree.model, tree.counted, nodes, own_only=own)
    for node in sorted(whole, key=lambda node: -node.depth):  # the deepest first
        counts[node.pk] += sum(counts.get(child.pk, 0) for child in children[node.pk])
    return counts


def shown_tree(tree: TreeKind, opened_names: list[str] | None, focus: str = "") -> list[Shown]:
    """The roots with the levels ``opened_names`` opened (the root when not said), a page
    of children each, and ``focus`` shown even past its parent's first page. At most
    four statements whatever the size of the tree."""
    model = tree.model
    roots = tree_roots(model)
    wanted = {code_key(name) for name in (opened_names or [])[:MOST_OPENED]}
    named = tree_nodes(model, [*(opened_names or [])[:MOST_OPENED], focus])
    opened = [node for node in named if code_key(node.name) in wanted]
    if opened_names is None:
        opened = [root for root in roots if root.numchild and tree.single_root]
    children = tree_children(model, opened, limit=PAGE)
    for node in named:
        siblings = children.get(node.parent_id or 0)
        if node.name == focus and siblings is not None and node not in siblings:
            siblings.append(node)
    drawn = [*roots, *(child for level in children.values() for child in level)]
    counts = _counts(tree, drawn, children)

    def build(node: TreeNode) -> Shown:
        shown = _shown(tree, node, counts.get(node.pk))
        shown.focus = node.name == focus
        if node.pk in children:
            shown.children = _by_label([build(child) for child in children[node.pk]])
            shown.next_offset = min(len(shown.children), PAGE)  # ``focus`` may come past it
        return shown

    return [build(root) for root in roots]


def shown_level(tree: TreeKind, node: TreeNode, offset: int) -> Shown:
    """One page of ``node``'s children, each with its count: two statements."""
    page = tree_children(tree.model, [node], limit=PAGE, offset=offset)[node.pk]
    counts = _counts(tree, page, {})
    shown = _shown(tree, node)
    shown.children = _by_label([_shown(tree, child, counts.get(child.pk)) for child in page])
    shown.next_offset = offset + len(page)
    return shown


@dataclass
class Hit:
    label: str
    path: list[str]
    url: str


def search(tree: TreeKind, text: str) -> dict:
    """What the search shows: the nodes found, each with its path and where it stands in
    the tree (the tree opened down to it)."""
    if not text:
        return {"q": ""}
    total, found = tree_search(tree.model, text, limit=SEARCH_LIMIT)
    skip = 1 if tree.single_root else 0  # every path starts at the one root: left out
    hits = [
        Hit(
            tree.label(node),
            [label_of(name) for name in above[skip:]],
            tree.tree_url(opened=above, focus=node.name),
        )
        for node, above in found
    ]
    return {"q": text, "hits": hits, "found": total}


# ------------------------------------------------------------------------------ views


def tree_view(view: Callable) -> Callable:
    """Signed in; the ``kind`` of the address becomes its ``TreeKind``."""

    @functools.wraps(view)
    def with_tree(request: HttpRequest, kind: str, *args, **kwargs):
        return view(request, KINDS[kind], *args, **kwargs)

    return login_required(with_tree)


def tree_writers(view: Callable) -> Callable:
    """As ``tree_view``, for the tree's writers only (the REST API's roles): 403 otherwise."""

    @functools.wraps(view)
    def guarded(request: HttpRequest, tree: TreeKind, *args, **kwargs):
        if not can(request, tree.writers):
            raise PermissionDenied
        return view(request, tree, *args, **kwargs)

    return tree_view(guarded)


def _opened(request: HttpRequest) -> list[str] | None:
    """The codes of the open nodes, or ``None`` when the address does not say."""
    return request.GET.getlist("open") if "open" in request.GET else None


def node_or_404(tree: TreeKind, name: str) -> TreeNode:
    """The node with its links and child rows, read as the REST API reads it."""
    node = tree.reader.one(name)
    if node is None:
        raise Http404(name)
    return node


@tree_view
def tree_page(request: HttpRequest, tree: TreeKind) -> HttpResponse:
    found = search(tree, request.GET.get("q", "").strip())
    if is_htmx(request) and "q" in request.GET:
        return render(request, "web/trees/tree.html#results", {"tree": tree, **found})
    roots = shown_tree(tree, _opened(request), request.GET.get("focus", ""))
    context = {"tree": tree, "roots": roots, "can_write": can(request, tree.writers), **found}
    template = "web/trees/tree.html#tree" if is_htmx(request) else "web/trees/tree.html"
    return render(request, template, context)


@tree_view
def tree_level(request: HttpRequest, tree: TreeKind, name: str) -> HttpResponse:
    """One page of a node's children (expand, and "Show more")."""
    node = tree_node(tree.model, name)
    if node is None:
        raise Http404(name)
    offset = int(request.GET["offset"]) if request.GET.get("offset", "").isdigit() else 0
    parent = shown_level(tree, node, offset)
    context = {"tree": tree, "parent": parent, "can_write": can(request, tree.writers)}
    return render(request, "web/trees/tree.html#level", {**context, "autofocus": offset > 0})


def _dialog(request, name: str, tree: TreeKind, node: TreeNode, status: int = 200, **extra):
    context = {"tree": tree, "node": node, "label": tree.label(node), **extra}
    context["url"] = tree.node_url(node.name, name)
    return render(request, f"web/trees/dialogs.html#{name}", context, status=status)


def _changed(
    request: HttpRequest, tree: TreeKind, *, opened: list[str], focus: str, renamed: str = ""
):
    """After a change: htmx redraws the tree with ``opened`` opened too (tree.js; a node
    ``renamed`` from that code stays open under its new one), a plain form post comes back
    to the tree page showing the change."""
    if is_htmx(request):
        event = {"tree-changed": {"open": opened, "focus": focus, "renamed": renamed}}
        return HttpResponse(status=204, headers={"HX-Trigger": json.dumps(event)})
    return redirect(tree.tree_url(opened=opened, focus=focus))


@tree_writers
def tree_add(request: HttpRequest, tree: TreeKind, name: str) -> HttpResponse:
    """Add a child under a group node (the guide's "Ajouter un enfant"): its code and
    whether it is a group node itself."""
    parent = node_or_404(tree, name)
    form = AddChildForm(request.POST if request.method == "POST" else None, tree=tree)
    if not form.is_valid():
        return _dialog(request, "add", tree, parent, 422 if form.is_bound else 200, form=form)
    try:
        record_create(tree.spec, form.data_for(tree, parent), user=acting_user(request))
    except DomainError as error:
        refusal_onto(form, error)
        return _dialog(request, "add", tree, parent, error.status, form=form)
    return _changed(request, tree, opened=[parent.name], focus=form.cleaned_data["name"])


@tree_writers
def tree_rename(request: HttpRequest, tree: TreeKind, name: str) -> HttpResponse:
    node = node_or_404(tree, name)
    form = RenameForm(request.POST if request.method == "POST" else None, initial={"name": name})
    if not form.is_valid():
        return _dialog(request, "rename", tree, node, 422 if form.is_bound else 200, form=form)
    try:
        record_update(
            tree.spec, node, {"name": form.cleaned_data["name"]}, user=acting_user(request)
        )
    except DomainError as error:
        refusal_onto(form, error)
        return _dialog(request, "rename", tree, node, error.status, form=form)
    return _changed(request, tree, opened=[], focus=node.name, renamed=name)


@tree_writers
def tree_move(request: HttpRequest, tree: TreeKind, name: str) -> HttpResponse:
    """Move by a dialog (the keyboard's way) or by drag and drop (tree.js posts here);
    the dialog's list of group nodes follows what is typed."""
    node = node_or_404(tree, name)
    if request.method == "GET" and "parent" in request.GET:
        parents = _parents(tree, node, request.GET["parent"])
        return render(request, "web/trees/dialogs.html#parents", {"parents": parents})
    form = MoveForm(request.POST if request.method == "POST" else None)
    if not form.is_valid():
        return _move_dialog(request, tree, node, form)
    try:
        record_move(tree.spec, node, form.cleaned_data["parent"], user=acting_user(request))
    except DomainError as error:
        refusal_onto(form, error)
        return _move_dialog(request, tree, node, form, error.status)
    return _changed(request, tree, opened=[form.cleaned_data["parent"]], focus=node.name)


def _parents(tree: TreeKind, node: TreeNode, text: str) -> list[tuple[str, str]]:
    """Group nodes outside ``node``'s subtree: where it can go."""
    names = group_nodes(tree.model, text, limit=PARENT_CHOICES, outside=node)
    return [(name, label_of(name)) for name in names]


def _move_dialog(request, tree: TreeKind, node: TreeNode, form: MoveForm, status: int = 0):
    parents = _parents(tree, node, "")
    status = status or (422 if form.is_bound else 200)
    return _dialog(request, "move", tree, node, status, form=form, parents=parents)


@dataclass
class Use:
    """What still uses a node: how many of a kind, and where to see them."""

    text: str
    url: str = ""


def uses_of(tree: TreeKind, node: TreeNode) -> list[Use]:
    """The records pointing to ``node``, read as the delete's refusal counted them; the
    customers with a link to the customer list filtered on the node."""
    customers = str(Customer._meta.verbose_name_plural)
    uses = []
    for kind, count in usage_counts(node).items():
        if kind == customers and tree.users_message is not None:
            text = tree.users_message % {"count": count}
            uses.append(Use(text, tree.customers_url(node.name)))
        else:
            uses.append(Use(_("%(kind)s: %(count)s") % {"kind": kind, "count": count}))
    return uses


@tree_writers
def tree_delete(request: HttpRequest, tree: TreeKind, name: str) -> HttpResponse:
    """Delete, after a confirmation; refused with its reason (children, in use)."""
    node = node_or_404(tree, name)
    if request.method != "POST":
        return _dialog(request, "delete", tree, node)
    parent = cast(TreeNode, node.parent).name if node.parent_id else ""
    try:
        record_delete(tree.spec, node, user=acting_user(request))
    except Conflict as error:
        uses = uses_of(tree, node) if not node.numchild else []
        return _dialog(request, "delete", tree, node, 409, refusal=error.message, uses=uses)
    return _changed(request, tree, opened=[parent] if parent else [], focus=parent)
