"""Tree structure rules (SPEC §3.3), on the item group and account trees."""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from clientele.classification.models import CustomerGroup, Territory
from clientele.core.errors import Conflict, InvalidInput
from clientele.core.records import record_create, record_update
from clientele.core.tests.helpers import changes, row_counts
from clientele.core.trees import (
    subtree_ids,
    tree_group_flag_check,
    tree_node_add,
    tree_node_delete,
    tree_node_move,
    tree_problems,
    tree_root,
    tree_root_add,
)
from clientele.masters import services as masters
from clientele.masters.models import Account, ItemGroup, SalesPerson

ROOT = "All Item Groups"


def item_group(name: str, parent: str | None = None, *, is_group: bool = True) -> ItemGroup:
    data = {"name": name, "is_group": is_group, "parent_item_group": parent}
    return record_create(masters.ITEM_GROUP, data, user=None)


def tree_of(*names: str) -> list[tuple[str, str | None, int, int]]:
    """``(name, parent, depth, numchild)`` of the named nodes, read back from the database."""
    rows = ItemGroup.objects.filter(name__in=names).order_by("path")
    return [(n.name, n.parent.name if n.parent else None, n.depth, n.numchild) for n in rows]


@pytest.fixture
def branches(db):
    """Products > Hardware > Screws, and an empty group Services, all under the root."""
    item_group("Products")
    item_group("Hardware", "Products")
    item_group("Screws", "Hardware", is_group=False)
    item_group("Services")


def test_node_without_parent_goes_under_the_root(db):
    root_children = tree_root(ItemGroup).numchild

    node = item_group("Products")

    assert tree_of("Products") == [("Products", ROOT, 2, 0)]
    assert node.path.startswith(tree_root(ItemGroup).path)
    assert tree_root(ItemGroup).numchild == root_children + 1


def test_child_under_a_leaf_is_refused_naming_the_parent_field(db):
    item_group("Screws", is_group=False)
    before = row_counts(ItemGroup)

    with pytest.raises(InvalidInput) as refused:
        item_group("Small screws", "Screws")

    assert refused.value.errors == {
        "parent_item_group": ["“Screws” is not a group node: only group nodes can have children."]
    }
    assert row_counts(ItemGroup) == before
    assert tree_of("Screws") == [("Screws", ROOT, 2, 0)]


def test_moving_a_node_moves_its_whole_subtree(branches):
    hardware = ItemGroup.objects.get(name="Hardware")

    tree_node_move(
        node=hardware, parent=ItemGroup.objects.get(name="Services"), parent_field="parent"
    )

    assert tree_of("Products", "Services", "Hardware", "Screws") == [
        ("Products", ROOT, 2, 0),
        ("Services", ROOT, 2, 1),
        ("Hardware", "Services", 3, 1),
        ("Screws", "Hardware", 4, 0),
    ]
    services = ItemGroup.objects.get(name="Services")
    assert ItemGroup.objects.get(name="Screws").path.startswith(services.path)
    assert set(
        ItemGroup.objects.filter(pk__in=subtree_ids(services)).values_list("name", flat=True)
    ) == {
        "Services",
        "Hardware",
        "Screws",
    }
    assert tree_problems(ItemGroup) == []


@pytest.mark.parametrize("target", ["Hardware", "Products"])
def test_moving_under_itself_or_a_descendant_is_refused(branches, target):
    paths = dict(ItemGroup.objects.values_list("name", "path"))

    with pytest.raises(InvalidInput) as refused:
        tree_node_move(
            node=ItemGroup.objects.get(name="Products"),
            parent=ItemGroup.objects.get(name=target),
            parent_field="parent",
        )

    assert refused.value.errors == {
        "parent": ["A node cannot be moved under itself or one of its descendants."]
    }
    assert dict(ItemGroup.objects.values_list("name", "path")) == paths


def test_moving_under_a_leaf_is_refused(branches):
    with pytest.raises(InvalidInput) as refused:
        tree_node_move(
            node=ItemGroup.objects.get(name="Services"),
            parent=ItemGroup.objects.get(name="Screws"),
            parent_field="parent",
        )

    assert refused.value.errors == {
        "parent": ["“Screws” is not a group node: only group nodes can have children."]
    }
    assert tree_of("Services") == [("Services", ROOT, 2, 0)]


def test_the_root_cannot_be_moved(branches):
    with pytest.raises(InvalidInput) as refused:
        tree_node_move(
            node=tree_root(ItemGroup),
            parent=ItemGroup.objects.get(name="Services"),
            parent_field="parent",
        )

    assert refused.value.errors == {"parent": ["The root cannot be moved."]}
    assert tree_root(ItemGroup).name == ROOT


def test_moving_to_the_current_parent_changes_nothing(branches):
    paths = dict(ItemGroup.objects.values_list("name", "path"))

    tree_node_move(
        node=ItemGroup.objects.get(name="Screws"),
        parent=ItemGroup.objects.get(name="Hardware"),
        parent_field="parent",
    )

    assert dict(ItemGroup.objects.values_list("name", "path")) == paths


def test_the_root_cannot_be_deleted(db):
    before = row_counts(ItemGroup)

    with pytest.raises(Conflict) as refused:
        tree_node_delete(node=tree_root(ItemGroup), references={})

    assert refused.value.message == "The root of the tree cannot be deleted."
    assert row_counts(ItemGroup) == before
    assert tree_root(ItemGroup).name == ROOT


def test_a_node_with_children_cannot_be_deleted(branches):
    before = row_counts(ItemGroup)

    with pytest.raises(Conflict) as refused:
        tree_node_delete(node=ItemGroup.objects.get(name="Hardware"), references={})

    assert refused.value.message == "“Hardware” has child nodes: delete or move them first."
    assert row_counts(ItemGroup) == before


def test_a_referenced_node_cannot_be_deleted_and_the_refusal_lists_what(branches):
    before = row_counts(ItemGroup)

    with pytest.raises(Conflict) as refused:
        tree_node_delete(
            node=ItemGroup.objects.get(name="Screws"),
            references={"territory targets": 2, "items": 0},
        )

    assert refused.value.message == "“Screws” is still used: territory targets (2)."
    assert refused.value.errors == {"references": ["territory targets: 2"]}
    assert row_counts(ItemGroup) == before
    assert tree_of("Screws") == [("Screws", "Hardware", 4, 0)]


def test_deleting_the_last_child_updates_the_parent(branches):
    tree_node_delete(node=ItemGroup.objects.get(name="Screws"), references={})

    assert tree_of("Hardware", "Screws") == [("Hardware", "Products", 3, 0)]
    assert tree_problems(ItemGroup) == []


def test_a_group_with_children_cannot_become_a_leaf(branches):
    with pytest.raises(InvalidInput) as refused:
        tree_group_flag_check(
            node=ItemGroup.objects.get(name="Hardware"), is_group=False, in_use=lambda node: False
        )

    assert refused.value.errors == {
        "is_group": ["“Hardware” has child nodes: it cannot become a leaf."]
    }


def test_a_leaf_in_use_cannot_become_a_group(branches):
    screws = ItemGroup.objects.get(name="Screws")

    with pytest.raises(InvalidInput) as refused:
        tree_group_flag_check(node=screws, is_group=True, in_use=lambda node: node == screws)

    assert refused.value.errors == {
        "is_group": ["“Screws” is used by records: it cannot become a group."]
    }


def test_the_root_must_stay_a_group(db):
    with pytest.raises(InvalidInput) as refused:
        tree_group_flag_check(node=tree_root(ItemGroup), is_group=False, in_use=lambda n: False)

    assert refused.value.errors == {"is_group": ["The root must stay a group node."]}


def test_unused_leaf_may_become_a_group_and_empty_group_a_leaf(branches):
    # given the unused leaf Screws and the empty group Services
    # when the item group service changes each one's flag
    for name, is_group in (("Screws", True), ("Services", False)):
        record_update(
            masters.ITEM_GROUP,
            ItemGroup.objects.get(name=name),
            {"is_group": is_group},
            user=None,
        )

    # then both are stored as asked, the tree untouched, and each change is in the history
    flags = ItemGroup.objects.filter(name__in=("Screws", "Services")).order_by("name")
    assert list(flags.values_list("name", "is_group")) == [("Screws", True), ("Services", False)]
    assert tree_of("Screws", "Services") == [
        ("Screws", "Hardware", 4, 0),
        ("Services", ROOT, 2, 0),
    ]
    updates = {
        name: [row for row in changes("item_group", name) if row[0] == "update"]
        for name in ("Screws", "Services")
    }
    assert updates == {
        "Screws": [("update", "is_group", "false", "true")],
        "Services": [("update", "is_group", "true", "false")],
    }


def test_a_single_root_tree_refuses_a_second_root(db):
    before = row_counts(ItemGroup)

    with pytest.raises(Conflict) as refused:
        tree_root_add(node=ItemGroup(name="Another root"))

    assert refused.value.message == "This tree already has a root."
    assert row_counts(ItemGroup) == before


def test_an_account_without_parent_is_a_new_root_of_the_chart(db):
    roots = Account.objects.filter(depth=1).count()

    account = tree_node_add(
        node=Account(
            name="Hors bilan - CD",
            account_name="Hors bilan",
            company_id=Account.objects.first().company_id,
            root_type="Asset",
            is_group=True,
        ),
        parent=None,
        parent_field="parent_account",
    )

    assert (account.depth, account.parent_id) == (1, None)
    assert Account.objects.filter(depth=1).count() == roots + 1
    assert tree_problems(Account) == []


def test_ancestor_paths_go_from_the_node_up_to_the_root(branches):
    screws = ItemGroup.objects.get(name="Screws")

    ancestors = ItemGroup.objects.filter(path__in=screws.ancestor_paths())

    assert [n.name for n in ancestors.order_by("-depth")] == [
        "Screws",
        "Hardware",
        "Products",
        ROOT,
    ]


def test_a_sound_tree_has_no_problems(branches):
    assert tree_problems(ItemGroup) == []


@pytest.mark.parametrize(
    ("node", "corruption", "problem"),
    [
        ("Hardware", {"numchild": 3}, "wrong child count"),
        ("Screws", {"depth": 2}, "wrong depth"),
    ],
)
def test_a_wrong_stored_count_is_a_problem(branches, node, corruption, problem):
    corrupted = ItemGroup.objects.get(name=node)
    ItemGroup.objects.filter(pk=corrupted.pk).update(**corruption)

    assert tree_problems(ItemGroup) == [f"ItemGroup: {problem}: [{corrupted.pk}]"]


def test_parent_link_disagreeing_with_the_path_is_a_problem(branches):
    screws = ItemGroup.objects.get(name="Screws")
    ItemGroup.objects.filter(pk=screws.pk).update(parent=ItemGroup.objects.get(name="Services"))

    assert tree_problems(ItemGroup) == [
        f"ItemGroup: node {screws.pk} parent link disagrees with its path"
    ]


def test_leaf_with_children_is_a_problem(branches):
    ItemGroup.objects.filter(name="Hardware").update(is_group=False)

    assert tree_problems(ItemGroup) == ["ItemGroup: leaf “Hardware” has children"]


def test_check_trees_reports_every_tree_ok(branches):
    out = StringIO()

    call_command("check_trees", stdout=out, stderr=StringIO())

    counts = [model.objects.count() for model in (CustomerGroup, Territory, SalesPerson)]
    assert out.getvalue().splitlines() == [
        f"Customer groups: {counts[0]} nodes, OK",
        f"Territories: {counts[1]} nodes, OK",
        "Sales persons: 1 node, OK",
        f"Item groups: {ItemGroup.objects.count()} nodes, OK",
        f"Accounts: {Account.objects.count()} nodes, OK",
    ]


def test_check_trees_fails_on_a_corrupted_tree(branches):
    hardware = ItemGroup.objects.get(name="Hardware")
    ItemGroup.objects.filter(pk=hardware.pk).update(numchild=0)
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("check_trees", stdout=out, stderr=err)

    assert str(failed.value) == "1 tree problem found."
    assert f"Item groups: {ItemGroup.objects.count()} nodes, 1 problem" in out.getvalue()
    assert err.getvalue().splitlines() == [f"ItemGroup: wrong child count: [{hardware.pk}]"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_inserts_under_one_parent_keep_the_tree_sound():
    # given an item group tree (this test commits, so it builds its own root)
    if not ItemGroup.objects.filter(depth=1).exists():
        tree_root_add(node=ItemGroup(name=ROOT))
    failures: list[BaseException] = []

    def add_three(worker: int) -> None:
        try:
            for n in range(3):
                item_group(f"Group {worker}-{n}", is_group=False)
        except BaseException as error:  # reported below, a thread cannot raise to the test
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add_three, args=(w,)) for w in range(6)]
    # when six requests add children under the root at the same time
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every node is there, each with its own path, and the counts agree
    assert failures == []
    assert tree_root(ItemGroup).numchild == 18
    assert ItemGroup.objects.filter(depth=2).count() == 18
    assert tree_problems(ItemGroup) == []


def test_a_group_read_before_a_child_was_added_still_cannot_become_a_leaf(branches):
    """The child count is read again under the tree lock, not taken from a stale copy: a
    child added meanwhile (by another request) keeps the node a group."""
    services = ItemGroup.objects.get(name="Services")
    assert services.numchild == 0
    item_group("Consulting", "Services", is_group=False)
    with pytest.raises(InvalidInput) as refused:
        tree_group_flag_check(node=services, is_group=False, in_use=lambda node: False)
    assert refused.value.errors == {
        "is_group": ["“Services” has child nodes: it cannot become a leaf."]
    }


def test_a_node_whose_parent_path_is_gone_is_an_orphan(branches):
    screws = ItemGroup.objects.get(name="Screws")
    hardware = ItemGroup.objects.get(name="Hardware")
    ItemGroup.objects.filter(pk=screws.pk).update(parent=None, path=hardware.path[:-4] + "ZZZZ0001")

    assert tree_problems(ItemGroup) == [
        f"ItemGroup: orphan nodes: [{screws.pk}]",
        f"ItemGroup: wrong child count: [{hardware.pk}]",
    ]


def test_bad_path_characters_and_length_are_problems(branches):
    screws = ItemGroup.objects.get(name="Screws")
    services = ItemGroup.objects.get(name="Services")
    ItemGroup.objects.filter(pk=screws.pk).update(path=screws.path[:-1] + "a")
    ItemGroup.objects.filter(pk=services.pk).update(path=services.path + "1")

    assert tree_problems(ItemGroup) == [
        f"ItemGroup: bad characters in path: [{screws.pk}]",
        f"ItemGroup: bad path length: [{services.pk}]",
        f"ItemGroup: wrong child count: [{tree_root(ItemGroup).pk}]",
        f"ItemGroup: node {services.pk} parent link disagrees with its path",
    ]


def test_a_second_root_is_a_problem(branches):
    products = ItemGroup.objects.get(name="Products")
    ItemGroup.objects.filter(name="Services").update(path="0002", depth=1, parent=None)

    assert tree_problems(ItemGroup) == [
        f"ItemGroup: wrong child count: [{products.parent_id}]",
        "ItemGroup: more than one root",
    ]
