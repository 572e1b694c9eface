"""CRUD over REST for every master record of ``clientele.masters.api.ROUTES`` (SPEC §4)."""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pytest

from clientele.core.history import history_entries
from clientele.core.models import ChangeLog
from clientele.masters.api import ROUTES

COMPANY = "Clientèle Démo SAS"
SPECS = {path: spec for path, spec, *_rest in ROUTES}


@dataclass(frozen=True)
class Resource:
    path: str
    create: dict[str, Any]
    created: dict[str, Any]
    patch: dict[str, Any]
    patched: dict[str, Any]
    wrong_type: dict[str, Any]
    wrong_field: str
    bad_link: tuple[str, str, str] | None = None  # field, value, message
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.created["name"]

    @property
    def url(self) -> str:
        return f"/{self.path}/{quote(self.name, safe='')}"

    def __str__(self) -> str:
        return self.path


def tree(parent_input: str, parent: str | None, depth: int = 2) -> dict[str, Any]:
    return {parent_input: parent, "depth": depth, "children_count": 0}


RESOURCES = [
    Resource(
        "companies",
        create={
            "name": "Durand & Fils / Lyon",
            "abbr": "DFL",
            "country": "fr",
            "tax_id": "fr 40 303 265 045",
            "default_currency": "EUR",
            "credit_limit": "15000",
            "payment_terms": "Net 30",
        },
        created={
            "name": "Durand & Fils / Lyon",
            "abbr": "DFL",
            "country": "FR",
            "tax_id": "FR40303265045",
            "credit_limit": "15000.00",
            "role_allowed_for_frozen_entries": "",
            "legal_form": "",
            "share_capital": None,
            "siren": "",
            "late_payment_penalty_rate": None,
            "early_payment_discount": "",
            "default_currency": "EUR",
            "default_receivable_account": None,
            "default_advance_received_account": None,
            "exchange_gain_account": None,
            "exchange_loss_account": None,
            "payment_terms": "Net 30",
        },
        patch={"credit_limit": "20000.5", "default_currency": "USD"},
        patched={"credit_limit": "20000.50", "default_currency": "USD"},
        wrong_type={"credit_limit": "beaucoup"},
        wrong_field="credit_limit",
        bad_link=("default_currency", "XXX", "No currency named “XXX”."),
    ),
    Resource(
        "currencies",
        create={"name": "sek", "symbol": "kr"},
        created={"name": "SEK", "currency_name": "Swedish Krona", "symbol": "kr", "enabled": True},
        patch={"enabled": False},
        patched={"enabled": False},
        wrong_type={"enabled": "peut-être"},
        wrong_field="enabled",
    ),
    Resource(
        "price-lists",
        create={"name": "Tarif Export / USD", "currency": "USD"},
        created={
            "name": "Tarif Export / USD",
            "selling": True,
            "buying": False,
            "enabled": True,
            "currency": "USD",
        },
        patch={"currency": "GBP", "buying": True},
        patched={"currency": "GBP", "buying": True},
        wrong_type={"selling": [1]},
        wrong_field="selling",
        bad_link=("currency", "XXX", "No currency named “XXX”."),
    ),
    Resource(
        "payment-terms-templates",
        create={
            "name": "30 % / 70 %",
            "terms": [
                {"description": "Acompte", "invoice_portion": "30"},
                {
                    "description": "Solde",
                    "invoice_portion": "70",
                    "due_date_based_on": "Day(s) after the end of the invoice month",
                    "credit_days": 30,
                },
            ],
        },
        created={
            "name": "30 % / 70 %",
            "terms": [
                {
                    "description": "Acompte",
                    "invoice_portion": "30.000",
                    "due_date_based_on": "Day(s) after invoice date",
                    "credit_days": 0,
                    "credit_months": 0,
                },
                {
                    "description": "Solde",
                    "invoice_portion": "70.000",
                    "due_date_based_on": "Day(s) after the end of the invoice month",
                    "credit_days": 30,
                    "credit_months": 0,
                },
            ],
        },
        patch={
            "terms": [
                {
                    "invoice_portion": "100",
                    "due_date_based_on": "Month(s) after the end of the invoice month",
                    "credit_months": 1,
                }
            ]
        },
        patched={
            "terms": [
                {
                    "description": "",
                    "invoice_portion": "100.000",
                    "due_date_based_on": "Month(s) after the end of the invoice month",
                    "credit_days": 0,
                    "credit_months": 1,
                }
            ]
        },
        wrong_type={"terms": [{"invoice_portion": "moitié"}]},
        wrong_field="terms[0].invoice_portion",
    ),
    Resource(
        "accounts",
        create={
            "name": "411100 - Clients export - CD",
            "account_name": "Clients export",
            "account_number": "411100",
            "company": COMPANY,
            "root_type": "Asset",
            "account_type": "Receivable",
            "parent_account": "Actif - CD",
        },
        created={
            "name": "411100 - Clients export - CD",
            "account_name": "Clients export",
            "account_number": "411100",
            "root_type": "Asset",
            "account_type": "Receivable",
            "is_group": False,
            "disabled": False,
            "company": COMPANY,
            "account_currency": None,
            "label": "411100 - Clients export - CD",
            **tree("parent_account", "Actif - CD"),
        },
        patch={"account_currency": "USD", "account_name": "Clients export (USD)"},
        patched={"account_currency": "USD", "account_name": "Clients export (USD)"},
        wrong_type={"is_group": "sometimes"},
        wrong_field="is_group",
        bad_link=("company", "Nulle Part", "No company named “Nulle Part”."),
    ),
    Resource(
        "bank-accounts",
        create={
            "name": "BNP Lyon",
            "account_name": "Compte courant",
            "bank": "BNP Paribas",
            "iban": "fr76 3000 6000 0112 3456 7890 189",
            "company": COMPANY,
            "is_company_account": True,
            "account": "512000 - Banque - CD",
        },
        created={
            "name": "BNP Lyon",
            "account_name": "Compte courant",
            "bank": "BNP Paribas",
            "iban": "FR7630006000011234567890189",
            "is_company_account": True,
            "disabled": False,
            "company": COMPANY,
            "account": "512000 - Banque - CD",
        },
        patch={"iban": "DE89 3704 0044 0532 0130 00"},
        patched={"iban": "DE89370400440532013000"},
        wrong_type={"is_company_account": {"yes": 1}},
        wrong_field="is_company_account",
        bad_link=("account", "512999", "No account named “512999”."),
    ),
    Resource(
        "sales-persons",
        create={"name": "Élodie Martin", "commission_rate": "2.5", "department": "Ventes"},
        created={
            "name": "Élodie Martin",
            "is_group": False,
            "enabled": True,
            "commission_rate": "2.500",
            "employee": "",
            "department": "Ventes",
            "label": "Élodie Martin",
            **tree("parent_sales_person", "Sales Team"),
        },
        patch={"commission_rate": "3", "employee": "EMP-0001"},
        patched={"commission_rate": "3.000", "employee": "EMP-0001"},
        wrong_type={"commission_rate": "trois"},
        wrong_field="commission_rate",
        bad_link=("parent_sales_person", "Personne", "No sales person named “Personne”."),
    ),
    Resource(
        "sales-partners",
        create={"name": "Apporteur & Cie", "commission_rate": "5"},
        created={"name": "Apporteur & Cie", "commission_rate": "5.000", "enabled": True},
        patch={"enabled": False},
        patched={"enabled": False},
        wrong_type={"commission_rate": []},
        wrong_field="commission_rate",
    ),
    Resource(
        "loyalty-programs",
        create={
            "name": "Fidélité 2026",
            "company": COMPANY,
            "from_date": "2026-01-01",
            "to_date": "2026-12-31",
            "conversion_factor": "0.5",
        },
        created={
            "name": "Fidélité 2026",
            "from_date": "2026-01-01",
            "to_date": "2026-12-31",
            "conversion_factor": "0.5000",
            "enabled": True,
            "company": COMPANY,
        },
        patch={"to_date": "2027-06-30"},
        patched={"to_date": "2027-06-30"},
        wrong_type={"from_date": "demain"},
        wrong_field="from_date",
        bad_link=("company", "Nulle Part", "No company named “Nulle Part”."),
    ),
    Resource(
        "tax-categories",
        create={"name": "Autoliquidation"},
        created={"name": "Autoliquidation", "disabled": False},
        patch={"disabled": True},
        patched={"disabled": True},
        wrong_type={"disabled": "oui?"},
        wrong_field="disabled",
    ),
    Resource(
        "tax-withholding-categories",
        create={"name": "RAS 15 %", "rate": "15"},
        created={"name": "RAS 15 %", "rate": "15.000"},
        patch={"rate": "12.5"},
        patched={"rate": "12.500"},
        wrong_type={"rate": "quinze"},
        wrong_field="rate",
    ),
    Resource(
        "industries",
        create={"name": "Énergie"},
        created={"name": "Énergie"},
        patch={"name": "Énergie & Eau"},
        patched={"name": "Énergie & Eau"},
        wrong_type={"name": 12},
        wrong_field="name",
    ),
    Resource(
        "market-segments",
        create={"name": "ETI"},
        created={"name": "ETI"},
        patch={"name": "ETI / PME"},
        patched={"name": "ETI / PME"},
        wrong_type={"name": ["ETI"]},
        wrong_field="name",
    ),
    Resource(
        "item-groups",
        create={"name": "Pièces détachées", "is_group": True},
        created={
            "name": "Pièces détachées",
            "is_group": True,
            "label": "Pièces détachées",
            **tree("parent_item_group", "All Item Groups"),
        },
        patch={"is_group": False},
        patched={"is_group": False},
        wrong_type={"is_group": "maybe"},
        wrong_field="is_group",
        bad_link=("parent_item_group", "Rien", "No item group named “Rien”."),
    ),
    Resource(
        "fiscal-years",
        create={"name": "2027", "year_start_date": "2027-01-01", "year_end_date": "2027-12-31"},
        created={"name": "2027", "year_start_date": "2027-01-01", "year_end_date": "2027-12-31"},
        patch={"year_end_date": "2028-03-31"},
        patched={"year_end_date": "2028-03-31"},
        wrong_type={"year_start_date": "1er janvier"},
        wrong_field="year_start_date",
    ),
    Resource(
        "monthly-distributions",
        create={
            "name": "Été / Hiver",
            "fiscal_year": "2026",
            "percentages": [
                {"month": 6, "percentage_allocation": "50"},
                {"month": 12, "percentage_allocation": "50"},
            ],
        },
        created={
            "name": "Été / Hiver",
            "fiscal_year": "2026",
            "percentages": [
                {"month": 6, "percentage_allocation": "50.000"},
                {"month": 12, "percentage_allocation": "50.000"},
            ],
        },
        patch={"percentages": [{"month": 1, "percentage_allocation": "100"}]},
        patched={"percentages": [{"month": 1, "percentage_allocation": "100.000"}]},
        wrong_type={"percentages": [{"month": "janvier", "percentage_allocation": "100"}]},
        wrong_field="percentages[0].month",
        bad_link=("fiscal_year", "1999", "No fiscal year named “1999”."),
    ),
]
BY_PATH = {resource.path: resource for resource in RESOURCES}


def model_of(resource: Resource):
    return SPECS[resource.path].model


def entity_of(resource: Resource) -> str:
    return SPECS[resource.path].entity


def snapshot(resource: Resource) -> tuple[int, int]:
    return model_of(resource)._default_manager.count(), ChangeLog.objects.count()


def test_every_route_is_covered():
    assert {path for path, *_ in ROUTES} == set(BY_PATH)


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_create_read_list_update_delete(api, resource):
    # create
    response = api.post(f"/{resource.path}/", json=resource.create)
    assert (response.status_code, response.json()) == (201, resource.created)
    # read, by the percent-encoded code
    assert api.get(resource.url).json() == resource.created
    # list
    page = api.get(f"/{resource.path}/", params={"limit": 500}).json()
    assert page["count"] == model_of(resource)._default_manager.count()
    assert resource.created in page["items"]
    # partial update: only the given keys change
    response = api.patch(resource.url, json=resource.patch)
    updated = {**resource.created, **resource.patched}
    assert (response.status_code, response.json()) == (200, updated)
    url = f"/{resource.path}/{quote(updated['name'], safe='')}"
    assert api.get(url).json() == updated
    # history: who created and changed what
    rows = ChangeLog.objects.filter(entity=entity_of(resource), record_name=updated["name"])
    logged = history_entries(rows.select_related("user").order_by("id"))
    assert {row.action for row in logged} == {"update"} | (
        {"create"} if updated["name"] == resource.name else set()
    )
    assert {row.user.username for row in logged} == {"root"}
    assert {row.field for row in logged if row.action == "update"} == set(resource.patch)
    # delete
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert rows.filter(action="delete").count() == 1


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_duplicate_code_is_a_conflict(api, resource):
    assert api.post(f"/{resource.path}/", json=resource.create).status_code == 201
    before = snapshot(resource)

    response = api.post(f"/{resource.path}/", json=resource.create)

    assert response.status_code == 409
    assert response.json()["errors"] == {"name": ["This code is taken."]}
    assert snapshot(resource) == before


@pytest.mark.parametrize("resource", [r for r in RESOURCES if r.bad_link], ids=str)
def test_unknown_link_is_refused_naming_the_field(api, resource):
    link, value, message = resource.bad_link
    before = snapshot(resource)

    response = api.post(f"/{resource.path}/", json={**resource.create, link: value})

    assert (response.status_code, response.json()["errors"]) == (422, {link: [message]})
    assert snapshot(resource) == before


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_unknown_json_field_is_refused(api, resource):
    before = snapshot(resource)

    response = api.post(f"/{resource.path}/", json={**resource.create, "colour": "blue"})

    assert (response.status_code, response.json()) == (
        422,
        {"detail": "Invalid input.", "errors": {"colour": ["Extra inputs are not permitted"]}},
    )
    assert snapshot(resource) == before


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_wrong_type_is_refused_naming_the_field(api, resource):
    before = snapshot(resource)

    response = api.post(f"/{resource.path}/", json={**resource.create, **resource.wrong_type})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [resource.wrong_field]
    assert snapshot(resource) == before


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_update_with_unknown_field_changes_nothing(api, resource):
    api.post(f"/{resource.path}/", json=resource.create)
    before = snapshot(resource)

    response = api.patch(resource.url, json={**resource.patch, "colour": "blue"})

    assert response.status_code == 422
    assert api.get(resource.url).json() == resource.created
    assert snapshot(resource) == before


@pytest.mark.parametrize("resource", RESOURCES, ids=str)
def test_a_user_without_role_cannot_create(reader_api, resource):
    before = snapshot(resource)

    response = reader_api.post(f"/{resource.path}/", json=resource.create)

    assert response.status_code == 403
    assert snapshot(resource) == before


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("companies", False),
        ("currencies", False),
        ("accounts", False),
        ("tax-categories", False),
        ("fiscal-years", False),
        ("price-lists", True),
        ("sales-persons", True),
        ("item-groups", True),
        ("monthly-distributions", True),
    ],
)
def test_sales_master_manager_writes_sales_masters_not_accounting_ones(manager_api, path, allowed):
    resource = BY_PATH[path]
    before = snapshot(resource)

    response = manager_api.post(f"/{path}/", json=resource.create)

    assert response.status_code == (201 if allowed else 403)
    if not allowed:
        assert snapshot(resource) == before


@pytest.mark.parametrize(
    ("created_name", "kept"),
    [(None, "Norwegian Krone"), ("Couronne maison", "Couronne maison")],
)
def test_a_currency_code_change_renames_it_unless_its_name_was_written(api, created_name, kept):
    # given SEK, named by ISO or by the user
    data = {"name": "SEK"} | ({"currency_name": created_name} if created_name else {})
    assert api.post("/currencies/", json=data).status_code == 201
    # when its code changes
    patched = api.patch("/currencies/SEK", json={"name": "NOK"})
    # then an ISO name follows the code, a written one stays
    assert (patched.status_code, patched.json()["currency_name"]) == (200, kept)
