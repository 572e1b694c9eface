"""Every field of the full customer form through POST, GET and PATCH (SPEC §3.1, §3.8, §3.9)."""

from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clientele.core.models import ChangeLog
from clientele.customers.services import CUSTOMER
from clientele.customers.tests.builders import (
    ADVANCE,
    COMPANY,
    COMPANY_BANK,
    OTHER_COMPANY,
    OTHER_RECEIVABLE,
    RECEIVABLE,
    SPECIAL_RECEIVABLE,
    db_state,
    series_code,
)

TIMESTAMPS = ("created_at", "modified_at")


def _full_form(refs) -> dict:
    return {
        "customer_name": "Atelier Dupont & Fils",
        "customer_type": "Partnership",
        "pan": "ABCPE1234F",
        "tax_withholding_category": "TDS 194C",
        "default_bank_account": COMPANY_BANK,
        "lead_name": refs.lead,
        "account_manager": refs.account_manager,
        "customer_group": "Government",
        "territory": "Belgium",
        "tax_id": "FR 40 303 265 045",
        "tax_category": "Intra-EU",
        "allow_invoice_without_sales_order": True,
        "allow_invoice_without_delivery_note": True,
        "disabled": True,
        "is_internal_customer": True,
        "represents_company": OTHER_COMPANY,
        "companies": [{"company": COMPANY}],
        "default_currency": "USD",
        "default_price_list": "Tarif Revendeurs",
        "accounts": [{"company": COMPANY, "account": RECEIVABLE, "advance_account": ADVANCE}],
        "payment_terms": "Net 60",
        "credit_limits": [
            {"company": COMPANY, "credit_limit": "15000", "bypass_credit_limit_check": True}
        ],
        "customer_details": "Client historique.\nLivraison le matin.",
        "market_segment": "SME",
        "industry": "Manufacturing",
        "website": "https://dupont.example.fr",
        "language": "en-GB",
        "is_frozen": True,
        "loyalty_program": "Fidélité Or",
        "loyalty_program_tier": "Or",
        "default_sales_partner": "Partenaire Sud",
        "default_commission_rate": "7.5",
        "sales_team": [
            {"sales_person": "Alice", "allocated_percentage": "60"},
            {"sales_person": "Bruno", "allocated_percentage": 40},
        ],
    }


def _expected_after_create(refs) -> dict:
    return {
        "name": series_code(1),
        "naming_series": "CUST-.YYYY.-.#####",
        "customer_name": "Atelier Dupont & Fils",
        "customer_type": "Partnership",
        "pan": "ABCPE1234F",
        "tax_withholding_category": "TDS 194C",
        "default_bank_account": COMPANY_BANK,
        "lead_name": refs.lead,
        "account_manager": refs.account_manager,
        "customer_group": "Government",
        "territory": "Belgium",
        "tax_id": "FR40303265045",
        "tax_category": "Intra-EU",
        "allow_invoice_without_sales_order": True,
        "allow_invoice_without_delivery_note": True,
        "disabled": True,
        "is_internal_customer": True,
        "represents_company": OTHER_COMPANY,
        "companies": [{"company": COMPANY}],
        "default_currency": "USD",
        "default_price_list": "Tarif Revendeurs",
        "accounts": [{"company": COMPANY, "account": RECEIVABLE, "advance_account": ADVANCE}],
        "payment_terms": "Net 60",
        "credit_limits": [
            {"company": COMPANY, "credit_limit": "15000.00", "bypass_credit_limit_check": True}
        ],
        "customer_details": "Client historique.\nLivraison le matin.",
        "market_segment": "SME",
        "industry": "Manufacturing",
        "website": "https://dupont.example.fr",
        "language": "en_GB",
        "is_frozen": True,
        "loyalty_program": "Fidélité Or",
        "loyalty_program_tier": "Or",
        "default_sales_partner": "Partenaire Sud",
        "default_commission_rate": "7.500",
        "sales_team": [
            {"sales_person": "Alice", "allocated_percentage": "60.000"},
            {"sales_person": "Bruno", "allocated_percentage": "40.000"},
        ],
        # converting the lead made its person the primary contact
        "customer_primary_contact": "Jeanne Dupont",
        "customer_primary_address": None,
        "email_id": "",
        "mobile_no": "",
        "primary_address": "",
    }


def _without_timestamps(body: dict) -> dict:
    return {k: v for k, v in body.items() if k not in (*TIMESTAMPS, "duplicates")}


def test_full_form_round_trips_through_post_and_get(api, refs):
    # given every linked record exists
    # when
    created = api.post("/customers/", json=_full_form(refs))
    # then
    assert created.status_code == 201, created.text
    assert created.json()["duplicates"] == []
    assert _without_timestamps(created.json()) == _expected_after_create(refs)
    read = api.get(f"/customers/{series_code(1)}")
    assert read.status_code == 200
    assert _without_timestamps(read.json()) == _expected_after_create(refs)


def test_patch_changes_every_field_and_keeps_the_code(api, refs):
    # given a customer with the full form
    api.post("/customers/", json=_full_form(refs))
    changes = {
        "customer_name": "Dupont Frères",
        "customer_type": "Company",
        "pan": "AAAPZ1234C",
        "tax_withholding_category": "TDS 194J",
        "default_bank_account": "Banque Secondaire - CD",
        "account_manager": None,
        "customer_group": "Non Profit",
        "territory": "Spain",
        "tax_id": "732829320",
        "tax_category": "Export",
        "allow_invoice_without_sales_order": False,
        "allow_invoice_without_delivery_note": False,
        "disabled": False,
        "represents_company": COMPANY,
        "companies": [{"company": OTHER_COMPANY}],
        "default_currency": "GBP",
        "default_price_list": "Tarif Export",
        "accounts": [{"company": COMPANY, "account": SPECIAL_RECEIVABLE}],
        "payment_terms": "Net 45",
        "credit_limits": [{"company": OTHER_COMPANY, "credit_limit": "0"}],
        "customer_details": "",
        "market_segment": "Large accounts",
        "industry": "Services",
        "website": "",
        "language": "de",
        "is_frozen": False,
        "loyalty_program": "Fidélité Argent",
        "loyalty_program_tier": "",
        "default_sales_partner": "Partenaire Nord",
        "default_commission_rate": "3.25",
        "sales_team": [{"sales_person": "Chloé", "allocated_percentage": "100"}],
    }
    # when
    response = api.patch(f"/customers/{series_code(1)}", json=changes)
    # then
    assert response.status_code == 200, response.text
    expected = {
        **changes,
        "name": series_code(1),
        "naming_series": "CUST-.YYYY.-.#####",
        "lead_name": refs.lead,
        "customer_primary_contact": "Jeanne Dupont",
        "customer_primary_address": None,
        "is_internal_customer": True,
        "tax_id": "732829320",
        "credit_limits": [
            {"company": OTHER_COMPANY, "credit_limit": "0.00", "bypass_credit_limit_check": False}
        ],
        "accounts": [{"company": COMPANY, "account": SPECIAL_RECEIVABLE, "advance_account": None}],
        "default_commission_rate": "3.250",
        "sales_team": [{"sales_person": "Chloé", "allocated_percentage": "100.000"}],
        "email_id": "",
        "mobile_no": "",
        "primary_address": "",
    }
    assert _without_timestamps(response.json()) == expected
    assert _without_timestamps(api.get(f"/customers/{series_code(1)}").json()) == expected


def test_patch_touches_only_the_fields_sent(api, refs):
    # given
    api.post("/customers/", json=_full_form(refs))
    # when
    response = api.patch(f"/customers/{series_code(1)}", json={"customer_details": "Note"})
    # then
    assert response.status_code == 200, response.text
    assert _without_timestamps(response.json()) == {
        **_expected_after_create(refs),
        "customer_details": "Note",
    }


def test_patch_with_null_and_empty_lists_clears_links_and_child_tables(api, refs):
    # given
    api.post("/customers/", json=_full_form(refs))
    # when
    response = api.patch(
        f"/customers/{series_code(1)}",
        json={
            "tax_withholding_category": None,
            "default_bank_account": None,
            "default_price_list": None,
            "payment_terms": None,
            "loyalty_program": None,
            "default_sales_partner": None,
            "default_commission_rate": None,
            "credit_limits": [],
            "accounts": [],
            "sales_team": [],
        },
    )
    # then
    assert response.status_code == 200, response.text
    body = response.json()
    assert {
        key: body[key]
        for key in (
            "tax_withholding_category",
            "default_bank_account",
            "default_price_list",
            "payment_terms",
            "loyalty_program",
            "default_sales_partner",
            "default_commission_rate",
            "credit_limits",
            "accounts",
            "sales_team",
        )
    } == {
        "tax_withholding_category": None,
        "default_bank_account": None,
        "default_price_list": None,
        "payment_terms": None,
        "loyalty_program": None,
        "default_sales_partner": None,
        "default_commission_rate": None,
        "credit_limits": [],
        "accounts": [],
        "sales_team": [],
    }


def test_commission_rate_is_taken_from_the_partner_when_omitted(api, refs):
    response = api.post(
        "/customers/",
        json={"customer_name": "Durand", "default_sales_partner": "Partenaire Sud"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["default_commission_rate"] == "12.500"


def test_commission_rate_given_wins_over_the_partner(api, refs):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Durand",
            "default_sales_partner": "Partenaire Sud",
            "default_commission_rate": "0",
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["default_commission_rate"] == "0.000"


def test_minimal_customer_takes_group_and_territory_from_selling_settings(api):
    response = api.post("/customers/", json={"customer_name": "Martin"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["customer_type"], body["customer_group"], body["territory"]) == (
        "Company",
        "Commercial",
        "France",
    )
    assert (body["credit_limits"], body["accounts"], body["sales_team"], body["companies"]) == (
        [],
        [],
        [],
        [],
    )


@pytest.mark.parametrize(
    "team",
    [
        ["33.33", "33.33", "33.34"],
        [33.33, 33.33, 33.34],
        ["0.1", "0.2", "99.7"],
    ],
)
def test_sales_team_of_exactly_100_in_decimal_arithmetic_is_accepted(api, refs, team):
    rows = [
        {"sales_person": person, "allocated_percentage": share}
        for person, share in zip(("Alice", "Bruno", "Chloé"), team, strict=True)
    ]
    response = api.post("/customers/", json={"customer_name": "Durand", "sales_team": rows})
    assert response.status_code == 201, response.text
    assert [r["allocated_percentage"] for r in response.json()["sales_team"]] == [
        f"{float(share):.3f}" for share in team
    ]


def test_sales_team_may_be_in_a_group_subtree_when_the_person_is_a_leaf(api, refs):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Durand",
            "sales_team": [{"sales_person": "Denise", "allocated_percentage": "100"}],
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["sales_team"] == [
        {"sales_person": "Denise", "allocated_percentage": "100.000"}
    ]


def test_internal_customer_lists_the_companies_allowed_to_bill_it(api, refs):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Filiale Lyon (interne)",
            "is_internal_customer": True,
            "represents_company": OTHER_COMPANY,
            "companies": [{"company": COMPANY}],
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["represents_company"], body["companies"]) == (
        OTHER_COMPANY,
        [{"company": COMPANY}],
    )


def test_internal_customer_turned_external_loses_company_and_allowed_companies(api, refs):
    # given an internal customer
    api.post(
        "/customers/",
        json={
            "customer_name": "Filiale Lyon (interne)",
            "is_internal_customer": True,
            "represents_company": OTHER_COMPANY,
            "companies": [{"company": COMPANY}],
        },
    )
    # when
    response = api.patch(f"/customers/{series_code(1)}", json={"is_internal_customer": False})
    # then
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["is_internal_customer"], body["represents_company"], body["companies"]) == (
        False,
        None,
        [],
    )
    # and the company can now have another internal customer
    again = api.post(
        "/customers/",
        json={
            "customer_name": "Lyon interne bis",
            "is_internal_customer": True,
            "represents_company": OTHER_COMPANY,
        },
    )
    assert again.status_code == 201, again.text


def test_name_with_slash_ampersand_and_accent_round_trips_in_urls(api):
    # given
    name = "Dupont & Fils / Ateliers Réunis"
    created = api.post("/customers/", json={"name": name, "customer_name": name})
    assert created.status_code == 201, created.text
    path = f"/customers/{quote(name, safe='')}"
    # when / then
    assert api.get(path).json()["name"] == name
    patched = api.patch(path, json={"customer_details": "é/&"})
    assert (patched.status_code, patched.json()["customer_details"]) == (200, "é/&")
    assert api.get(f"{path}/history").status_code == 200
    assert api.get(f"{path}/defaults", params={"company": COMPANY}).status_code == 200
    renamed = api.post(f"{path}/rename", json={"new_name": "Ça & Là / Nouveau"})
    assert (renamed.status_code, renamed.json()["name"]) == (200, "Ça & Là / Nouveau")
    new_path = f"/customers/{quote('Ça & Là / Nouveau', safe='')}"
    assert api.delete(new_path).status_code == 204
    assert api.get(new_path).status_code == 404


def test_unknown_customer_is_404(api):
    assert api.get("/customers/NOPE").status_code == 404
    assert api.patch("/customers/NOPE", json={"customer_details": "x"}).status_code == 404
    assert api.delete("/customers/NOPE").status_code == 404
    assert api.post("/customers/NOPE/rename", json={"new_name": "B"}).status_code == 404
    assert api.get("/customers/NOPE/history").status_code == 404
    assert api.get("/customers/NOPE/defaults", params={"company": COMPANY}).status_code == 404


def test_create_writes_history_rows_for_each_filled_field(api, refs, admin):
    # when
    api.post("/customers/", json={"customer_name": "Durand", "tax_id": "FR40303265045"})
    # then
    history = api.get(f"/customers/{series_code(1)}/history").json()
    assert [
        (h["action"], h["field"], h["old_value"], h["new_value"], h["user"]) for h in history
    ] == [
        ("create", "name", "", series_code(1), "root"),
        ("create", "customer_name", "", "Durand", "root"),
        ("create", "customer_type", "", "Company", "root"),
        ("create", "tax_id", "", "FR40303265045", "root"),
        ("create", "customer_group", "", "Commercial", "root"),
        ("create", "territory", "", "France", "root"),
    ]


def test_update_writes_one_history_row_per_changed_field(api, refs, sales_api):
    # given
    api.post("/customers/", json={"customer_name": "Durand"})
    before = ChangeLog.objects.count()
    # when
    response = sales_api.patch(
        f"/customers/{series_code(1)}",
        json={
            "customer_name": "Durand SA",
            "territory": "France",
            "credit_limits": [{"company": COMPANY, "credit_limit": "500"}],
            "sales_team": [{"sales_person": "Alice", "allocated_percentage": "100"}],
        },
    )
    # then
    assert response.status_code == 200, response.text
    history = api.get(f"/customers/{series_code(1)}/history").json()
    assert ChangeLog.objects.count() == before + 3
    assert [
        (h["action"], h["field"], h["old_value"], h["new_value"], h["user"]) for h in history[-3:]
    ] == [
        ("update", "customer_name", "Durand", "Durand SA", "sally"),
        (
            "update",
            "credit_limits",
            "[]",
            f'[{{"company": "{COMPANY}", "credit_limit": "500", '
            '"bypass_credit_limit_check": false}]',
            "sally",
        ),
        (
            "update",
            "sales_team",
            "[]",
            '[{"sales_person": "Alice", "allocated_percentage": "100"}]',
            "sally",
        ),
    ]


def test_patch_with_no_change_writes_no_history(api):
    api.post("/customers/", json={"customer_name": "Durand"})
    before = db_state()
    response = api.patch(f"/customers/{series_code(1)}", json={"customer_name": "Durand"})
    assert response.status_code == 200
    assert db_state() == before


def test_other_company_receivable_account_is_accepted_for_its_own_company(api, refs):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Durand",
            "accounts": [
                {"company": COMPANY, "account": RECEIVABLE},
                {"company": OTHER_COMPANY, "account": OTHER_RECEIVABLE},
            ],
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["accounts"] == [
        {"company": COMPANY, "account": RECEIVABLE, "advance_account": None},
        {"company": OTHER_COMPANY, "account": OTHER_RECEIVABLE, "advance_account": None},
    ]


def test_reading_a_full_customer_takes_two_statements_and_no_wide_join(api, refs):
    """One join of every link costs PostgreSQL ~70 ms of planning per read (see selectors):
    each link is read by a subquery, the child rows by one more (a JSON array); the group
    alone is joined (the defaults need its path)."""
    api.post("/customers/", json=_full_form(refs))
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"/customers/{series_code(1)}")
    assert response.status_code == 200
    statements = [q["sql"] for q in queries.captured_queries]
    # the token with its user and roles, then the customer with everything
    assert len(statements) == 2
    customer_row = statements[1]
    assert customer_row.split(") FROM ")[-1].startswith(
        '"customers_customer" t0 LEFT JOIN "selling_customergroup" t1 ON t1."id" = '
        't0."customer_group_id" WHERE'
    )
    assert customer_row.count("(SELECT s.") == len(CUSTOMER.links) - 1
