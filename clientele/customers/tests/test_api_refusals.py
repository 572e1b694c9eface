"""Refused customer writes: a field error naming the field, and nothing written (SPEC §4)."""

import pytest

from clientele.customers.tests.builders import (
    ADVANCE,
    ASSETS_GROUP,
    COMPANY,
    OTHER_COMPANY,
    OTHER_RECEIVABLE,
    PAYABLE,
    RECEIVABLE,
    db_state,
    series_code,
)


def _team(*rows):
    return [{"sales_person": person, "allocated_percentage": share} for person, share in rows]


# (extra fields on top of a valid minimal customer, field path refused, text in the message)
REFUSED_BY_THE_DOMAIN = [
    ({"tax_withholding_category": "TDS 999"}, "tax_withholding_category", "TDS 999"),
    ({"default_bank_account": "Compte de Dupont"}, "default_bank_account", "Compte de Dupont"),
    ({"default_bank_account": "Banque Fantôme"}, "default_bank_account", "Banque Fantôme"),
    ({"lead_name": "CRM-LEAD-0000-99999"}, "lead_name", "CRM-LEAD-0000-99999"),
    ({"account_manager": "personne"}, "account_manager", "personne"),
    ({"account_manager": "parti"}, "account_manager", "parti"),
    ({"customer_group": "All Customer Groups"}, "customer_group", "All Customer Groups"),
    ({"customer_group": "Groupe Fantôme"}, "customer_group", "Groupe Fantôme"),
    ({"territory": "All Territories"}, "territory", "All Territories"),
    ({"territory": "Atlantide"}, "territory", "Atlantide"),
    ({"tax_category": "Ancienne catégorie"}, "tax_category", "Ancienne catégorie"),
    ({"tax_category": "Zéro"}, "tax_category", "Zéro"),
    ({"default_currency": "SEK"}, "default_currency", "SEK"),
    ({"default_currency": "XXX"}, "default_currency", "XXX"),
    ({"default_price_list": "Standard Buying"}, "default_price_list", "Standard Buying"),
    ({"default_price_list": "Tarif 2019"}, "default_price_list", "Tarif 2019"),
    ({"default_price_list": "Tarif Fantôme"}, "default_price_list", "Tarif Fantôme"),
    ({"payment_terms": "Net 90"}, "payment_terms", "Net 90"),
    ({"market_segment": "Martiens"}, "market_segment", "Martiens"),
    ({"industry": "Alchimie"}, "industry", "Alchimie"),
    ({"loyalty_program": "Fidélité Close"}, "loyalty_program", "Fidélité Close"),
    ({"loyalty_program": "Fidélité Fantôme"}, "loyalty_program", "Fidélité Fantôme"),
    ({"default_sales_partner": "Partenaire Parti"}, "default_sales_partner", "Partenaire Parti"),
    ({"default_sales_partner": "Inconnu"}, "default_sales_partner", "Inconnu"),
    (
        {"is_internal_customer": True, "represents_company": "Fantôme SA"},
        "represents_company",
        "Fantôme SA",
    ),
    ({"is_internal_customer": True}, "represents_company", ""),
    ({"companies": [{"company": COMPANY}]}, "companies", ""),
    (
        {
            "is_internal_customer": True,
            "represents_company": OTHER_COMPANY,
            "companies": [{"company": COMPANY}, {"company": COMPANY}],
        },
        "companies[1].company",
        "1",
    ),
    ({"accounts": [{"company": COMPANY, "account": PAYABLE}]}, "accounts[0].account", PAYABLE),
    (
        {"accounts": [{"company": COMPANY, "account": ASSETS_GROUP}]},
        "accounts[0].account",
        ASSETS_GROUP,
    ),
    (
        {"accounts": [{"company": COMPANY, "account": OTHER_RECEIVABLE}]},
        "accounts[0].account",
        OTHER_RECEIVABLE,
    ),
    (
        {
            "accounts": [
                {"company": COMPANY, "account": RECEIVABLE, "advance_account": ASSETS_GROUP}
            ]
        },
        "accounts[0].advance_account",
        ASSETS_GROUP,
    ),
    (
        {"accounts": [{"company": "Fantôme SA", "account": RECEIVABLE}]},
        "accounts[0].company",
        "Fantôme SA",
    ),
    ({"accounts": [{"company": COMPANY}]}, "accounts[0].account", ""),
    (
        {
            "accounts": [
                {"company": COMPANY, "account": RECEIVABLE},
                {"company": COMPANY, "account": ADVANCE},
            ]
        },
        "accounts[1].company",
        "1",
    ),
    (
        {"credit_limits": [{"company": COMPANY, "credit_limit": "-0.01"}]},
        "credit_limits[0].credit_limit",
        "0",
    ),
    (
        {
            "credit_limits": [
                {"company": COMPANY, "credit_limit": "100"},
                {"company": COMPANY, "credit_limit": "200"},
            ]
        },
        "credit_limits[1].company",
        "1",
    ),
    ({"credit_limits": [{"credit_limit": "100"}]}, "credit_limits[0].company", ""),
    ({"credit_limits": [{"company": COMPANY}]}, "credit_limits[0].credit_limit", ""),
    ({"sales_team": _team(("Alice", "50"), ("Bruno", "49"))}, "sales_team", "100"),
    (
        {"sales_team": _team(("Alice", "33.333"), ("Bruno", "33.333"), ("Chloé", "33.333"))},
        "sales_team",
        "100",
    ),
    ({"sales_team": _team(("Alice", "100.001"))}, "sales_team[0].allocated_percentage", "100"),
    ({"sales_team": _team(("Équipe Nord", "100"))}, "sales_team[0].sales_person", "Équipe Nord"),
    ({"sales_team": _team(("Sales Team", "100"))}, "sales_team[0].sales_person", "Sales Team"),
    (
        {"sales_team": _team(("Ancien Vendeur", "100"))},
        "sales_team[0].sales_person",
        "Ancien Vendeur",
    ),
    ({"sales_team": _team(("Zoé", "100"))}, "sales_team[0].sales_person", "Zoé"),
    (
        {"sales_team": _team(("Alice", "50"), ("Alice", "50"))},
        "sales_team[1].sales_person",
        "1",
    ),
    ({"pan": "ABC123"}, "pan", "PAN"),
    ({"tax_id": "FR123"}, "tax_id", "FR"),
    ({"tax_id": "FR41303265045"}, "tax_id", "FR"),
    ({"tax_id": "732829321"}, "tax_id", "SIREN"),
    ({"tax_id": "n'importe quoi"}, "tax_id", ""),
    ({"language": "zz"}, "language", ""),
    ({"website": "pas une adresse"}, "website", ""),
    ({"customer_type": "Alien"}, "customer_type", "Alien"),
    ({"customer_name": ""}, "customer_name", ""),
    ({"customer_name": "   "}, "customer_name", ""),
    ({"default_commission_rate": "100.5"}, "default_commission_rate", "100"),
    ({"default_commission_rate": "-1"}, "default_commission_rate", "0"),
    ({"default_commission_rate": "1.2345"}, "default_commission_rate", "3"),
    ({"naming_series": "NOPE-.####"}, "naming_series", "NOPE-.####"),
]


@pytest.mark.parametrize(("extra", "field", "text"), REFUSED_BY_THE_DOMAIN)
def test_create_refused_with_a_field_error_and_nothing_written(api, refs, extra, field, text):
    # given
    before = db_state()
    # when
    response = api.post("/customers/", json={"customer_name": "Durand", **extra})
    # then
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert len(errors[field]) == 1 and text in errors[field][0]
    assert db_state() == before


# Refused by the request schema before any service runs.
REFUSED_BY_THE_SCHEMA = [
    ({"bogus": 1}, "bogus"),
    ({"customer_name": 12}, "customer_name"),
    ({"disabled": "maybe"}, "disabled"),
    ({"is_frozen": []}, "is_frozen"),
    ({"default_commission_rate": "beaucoup"}, "default_commission_rate"),
    ({"customer_group": ["Commercial"]}, "customer_group"),
    ({"credit_limits": "abc"}, "credit_limits"),
    (
        {"credit_limits": [{"company": COMPANY, "credit_limit": "x"}]},
        "credit_limits[0].credit_limit",
    ),
    ({"credit_limits": [{"company": COMPANY, "limit": "1"}]}, "credit_limits[0].limit"),
    ({"sales_team": [{"sales_person": "Alice", "share": "100"}]}, "sales_team[0].share"),
    ({"created_at": "2020-01-01T00:00:00Z"}, "created_at"),
    ({"email_id": "a@b.fr"}, "email_id"),
]


@pytest.mark.parametrize(("extra", "field"), REFUSED_BY_THE_SCHEMA)
def test_wrong_types_and_unknown_fields_are_422_naming_the_field(api, refs, extra, field):
    before = db_state()
    response = api.post("/customers/", json={"customer_name": "Durand", **extra})
    assert response.status_code == 422, response.text
    assert list(response.json()["errors"]) == [field]
    assert db_state() == before


def test_all_bad_fields_are_reported_at_once(api, refs):
    before = db_state()
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Durand",
            "pan": "ABC",
            "tax_id": "FR123",
            "customer_group": "All Customer Groups",
            "credit_limits": [{"company": COMPANY, "credit_limit": "-5"}],
            "accounts": [{"company": COMPANY, "account": PAYABLE}],
        },
    )
    assert response.status_code == 422
    assert sorted(response.json()["errors"]) == [
        "accounts[0].account",
        "credit_limits[0].credit_limit",
        "customer_group",
        "pan",
        "tax_id",
    ]
    assert db_state() == before


def test_body_that_is_not_json_is_refused(api):
    before = db_state()
    response = api.post(
        "/customers/", content=b"customer_name=Durand", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code in (400, 422)
    assert db_state() == before


def test_second_internal_customer_for_a_company_is_refused(api, refs):
    # given
    first = api.post(
        "/customers/",
        json={
            "customer_name": "Lyon interne",
            "is_internal_customer": True,
            "represents_company": OTHER_COMPANY,
        },
    )
    assert first.status_code == 201
    before = db_state()
    # when
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Lyon interne bis",
            "is_internal_customer": True,
            "represents_company": OTHER_COMPANY,
        },
    )
    # then
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == ["represents_company"]
    assert OTHER_COMPANY in errors["represents_company"][0]
    assert db_state() == before


def test_second_internal_customer_by_patch_is_refused(api, refs):
    api.post(
        "/customers/",
        json={
            "customer_name": "Lyon interne",
            "is_internal_customer": True,
            "represents_company": OTHER_COMPANY,
        },
    )
    api.post("/customers/", json={"customer_name": "Autre"})
    before, other = db_state(), api.get(f"/customers/{series_code(2)}").json()
    response = api.patch(
        f"/customers/{series_code(2)}",
        json={"is_internal_customer": True, "represents_company": OTHER_COMPANY},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["represents_company"]
    assert db_state() == before
    assert api.get(f"/customers/{series_code(2)}").json() == other


def test_represents_company_of_an_external_customer_is_dropped(api, refs):
    response = api.post(
        "/customers/", json={"customer_name": "Durand", "represents_company": OTHER_COMPANY}
    )
    assert response.status_code == 201, response.text
    assert response.json()["represents_company"] is None


PATCH_REFUSALS = [
    ({"customer_group": "All Customer Groups"}, "customer_group"),
    ({"territory": "All Territories"}, "territory"),
    ({"default_price_list": "Standard Buying"}, "default_price_list"),
    ({"default_bank_account": "Compte de Dupont"}, "default_bank_account"),
    ({"accounts": [{"company": COMPANY, "account": PAYABLE}]}, "accounts[0].account"),
    (
        {"credit_limits": [{"company": COMPANY, "credit_limit": "-1"}]},
        "credit_limits[0].credit_limit",
    ),
    ({"sales_team": _team(("Alice", "50"), ("Bruno", "49"))}, "sales_team"),
    ({"customer_name": None}, "customer_name"),
    ({"tax_id": "FR123"}, "tax_id"),
    ({"pan": "nope"}, "pan"),
    ({"name": "AUTRE-CODE"}, "name"),
    ({"naming_series": "CUST-.YYYY.-.#####"}, "naming_series"),
    ({"lead_name": "CRM-LEAD-0000-99999"}, "lead_name"),
]


@pytest.mark.parametrize(("changes", "field"), PATCH_REFUSALS)
def test_patch_refused_leaves_the_customer_unchanged(api, refs, changes, field):
    # given a customer with child rows
    api.post(
        "/customers/",
        json={
            "customer_name": "Durand",
            "credit_limits": [{"company": COMPANY, "credit_limit": "1000"}],
            "accounts": [{"company": COMPANY, "account": RECEIVABLE}],
            "sales_team": _team(("Alice", "100")),
            "tax_id": "FR40303265045",
        },
    )
    before, customer = db_state(), api.get(f"/customers/{series_code(1)}").json()
    # when
    response = api.patch(f"/customers/{series_code(1)}", json=changes)
    # then
    assert response.status_code == 422, response.text
    assert list(response.json()["errors"]) == [field]
    assert db_state() == before
    assert api.get(f"/customers/{series_code(1)}").json() == customer


def test_identifiers_are_normalised(api):
    response = api.post(
        "/customers/",
        json={"customer_name": "Durand", "pan": "abcpe1234f", "tax_id": "fr40 303.265-045"},
    )
    assert response.status_code == 201, response.text
    assert (response.json()["pan"], response.json()["tax_id"]) == ("ABCPE1234F", "FR40303265045")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("732 829 320", "732829320"),
        ("732 829 320 00074", "73282932000074"),
        ("DE 136 695 976", "DE136695976"),
        ("BE0403019261", "BE0403019261"),
    ],
)
def test_siren_siret_and_foreign_vat_numbers_are_accepted(api, typed, stored):
    response = api.post("/customers/", json={"customer_name": "Durand", "tax_id": typed})
    assert response.status_code == 201, response.text
    assert response.json()["tax_id"] == stored
