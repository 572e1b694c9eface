"""An advance typed in the payment form (a paid amount above what is allocated), then
allocated to an invoice from the payment's page."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client

from clientele.operations.seed import COMPANY
from clientele.sales.checks import sales_problems
from clientele.sales.models import PaymentEntry, SalesInvoice
from clientele.sales.tests.builders import build_world, customer, draft, submit
from tests.web.sales_helpers import html_of, stored
from tests.web.settings_helpers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world(db):
    return build_world()


@pytest.fixture
def root(client: Client, admin):
    return signed_in(client, admin)


def _buttons(html: str) -> str:
    actions = re.search(r'<div class="actions document-actions">.*?</div>', html, re.S)
    assert actions is not None
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", actions.group(0))).split())


def _advance(root, who) -> PaymentEntry:
    data = {
        "customer": who.name,
        "company": COMPANY,
        "posting_date": "2030-01-05",
        "paid_amount": "500.00",
    }
    answer = root.post("/sales/payment-entries/new/", data)
    assert answer.status_code == 302, answer.content.decode()
    payment = PaymentEntry.objects.get()
    root.post(f"/sales/payment-entries/{payment.name}/submit/")
    return PaymentEntry.objects.get()


def test_an_advance_is_typed_in_the_payment_form_with_no_invoice(root):
    payment = _advance(root, customer())

    page = html_of(root, f"/sales/payment-entries/{payment.name}/")

    assert (payment.docstatus, payment.paid_amount, payment.unallocated_amount) == (
        1,
        Decimal("500.00"),
        Decimal("500.00"),
    )
    assert "Unallocated amount (advance, VAT included)" in page
    assert _buttons(page).startswith("Cancel Allocate the advance")
    assert sales_problems() == []


def test_the_advance_is_allocated_to_an_invoice_from_the_payment_page(root):
    who = customer()
    payment = _advance(root, who)
    invoice = submit(draft("sales_invoice", who, ("WIDGET", "1")))
    url = f"/sales/payment-entries/{payment.name}/allocate/"

    form = html_of(root, url)
    answer = root.post(url, {f"allocated-{invoice.name}": "120"})

    assert invoice.name in form
    assert (
        answer.status_code == 302
        and answer["Location"] == f"/sales/payment-entries/{payment.name}/"
    )
    assert SalesInvoice.objects.get(pk=invoice.pk).status == "Paid"
    assert PaymentEntry.objects.get().unallocated_amount == Decimal("380.00")
    assert sales_problems() == []


def test_allocating_more_than_the_advance_is_refused_on_the_page(root):
    who = customer()
    payment = _advance(root, who)
    invoice = submit(draft("sales_invoice", who, ("WIDGET", "5")))
    before = stored()

    answer = root.post(
        f"/sales/payment-entries/{payment.name}/allocate/", {f"allocated-{invoice.name}": "600"}
    )

    assert answer.status_code == 409
    assert "has 500.00 left to allocate; 600.00 was asked" in unescape(answer.content.decode())
    assert stored() == before


def test_the_statement_says_an_advance_is_received_vat_included_then_used(root):
    """No VAT is posted on an advance: it is what was paid, VAT included, and the invoice
    it is allocated to carries the VAT."""
    who = customer()
    payment = _advance(root, who)
    invoice = submit(draft("sales_invoice", who, ("WIDGET", "1"), posting_date="2030-01-10"))
    root.post(
        f"/sales/payment-entries/{payment.name}/allocate/", {f"allocated-{invoice.name}": "120"}
    )
    query = {"customer": who.name, "company": COMPANY}
    query |= {"from_date": "2000-01-01", "to_date": "2099-12-31"}

    html = html_of(root, "/receivables/statement/", **query)

    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert f"Advance received, VAT included {payment.name}" in text
    assert f"Advance used {payment.name}" in text
    assert f"Payment Entry {payment.name} {invoice.name}" in text
