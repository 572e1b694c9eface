"""Resolved transaction defaults with their source (SPEC §3.4, §3.5)."""

import pytest

from clientele.core.records import record_update
from clientele.customers.tests.builders import (
    ADVANCE,
    COMPANY,
    OTHER_COMPANY,
    OTHER_RECEIVABLE,
    RECEIVABLE,
    SPECIAL_RECEIVABLE,
    db_state,
    group_create,
)
from clientele.masters import services as masters
from clientele.masters.models import Company


def _defaults(api, code: str, company: str = COMPANY) -> dict:
    response = api.get(f"/customers/{code}/defaults", params={"company": company})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["customer"], body["company"]) == (code, company)
    return {key: tuple(value.values()) for key, value in body["defaults"].items()}


def _create(api, **data) -> str:
    response = api.post("/customers/", json=data)
    assert response.status_code == 201, response.text
    return response.json()["name"]


@pytest.fixture
def group_tree(refs):
    """All Customer Groups > Distribution (values) > Grossistes (payment terms) > Grossistes Sud."""
    group_create(
        name="Distribution",
        is_group=True,
        default_price_list="Tarif Revendeurs",
        payment_terms="Net 60",
        credit_limits=[{"company": COMPANY, "credit_limit": "20000"}],
        accounts=[{"company": COMPANY, "account": SPECIAL_RECEIVABLE}],
    )
    group_create(
        name="Grossistes",
        is_group=True,
        parent_customer_group="Distribution",
        payment_terms="Net 45",
    )
    group_create(name="Grossistes Sud", parent_customer_group="Grossistes")


def test_without_any_customer_or_group_value_settings_and_company_apply(api):
    code = _create(api, customer_name="Durand")
    assert _defaults(api, code) == {
        "price_list": ("Standard Selling", "selling_settings", ""),
        "billing_currency": ("EUR", "company", COMPANY),
        "payment_terms": ("Net 30", "company", COMPANY),
        "receivable_account": (RECEIVABLE, "company", COMPANY),
        "advance_account": (ADVANCE, "company", COMPANY),
        "credit_limit": (None, "", ""),
        "tax_category": (None, "", ""),
        "print_language": ("fr", "settings", ""),
        "sales_partner": (None, "", ""),
        "commission_rate": (None, "", ""),
        "sales_team": (None, "", ""),
        "loyalty_program": (None, "", ""),
    }


def test_customer_values_win(api, group_tree):
    code = _create(
        api,
        customer_name="Durand",
        customer_group="Grossistes Sud",
        default_price_list="Tarif Export",
        default_currency="USD",
        payment_terms="Net 30",
        accounts=[{"company": COMPANY, "account": RECEIVABLE, "advance_account": ADVANCE}],
        credit_limits=[{"company": COMPANY, "credit_limit": "1500.5"}],
        tax_category="Intra-EU",
        language="en",
        default_sales_partner="Partenaire Sud",
        sales_team=[
            {"sales_person": "Alice", "allocated_percentage": "33.33"},
            {"sales_person": "Bruno", "allocated_percentage": "33.33"},
            {"sales_person": "Chloé", "allocated_percentage": "33.34"},
        ],
        loyalty_program="Fidélité Or",
    )
    assert _defaults(api, code) == {
        "price_list": ("Tarif Export", "customer", ""),
        "billing_currency": ("USD", "customer", ""),
        "payment_terms": ("Net 30", "customer", ""),
        "receivable_account": (RECEIVABLE, "customer", ""),
        "advance_account": (ADVANCE, "customer", ""),
        "credit_limit": ("1500.50", "customer", ""),
        "tax_category": ("Intra-EU", "customer", ""),
        "print_language": ("en", "customer", ""),
        "sales_partner": ("Partenaire Sud", "customer", ""),
        "commission_rate": ("12.5", "customer", ""),
        "sales_team": (
            [
                {"sales_person": "Alice", "allocated_percentage": "33.33"},
                {"sales_person": "Bruno", "allocated_percentage": "33.33"},
                {"sales_person": "Chloé", "allocated_percentage": "33.34"},
            ],
            "customer",
            "",
        ),
        "loyalty_program": ("Fidélité Or", "customer", ""),
    }


def test_group_values_then_ancestor_values_apply_nearest_first(api, group_tree):
    code = _create(api, customer_name="Durand", customer_group="Grossistes Sud")
    defaults = _defaults(api, code)
    assert {k: defaults[k] for k in ("price_list", "payment_terms", "receivable_account")} == {
        "price_list": ("Tarif Revendeurs", "customer_group", "Distribution"),
        "payment_terms": ("Net 45", "customer_group", "Grossistes"),
        "receivable_account": (SPECIAL_RECEIVABLE, "customer_group", "Distribution"),
    }
    assert defaults["credit_limit"] == ("20000.00", "customer_group", "Distribution")
    # no advance account on any group: the company's
    assert defaults["advance_account"] == (ADVANCE, "company", COMPANY)


def test_the_customer_own_group_wins_over_its_ancestors(api, group_tree):
    group_create(
        name="Grossistes Nord",
        parent_customer_group="Grossistes",
        default_price_list="Standard Selling",
        credit_limits=[{"company": COMPANY, "credit_limit": "0"}],
    )
    code = _create(api, customer_name="Durand", customer_group="Grossistes Nord")
    defaults = _defaults(api, code)
    assert defaults["price_list"] == ("Standard Selling", "customer_group", "Grossistes Nord")
    assert defaults["credit_limit"] == ("0.00", "customer_group", "Grossistes Nord")


def test_group_rows_of_another_company_do_not_apply(api, group_tree):
    code = _create(api, customer_name="Durand", customer_group="Grossistes Sud")
    defaults = _defaults(api, code, company=OTHER_COMPANY)
    assert defaults["receivable_account"] == (None, "", "")
    assert defaults["credit_limit"] == (None, "", "")
    assert defaults["payment_terms"] == ("Net 45", "customer_group", "Grossistes")
    assert defaults["billing_currency"] == ("EUR", "company", OTHER_COMPANY)


def test_customer_row_for_the_other_company_is_used_for_it_only(api, refs):
    code = _create(
        api,
        customer_name="Durand",
        accounts=[{"company": OTHER_COMPANY, "account": OTHER_RECEIVABLE}],
        credit_limits=[{"company": OTHER_COMPANY, "credit_limit": "10"}],
    )
    assert _defaults(api, code, OTHER_COMPANY)["receivable_account"] == (
        OTHER_RECEIVABLE,
        "customer",
        "",
    )
    assert _defaults(api, code, OTHER_COMPANY)["credit_limit"] == ("10.00", "customer", "")
    assert _defaults(api, code)["receivable_account"] == (RECEIVABLE, "company", COMPANY)
    assert _defaults(api, code)["credit_limit"] == (None, "", "")


def test_credit_limit_zero_row_means_no_credit_not_no_limit(api):
    code = _create(
        api, customer_name="Durand", credit_limits=[{"company": COMPANY, "credit_limit": "0"}]
    )
    assert _defaults(api, code)["credit_limit"] == ("0.00", "customer", "")


def test_credit_limit_falls_back_to_the_company(api):
    record_update(
        masters.COMPANY, Company.objects.get(name=COMPANY), {"credit_limit": "5000"}, user=None
    )
    code = _create(api, customer_name="Durand")
    assert _defaults(api, code)["credit_limit"] == ("5000.00", "company", COMPANY)


def test_commission_rate_typed_on_the_customer_is_kept(api, refs):
    code = _create(
        api,
        customer_name="Durand",
        default_sales_partner="Partenaire Sud",
        default_commission_rate="7.25",
    )
    assert _defaults(api, code)["commission_rate"] == ("7.25", "customer", "")


def test_defaults_follow_a_group_moved_under_another_ancestor(api, group_tree):
    # given a customer in a leaf under Commercial... moved under Distribution
    group_create(name="Sans valeur", is_group=True)
    group_create(name="Revendeurs", parent_customer_group="Sans valeur")
    code = _create(api, customer_name="Durand", customer_group="Revendeurs")
    assert _defaults(api, code)["price_list"] == ("Standard Selling", "selling_settings", "")
    # when
    moved = api.post("/customer-groups/Sans valeur/move", json={"parent": "Distribution"})
    assert moved.status_code == 200, moved.text
    # then
    assert _defaults(api, code)["price_list"] == (
        "Tarif Revendeurs",
        "customer_group",
        "Distribution",
    )


def test_defaults_read_writes_nothing(api, group_tree):
    code = _create(api, customer_name="Durand", customer_group="Grossistes Sud")
    before = db_state()
    _defaults(api, code)
    assert db_state() == before


def test_defaults_need_a_known_company(api):
    code = _create(api, customer_name="Durand")
    assert api.get(f"/customers/{code}/defaults", params={"company": "Nope"}).status_code == 404
    missing = api.get(f"/customers/{code}/defaults")
    assert missing.status_code == 422
    assert list(missing.json()["errors"]) == ["company"]
