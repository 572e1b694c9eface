"""The sales documents' lists, the navigation to them, the customer page's documents and
balances, and the accounts settings' form."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from clientele.core.roles import ACCOUNTS_MANAGER, SALES_USER
from clientele.operations.seed import COMPANY
from clientele.sales.accounts import accounts_settings_get
from clientele.sales.tests.builders import build_world, customer, draft, submit
from clientele.web.customers import customer_url
from conftest import make_user
from tests.web.sales_helpers import html_of
from tests.web.settings_helpers import queries_of, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world(db):
    return build_world()


@pytest.fixture
def seller(client: Client):
    return signed_in(client, make_user("sally", SALES_USER))


def _numbers(html: str) -> list[str]:
    return re.findall(r'<td data-label="Number"><a href="[^"]+">([^<]+)</a>', html)


def test_the_home_page_leads_to_each_document_and_the_accounts_settings(seller):
    html = html_of(seller, "/")

    for kind in (
        "quotations",
        "sales-orders",
        "delivery-notes",
        "sales-invoices",
        "payment-entries",
    ):
        assert f'href="/sales/{kind}/"' in html
    assert 'href="/accounts-settings/"' in html


def test_the_navigation_speaks_the_guides_french(client, reader):
    client.force_login(reader)
    html = Client(HTTP_ACCEPT_LANGUAGE="fr")
    html.force_login(reader)
    page = html.get("/").content.decode()

    for label in ("Devis", "Commande client", "Bon de livraison", "Facture de vente"):
        assert f">{label}</a>" in page
    assert ">Écriture de paiement</a>" in page and ">Paramètres de comptabilité</a>" in page


def test_the_list_filters_by_customer_status_dates_and_company(seller):
    martin, durand = customer("Client Martin"), customer("Client Durand")
    today = date.today()
    old = draft("quotation", martin, ("WIDGET", "1"), transaction_date=today - timedelta(days=40))
    new = submit(draft("quotation", martin, ("WIDGET", "2"), transaction_date=today))
    other = draft("quotation", durand, ("SERVICE", "1"), transaction_date=today)

    every = html_of(seller, "/sales/quotations/")
    by_customer = html_of(seller, "/sales/quotations/", customer=martin.name)
    by_status = html_of(seller, "/sales/quotations/", status="Open")
    recent = html_of(
        seller, "/sales/quotations/", from_date=(today - timedelta(days=7)).isoformat()
    )
    by_company = html_of(seller, "/sales/quotations/", company=COMPANY, sort="name")

    assert "3 documents" in every
    assert _numbers(every) == [other.name, new.name, old.name]  # newest first
    assert _numbers(by_customer) == [new.name, old.name]
    assert _numbers(by_status) == [new.name] and "1 document<" in by_status
    assert _numbers(recent) == [other.name, new.name]
    assert _numbers(by_company) == sorted([old.name, new.name, other.name])


def test_the_list_sorts_by_total_both_ways_from_its_headings(seller):
    martin = customer("Client Martin")
    small = draft("quotation", martin, ("SERVICE", "1"))
    large = draft("quotation", martin, ("WIDGET", "3"))

    ascending = html_of(seller, "/sales/quotations/", sort="total")
    descending = html_of(seller, "/sales/quotations/", sort="-total")

    assert _numbers(ascending) == [small.name, large.name]
    assert _numbers(descending) == [large.name, small.name]
    assert 'aria-sort="ascending"><a href="/sales/quotations/?sort=-total"' in ascending


def test_the_list_goes_by_pages_and_keeps_its_filters(seller, monkeypatch):
    from clientele.web.sales import listing

    monkeypatch.setattr(listing, "PER_PAGE", 2)
    martin = customer("Client Martin")
    for _number in range(3):
        draft("quotation", martin, ("WIDGET", "1"))

    first = html_of(seller, "/sales/quotations/", customer=martin.name)
    second = html_of(seller, "/sales/quotations/", customer=martin.name, page="2")

    assert len(_numbers(first)) == 2 and len(_numbers(second)) == 1
    assert f"?customer={martin.name}&amp;page=2" in first


def test_an_unknown_filter_value_is_an_error_not_a_silent_list(seller):
    answer = seller.get("/sales/quotations/", {"status": "Nope"})

    assert answer.status_code == 422 and "0 documents" in answer.content.decode()


@pytest.mark.parametrize("kind", ["quotations", "sales-invoices", "payment-entries"])
def test_a_list_costs_the_same_queries_for_2_and_20_documents(seller, kind):
    martin = customer("Client Martin")

    def add(count: int) -> None:
        for _number in range(count):
            invoice = submit(draft("sales_invoice", martin, ("WIDGET", "1")))
            if kind == "quotations":
                draft("quotation", martin, ("WIDGET", "1"))
            if kind == "payment-entries":
                from clientele.sales.payments import payment_make

                payment_make(invoice=invoice, user=None)

    add(2)
    few = queries_of(seller, f"/sales/{kind}/")
    add(18)

    # session and user 2, the user's roles 1, companies 1, count 1, page 1
    assert queries_of(seller, f"/sales/{kind}/") == few == 6


def test_the_customer_type_ahead_finds_enabled_customers_by_name(seller):
    customer("Boulangerie Martin")
    customer("Boucherie Martin", disabled=True)

    html = html_of(seller, "/sales/customer-options/", field="customer", customer="boul")

    assert "Boulangerie Martin" in html and "Boucherie" not in html


def test_the_customer_page_counts_documents_and_shows_billed_and_unpaid(seller):
    martin = customer("Client Martin")
    submit(draft("quotation", martin, ("WIDGET", "1")))
    submit(draft("sales_invoice", martin, ("WIDGET", "2")))

    html = html_of(seller, customer_url(martin.name))

    quotation = re.search(r"Quotation</span>.*?</li>", html, re.S).group(0)
    assert '<span class="document-count">1</span>' in quotation
    assert f'href="/sales/quotations/new/?customer={martin.name}"' in quotation
    balances = re.search(r'<table class="balances">.*?</table>', html, re.S).group(0)
    row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", balances.split("<tbody>")[1])).strip()
    assert row == f"{COMPANY} €240.00 €240.00 Statement with {COMPANY}"


def test_a_new_document_from_the_customer_page_has_its_customer(seller):
    martin = customer("Client Martin")

    html = html_of(seller, "/sales/sales-orders/new/", customer=martin.name)

    assert f'name="customer" value="{martin.name}"' in html


def test_the_accounts_settings_are_saved_by_an_accounts_manager(client):
    signed_in(client, make_user("amaury", ACCOUNTS_MANAGER))
    Group.objects.get_or_create(name="Credit Controller")

    answer = client.post("/accounts-settings/", {"credit_controller": "Credit Controller"})

    assert answer.status_code == 302
    settings = accounts_settings_get()
    assert (settings.credit_controller.name, settings.frozen_accounts_modifier) == (
        "Credit Controller",
        None,
    )


def test_a_seller_reads_the_accounts_settings_but_cannot_change_them(seller):
    html = html_of(seller, "/accounts-settings/")
    answer = seller.post("/accounts-settings/", {"credit_controller": SALES_USER})

    assert "<button" not in html.split("record-form")[1]
    assert answer.status_code == 403 and accounts_settings_get().credit_controller is None


def test_figures_are_decimal_in_the_page_not_float(seller):
    martin = customer("Client Martin")
    invoice = submit(draft("sales_invoice", martin, ("SERVICE", "3")))

    html = html_of(seller, f"/sales/sales-invoices/{invoice.name}/")

    assert invoice.grand_total == Decimal("180.00") and "€180.00" in html


def test_the_list_shows_each_total_in_its_currency(seller):
    martin = customer("Client Martin")
    submit(draft("sales_invoice", martin, ("SERVICE", "3")))
    seller.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"

    html = html_of(seller, "/sales/sales-invoices/")

    assert '<td data-label="Total" class="money">180,00\xa0€</td>' in html
