"""A credit note lowers what its invoice billed of the order and delivery lines it came
from (ERPNext's ``billed_amt`` and ``per_billed``), and the customer's exposure follows:
the unbilled part of an open order, or of a delivery made without one, comes back as the
unpaid invoice goes down. Cancelling the credit note puts everything back."""

from decimal import Decimal

import pytest

from clientele.core.errors import Conflict, InvalidInput
from clientele.sales.checks import sales_problems
from clientele.sales.closing import order_close, order_reopen
from clientele.sales.doctypes import SALES_INVOICE
from clientele.sales.documents import document_update
from clientele.sales.models import (
    CreditExposure,
    DeliveryNote,
    DeliveryNoteItem,
    LedgerEntry,
    SalesInvoice,
    SalesOrder,
    SalesOrderItem,
)
from clientele.sales.tests.builders import (
    build_world,
    cancel,
    credit_note,
    customer,
    draft,
    exposure_of,
    make,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world():
    return build_world()


def order_state(order) -> tuple[Decimal, Decimal, str]:
    """The order's line billed amount, its percent billed and its status."""
    found = SalesOrder.objects.get(pk=order.pk)
    return SalesOrderItem.objects.get(parent=order).billed_amt, found.per_billed, found.status


def snapshot() -> tuple:
    return (
        list(
            SalesInvoice.objects.values_list("name", "docstatus", "outstanding_amount").order_by(
                "pk"
            )
        ),
        list(SalesOrderItem.objects.values_list("pk", "billed_amt").order_by("pk")),
        list(SalesOrder.objects.values_list("per_billed", "status").order_by("pk")),
        LedgerEntry.objects.count(),
        list(CreditExposure.objects.values_list("unpaid_invoices", "unbilled_orders")),
    )


@pytest.fixture
def billed_order():
    """3 × WIDGET ordered at 100.00, VAT 20 % (360.00), all billed by one invoice."""
    who = customer(credit_limit="1000")
    order = submit(draft("sales_order", who, ("WIDGET", "3")))
    invoice = submit(make(order, "sales_invoice"))
    return who, order, invoice


def test_invoice_credit_note_then_its_cancellation_keep_the_order_and_exposure_right(
    billed_order,
):
    who, order, invoice = billed_order
    billed = (order_state(order), exposure_of(who))

    note = submit(credit_note(invoice, ("WIDGET", "-1")))
    returned = (order_state(order), exposure_of(who))
    left_to_bill = [line.qty for line in make(order, "sales_invoice").items.all()]
    problems_after_return = sales_problems()
    cancel(note)

    assert billed == (
        (Decimal("300.00"), Decimal("100.000000"), "To Deliver"),
        (Decimal("360.00"), Decimal("0.00"), Decimal("0.00")),
    )
    assert returned == (
        (Decimal("200.00"), Decimal("66.666667"), "To Deliver and Bill"),
        (Decimal("240.00"), Decimal("120.00"), Decimal("0.00")),
    )
    assert left_to_bill == [Decimal("1.000")]
    assert problems_after_return == []
    assert order_state(order) == (Decimal("300.00"), Decimal("100.000000"), "To Deliver")
    assert exposure_of(who) == (Decimal("360.00"), Decimal("0.00"), Decimal("0.00"))
    assert sales_problems() == []


def test_credit_notes_of_thirds_give_the_line_back_to_the_cent():
    """0.3 at 33.33 bills 10.00: three credit notes of 0.1 (3.33 each) give back 3.33,
    3.34 and 3.33 of the order line, so nothing is left billed (not 0.01)."""
    who = customer()
    line = {"item": "WIDGET", "qty": Decimal("0.3"), "rate": Decimal("33.33")}
    order = submit(draft("sales_order", who, items=[line]))
    invoice = submit(make(order, "sales_invoice"))
    billed = [order_state(order)[0]]
    for _time in range(3):
        submit(credit_note(invoice, ("WIDGET", "-0.1")))
        billed.append(order_state(order)[0])

    assert billed == [Decimal("10.00"), Decimal("6.67"), Decimal("3.33"), Decimal("0.00")]
    assert order_state(order)[1:] == (Decimal("0"), "To Deliver and Bill")
    assert exposure_of(who) == (Decimal("0.00"), Decimal("12.00"), Decimal("0.00"))
    assert sales_problems() == []


def test_a_credit_note_of_an_invoice_made_from_a_delivery_lowers_both():
    who = customer()
    order = submit(draft("sales_order", who, ("WIDGET", "2")))
    delivery = submit(make(order, "delivery_note"))
    invoice = submit(make(delivery, "sales_invoice"))

    submit(credit_note(invoice, ("WIDGET", "-2")))
    delivered = DeliveryNote.objects.get(pk=delivery.pk)

    assert order_state(order) == (Decimal("0.00"), Decimal("0"), "To Bill")
    assert DeliveryNoteItem.objects.get().billed_amt == Decimal("0.00")
    assert (delivered.per_billed, delivered.status) == (Decimal("0"), "To Bill")
    assert exposure_of(who) == (Decimal("0.00"), Decimal("240.00"), Decimal("0.00"))
    assert [line.qty for line in make(delivery, "sales_invoice").items.all()] == [Decimal("2.000")]
    assert sales_problems() == []


def test_a_delivery_made_without_an_order_counts_as_unbilled_again():
    who = customer()
    delivery = submit(draft("delivery_note", who, ("WIDGET", "1")))
    invoice = submit(make(delivery, "sales_invoice"))
    billed = exposure_of(who)

    note = submit(credit_note(invoice, ("WIDGET", "-1")))
    returned = exposure_of(who)
    cancel(note)

    assert billed == (Decimal("120.00"), Decimal("0.00"), Decimal("0.00"))
    assert returned == (Decimal("0.00"), Decimal("0.00"), Decimal("120.00"))
    assert exposure_of(who) == billed
    assert DeliveryNote.objects.get().status == "Completed"
    assert sales_problems() == []


def test_a_closed_order_is_billed_less_but_its_unbilled_part_stays_out_until_reopened(
    billed_order,
):
    who, order, invoice = billed_order
    partial = credit_note(invoice, ("WIDGET", "-1"))
    order_close(order=SalesOrder.objects.get(pk=order.pk), user=None)
    closed = exposure_of(who)

    submit(partial)
    returned = (order_state(order), exposure_of(who))
    order_reopen(order=SalesOrder.objects.get(pk=order.pk), user=None)

    assert closed == (Decimal("360.00"), Decimal("0.00"), Decimal("0.00"))
    assert returned == (
        (Decimal("200.00"), Decimal("66.666667"), "Closed"),
        (Decimal("240.00"), Decimal("0.00"), Decimal("0.00")),
    )
    assert order_state(order)[2] == "To Deliver and Bill"
    assert exposure_of(who) == (Decimal("240.00"), Decimal("120.00"), Decimal("0.00"))
    assert sales_problems() == []


def test_cancelling_a_credit_note_whose_line_was_billed_again_is_refused(billed_order):
    who, order, invoice = billed_order
    note = submit(credit_note(invoice, ("WIDGET", "-1")))
    submit(make(order, "sales_invoice"))
    before = snapshot()

    with pytest.raises(Conflict) as refused:
        cancel(note)

    assert refused.value.message == (
        f"Cancelling this credit note would bill line 1 of “{order.name}” past 100 % "
        "(400.00 of 300.00): it was billed again since. Cancel that invoice first."
    )
    assert snapshot() == before
    assert SalesInvoice.objects.get(pk=note.pk).docstatus == 1


def test_a_credit_note_line_naming_an_order_line_is_refused(billed_order):
    who, order, invoice = billed_order
    note = credit_note(invoice, ("WIDGET", "-1"))
    row = {
        "item": "WIDGET",
        "qty": Decimal("-1"),
        "sales_invoice_item": invoice.items.get().pk,
        "so_detail": order.items.get().pk,
    }
    document_update(doctype=SALES_INVOICE, document=note, data={"items": [row]}, user=None)
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        submit(note)

    assert refused.value.errors == {
        "items[0].so_detail": [
            "A credit note's line gives back an invoice line, not an order's or a delivery's."
        ]
    }
    assert snapshot() == before


def test_check_ledger_finds_a_billed_amount_kept_wrong(billed_order):
    who, order, invoice = billed_order
    submit(credit_note(invoice, ("WIDGET", "-1")))
    SalesOrderItem.objects.filter(parent=order).update(billed_amt=Decimal("300.00"))

    assert f"{order.name} line 1: billed amount kept 300.00, from the invoices 200.00." in (
        sales_problems()
    )


def test_the_api_reads_the_order_billed_less_after_a_credit_note(api, billed_order):
    who, order, invoice = billed_order
    made = api.post(f"/sales-invoices/{invoice.name}/make/credit_note").json()["name"]
    rows = [{"item": "WIDGET", "qty": "-1", "sales_invoice_item": invoice.items.get().pk}]
    assert api.patch(f"/sales-invoices/{made}", json={"items": rows}).status_code == 200

    submitted = api.post(f"/sales-invoices/{made}/submit")

    read = api.get(f"/sales-orders/{order.name}").json()
    assert submitted.status_code == 200
    assert (read["per_billed"], read["status"]) == ("66.666667", "To Deliver and Bill")
    assert read["items"][0]["billed_amt"] == "200.00"
