"""Rules of the master records (``clientele.masters.services``), through the REST API."""

import pytest

from clientele.core.records import record_create, record_update
from clientele.core.tests.helpers import row_counts
from clientele.masters import services as masters
from clientele.masters.models import (
    Account,
    BankAccount,
    Company,
    Currency,
    FiscalYear,
    LoyaltyProgram,
    MonthlyDistribution,
    PaymentTermsTemplate,
    PriceList,
    SalesPerson,
    TaxWithholdingCategory,
)
from clientele.masters.tests.helpers import COMPANY, OTHER, refused, url

# Currencies


def test_unknown_iso_currency_is_refused(api):
    before = row_counts(Currency)

    errors = refused(api.post("/currencies/", json={"name": "XYZ"}))

    assert errors == {"name": ["Unknown currency: use its ISO 4217 code (e.g. EUR)."]}
    assert row_counts(Currency) == before


def test_currency_name_given_is_kept(api):
    response = api.post("/currencies/", json={"name": "NOK", "currency_name": "Couronne"})

    assert response.json()["currency_name"] == "Couronne"


def test_currency_in_use_cannot_be_deleted(api):
    before = row_counts(Currency)

    response = api.delete("/currencies/EUR")

    assert response.status_code == 409
    assert response.json()["errors"] == {"references": ["companies: 1", "price lists: 2"]}
    assert row_counts(Currency) == before


# Companies


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"country": "ZZ"},
            {
                "country": [
                    "Unknown country: use its ISO code (e.g. FR, DE) or its English or French name."
                ]
            },
        ),
        ({"tax_id": "FR123"}, {"tax_id": ["Not a valid VAT number for FR."]}),
        (
            {"credit_limit": "-1"},
            {"credit_limit": ["Ensure this value is greater than or equal to 0."]},
        ),
        (
            {"default_receivable_account": "401000 - Fournisseurs - CD"},
            {
                "default_receivable_account": [
                    "“401000 - Fournisseurs - CD” is not a receivable account."
                ]
            },
        ),
        (
            {"default_receivable_account": "Actif - CD"},
            {
                "default_receivable_account": [
                    "“Actif - CD” is a group account: choose a ledger account."
                ]
            },
        ),
        (
            {"default_advance_received_account": "Passif - CD"},
            {
                "default_advance_received_account": [
                    "“Passif - CD” is a group account: choose a ledger account."
                ]
            },
        ),
    ],
)
def test_company_update_refusals(api, data, errors):
    before = api.get(url("companies", COMPANY)).json()

    assert refused(api.patch(url("companies", COMPANY), json=data)) == errors
    assert api.get(url("companies", COMPANY)).json() == before


def test_company_default_receivable_of_another_company_is_refused(api, other_company):
    before = row_counts(Company)

    created = api.post(
        "/companies/",
        json={
            "name": "Troisième SA",
            "abbr": "TS",
            "default_currency": "EUR",
            "default_receivable_account": "411000 - Clients - CD",
        },
    )
    updated = api.patch(
        url("companies", OTHER), json={"default_receivable_account": "411000 - Clients - CD"}
    )

    message = ["“411000 - Clients - CD” belongs to another company."]
    assert refused(created) == {"default_receivable_account": message}
    assert refused(updated) == {"default_receivable_account": message}
    assert row_counts(Company) == before
    assert Company.objects.get(name=OTHER).default_receivable_account is None


def test_company_abbreviation_is_unique(api):
    before = row_counts(Company)

    response = api.post(
        "/companies/", json={"name": "Autre", "abbr": "CD", "default_currency": "EUR"}
    )

    assert response.status_code == 409
    assert row_counts(Company) == before


def test_disabled_account_cannot_be_a_company_default(api):
    record_update(
        masters.ACCOUNT,
        Account.objects.get(name="419100 - Clients - Avances reçues - CD"),
        {"disabled": True},
        user=None,
    )
    record_create(
        masters.ACCOUNT,
        {
            "name": "411200 - Clients douteux - CD",
            "account_name": "Clients douteux",
            "company": COMPANY,
            "root_type": "Asset",
            "account_type": "Receivable",
            "parent_account": "Actif - CD",
            "disabled": True,
        },
        user=None,
    )

    errors = refused(
        api.patch(
            url("companies", COMPANY),
            json={"default_receivable_account": "411200 - Clients douteux - CD"},
        )
    )

    assert errors == {
        "default_receivable_account": ["Account “411200 - Clients douteux - CD” is disabled."]
    }
    assert Company.objects.get(name=COMPANY).default_receivable_account.name == (
        "411000 - Clients - CD"
    )


# Price lists


def test_price_list_for_neither_selling_nor_buying_is_refused(api):
    before = row_counts(PriceList)

    errors = refused(
        api.post("/price-lists/", json={"name": "Rien", "currency": "EUR", "selling": False})
    )

    assert errors == {"selling": ["A price list is for selling, buying or both."]}
    assert row_counts(PriceList) == before


def test_price_list_in_a_disabled_currency_is_refused(api):
    api.patch("/currencies/JPY", json={"enabled": False})
    before = row_counts(PriceList)

    errors = refused(api.post("/price-lists/", json={"name": "Japon", "currency": "JPY"}))

    assert errors == {"currency": ["Currency “JPY” is disabled."]}
    assert row_counts(PriceList) == before


# Payment terms templates


@pytest.mark.parametrize(
    "portions", [["50", "49.99"], ["100", "0.001"], ["60", "60"]], ids=["99.99", "100.001", "120"]
)
def test_portions_not_totalling_100_are_refused(api, portions):
    before = row_counts(PaymentTermsTemplate)

    response = api.post(
        "/payment-terms-templates/",
        json={"name": "Faux", "terms": [{"invoice_portion": p} for p in portions]},
    )

    assert refused(response) == {"terms": ["The invoice portions must total 100 %."]}
    assert row_counts(PaymentTermsTemplate) == before


@pytest.mark.parametrize("data", [{}, {"terms": []}], ids=["no terms key", "empty terms"])
def test_template_without_terms_is_refused(api, data):
    before = row_counts(PaymentTermsTemplate)

    response = api.post("/payment-terms-templates/", json={"name": "Vide", **data})

    assert refused(response) == {"terms": ["The invoice portions must total 100 %."]}
    assert row_counts(PaymentTermsTemplate) == before


def test_template_terms_cannot_be_emptied_but_are_kept_when_left_out(api):
    emptied = api.patch("/payment-terms-templates/Net%2030", json={"terms": []})
    renamed = api.patch("/payment-terms-templates/Net%2030", json={"name": "30 jours net"})

    assert refused(emptied) == {"terms": ["The invoice portions must total 100 %."]}
    assert renamed.status_code == 200
    assert renamed.json()["terms"] == [
        {
            "description": "30 jours",
            "invoice_portion": "100.000",
            "due_date_based_on": "Day(s) after invoice date",
            "credit_days": 30,
            "credit_months": 0,
        }
    ]


def test_portions_in_thirds_total_exactly_100(api):
    response = api.post(
        "/payment-terms-templates/",
        json={
            "name": "Tiers",
            "terms": [{"invoice_portion": p} for p in ("33.333", "33.333", "33.334")],
        },
    )

    assert response.status_code == 201
    assert [t["invoice_portion"] for t in response.json()["terms"]] == [
        "33.333",
        "33.333",
        "33.334",
    ]


def test_term_row_errors_name_the_row(api):
    response = api.post(
        "/payment-terms-templates/",
        json={
            "name": "Faux",
            "terms": [
                {"invoice_portion": "100"},
                {"invoice_portion": "-5", "due_date_based_on": "Tomorrow"},
            ],
        },
    )

    assert refused(response) == {
        "terms[1].invoice_portion": ["Ensure this value is greater than or equal to 0."],
        "terms[1].due_date_based_on": ["Value 'Tomorrow' is not a valid choice."],
    }


def test_template_in_use_by_a_company_cannot_be_deleted(api):
    response = api.delete("/payment-terms-templates/Net%2030")

    assert refused(response, 409) == {"references": ["companies: 1"]}
    assert PaymentTermsTemplate.objects.filter(name="Net 30").exists()


# Bank accounts


def bank(**data) -> dict:
    return {"name": "Compte", "account_name": "Compte", **data}


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (bank(iban="FR7630006000011234567890188"), {"iban": ["Not a valid IBAN."]}),
        (
            bank(is_company_account=True),
            {"company": ["A company bank account needs its company."]},
        ),
        (
            bank(company=COMPANY, account="Actif - CD"),
            {"account": ["“Actif - CD” is a group account: choose a ledger account."]},
        ),
        (
            bank(company=OTHER, account="512000 - Banque - CD"),
            {"account": ["“512000 - Banque - CD” belongs to another company."]},
        ),
    ],
    ids=["iban", "company account without company", "group ledger", "ledger of another company"],
)
def test_bank_account_refusals(api, other_company, data, errors):
    before = row_counts(BankAccount)

    assert refused(api.post("/bank-accounts/", json=data)) == errors
    assert row_counts(BankAccount) == before


def test_bank_account_of_a_person_needs_no_company(api):
    response = api.post("/bank-accounts/", json=bank(iban="DE89370400440532013000"))

    assert response.status_code == 201
    assert (response.json()["company"], response.json()["is_company_account"]) == (None, False)


# Sales persons


def test_sales_person_under_a_leaf_is_refused(api):
    api.post("/sales-persons/", json={"name": "Élodie"})
    before = row_counts(SalesPerson)

    response = api.post("/sales-persons/", json={"name": "Marc", "parent_sales_person": "Élodie"})

    assert refused(response) == {
        "parent_sales_person": ["“Élodie” is not a group node: only group nodes can have children."]
    }
    assert row_counts(SalesPerson) == before


def test_sales_team_grows_under_a_group_and_moves_with_it(api):
    api.post("/sales-persons/", json={"name": "Équipe Sud", "is_group": True})
    api.post("/sales-persons/", json={"name": "Équipe Nord", "is_group": True})
    api.post("/sales-persons/", json={"name": "Marc", "parent_sales_person": "Équipe Sud"})

    moved = api.post(url("sales-persons", "Marc") + "/move", json={"parent": "Équipe Nord"})

    assert (moved.json()["parent_sales_person"], moved.json()["depth"]) == ("Équipe Nord", 3)
    nord = api.get("/sales-persons/", params={"subtree": "Équipe Nord"}).json()
    assert [p["name"] for p in nord["items"]] == ["Équipe Nord", "Marc"]


def test_disabled_sales_person_cannot_be_a_parent(api):
    api.post(
        "/sales-persons/", json={"name": "Ancienne équipe", "is_group": True, "enabled": False}
    )
    before = row_counts(SalesPerson)

    response = api.post(
        "/sales-persons/", json={"name": "Marc", "parent_sales_person": "Ancienne équipe"}
    )

    assert refused(response) == {
        "parent_sales_person": ["Sales person “Ancienne équipe” is disabled."]
    }
    assert row_counts(SalesPerson) == before


def test_commission_rate_over_100_is_refused(api):
    response = api.post("/sales-partners/", json={"name": "Cher", "commission_rate": "100.5"})

    assert refused(response) == {
        "commission_rate": ["Ensure this value is less than or equal to 100."]
    }


# Loyalty programs, fiscal years, distributions, withholding


def test_loyalty_program_ending_before_it_starts_is_refused(api):
    before = row_counts(LoyaltyProgram)

    response = api.post(
        "/loyalty-programs/",
        json={"name": "Fidélité", "from_date": "2026-06-01", "to_date": "2026-05-31"},
    )

    assert refused(response) == {"to_date": ["The program must end after it starts."]}
    assert row_counts(LoyaltyProgram) == before


@pytest.mark.parametrize("end", ["2027-01-01", "2026-12-31"])
def test_fiscal_year_ending_before_or_when_it_starts_is_refused(api, end):
    before = row_counts(FiscalYear)

    response = api.post(
        "/fiscal-years/",
        json={"name": "2027", "year_start_date": "2027-01-01", "year_end_date": end},
    )

    assert refused(response) == {"year_end_date": ["The year must end after it starts."]}
    assert row_counts(FiscalYear) == before


def test_fiscal_year_cannot_end_before_it_starts_after_an_update(api):
    response = api.patch("/fiscal-years/2026", json={"year_end_date": "2025-12-31"})

    assert refused(response) == {"year_end_date": ["The year must end after it starts."]}
    assert api.get("/fiscal-years/2026").json()["year_end_date"] == "2026-12-31"


@pytest.mark.parametrize(
    ("rows", "errors"),
    [
        (
            [("1", "50"), ("2", "49")],
            {"percentages": ["The monthly percentages must total 100 %."]},
        ),
        (
            [("1", "50"), ("1", "50")],
            {"percentages[1].month": ["Row 1 already has this value."]},
        ),
        (
            [("13", "100")],
            {"percentages[0].month": ["Ensure this value is less than or equal to 12."]},
        ),
        (
            [("0", "100")],
            {"percentages[0].month": ["Ensure this value is greater than or equal to 1."]},
        ),
    ],
    ids=["total", "month twice", "month 13", "month 0"],
)
def test_monthly_distribution_refusals(api, rows, errors):
    before = row_counts(MonthlyDistribution)

    response = api.post(
        "/monthly-distributions/",
        json={
            "name": "Faux",
            "percentages": [{"month": m, "percentage_allocation": p} for m, p in rows],
        },
    )

    assert refused(response) == errors
    assert row_counts(MonthlyDistribution) == before


@pytest.mark.parametrize("data", [{}, {"percentages": []}], ids=["no key", "empty"])
def test_distribution_without_months_is_refused(api, data):
    before = row_counts(MonthlyDistribution)

    response = api.post("/monthly-distributions/", json={"name": "Vide", **data})

    assert refused(response) == {"percentages": ["The monthly percentages must total 100 %."]}
    assert row_counts(MonthlyDistribution) == before


def test_withholding_rate_over_100_is_refused(api):
    before = row_counts(TaxWithholdingCategory)

    response = api.post("/tax-withholding-categories/", json={"name": "RAS", "rate": "101"})

    assert refused(response) == {"rate": ["Ensure this value is less than or equal to 100."]}
    assert row_counts(TaxWithholdingCategory) == before


def test_company_legal_details_are_written_and_read(api):
    legal = {
        "legal_form": "SAS",
        "share_capital": "10000.00",
        "siren": "303 265 045",
        "late_payment_penalty_rate": "12.500",
        "early_payment_discount": "Escompte de 1 % à 8 jours",
    }

    answer = api.patch(url("companies", COMPANY), json=legal)

    assert answer.status_code == 200, answer.text
    read = api.get(url("companies", COMPANY)).json()
    assert {key: read[key] for key in legal} == legal | {"siren": "303265045"}


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"siren": "303265046"}, {"siren": ["Not a valid SIREN number (9 digits)."]}),
        (
            {"late_payment_penalty_rate": "120"},
            {"late_payment_penalty_rate": ["Ensure this value is less than or equal to 100."]},
        ),
        (
            {"share_capital": "-1"},
            {"share_capital": ["Ensure this value is greater than or equal to 0."]},
        ),
    ],
)
def test_company_legal_details_refusals(api, data, errors):
    before = api.get(url("companies", COMPANY)).json()

    assert refused(api.patch(url("companies", COMPANY), json=data)) == errors
    assert api.get(url("companies", COMPANY)).json() == before
