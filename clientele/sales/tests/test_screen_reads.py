"""The reads the screens need: a draft previewed as its creation would make it (nothing
written), a page of documents sorted, a customer's unpaid invoices and balances."""

from decimal import Decimal

import pytest

from clientele.core.models import SeriesCounter
from clientele.customers.models import Customer
from clientele.masters.models import Company
from clientele.operations.seed import COMPANY
from clientele.sales.checks import sales_problems
from clientele.sales.doctypes import QUOTATION, SALES_INVOICE
from clientele.sales.documents import document_create, document_preview
from clientele.sales.ledger import ledger_balance
from clientele.sales.models import Quotation
from clientele.sales.payments import payment_create
from clientele.sales.schemas import DocumentParams
from clientele.sales.selectors import (
    customer_balances,
    document_page,
    receivables_page,
    unpaid_invoices,
)
from clientele.sales.tests.builders import (
    build_world,
    cancel,
    credit_note,
    customer,
    draft,
    lines,
    submit,
)

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


def test_the_receivables_are_the_ledger_balances_largest_first_page_by_page():
    """Three customers owe 360.00, 240.00 (an invoice of 360.00 less a credit note of
    120.00) and 120.00 (one of 240.00 half paid); a fourth's invoice was cancelled."""
    big, returned, paid, cancelled = (customer(f"Client {n}") for n in "ABCD")
    submit(draft("sales_invoice", big, ("WIDGET", "3")))
    invoice = submit(draft("sales_invoice", returned, ("WIDGET", "3")))
    submit(credit_note(invoice, ("WIDGET", "-1")))
    half = submit(draft("sales_invoice", paid, ("WIDGET", "2")))
    references = [{"sales_invoice": half.name, "allocated_amount": Decimal("120.00")}]
    body = {"customer": paid.name, "company": COMPANY, "references": references}
    submit(payment_create(data=body, user=None))
    cancel(submit(draft("sales_invoice", cancelled, ("WIDGET", "1"))))

    first = receivables_page(company=None, limit=2, offset=0)
    second = receivables_page(company=None, limit=2, offset=2)

    def owed(page):
        return [(row["customer"], row["balance"]) for row in page[1]]

    assert (first[0], second[0]) == (3, 3)
    assert owed(first) == [(big.name, Decimal("360.00")), (returned.name, Decimal("240.00"))]
    assert owed(second) == [(paid.name, Decimal("120.00"))]
    company = Company.objects.get(name=COMPANY).pk
    for code, balance in owed(first) + owed(second):
        who = Customer.objects.get(name=code).pk
        assert ledger_balance(customer_id=who, company_id=company) == balance
    assert sales_problems() == []
