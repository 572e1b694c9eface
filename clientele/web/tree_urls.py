"""The addresses of the tree screens: for each tree its page, one level, and the actions
on a node; a customer group's and a territory's own pages.

A node's actions are the last part of its address (``/customer-groups/<code>/move/``), the
words ``core.naming.ROUTE_WORDS`` keeps out of the end of a code.
"""

from django.urls import URLPattern, path

from clientele.web import tree_pages, trees
from clientele.web.tree_kinds import KINDS, TreeKind

ACTIONS = {
    "children": trees.tree_level,
    "add": trees.tree_add,
    "rename": trees.tree_rename,
    "move": trees.tree_move,
    "delete": trees.tree_delete,
}


def _tree(kind: TreeKind) -> list[URLPattern]:
    name = kind.url_name.removesuffix("-tree")
    arguments = {"kind": kind.slug}
    return [
        path(f"{kind.slug}/", trees.tree_page, arguments, name=kind.url_name),
        *(
            path(f"{kind.slug}/<path:name>/{action}/", view, arguments, name=f"{name}-{action}")
            for action, view in ACTIONS.items()
        ),
    ]


urlpatterns = [
    *(pattern for kind in KINDS.values() for pattern in _tree(kind)),
    path("customer-groups/<path:name>/", tree_pages.customer_group_page, name="customer-group"),
    path("territories/<path:name>/", tree_pages.territory_page, name="territory"),
]
