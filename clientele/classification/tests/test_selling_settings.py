"""Selling Settings: one record of defaults, read by all, changed by the master managers."""

import pytest

from clientele.classification.models import SellingSettings
from clientele.core.models import ChangeLog
from clientele.core.naming import series_create

SEEDED = {
    "name": "Selling Settings",
    "customer_naming_by": "Naming Series",
    "customer_naming_series": "CUST-.YYYY.-.#####",
    "customer_group": "Commercial",
    "territory": "France",
    "selling_price_list": "Standard Selling",
    "sales_order_required": False,
    "delivery_note_required": False,
}


def stored() -> tuple:
    settings = SellingSettings.objects.get(pk=1)
    values = tuple(
        getattr(settings, f)
        for f in (
            "customer_naming_by",
            "customer_naming_series_id",
            "customer_group_id",
            "territory_id",
            "selling_price_list_id",
            "sales_order_required",
        )
    )
    return values, ChangeLog.objects.count()


def errors_of(response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.text
    return response.json()["errors"]


def test_seeded_settings_are_read_by_any_user(reader_api):
    response = reader_api.get("/selling-settings/")

    assert (response.status_code, response.json()) == (200, SEEDED)


def test_manager_changes_defaults(manager_api):
    response = manager_api.patch(
        "/selling-settings/",
        json={
            "customer_group": "Individual",
            "territory": "Belgium",
            "sales_order_required": True,
        },
    )

    expected = {
        **SEEDED,
        "customer_group": "Individual",
        "territory": "Belgium",
        "sales_order_required": True,
    }
    assert (response.status_code, response.json()) == (200, expected)
    assert manager_api.get("/selling-settings/").json() == expected


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"customer_group": "All Customer Groups"},
            {
                "customer_group": [
                    "“All Customer Groups” is a group node: choose one of its leaf nodes."
                ]
            },
        ),
        (
            {"territory": "All Territories"},
            {"territory": ["“All Territories” is a group node: choose one of its leaf nodes."]},
        ),
        (
            {"selling_price_list": "Standard Buying"},
            {"selling_price_list": ["“Standard Buying” is not a selling price list."]},
        ),
        (
            {"customer_naming_series": None},
            {"customer_naming_series": ["Naming by series needs a default series."]},
        ),
        (
            {"customer_naming_series": "INV-.#####"},
            {"customer_naming_series": ["No naming series named “INV-.#####”."]},
        ),
        (
            {"customer_naming_by": "Random"},
            {"customer_naming_by": ["Value 'Random' is not a valid choice."]},
        ),
        (
            {"customer_group": "Nulle part", "territory": "Nulle part"},
            {
                "customer_group": ["No customer group named “Nulle part”."],
                "territory": ["No territory named “Nulle part”."],
            },
        ),
    ],
    ids=[
        "group node as group",
        "group node as territory",
        "buying price list",
        "series by series without one",
        "unknown series",
        "unknown naming",
        "unknown links",
    ],
)
def test_refused_changes_write_nothing(api, data, errors):
    before = stored()

    assert errors_of(api.patch("/selling-settings/", json=data)) == errors
    assert stored() == before


def test_naming_by_customer_name_needs_no_series(api):
    response = api.patch(
        "/selling-settings/",
        json={"customer_naming_by": "Customer Name", "customer_naming_series": None},
    )

    assert response.status_code == 200, response.text
    assert (response.json()["customer_naming_by"], response.json()["customer_naming_series"]) == (
        "Customer Name",
        None,
    )


def test_back_to_naming_by_series_needs_a_series_again(api):
    api.patch(
        "/selling-settings/",
        json={"customer_naming_by": "Customer Name", "customer_naming_series": None},
    )
    before = stored()

    response = api.patch("/selling-settings/", json={"customer_naming_by": "Naming Series"})

    assert errors_of(response) == {
        "customer_naming_series": ["Naming by series needs a default series."]
    }
    assert stored() == before


def test_a_series_of_another_kind_of_record_is_refused(api):
    series_create(name="CRM-LEAD-.YYYY.-", entity="lead")
    before = stored()

    response = api.patch(
        "/selling-settings/", json={"customer_naming_series": "CRM-LEAD-.YYYY.-.#####"}
    )

    assert errors_of(response) == {
        "customer_naming_series": ["“CRM-LEAD-.YYYY.-.#####” is not a series for customers."]
    }
    assert stored() == before


def test_unknown_field_is_refused(api):
    before = stored()

    response = api.patch("/selling-settings/", json={"credit_controller": "Sales Manager"})

    assert errors_of(response) == {"credit_controller": ["Extra inputs are not permitted"]}
    assert stored() == before


@pytest.mark.parametrize("client", ["reader_api", "sales_api"])
def test_changing_settings_needs_a_master_role(request, db, client):
    before = stored()

    response = request.getfixturevalue(client).patch(
        "/selling-settings/", json={"territory": "Belgium"}
    )

    assert response.status_code == 403
    assert stored() == before


def test_settings_need_a_login(anonymous):
    assert anonymous.get("/selling-settings/").status_code == 401
    assert anonymous.get("/selling-settings/history").status_code == 401
    assert anonymous.patch("/selling-settings/", json={"territory": "Belgium"}).status_code == 401


def test_history_shows_field_old_new_and_user(api, manager_api):
    seeded = len(api.get("/selling-settings/history").json())
    manager_api.patch("/selling-settings/", json={"territory": "Belgium"})
    manager_api.patch("/selling-settings/", json={"delivery_note_required": True})

    history = api.get("/selling-settings/history").json()

    assert [
        (c["action"], c["field"], c["old_value"], c["new_value"], c["user"])
        for c in history[seeded:]
    ] == [
        ("update", "territory", "France", "Belgium", "manon"),
        ("update", "delivery_note_required", "false", "true", "manon"),
    ]
