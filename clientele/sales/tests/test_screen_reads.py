"""The reads the screens need: a draft previewed as its creation would make it (nothing
written), a page of documents sorted, a customer's unpaid invoices and balances."""

from decimal import Decimal

import pytest

from clientele.core.models import SeriesCounter
from clientele.operations.seed import COMPANY
from clientele.sales.doctypes import QUOTATION, SALES_INVOICE
from clientele.sales.documents import document_create, document_preview
from clientele.sales.models import Quotation
from clientele.sales.schemas import DocumentParams
from clientele.sales.selectors import customer_balances, document_page, unpaid_invoices
from clientele.sales.tests.builders import build_world, customer, draft, lines, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world(db):
    return build_world()


def test_a_preview_computes_what_the_creation_stores_and_writes_nothing():
    who = customer()
    data = {"customer": who.name, "company": COMPANY, "items": lines(("WIDGET", "2"))}
    counters = list(SeriesCounter.objects.values_list("prefix", "current"))

    previewed, rows, errors = document_preview(doctype=QUOTATION, data=data)

    assert not errors and previewed.pk is None and previewed.name == ""
    assert Quotation.objects.count() == 0
    assert list(SeriesCounter.objects.values_list("prefix", "current")) == counters
    created = document_create(doctype=QUOTATION, data=data, user=None)
    assert (previewed.grand_total, previewed.currency, previewed.selling_price_list) == (
        created.grand_total,
        created.currency,
        created.selling_price_list,
    )
    assert [(ln.rate, ln.amount) for ln in rows["items"]] == [
        (Decimal("100.00"), Decimal("200.00"))
    ]


def test_a_preview_says_what_is_wrong_without_raising():
    who = customer()
    data = {"customer": who.name, "company": COMPANY, "items": [{"item": "NOPE", "qty": 1}]}

    _previewed, _rows, errors = document_preview(doctype=QUOTATION, data=data)

    assert errors.errors == {"items[0].item": ["No item named “NOPE”."]}


def test_a_page_of_documents_sorts_by_total_and_number():
    who = customer()
    small, large = (
        draft("quotation", who, ("SERVICE", "1")),
        draft("quotation", who, ("WIDGET", "1")),
    )
    params = DocumentParams()

    by_total = document_page(QUOTATION, params, sort="-total")[1]
    by_number = document_page(QUOTATION, params, sort="name")[1]

    assert [row["name"] for row in by_total] == [large.name, small.name]
    assert [row["name"] for row in by_number] == [small.name, large.name]


def test_the_unpaid_invoices_of_a_customer_with_a_company_oldest_first():
    who, other = customer(), customer("Client Durand")
    first = submit(draft("sales_invoice", who, ("WIDGET", "1")))
    second = submit(draft("sales_invoice", who, ("SERVICE", "1")))
    draft("sales_invoice", who, ("WIDGET", "1"))  # a draft owes nothing yet
    submit(draft("sales_invoice", other, ("WIDGET", "1")))

    found = unpaid_invoices(customer=who, company=first.company)

    assert found == [first, second]


def test_the_balances_are_the_dashboards_figures():
    who = customer()
    submit(draft("sales_invoice", who, ("WIDGET", "1")))

    figures = customer_balances(customer=who)["companies"]

    assert figures == [
        {
            "company": COMPANY,
            "currency": "EUR",
            "billing_this_year": Decimal("120.00"),
            "total_unpaid": Decimal("120.00"),
        }
    ]
    assert SALES_INVOICE.model.objects.count() == 1
