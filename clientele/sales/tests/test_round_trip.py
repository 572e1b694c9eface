"""Quotation → order → delivery → invoice → payment leaves the ledger balanced and the
outstanding at 0; cancelling in reverse order restores everything."""

from decimal import Decimal

import pytest

from clientele.core.errors import Conflict, InvalidInput
from clientele.sales.checks import sales_problems
from clientele.sales.doctypes import DELIVERY_NOTE
from clientele.sales.documents import document_update
from clientele.sales.ledger import ledger_balance
from clientele.sales.models import CreditExposure, LedgerEntry, SalesInvoice, SalesOrder
from clientele.sales.payments import payment_make
from clientele.sales.tests.builders import build_world, cancel, customer, draft, make, submit

pytestmark = pytest.mark.django_db


def exposure_of(who) -> tuple[Decimal, ...]:
    row = CreditExposure.objects.filter(customer=who).first()
    if row is None:
        return (Decimal(0),) * 3
    return row.unpaid_invoices, row.unbilled_orders, row.unbilled_deliveries


def test_the_whole_chain_then_cancelled_backwards():
    world = build_world()
    who = customer()
    quotation = submit(draft("quotation", who, ("WIDGET", "3"), ("SERVICE", "2")))
    order = submit(make(quotation, "sales_order"))
    assert exposure_of(who) == (0, Decimal("480.00"), 0)

    delivery = submit(make(order, "delivery_note"))
    invoice = submit(make(delivery, "sales_invoice"))
    order.refresh_from_db()
    assert (order.per_delivered, order.per_billed, order.status) == (100, 100, "Completed")
    assert exposure_of(who) == (Decimal("480.00"), 0, 0)
    assert invoice.outstanding_amount == Decimal("480.00")
    assert ledger_balance(customer_id=who.pk, company_id=world.company.pk) == Decimal("480.00")

    payment = submit(payment_make(invoice=invoice, user=None))
    invoice.refresh_from_db()
    assert (invoice.outstanding_amount, invoice.status) == (0, "Paid")
    assert ledger_balance(customer_id=who.pk, company_id=world.company.pk) == 0
    assert exposure_of(who) == (0, 0, 0)
    assert sales_problems() == []

    for document in (payment, invoice, delivery, order, quotation):
        cancel(type(document).objects.get(pk=document.pk))
    order.refresh_from_db()
    assert (order.per_delivered, order.per_billed, order.status) == (0, 0, "Cancelled")
    assert exposure_of(who) == (0, 0, 0)
    assert ledger_balance(customer_id=who.pk, company_id=world.company.pk) == 0
    assert LedgerEntry.objects.filter(is_cancelled=False).count() == 0
    assert sales_problems() == []


def test_a_document_followed_by_a_submitted_one_is_not_cancelled_first():
    build_world()
    order = submit(draft("sales_order", customer(), ("WIDGET", "2")))
    delivery = submit(make(order, "delivery_note"))

    with pytest.raises(Conflict) as refused:
        cancel(order)

    assert refused.value.errors == {"references": [delivery.name]}
    assert SalesOrder.objects.get(pk=order.pk).docstatus == 1


def test_billing_past_100_percent_is_refused_and_writes_nothing():
    build_world()
    order = submit(draft("sales_order", customer(), ("WIDGET", "2")))
    first = make(order, "sales_invoice")
    second = make(order, "sales_invoice")
    submit(first)
    entries = LedgerEntry.objects.count()

    with pytest.raises(InvalidInput) as refused:
        submit(second)

    assert list(refused.value.errors) == ["items[0].so_detail"]
    assert SalesInvoice.objects.get(pk=second.pk).docstatus == 0
    assert LedgerEntry.objects.count() == entries


def test_partial_delivery_and_billing():
    build_world()
    order = submit(draft("sales_order", customer(), ("WIDGET", "4")))
    delivery = make(order, "delivery_note")
    delivery_line = delivery.items.get()
    document_update(
        doctype=DELIVERY_NOTE,
        document=delivery,
        data={"items": [{"item": "WIDGET", "qty": 1, "so_detail": delivery_line.so_detail_id}]},
        user=None,
    )
    submit(delivery)
    order.refresh_from_db()

    assert (order.per_delivered, order.status) == (25, "To Deliver and Bill")
    assert make(order, "delivery_note").items.get().qty == 3


def test_a_credit_note_lowers_what_the_invoice_owes():
    world = build_world()
    who = customer()
    invoice = submit(draft("sales_invoice", who, ("WIDGET", "2")))

    credit_note = submit(
        draft(
            "sales_invoice",
            who,
            ("WIDGET", "-1"),
            is_return=True,
            return_against=invoice.name,
        )
    )

    invoice.refresh_from_db()
    assert credit_note.grand_total == Decimal("-120.00")
    assert (invoice.outstanding_amount, invoice.status) == (Decimal("120.00"), "Credit Note Issued")
    assert ledger_balance(customer_id=who.pk, company_id=world.company.pk) == Decimal("120.00")
    assert exposure_of(who) == (Decimal("120.00"), 0, 0)
    assert sales_problems() == []
