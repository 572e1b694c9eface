"""Quotation → order → delivery → invoice → payment leaves the ledger balanced and the
outstanding at 0; cancelling in reverse order restores everything."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from clientele.core.errors import Conflict, InvalidInput
from clientele.core.records import record_create
from clientele.masters.models import Currency
from clientele.pricing import services as pricing
from clientele.sales.advances import payment_allocate
from clientele.sales.checks import sales_problems
from clientele.sales.doctypes import DELIVERY_NOTE, SALES_INVOICE
from clientele.sales.documents import document_update
from clientele.sales.follow_on import credit_note_make
from clientele.sales.ledger import ledger_balance
from clientele.sales.models import (
    LedgerEntry,
    SalesInvoice,
    SalesOrder,
)
from clientele.sales.payments import payment_create, payment_make
from clientele.sales.selectors import customer_statement
from clientele.sales.tests.builders import (
    build_world,
    cancel,
    customer,
    draft,
    exposure_of,
    make,
    submit,
)

pytestmark = pytest.mark.django_db


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


def test_an_invoice_in_dollars_paid_in_two_parts_leaves_nothing_on_the_ledger():
    world = build_world()
    who = customer()
    usd, eur = Currency.objects.get(name="USD"), Currency.objects.get(name="EUR")
    record_create(
        pricing.CURRENCY_EXCHANGE,
        {
            "date": timezone.localdate(),
            "from_currency": "USD",
            "to_currency": "EUR",
            "exchange_rate": "0.923456",
        },
        user=None,
    )
    invoice = submit(
        draft(
            "sales_invoice",
            who,
            currency="USD",
            taxes=[],
            items=[{"item": "WIDGET", "qty": 1, "rate": Decimal("100.00")}],
        )
    )
    assert (usd.pk, invoice.base_grand_total) == (invoice.currency_id, Decimal("92.35"))
    assert eur.pk == world.company.default_currency_id

    for amount in ("33.33", "66.67"):
        references = [{"sales_invoice": invoice.name, "allocated_amount": Decimal(amount)}]
        body = {"customer": who.name, "company": world.company.name, "references": references}
        submit(payment_create(data=body, user=None))

    invoice.refresh_from_db()
    assert (invoice.outstanding_amount, invoice.base_outstanding_amount) == (0, 0)
    assert ledger_balance(customer_id=who.pk, company_id=world.company.pk) == 0
    assert exposure_of(who) == (0, 0, 0)
    assert sales_problems() == []


def test_the_statement_brings_the_earlier_balance_forward():
    world = build_world()
    who = customer()
    today = timezone.localdate()
    earlier = today - timedelta(days=40)
    first = submit(draft("sales_invoice", who, ("SERVICE", "1"), posting_date=earlier))
    second = submit(draft("sales_invoice", who, ("WIDGET", "1")))
    submit(payment_make(invoice=first, user=None))

    statement = customer_statement(
        customer=who, company=world.company, from_date=today - timedelta(days=1), to_date=today
    )

    assert statement["opening_balance"] == Decimal("60.00")
    assert [
        (e["voucher_no"], e["debit"], e["credit"], e["balance"]) for e in statement["entries"]
    ] == [
        (second.name, Decimal("120.00"), 0, Decimal("180.00")),
        (statement["entries"][1]["voucher_no"], 0, Decimal("60.00"), Decimal("120.00")),
    ]
    assert statement["entries"][1]["against_voucher_no"] == first.name
    assert statement["closing_balance"] == Decimal("120.00")


def test_a_credit_note_made_from_an_invoice_gives_back_at_most_what_was_billed():
    build_world()
    who = customer()
    invoice = submit(draft("sales_invoice", who, ("WIDGET", "2")))
    first = credit_note_make(invoice=invoice, user=None)
    second = credit_note_make(invoice=invoice, user=None)

    submit(first)
    with pytest.raises(InvalidInput) as refused:
        submit(second)

    assert (first.is_return, first.grand_total) == (True, Decimal("-240.00"))
    assert list(refused.value.errors) == ["items[0].qty"]
    assert SalesInvoice.objects.get(pk=second.pk).docstatus == 0
    assert SalesInvoice.objects.get(pk=invoice.pk).outstanding_amount == 0
    assert sales_problems() == []


def test_an_advance_and_a_credit_note_in_the_chain_then_cancelled_backwards():
    """500.00 received before anything is ordered; 3 × WIDGET + 2 × SERVICE ordered,
    delivered and billed (480.00); one WIDGET returned (-120.00); the advance settles
    the 360.00 left and keeps 140.00, the returned widget unbilled on the order again; each
    step leaves check_ledger clean."""
    world = build_world()
    who = customer()
    company = world.company

    def balance() -> Decimal:
        return ledger_balance(customer_id=who.pk, company_id=company.pk)

    body = {"customer": who.name, "company": company.name, "paid_amount": Decimal("500.00")}
    advance = submit(payment_create(data=body, user=None))
    assert (balance(), exposure_of(who)) == (Decimal("-500.00"), (Decimal("-500.00"), 0, 0))
    assert sales_problems() == []

    quotation = submit(draft("quotation", who, ("WIDGET", "3"), ("SERVICE", "2")))
    order = submit(make(quotation, "sales_order"))
    delivery = submit(make(order, "delivery_note"))
    invoice = submit(make(delivery, "sales_invoice"))
    assert (balance(), exposure_of(who)) == (Decimal("-20.00"), (Decimal("-20.00"), 0, 0))
    assert sales_problems() == []

    made = credit_note_make(invoice=invoice, user=None)
    widget_line = made.items.get(item__name="WIDGET")
    one_back = [
        {"item": "WIDGET", "qty": -1, "sales_invoice_item": widget_line.sales_invoice_item_id}
    ]
    note = submit(
        document_update(doctype=SALES_INVOICE, document=made, data={"items": one_back}, user=None)
    )
    invoice.refresh_from_db()
    assert (note.grand_total, invoice.outstanding_amount) == (Decimal("-120.00"), Decimal("360.00"))
    assert balance() == Decimal("-140.00")
    assert sales_problems() == []

    allocation = [{"sales_invoice": invoice.name, "allocated_amount": Decimal("360.00")}]
    payment_allocate(payment=advance, references=allocation, user=None)
    invoice.refresh_from_db()
    advance.refresh_from_db()
    assert (invoice.outstanding_amount, invoice.status) == (0, "Paid")
    assert advance.unallocated_amount == Decimal("140.00")
    # The widget returned is unbilled on the order again (ERPNext's per_billed goes down).
    assert (balance(), exposure_of(who)) == (
        Decimal("-140.00"),
        (Decimal("-140.00"), Decimal("120.00"), 0),
    )
    assert sales_problems() == []

    for document in (advance, note, invoice, delivery, order, quotation):
        cancel(type(document).objects.get(pk=document.pk))
        assert sales_problems() == []
    assert (balance(), exposure_of(who)) == (0, (0, 0, 0))
    assert LedgerEntry.objects.filter(is_cancelled=False).count() == 0
    assert invoice.items.filter(returned_qty__gt=0).count() == 0
