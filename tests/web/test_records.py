"""The master records' screens (/records/<kind>/): list, form with child rows, delete."""

from decimal import Decimal

import pytest

from clientele.core.records import record_create
from clientele.customers.services import customer_create
from clientele.masters import services as masters
from clientele.masters.models import (
    Company,
    MonthlyDistribution,
    PaymentTerm,
    PaymentTermsTemplate,
    PriceList,
)
from clientele.web.records import KINDS
from tests.web.settings_helpers import formset, queries_of, signed_in

pytestmark = pytest.mark.django_db


def _templates(count: int, start: int = 0) -> None:
    for number in range(start, start + count):
        record_create(
            masters.PAYMENT_TERMS_TEMPLATE,
            {"name": f"Terme {number:02d}", "terms": [{"invoice_portion": "100"}]},
            user=None,
        )


def _term_rows(*rows: dict) -> dict[str, str]:
    return formset("terms", list(rows))


# --- list ----------------------------------------------------------------------------


def test_the_list_shows_each_record_with_its_columns_and_the_count(client, reader):
    signed_in(client, reader)

    page = client.get("/records/price-lists/").content.decode()

    assert "2 records" in page
    assert '<a href="/records/price-lists/Standard%20Selling/">Standard Selling</a>' in page
    assert '<th scope="col">Currency</th>' in page
    # a reader gets no button to add one
    assert "+ Add Price list" not in page


def test_the_list_searches_by_code_and_pages_by_twenty(client, reader):
    _templates(25)
    signed_in(client, reader)

    searched = client.get("/records/payment-terms-templates/?q=ERME 0").content.decode()
    second = client.get("/records/payment-terms-templates/?page=2").content.decode()

    assert "10 records" in searched  # Terme 00 … 09
    assert "26 records" in second  # and the seeded Net 30, first
    assert "Terme 18<" not in second and "Terme 19<" in second and "Terme 24<" in second
    assert "Page 2 of 2" in second and 'rel="prev"' in second and 'rel="next"' not in second


def test_an_htmx_search_answers_the_results_only(client, reader):
    signed_in(client, reader)

    answer = client.get("/records/price-lists/?q=buy", HTTP_HX_REQUEST="true").content.decode()

    assert "<html" not in answer and "1 record" in answer and "Standard Buying" in answer


@pytest.mark.parametrize("kind", ["payment-terms-templates", "price-lists", "companies"])
def test_a_list_costs_the_same_queries_for_2_and_20_records(client, reader, kind):
    signed_in(client, reader)
    _templates(2)
    for number in range(2):
        record_create(masters.PRICE_LIST, {"name": f"Tarif {number}", "currency": "EUR"}, user=None)
    few = queries_of(client, f"/records/{kind}/")

    _templates(18, start=2)
    for number in range(2, 20):
        record_create(masters.PRICE_LIST, {"name": f"Tarif {number}", "currency": "EUR"}, user=None)

    assert queries_of(client, f"/records/{kind}/") == few <= 8


def test_every_kind_of_record_has_its_list_and_its_form(client, admin):
    signed_in(client, admin)
    for kind in (
        "companies",
        "currencies",
        "price-lists",
        "payment-terms-templates",
        "bank-accounts",
        "sales-partners",
        "loyalty-programs",
        "tax-categories",
        "tax-withholding-categories",
        "industries",
        "market-segments",
        "fiscal-years",
        "monthly-distributions",
    ):
        assert client.get(f"/records/{kind}/").status_code == 200, kind
        assert client.get(f"/records/{kind}/new/").status_code == 200, kind


def test_trees_and_unknown_kinds_are_not_records_here(client, admin):
    signed_in(client, admin)
    assert client.get("/records/accounts/").status_code == 404
    assert client.get("/records/customer-groups/").status_code == 404
    assert client.get("/records/nothing/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client):
    answer = client.get("/records/price-lists/")
    assert answer.status_code == 302 and answer["Location"].startswith("/login/")


# --- create and edit -----------------------------------------------------------------


def test_a_price_list_is_created_with_exactly_what_was_typed(client, master_manager):
    signed_in(client, master_manager)

    answer = client.post(
        "/records/price-lists/new/",
        {"name": "Tarif PME", "currency": "EUR", "selling": "on", "enabled": "on"},
    )

    assert answer.status_code == 302 and answer["Location"] == "/records/price-lists/"
    stored = PriceList.objects.get(name="Tarif PME")
    assert (stored.currency.name, stored.selling, stored.buying, stored.enabled) == (
        "EUR",
        True,
        False,
        True,
    )


def test_a_payment_terms_template_is_created_with_its_two_rows(client, admin):
    signed_in(client, admin)

    answer = client.post(
        "/records/payment-terms-templates/new/",
        {
            "name": "30 % à la commande, solde à 30 jours",
            **_term_rows(
                {
                    "description": "Acompte",
                    "invoice_portion": "30",
                    "due_date_based_on": "Day(s) after invoice date",
                    "credit_days": "0",
                    "credit_months": "0",
                },
                {
                    "description": "Solde",
                    "invoice_portion": "70",
                    "due_date_based_on": "Day(s) after the end of the invoice month",
                    "credit_days": "30",
                    "credit_months": "0",
                },
            ),
        },
    )

    assert answer.status_code == 302
    template = PaymentTermsTemplate.objects.get(name="30 % à la commande, solde à 30 jours")
    rows = list(
        template.terms.values_list("idx", "description", "invoice_portion", "due_date_based_on")
    )
    assert rows == [
        (1, "Acompte", Decimal("30.000"), "Day(s) after invoice date"),
        (2, "Solde", Decimal("70.000"), "Day(s) after the end of the invoice month"),
    ]
    assert list(template.terms.values_list("credit_days", flat=True)) == [0, 30]


def test_a_blank_row_is_left_out_and_a_removed_row_is_deleted(client, admin):
    signed_in(client, admin)
    template = PaymentTermsTemplate.objects.get(name="Net 30")
    row = {"invoice_portion": "100", "due_date_based_on": "Day(s) after invoice date"}

    answer = client.post(
        "/records/payment-terms-templates/Net 30/",
        {
            "name": "Net 30",
            **formset(
                "terms",
                [
                    {**row, "description": "ancienne", "credit_days": "30", "DELETE": "on"},
                    {**row, "description": "45 jours", "credit_days": "45", "credit_months": "0"},
                    {
                        "credit_days": "0",
                        "credit_months": "0",
                        "due_date_based_on": "Day(s) after invoice date",
                    },
                ],
                initial=1,
            ),
        },
    )

    assert answer.status_code == 302
    assert list(template.terms.values_list("description", "credit_days")) == [("45 jours", 45)]


def test_portions_not_totalling_100_are_refused_above_the_table_and_nothing_is_written(
    client, admin
):
    signed_in(client, admin)
    before = PaymentTermsTemplate.objects.count(), PaymentTerm.objects.count()

    answer = client.post(
        "/records/payment-terms-templates/new/",
        {
            "name": "Boiteux",
            **_term_rows(
                {
                    "invoice_portion": "40",
                    "credit_days": "0",
                    "credit_months": "0",
                    "due_date_based_on": "Day(s) after invoice date",
                },
                {
                    "invoice_portion": "50",
                    "credit_days": "0",
                    "credit_months": "0",
                    "due_date_based_on": "Day(s) after invoice date",
                },
            ),
        },
    )

    assert answer.status_code == 422
    page = answer.content.decode()
    assert 'id="terms-errors"><li>The invoice portions must total 100 %.' in page
    # what was typed is still there
    assert 'name="terms-1-invoice_portion" value="50"' in page
    assert (PaymentTermsTemplate.objects.count(), PaymentTerm.objects.count()) == before


def test_a_row_refused_by_the_service_shows_its_error_on_its_cell(client, admin):
    signed_in(client, admin)

    answer = client.post(
        "/records/monthly-distributions/new/",
        {
            "name": "Saisonnier",
            **formset(
                "percentages",
                [
                    {"month": "1", "percentage_allocation": "50"},
                    {"month": "1", "percentage_allocation": "50"},
                ],
            ),
        },
    )

    assert answer.status_code == 422
    page = answer.content.decode()
    assert 'aria-invalid="true" aria-describedby="id_percentages-1-month_error"' in page
    assert '<ul class="errorlist" id="id_percentages-1-month_error"><li>Row 1 already has' in page
    assert not MonthlyDistribution.objects.filter(name="Saisonnier").exists()


def test_a_monthly_distribution_is_saved_with_its_months(client, master_manager):
    signed_in(client, master_manager)

    answer = client.post(
        "/records/monthly-distributions/new/",
        {
            "name": "Été",
            "fiscal_year": "2026",
            **formset(
                "percentages",
                [
                    {"month": "7", "percentage_allocation": "60"},
                    {"month": "8", "percentage_allocation": "40"},
                ],
            ),
        },
    )

    assert answer.status_code == 302
    stored = MonthlyDistribution.objects.get(name="Été")
    assert stored.fiscal_year.name == "2026"
    assert list(stored.percentages.values_list("month", "percentage_allocation")) == [
        (7, Decimal("60.000")),
        (8, Decimal("40.000")),
    ]


def test_a_form_field_that_does_not_parse_is_refused_next_to_it(client, admin):
    signed_in(client, admin)
    before = Company.objects.count()

    answer = client.post(
        "/records/companies/new/",
        {
            "name": "Filiale",
            "abbr": "FL",
            "country": "FR",
            "default_currency": "EUR",
            "credit_limit": "beaucoup",
        },
    )

    assert answer.status_code == 422
    assert 'id="id_credit_limit_error"><li>Enter a number.' in answer.content.decode()
    assert Company.objects.count() == before


def test_a_taken_code_is_a_conflict_shown_next_to_the_code(client, master_manager):
    signed_in(client, master_manager)

    answer = client.post(
        "/records/price-lists/new/",
        {"name": "standard selling", "currency": "EUR", "selling": "on"},
    )

    assert answer.status_code == 409
    assert 'id="id_name_error"><li>This code is taken.' in answer.content.decode()
    assert PriceList.objects.count() == 2


def test_a_record_is_updated_with_what_the_form_sends(client, master_manager):
    signed_in(client, master_manager)

    answer = client.post(
        "/records/price-lists/Standard Buying/",
        {"name": "Achats", "currency": "USD", "buying": "on"},
    )

    assert answer.status_code == 302
    stored = PriceList.objects.get(name="Achats")
    assert (stored.currency.name, stored.selling, stored.buying, stored.enabled) == (
        "USD",
        False,
        True,
        False,
    )


def test_a_reader_sees_the_record_read_only(client, reader):
    signed_in(client, reader)

    page = client.get("/records/payment-terms-templates/Net 30/").content.decode()

    assert 'name="name" value="Net 30" maxlength="140" required disabled' in page
    assert ">Save<" not in page and ">Delete<" not in page and "Add a row" not in page


PRICE_LIST = ("price-lists", "Standard Buying", {"name": "X", "currency": "EUR", "buying": "on"})
COMPANY = ("companies", "Clientèle Démo SAS", {"name": "X", "abbr": "X", "default_currency": "EUR"})


@pytest.mark.parametrize(
    ("user", "record"),
    [("reader", PRICE_LIST), ("sales_user", PRICE_LIST), ("master_manager", COMPANY)],
)
def test_a_forged_post_without_the_role_is_forbidden_and_writes_nothing(
    client, request, user, record
):
    kind, name, data = record
    signed_in(client, request.getfixturevalue(user))
    before = list(PriceList.objects.values_list("name", "buying")), Company.objects.count()

    assert client.post(f"/records/{kind}/new/", data).status_code == 403
    assert client.post(f"/records/{kind}/{name}/", data).status_code == 403
    assert client.post(f"/records/{kind}/{name}/delete/").status_code == 403
    assert client.get(f"/records/{kind}/new/row/?table=terms").status_code == 403
    assert (list(PriceList.objects.values_list("name", "buying")), Company.objects.count()) == (
        before
    )


def test_a_new_row_for_htmx_comes_after_the_rows_already_there(client, admin):
    signed_in(client, admin)

    answer = client.get(
        "/records/payment-terms-templates/new/row/?table=terms&terms-TOTAL_FORMS=2",
        HTTP_HX_REQUEST="true",
    ).content.decode()

    assert 'name="terms-2-invoice_portion"' in answer and "(row 3)" in answer
    assert 'name="terms-TOTAL_FORMS" id="id_terms-TOTAL_FORMS" value="3" hx-swap-oob="true"' in (
        answer
    )


def test_add_a_row_without_javascript_keeps_what_was_typed_and_writes_nothing(client, admin):
    signed_in(client, admin)

    answer = client.post(
        "/records/payment-terms-templates/new/",
        {
            "name": "En cours",
            "add_row": "terms",
            **_term_rows(
                {
                    "description": "Acompte",
                    "invoice_portion": "30",
                    "credit_days": "0",
                    "credit_months": "0",
                    "due_date_based_on": "Day(s) after invoice date",
                }
            ),
        },
    )

    page = answer.content.decode()
    assert answer.status_code == 200
    assert 'value="Acompte"' in page and 'name="terms-1-invoice_portion"' in page
    assert "errorlist" not in page
    assert not PaymentTermsTemplate.objects.filter(name="En cours").exists()


# --- delete --------------------------------------------------------------------------


def test_deleting_a_price_list_a_customer_uses_is_refused_with_the_reason(client, admin):
    record_create(masters.PRICE_LIST, {"name": "Tarif PME", "currency": "EUR"}, user=None)
    customer_create(
        data={"customer_name": "Boulangerie Martin", "default_price_list": "Tarif PME"},
        user=None,
    )
    signed_in(client, admin)

    answer = client.post("/records/price-lists/Tarif PME/delete/", HTTP_HX_REQUEST="true")

    assert answer.status_code == 409
    page = answer.content.decode()
    assert "<dialog data-modal" in page
    assert "“Tarif PME” is still used: customers (1)." in page
    assert ">Delete</button>" not in page
    assert PriceList.objects.filter(name="Tarif PME").exists()


def test_a_record_nothing_uses_is_deleted(client, master_manager):
    record_create(masters.PRICE_LIST, {"name": "Éphémère", "currency": "EUR"}, user=None)
    signed_in(client, master_manager)

    confirm = client.get("/records/price-lists/Éphémère/delete/")
    answer = client.post("/records/price-lists/Éphémère/delete/", HTTP_HX_REQUEST="true")

    assert confirm.status_code == 200 and "Delete “Éphémère”?" in confirm.content.decode()
    assert answer.status_code == 200 and answer["HX-Redirect"] == "/records/price-lists/"
    assert not PriceList.objects.filter(name="Éphémère").exists()


@pytest.mark.parametrize(
    ("kind", "data", "stored"),
    [
        ("currencies", {"name": "xof", "enabled": "on"}, ("name", "XOF")),
        (
            "fiscal-years",
            {"name": "2027", "year_start_date": "2027-01-01", "year_end_date": "2027-12-31"},
            ("year_end_date", "2027-12-31"),
        ),
        (
            "loyalty-programs",
            {
                "name": "Fidélité",
                "company": "Clientèle Démo SAS",
                "from_date": "2026-01-01",
                "conversion_factor": "0.5",
                "enabled": "on",
            },
            ("conversion_factor", "0.5000"),
        ),
        (
            "bank-accounts",
            {
                "name": "Banque 2",
                "account_name": "Courant",
                "iban": "fr76 3000 6000 0112 3456 7890 189",
                "company": "Clientèle Démo SAS",
                "is_company_account": "on",
            },
            ("iban", "FR7630006000011234567890189"),
        ),
        (
            "sales-partners",
            {"name": "Agent Sud", "commission_rate": "5", "enabled": "on"},
            ("commission_rate", "5.000"),
        ),
        ("tax-withholding-categories", {"name": "Retenue 10", "rate": "10"}, ("rate", "10.000")),
        ("industries", {"name": "Boulangerie"}, ("name", "Boulangerie")),
        ("market-segments", {"name": "Artisans"}, ("name", "Artisans")),
        ("tax-categories", {"name": "DOM"}, ("disabled", "False")),
    ],
)
def test_each_kind_of_record_is_created_from_its_form(client, admin, kind, data, stored):
    signed_in(client, admin)

    answer = client.post(f"/records/{kind}/new/", data)

    assert answer.status_code == 302, answer.content.decode()[-3000:]
    record = KINDS[kind].fetch(stored[1] if stored[0] == "name" else data["name"])
    assert str(getattr(record, stored[0])) == stored[1]


def test_the_company_form_edits_its_legal_details(client, admin):
    signed_in(client, admin)
    page = client.get("/records/companies/Clientèle Démo SAS/").content.decode()
    data = {
        "name": "Clientèle Démo SAS",
        "abbr": "CD",
        "country": "FR",
        "default_currency": "EUR",
        "tax_id": "FR40303265045",
        "legal_form": "SARL",
        "share_capital": "7500",
        "siren": "303265045",
    }

    answer = client.post("/records/companies/Clientèle Démo SAS/", data)

    assert 'name="legal_form"' in page and 'name="late_payment_penalty_rate"' in page
    assert answer.status_code == 302, answer.content.decode()[:2000]
    company = Company.objects.get(name="Clientèle Démo SAS")
    assert (company.legal_form, company.share_capital, company.siren) == (
        "SARL",
        Decimal("7500.00"),
        "303265045",
    )
