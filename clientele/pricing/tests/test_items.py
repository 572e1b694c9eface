"""Items: a code, a name, a leaf item group and a unit (through the REST API)."""

import pytest

from clientele.core.tests.helpers import row_counts
from clientele.masters.models import ItemGroup
from clientele.masters.tests.helpers import refused, url
from clientele.pricing.models import Item, ItemPrice
from clientele.pricing.tests.helpers import item, item_group, price

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def groups():
    item_group("Produits")
    item_group("Matériel", is_group=True)


def test_an_item_is_created_with_what_was_sent_and_its_name_defaults_to_its_code(api):
    # when
    answer = api.post("/items/", json={"name": "CAFE-1KG", "item_group": "Produits"})
    # then
    assert answer.status_code == 201
    assert answer.json() == {
        "name": "CAFE-1KG",
        "item_name": "CAFE-1KG",
        "uom": "Unit",
        "description": "",
        "disabled": False,
        "item_group": "Produits",
    }


def test_an_item_keeps_the_name_unit_and_description_given(api):
    # when
    answer = api.post(
        "/items/",
        json={
            "name": "PAIN-500",
            "item_name": "Pain de campagne 500 g",
            "uom": "Pièce",
            "description": "Levain naturel",
            "item_group": "Produits",
        },
    )
    # then
    stored = Item.objects.get(name="PAIN-500")
    assert answer.status_code == 201
    assert (stored.item_name, stored.uom, stored.description, stored.code_key) == (
        "Pain de campagne 500 g",
        "Pièce",
        "Levain naturel",
        "pain-500",
    )


def test_an_item_in_a_group_node_is_refused_and_nothing_is_written(api):
    # given
    before = row_counts(Item)
    # when
    answer = api.post("/items/", json={"name": "VIS-10", "item_group": "Matériel"})
    # then
    assert refused(answer) == {
        "item_group": ["“Matériel” is a group node: choose one of its leaf nodes."]
    }
    assert row_counts(Item) == before


def test_an_item_needs_an_item_group(api):
    # given
    before = row_counts(Item)
    # when
    answer = api.post("/items/", json={"name": "VIS-10"})
    # then
    assert refused(answer) == {"item_group": ["This field cannot be null."]}
    assert row_counts(Item) == before


def test_a_code_taken_whatever_its_case_is_a_conflict(api):
    # given
    item("CAFE-1KG")
    before = row_counts(Item)
    # when
    answer = api.post("/items/", json={"name": "cafe-1kg", "item_group": "Produits"})
    # then
    assert refused(answer, 409) == {"name": ["This code is taken."]}
    assert row_counts(Item) == before


def test_an_item_group_with_items_stays_a_leaf_and_is_not_deleted(api):
    # given
    item("CAFE-1KG")
    before = row_counts(ItemGroup)
    # when
    flagged = api.patch(url("item-groups", "Produits"), json={"is_group": True})
    deleted = api.delete(url("item-groups", "Produits"))
    # then
    assert flagged.status_code == 422 and deleted.status_code == 409
    assert deleted.json()["errors"] == {"references": ["items: 1"]}
    assert ItemGroup.objects.get(name="Produits").is_group is False
    assert row_counts(ItemGroup) == before


def test_an_item_with_prices_is_not_deleted(api):
    # given
    item("CAFE-1KG")
    price("CAFE-1KG", "12.50")
    before = row_counts(Item, ItemPrice)
    # when
    answer = api.delete(url("items", "CAFE-1KG"))
    # then
    assert refused(answer, 409) == {"references": ["item prices: 1"]}
    assert row_counts(Item, ItemPrice) == before


def test_an_item_nothing_uses_is_deleted(api):
    # given
    item("CAFE-1KG")
    # when
    answer = api.delete(url("items", "CAFE-1KG"))
    # then
    assert answer.status_code == 204
    assert not Item.objects.filter(name="CAFE-1KG").exists()


def test_a_disabled_item_takes_no_new_price(api):
    # given
    item("CAFE-1KG", disabled=True)
    before = row_counts(ItemPrice)
    # when
    answer = api.post(
        "/item-prices/",
        json={"item": "CAFE-1KG", "price_list": "Standard Selling", "price_list_rate": "9"},
    )
    # then
    assert refused(answer) == {"item": ["Item “CAFE-1KG” is disabled."]}
    assert row_counts(ItemPrice) == before
