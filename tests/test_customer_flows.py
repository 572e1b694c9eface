"""Flows across apps: customers and the groups, territories, companies and settings they use."""

from urllib.parse import quote

import pytest

from clientele.classification.models import CustomerGroup
from clientele.customers.tests.builders import (
    COMPANY,
    OTHER_COMPANY,
    build_refs,
    db_state,
    group_create,
    series_code,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _create(api, **data) -> str:
    response = api.post("/customers/", json=data)
    assert response.status_code == 201, response.text
    return response.json()["name"]


def test_group_used_by_a_customer_cannot_be_deleted_until_freed(api):
    # given
    group_create(name="Grossistes")
    code = _create(api, customer_name="Durand", customer_group="Grossistes")
    before = db_state()
    # when
    refused = api.delete("/customer-groups/Grossistes")
    # then
    assert refused.status_code == 409
    assert refused.json()["errors"] == {"references": ["customers: 1"]}
    assert db_state() == before
    assert CustomerGroup.objects.filter(name="Grossistes").exists()
    # and once the customer moved to another group
    api.patch(f"/customers/{code}", json={"customer_group": "Commercial"})
    assert api.delete("/customer-groups/Grossistes").status_code == 204
    assert not CustomerGroup.objects.filter(name="Grossistes").exists()


def test_territory_used_by_customers_cannot_be_deleted(api):
    _create(api, customer_name="Durand", territory="Italy")
    _create(api, customer_name="Rossi", territory="Italy")
    before = db_state()
    refused = api.delete("/territories/Italy")
    assert refused.status_code == 409
    assert refused.json()["errors"] == {"references": ["customers: 2"]}
    assert db_state() == before


def test_company_represented_by_an_internal_customer_cannot_be_deleted(api):
    build_refs()
    _create(
        api,
        customer_name="Lyon interne",
        is_internal_customer=True,
        represents_company=OTHER_COMPANY,
    )
    before = db_state()
    refused = api.delete(f"/companies/{quote(OTHER_COMPANY, safe='')}")
    assert refused.status_code == 409
    assert "customers: 1" in refused.json()["errors"]["references"]
    assert db_state() == before


def test_sales_person_in_a_sales_team_cannot_be_deleted(api):
    build_refs()
    _create(
        api,
        customer_name="Durand",
        sales_team=[{"sales_person": "Alice", "allocated_percentage": "100"}],
    )
    refused = api.delete("/sales-persons/Alice")
    assert refused.status_code == 409
    assert refused.json()["errors"] == {"references": ["sales team members: 1"]}


def test_leaf_group_used_by_customers_cannot_become_a_group(api):
    group_create(name="Grossistes")
    _create(api, customer_name="Durand", customer_group="Grossistes")
    before = db_state()
    refused = api.patch("/customer-groups/Grossistes", json={"is_group": True})
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["is_group"]
    assert db_state() == before
    assert CustomerGroup.objects.get(name="Grossistes").is_group is False


def test_renamed_group_keeps_its_customers(api):
    # given
    group_create(name="Grossistes")
    code = _create(api, customer_name="Durand", customer_group="Grossistes")
    # when
    renamed = api.patch("/customer-groups/Grossistes", json={"name": "Grossistes France"})
    # then
    assert renamed.status_code == 200, renamed.text
    assert api.get(f"/customers/{code}").json()["customer_group"] == "Grossistes France"
    listed = api.get("/customers/", params={"customer_group": "Grossistes France"}).json()
    assert [c["name"] for c in listed["items"]] == [code]


def test_group_moved_under_another_branch_moves_its_customers_in_filters(api):
    group_create(name="Distribution", is_group=True)
    group_create(name="Export", is_group=True)
    group_create(name="Grossistes", parent_customer_group="Distribution")
    code = _create(api, customer_name="Durand", customer_group="Grossistes")
    assert (
        api.post("/customer-groups/Grossistes/move", json={"parent": "Export"}).status_code == 200
    )
    by_export = api.get("/customers/", params={"customer_group": "Export"}).json()
    by_distribution = api.get("/customers/", params={"customer_group": "Distribution"}).json()
    assert ([c["name"] for c in by_export["items"]], by_distribution["count"]) == ([code], 0)


def test_selling_settings_defaults_apply_to_new_customers_only(api):
    first = _create(api, customer_name="Avant")
    changed = api.patch(
        "/selling-settings/", json={"customer_group": "Government", "territory": "Spain"}
    )
    assert changed.status_code == 200, changed.text
    second = _create(api, customer_name="Après")
    assert (
        api.get(f"/customers/{first}").json()["customer_group"],
        api.get(f"/customers/{second}").json()["customer_group"],
        api.get(f"/customers/{second}").json()["territory"],
    ) == ("Commercial", "Government", "Spain")


def test_selling_settings_refuse_a_group_node_as_default_group(api):
    refused = api.patch("/selling-settings/", json={"customer_group": "All Customer Groups"})
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["customer_group"]
    assert _create(api, customer_name="Durand") == series_code(1)


def test_sales_user_builds_a_customer_from_masters_a_manager_created(manager_api, sales_api):
    # given a manager sets up a group with defaults
    made = manager_api.post(
        "/customer-groups/",
        json={
            "name": "Revendeurs",
            "default_price_list": "Standard Selling",
            "credit_limits": [{"company": COMPANY, "credit_limit": "2500"}],
        },
    )
    assert made.status_code == 201, made.text
    # when a sales user creates a customer in it
    code = _create(sales_api, customer_name="Durand", customer_group="Revendeurs")
    # then the transaction defaults come from that group
    defaults = sales_api.get(f"/customers/{code}/defaults", params={"company": COMPANY}).json()
    assert defaults["defaults"]["credit_limit"] == {
        "value": "2500.00",
        "source": "customer_group",
        "source_name": "Revendeurs",
    }
    # and a sales user may not change the group itself
    assert (
        sales_api.patch("/customer-groups/Revendeurs", json={"payment_terms": None}).status_code
        == 403
    )
