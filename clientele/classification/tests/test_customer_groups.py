"""Customer group rows: credit limits and receivable accounts per company, defaults, history."""

import pytest

from clientele.classification.models import (
    CustomerGroup,
    CustomerGroupAccount,
    CustomerGroupCreditLimit,
)
from clientele.core.models import ChangeLog
from clientele.core.tests.helpers import row_counts

COMPANY = "Clientèle Démo SAS"
OTHER = "Autre Société & Fils"
GROUP = "Grands comptes / Export"
URL = "/customer-groups/Grands%20comptes%20%2F%20Export"


@pytest.fixture
def group(api, other_company) -> str:
    response = api.post("/customer-groups/", json={"name": GROUP})
    assert response.status_code == 201, response.text
    return GROUP


def stored() -> tuple:
    """Everything a refused update must leave as it was."""
    group = CustomerGroup.objects.get(name=GROUP)
    return (
        list(group.credit_limits.values_list("company__name", "credit_limit")),
        list(group.accounts.values_list("company__name", "account__name")),
        group.default_price_list_id,
        row_counts(CustomerGroupCreditLimit, CustomerGroupAccount),
    )


def errors_of(response) -> dict[str, list[str]]:
    assert response.status_code == 422, response.text
    return response.json()["errors"]


def test_credit_limits_are_set_per_company(api, group):
    response = api.patch(
        URL,
        json={
            "credit_limits": [
                {"company": COMPANY, "credit_limit": "10000"},
                {"company": OTHER, "credit_limit": "0", "bypass_credit_limit_check": True},
            ]
        },
    )

    assert response.status_code == 200, response.text
    assert response.json()["credit_limits"] == [
        {"company": COMPANY, "credit_limit": "10000.00", "bypass_credit_limit_check": False},
        {"company": OTHER, "credit_limit": "0.00", "bypass_credit_limit_check": True},
    ]


@pytest.mark.parametrize(
    ("rows", "errors"),
    [
        (
            [
                {"company": COMPANY, "credit_limit": "10000"},
                {"company": COMPANY, "credit_limit": "5000"},
            ],
            {"credit_limits[1].company": ["Row 1 already has this value."]},
        ),
        (
            [{"company": COMPANY, "credit_limit": "-0.01"}],
            {"credit_limits[0].credit_limit": ["Ensure this value is greater than or equal to 0."]},
        ),
        (
            [{"company": "Nulle Part", "credit_limit": "100"}],
            {"credit_limits[0].company": ["No company named “Nulle Part”."]},
        ),
        (
            [{"credit_limit": "100"}],
            {"credit_limits[0].company": ["This field cannot be null."]},
        ),
        (
            [{"company": COMPANY}],
            {"credit_limits[0].credit_limit": ["This field cannot be null."]},
        ),
    ],
    ids=["company twice", "negative", "unknown company", "no company", "no limit"],
)
def test_bad_credit_limit_rows_are_refused(api, group, rows, errors):
    api.patch(URL, json={"credit_limits": [{"company": OTHER, "credit_limit": "500"}]})
    before, logged = stored(), ChangeLog.objects.count()

    assert errors_of(api.patch(URL, json={"credit_limits": rows})) == errors
    assert (stored(), ChangeLog.objects.count()) == (before, logged)


def test_receivable_accounts_are_set_per_company(api, group):
    response = api.patch(
        URL,
        json={
            "accounts": [
                {
                    "company": COMPANY,
                    "account": "411000 - Clients - CD",
                    "advance_account": "419100 - Clients - Avances reçues - CD",
                },
                {"company": OTHER, "account": "411000 - Clients - AS"},
            ]
        },
    )

    assert response.status_code == 200, response.text
    assert response.json()["accounts"] == [
        {
            "company": COMPANY,
            "account": "411000 - Clients - CD",
            "advance_account": "419100 - Clients - Avances reçues - CD",
        },
        {"company": OTHER, "account": "411000 - Clients - AS", "advance_account": None},
    ]


@pytest.mark.parametrize(
    ("row", "errors"),
    [
        (
            {"company": COMPANY, "account": "401000 - Fournisseurs - CD"},
            {"accounts[0].account": ["“401000 - Fournisseurs - CD” is not a receivable account."]},
        ),
        (
            {"company": COMPANY, "account": "Actif - CD"},
            {"accounts[0].account": ["“Actif - CD” is a group account: choose a ledger account."]},
        ),
        (
            {"company": COMPANY, "account": "411000 - Clients - AS"},
            {"accounts[0].account": ["“411000 - Clients - AS” belongs to another company."]},
        ),
        (
            {
                "company": OTHER,
                "account": "411000 - Clients - AS",
                "advance_account": "419100 - Clients - Avances reçues - CD",
            },
            {
                "accounts[0].advance_account": [
                    "“419100 - Clients - Avances reçues - CD” belongs to another company."
                ]
            },
        ),
        (
            {"company": COMPANY},
            {"accounts[0].account": ["This field cannot be null."]},
        ),
    ],
    ids=["payable", "group", "other company", "advance of other company", "no account"],
)
def test_bad_receivable_account_rows_are_refused(api, group, row, errors):
    before, logged = stored(), ChangeLog.objects.count()

    assert errors_of(api.patch(URL, json={"accounts": [row]})) == errors
    assert (stored(), ChangeLog.objects.count()) == (before, logged)


def test_one_receivable_account_row_per_company(api, group):
    before = stored()

    response = api.patch(
        URL,
        json={
            "accounts": [
                {"company": COMPANY, "account": "411000 - Clients - CD"},
                {"company": COMPANY, "account": "411000 - Clients - CD"},
            ]
        },
    )

    assert errors_of(response) == {"accounts[1].company": ["Row 1 already has this value."]}
    assert stored() == before


def test_default_price_list_must_be_a_selling_one(api, group):
    before, logged = stored(), ChangeLog.objects.count()

    response = api.patch(URL, json={"default_price_list": "Standard Buying"})

    assert errors_of(response) == {
        "default_price_list": ["“Standard Buying” is not a selling price list."]
    }
    assert (stored(), ChangeLog.objects.count()) == (before, logged)


def test_disabled_price_list_is_refused(api, group):
    api.patch("/price-lists/Standard%20Selling", json={"enabled": False})

    response = api.patch(URL, json={"default_price_list": "Standard Selling"})

    assert errors_of(response) == {
        "default_price_list": ["Price list “Standard Selling” is disabled."]
    }


def test_defaults_are_set_and_read_back(api, group):
    response = api.patch(
        URL, json={"default_price_list": "Standard Selling", "payment_terms": "Net 30"}
    )

    assert response.status_code == 200
    assert api.get(URL).json() == {
        "name": GROUP,
        "is_group": False,
        "default_price_list": "Standard Selling",
        "payment_terms": "Net 30",
        "credit_limits": [],
        "accounts": [],
        "parent_customer_group": "All Customer Groups",
        "label": GROUP,
        "depth": 2,
        "children_count": 0,
    }


def test_several_errors_are_reported_together(api, group):
    before = stored()

    response = api.patch(
        URL,
        json={
            "default_price_list": "Standard Buying",
            "payment_terms": "Net 90",
            "credit_limits": [{"company": COMPANY, "credit_limit": "-5"}],
        },
    )

    assert errors_of(response) == {
        "default_price_list": ["“Standard Buying” is not a selling price list."],
        "payment_terms": ["No payment terms template named “Net 90”."],
        "credit_limits[0].credit_limit": ["Ensure this value is greater than or equal to 0."],
    }
    assert stored() == before


def test_history_shows_field_old_new_and_user(api, manager_api, group):
    manager_api.patch(
        URL,
        json={
            "default_price_list": "Standard Selling",
            "credit_limits": [{"company": COMPANY, "credit_limit": "10000"}],
        },
    )
    manager_api.patch(URL, json={"credit_limits": []})

    history = api.get(f"{URL}/history")

    assert history.status_code == 200
    assert [
        (c["action"], c["field"], c["old_value"], c["new_value"], c["user"], c["record_name"])
        for c in history.json()
    ] == [
        ("create", "name", "", GROUP, "root", GROUP),
        ("create", "parent_customer_group", "", "All Customer Groups", "root", GROUP),
        ("update", "default_price_list", "", "Standard Selling", "manon", GROUP),
        (
            "update",
            "credit_limits",
            "[]",
            f'[{{"company": "{COMPANY}", "credit_limit": "10000", '
            '"bypass_credit_limit_check": false}]',
            "manon",
            GROUP,
        ),
        (
            "update",
            "credit_limits",
            f'[{{"company": "{COMPANY}", "credit_limit": "10000", '
            '"bypass_credit_limit_check": false}]',
            "[]",
            "manon",
            GROUP,
        ),
    ]


def test_history_follows_a_renamed_group(api, group):
    api.patch(URL, json={"name": "Export"})

    history = api.get("/customer-groups/Export/history").json()

    assert [(c["field"], c["old_value"], c["new_value"]) for c in history][-1] == (
        "name",
        GROUP,
        "Export",
    )
    assert api.get(f"{URL}/history").status_code == 404
