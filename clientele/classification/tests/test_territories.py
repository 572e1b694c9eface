"""Territories: manager, sales targets per item group and fiscal year, history."""

import pytest

from clientele.classification.models import Territory, TerritoryTarget
from clientele.core.models import ChangeLog
from clientele.core.tests.helpers import row_counts

TERRITORY = "Île-de-France / Nord"
URL = "/territories/%C3%8Ele-de-France%20%2F%20Nord"


@pytest.fixture
def territory(api) -> str:
    for path, data in (
        ("/sales-persons/", {"name": "Élodie Martin"}),
        ("/item-groups/", {"name": "Services"}),
        (
            "/monthly-distributions/",
            {
                "name": "Été",
                "percentages": [
                    {"month": 6, "percentage_allocation": "50"},
                    {"month": 7, "percentage_allocation": "50"},
                ],
            },
        ),
        ("/territories/", {"name": TERRITORY}),
    ):
        response = api.post(path, json=data)
        assert response.status_code == 201, response.text
    return TERRITORY


def stored() -> tuple:
    territory = Territory.objects.get(name=TERRITORY)
    return (
        territory.territory_manager_id,
        list(territory.targets.values_list("fiscal_year__name", "target_qty", "target_amount")),
        row_counts(TerritoryTarget),
    )


def errors_of(response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.text
    return response.json()["errors"]


def test_territory_manager_is_a_sales_person(api, territory):
    response = api.patch(URL, json={"territory_manager": "Élodie Martin"})

    assert (response.status_code, response.json()["territory_manager"]) == (200, "Élodie Martin")


@pytest.mark.parametrize(
    ("manager", "message"),
    [
        ("Personne", "No sales person named “Personne”."),
        ("Ancien", "Sales person “Ancien” is disabled."),
    ],
)
def test_unknown_or_disabled_manager_is_refused(api, territory, manager, message):
    api.post("/sales-persons/", json={"name": "Ancien", "enabled": False})
    before, logged = stored(), ChangeLog.objects.count()

    assert errors_of(api.patch(URL, json={"territory_manager": manager})) == {
        "territory_manager": [message]
    }
    assert (stored(), ChangeLog.objects.count()) == (before, logged)


def test_targets_are_stored_per_item_group_and_fiscal_year(api, territory):
    response = api.patch(
        URL,
        json={
            "targets": [
                {"item_group": "Services", "fiscal_year": "2026", "target_amount": "120000"},
                {"fiscal_year": "2026", "target_qty": "40", "distribution": "Été"},
            ]
        },
    )

    assert response.status_code == 200, response.text
    assert response.json()["targets"] == [
        {
            "item_group": "Services",
            "fiscal_year": "2026",
            "target_qty": "0.000",
            "target_amount": "120000.00",
            "distribution": None,
        },
        {
            "item_group": None,
            "fiscal_year": "2026",
            "target_qty": "40.000",
            "target_amount": "0.00",
            "distribution": "Été",
        },
    ]


@pytest.mark.parametrize(
    ("row", "errors"),
    [
        (
            {"fiscal_year": "2026"},
            {
                "targets[0].target_qty": [
                    "Either the target quantity or the target amount is required."
                ]
            },
        ),
        (
            {"fiscal_year": "2026", "target_qty": "0", "target_amount": "0"},
            {
                "targets[0].target_qty": [
                    "Either the target quantity or the target amount is required."
                ]
            },
        ),
        (
            {"target_amount": "1000"},
            {"targets[0].fiscal_year": ["This field cannot be null."]},
        ),
        (
            {"fiscal_year": "2026", "target_amount": "-1"},
            {"targets[0].target_amount": ["Ensure this value is greater than or equal to 0."]},
        ),
        (
            {"fiscal_year": "1999", "target_amount": "1000"},
            {"targets[0].fiscal_year": ["No fiscal year named “1999”."]},
        ),
        (
            {"fiscal_year": "2026", "target_amount": "1000", "item_group": "Rien"},
            {"targets[0].item_group": ["No item group named “Rien”."]},
        ),
        (
            {"fiscal_year": "2026", "target_amount": "1000", "distribution": "Hiver"},
            {"targets[0].distribution": ["No monthly distribution named “Hiver”."]},
        ),
    ],
    ids=[
        "neither",
        "both zero",
        "no fiscal year",
        "negative",
        "unknown year",
        "unknown group",
        "unknown distribution",
    ],
)
def test_bad_target_rows_are_refused(api, territory, row, errors):
    api.patch(URL, json={"targets": [{"fiscal_year": "2026", "target_qty": "5"}]})
    before, logged = stored(), ChangeLog.objects.count()

    assert errors_of(api.patch(URL, json={"targets": [row]})) == errors
    assert (stored(), ChangeLog.objects.count()) == (before, logged)


def test_a_fiscal_year_with_targets_cannot_be_deleted(api, territory):
    api.post(
        "/fiscal-years/",
        json={"name": "2027", "year_start_date": "2027-01-01", "year_end_date": "2027-12-31"},
    )
    api.patch(URL, json={"targets": [{"fiscal_year": "2027", "target_qty": "5"}]})

    response = api.delete("/fiscal-years/2027")

    assert (response.status_code, response.json()["errors"]) == (
        409,
        {"references": ["territory targets: 1"]},
    )


def test_an_item_group_with_targets_cannot_be_deleted(api, territory):
    api.patch(
        URL,
        json={"targets": [{"item_group": "Services", "fiscal_year": "2026", "target_qty": "5"}]},
    )

    response = api.delete("/item-groups/Services")

    assert (response.status_code, response.json()["errors"]) == (
        409,
        {"references": ["territory targets: 1"]},
    )


def test_a_sales_person_managing_a_territory_cannot_be_deleted(api, territory):
    api.patch(URL, json={"territory_manager": "Élodie Martin"})

    response = api.delete("/sales-persons/%C3%89lodie%20Martin")

    assert (response.status_code, response.json()["errors"]) == (
        409,
        {"references": ["territories: 1"]},
    )


def test_history_shows_field_old_new_and_user(api, manager_api, territory):
    manager_api.patch(URL, json={"territory_manager": "Élodie Martin"})
    manager_api.patch(URL, json={"targets": [{"fiscal_year": "2026", "target_qty": "40"}]})

    history = api.get(f"{URL}/history").json()

    assert [
        (c["action"], c["field"], c["old_value"], c["new_value"], c["user"]) for c in history
    ] == [
        ("create", "name", "", TERRITORY, "root"),
        ("create", "parent_territory", "", "All Territories", "root"),
        ("update", "territory_manager", "", "Élodie Martin", "manon"),
        (
            "update",
            "targets",
            "[]",
            '[{"item_group": null, "fiscal_year": "2026", "target_qty": "40", '
            '"target_amount": "0", "distribution": null}]',
            "manon",
        ),
    ]
