"""Customer groups and territories as trees over REST (SPEC §3.3, §4)."""

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.db import models

from clientele.classification.models import CustomerGroup, Territory
from clientele.core.models import ChangeLog
from clientele.core.tests.helpers import row_counts
from clientele.core.trees import tree_problems


@dataclass(frozen=True)
class Tree:
    path: str
    parent_input: str
    root: str
    model: type[models.Model]
    used_leaf: str  # the leaf the selling settings point to
    customer_field: str
    blank: tuple[tuple[str, object], ...]  # the node's own fields, empty

    def url(self, name: str, action: str = "") -> str:
        return f"/{self.path}/{quote(name, safe='')}" + (f"/{action}" if action else "")

    def __str__(self) -> str:
        return self.path


TREES = [
    Tree(
        "customer-groups",
        "parent_customer_group",
        "All Customer Groups",
        CustomerGroup,
        "Commercial",
        "customer_group",
        (
            ("default_price_list", None),
            ("payment_terms", None),
            ("credit_limits", []),
            ("accounts", []),
        ),
    ),
    Tree(
        "territories",
        "parent_territory",
        "All Territories",
        Territory,
        "France",
        "territory",
        (("territory_manager", None), ("targets", [])),
    ),
]
EUROPE = "Europe"
SOUTH = "Europe / Sud & Îles"
PORTUGAL = "Portugal (Açores)"
WORLD = "Monde"


@pytest.fixture(params=TREES, ids=str)
def tree(request) -> Tree:
    return request.param


def add(api, tree: Tree, name: str, parent: str | None = None, *, is_group: bool = True) -> dict:
    data = {"name": name, "is_group": is_group}
    if parent:
        data[tree.parent_input] = parent
    response = api.post(f"/{tree.path}/", json=data)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def branches(api, tree) -> Tree:
    """Europe > Europe / Sud & Îles > Portugal (Açores), and an empty group Monde."""
    add(api, tree, EUROPE)
    add(api, tree, SOUTH, EUROPE)
    add(api, tree, PORTUGAL, SOUTH, is_group=False)
    add(api, tree, WORLD)
    return tree


def nodes(api, tree: Tree, **params) -> list[tuple[str, str | None, int, int]]:
    items = api.get(f"/{tree.path}/", params={"limit": 500, **params}).json()["items"]
    return [(n["name"], n[tree.parent_input], n["depth"], n["children_count"]) for n in items]


def paths(tree: Tree) -> dict[str, str]:
    return dict(tree.model.objects.values_list("name", "path"))


def add_customer(api, tree: Tree, node: str) -> None:
    response = api.post(
        "/customers/", json={"customer_name": "Boulangerie Martin", tree.customer_field: node}
    )
    assert response.status_code == 201, response.text


def test_node_without_parent_goes_under_the_root(api, tree):
    body = add(api, tree, "Grands comptes", is_group=False)

    assert body == {
        "name": "Grands comptes",
        "label": "Grands comptes",
        tree.parent_input: tree.root,
        "is_group": False,
        "depth": 2,
        "children_count": 0,
        **dict(tree.blank),
    }
    assert api.get(tree.url(tree.root)).json()["children_count"] == (
        tree.model.objects.get(name=tree.root).numchild
    )


def test_child_under_a_leaf_is_refused_naming_the_parent_field(api, tree):
    before = row_counts(tree.model)

    response = api.post(
        f"/{tree.path}/", json={"name": "Sous-groupe", tree.parent_input: tree.used_leaf}
    )

    assert (response.status_code, response.json()["errors"]) == (
        422,
        {
            tree.parent_input: [
                f"“{tree.used_leaf}” is not a group node: only group nodes can have children."
            ]
        },
    )
    assert row_counts(tree.model) == before


def test_unknown_parent_is_refused(api, tree):
    before = row_counts(tree.model)

    response = api.post(
        f"/{tree.path}/", json={"name": "Orphelin", tree.parent_input: "Nulle part"}
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [tree.parent_input]
    assert row_counts(tree.model) == before


def test_moving_a_node_moves_its_subtree(api, branches):
    tree = branches

    response = api.post(tree.url(SOUTH, "move"), json={"parent": WORLD})

    assert response.status_code == 200, response.text
    assert (response.json()[tree.parent_input], response.json()["depth"]) == (WORLD, 3)
    assert nodes(api, tree, subtree=WORLD) == [
        (WORLD, tree.root, 2, 1),
        (SOUTH, WORLD, 3, 1),
        (PORTUGAL, SOUTH, 4, 0),
    ]
    assert nodes(api, tree, subtree=EUROPE) == [(EUROPE, tree.root, 2, 0)]
    stored = paths(tree)
    assert stored[PORTUGAL].startswith(stored[SOUTH]) and stored[SOUTH].startswith(stored[WORLD])
    assert tree_problems(tree.model) == []
    assert ChangeLog.objects.filter(record_name=SOUTH, action="move").values_list(
        "field", "old_value", "new_value", "user__username"
    ).get() == (tree.parent_input, EUROPE, WORLD, "root")


def test_moving_by_update_of_the_parent_field_moves_the_subtree(api, branches):
    tree = branches

    response = api.patch(tree.url(SOUTH), json={tree.parent_input: WORLD, "name": "Sud"})

    assert response.status_code == 200, response.text
    assert nodes(api, tree, subtree=WORLD) == [
        (WORLD, tree.root, 2, 1),
        ("Sud", WORLD, 3, 1),
        (PORTUGAL, "Sud", 4, 0),
    ]
    assert tree_problems(tree.model) == []


@pytest.mark.parametrize("target", [SOUTH, EUROPE])
def test_moving_under_itself_or_a_descendant_is_refused(api, branches, target):
    tree = branches
    before = paths(tree), ChangeLog.objects.count()

    response = api.post(tree.url(EUROPE, "move"), json={"parent": target})

    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"parent": ["A node cannot be moved under itself or one of its descendants."]},
    )
    assert (paths(tree), ChangeLog.objects.count()) == before


def test_moving_under_a_leaf_is_refused(api, branches):
    tree = branches
    before = paths(tree), ChangeLog.objects.count()

    response = api.post(tree.url(WORLD, "move"), json={"parent": PORTUGAL})

    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"parent": [f"“{PORTUGAL}” is not a group node: only group nodes can have children."]},
    )
    assert (paths(tree), ChangeLog.objects.count()) == before


def test_the_root_cannot_be_moved_or_re_parented(api, branches):
    tree = branches
    before = paths(tree), ChangeLog.objects.count()

    moved = api.post(tree.url(tree.root, "move"), json={"parent": WORLD})
    patched = api.patch(tree.url(tree.root), json={tree.parent_input: WORLD})

    assert (moved.status_code, moved.json()["errors"]) == (
        422,
        {"parent": ["The root cannot be moved."]},
    )
    assert (patched.status_code, patched.json()["errors"]) == (
        422,
        {tree.parent_input: ["The root cannot be moved."]},
    )
    assert (paths(tree), ChangeLog.objects.count()) == before


def test_the_root_cannot_be_deleted(api, tree):
    before = row_counts(tree.model)

    response = api.delete(tree.url(tree.root))

    assert (response.status_code, response.json()) == (
        409,
        {"detail": "The root of the tree cannot be deleted.", "errors": {}},
    )
    assert row_counts(tree.model) == before


def test_a_node_with_children_cannot_be_deleted(api, branches):
    tree = branches
    before = row_counts(tree.model)

    response = api.delete(tree.url(SOUTH))

    assert (response.status_code, response.json()["detail"]) == (
        409,
        f"“{SOUTH}” has child nodes: delete or move them first.",
    )
    assert row_counts(tree.model) == before


def test_a_node_used_by_a_customer_cannot_be_deleted(api, tree):
    add(api, tree, "Grands comptes", is_group=False)
    add_customer(api, tree, "Grands comptes")
    before = row_counts(tree.model)

    response = api.delete(tree.url("Grands comptes"))

    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": "“Grands comptes” is still used: customers (1).",
            "errors": {"references": ["customers: 1"]},
        },
    )
    assert row_counts(tree.model) == before


def test_a_node_used_by_the_selling_settings_cannot_be_deleted(api, tree):
    before = row_counts(tree.model)

    response = api.delete(tree.url(tree.used_leaf))

    assert (response.status_code, response.json()["errors"]) == (
        409,
        {"references": ["selling settings: 1"]},
    )
    assert row_counts(tree.model) == before


def test_an_unused_leaf_is_deleted(api, branches):
    tree = branches

    response = api.delete(tree.url(PORTUGAL))

    assert response.status_code == 204
    assert api.get(tree.url(PORTUGAL)).status_code == 404
    assert nodes(api, tree, subtree=SOUTH) == [(SOUTH, EUROPE, 3, 0)]
    assert ChangeLog.objects.filter(record_name=PORTUGAL, action="delete").count() == 1


def test_a_leaf_used_by_customers_cannot_become_a_group(api, tree):
    add(api, tree, "Grands comptes", is_group=False)
    add_customer(api, tree, "Grands comptes")
    before = ChangeLog.objects.count()

    response = api.patch(tree.url("Grands comptes"), json={"is_group": True})

    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"is_group": ["“Grands comptes” is used by records: it cannot become a group."]},
    )
    assert tree.model.objects.get(name="Grands comptes").is_group is False
    assert ChangeLog.objects.count() == before


def test_a_group_with_children_cannot_become_a_leaf(api, branches):
    tree = branches
    before = ChangeLog.objects.count()

    response = api.patch(tree.url(SOUTH), json={"is_group": False})

    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"is_group": [f"“{SOUTH}” has child nodes: it cannot become a leaf."]},
    )
    assert tree.model.objects.get(name=SOUTH).is_group is True
    assert ChangeLog.objects.count() == before


def test_an_unused_leaf_may_become_a_group(api, branches):
    tree = branches

    response = api.patch(tree.url(PORTUGAL), json={"is_group": True})

    assert (response.status_code, response.json()["is_group"]) == (200, True)


def test_a_customer_cannot_be_put_in_a_group_node(api, branches):
    tree = branches

    response = api.post("/customers/", json={"customer_name": "Martin", tree.customer_field: SOUTH})

    assert (response.status_code, response.json()["errors"]) == (
        422,
        {tree.customer_field: [f"“{SOUTH}” is a group node: choose one of its leaf nodes."]},
    )


def test_names_with_slash_ampersand_and_accents_round_trip(api, branches):
    tree = branches

    read = api.get(tree.url(SOUTH))
    children = api.get(f"/{tree.path}/", params={"parent": SOUTH}).json()
    history = api.get(tree.url(SOUTH, "history"))
    renamed = api.patch(tree.url(SOUTH), json={"name": "Sud / Ouest & Île-de-Ré"})

    assert (read.status_code, read.json()["name"]) == (200, SOUTH)
    assert [n["name"] for n in children["items"]] == [PORTUGAL]
    assert [(c["action"], c["field"]) for c in history.json()] == [
        ("create", "name"),
        ("create", "is_group"),
        ("create", tree.parent_input),
    ]
    assert renamed.json()["name"] == "Sud / Ouest & Île-de-Ré"
    assert api.get(tree.url("Sud / Ouest & Île-de-Ré")).status_code == 200
    assert api.get(tree.url(SOUTH)).status_code == 404


def test_a_node_name_its_address_could_not_reach_is_refused(api, branches):
    tree = branches
    before = paths(tree)

    created = api.post(f"/{tree.path}/", json={"name": "Sud/move", tree.parent_input: EUROPE})
    renamed = api.patch(tree.url(SOUTH), json={"name": "Sud/history"})

    message = "A code cannot end with “/%s”: that address leads to another record's %s."
    assert (created.status_code, created.json()["errors"]) == (
        422,
        {"name": [message % ("move", "move")]},
    )
    assert (renamed.status_code, renamed.json()["errors"]) == (
        422,
        {"name": [message % ("history", "history")]},
    )
    assert paths(tree) == before


def test_a_move_naming_no_parent_is_refused(api, branches):
    tree = branches
    before = paths(tree)

    empty = api.post(tree.url(PORTUGAL, "move"), json={"parent": ""})
    missing = api.post(tree.url(PORTUGAL, "move"), json={})

    assert empty.status_code == 422
    assert list(empty.json()["errors"]) == ["parent"]
    assert missing.status_code == 422
    assert list(missing.json()["errors"]) == ["parent"]
    assert paths(tree) == before


def test_list_filters_direct_children_and_subtrees(api, branches):
    tree = branches

    assert nodes(api, tree, parent=EUROPE) == [(SOUTH, EUROPE, 3, 1)]
    assert nodes(api, tree, subtree=EUROPE) == [
        (EUROPE, tree.root, 2, 1),
        (SOUTH, EUROPE, 3, 1),
        (PORTUGAL, SOUTH, 4, 0),
    ]
    assert api.get(f"/{tree.path}/", params={"subtree": "Nulle part"}).status_code == 404


def test_the_root_shows_its_translated_label(api, tree):
    body = api.get(tree.url(tree.root)).json()

    assert (body["name"], body["label"], body[tree.parent_input], body["depth"]) == (
        tree.root,
        tree.root,
        None,
        1,
    )


@pytest.mark.parametrize("client", ["reader_api", "sales_api"])
def test_writing_a_tree_needs_a_master_role(request, api, branches, client):
    tree = branches
    other = request.getfixturevalue(client)
    before = paths(tree), ChangeLog.objects.count()

    responses = [
        other.post(f"/{tree.path}/", json={"name": "Nouveau"}),
        other.patch(tree.url(PORTUGAL), json={"name": "Portugal"}),
        other.post(tree.url(SOUTH, "move"), json={"parent": WORLD}),
        other.delete(tree.url(PORTUGAL)),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403]
    assert (paths(tree), ChangeLog.objects.count()) == before
    assert other.get(tree.url(PORTUGAL)).status_code == 200


def test_the_sales_master_manager_edits_trees(manager_api, tree):
    response = manager_api.post(f"/{tree.path}/", json={"name": "Nouveau"})

    assert (response.status_code, response.json()) == (
        201,
        {
            "name": "Nouveau",
            "label": "Nouveau",
            tree.parent_input: tree.root,
            "is_group": False,
            "depth": 2,
            "children_count": 0,
            **dict(tree.blank),
        },
    )


def test_reading_a_tree_needs_a_login(anonymous, tree):
    assert anonymous.get(f"/{tree.path}/").status_code == 401
    assert anonymous.get(tree.url(tree.root, "history")).status_code == 401


def test_patch_with_an_empty_parent_moves_the_node_under_the_root(api):
    # given a group two levels down
    api.post("/customer-groups/", json={"name": "Entreprises", "is_group": True})
    api.post("/customer-groups/", json={"name": "PME", "parent_customer_group": "Entreprises"})
    # when
    response = api.patch("/customer-groups/PME", json={"parent_customer_group": None})
    # then
    assert response.status_code == 200, response.text
    assert (response.json()["parent_customer_group"], response.json()["depth"]) == (
        "All Customer Groups",
        2,
    )
