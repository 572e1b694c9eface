"""Closing a sales order: nothing more follows it and its unbilled amount leaves the
exposure; re-opening brings it back under the credit check, as ERPNext does."""

from decimal import Decimal

import pytest

from clientele.core.errors import Conflict
from clientele.sales.checks import sales_problems
from clientele.sales.closing import order_close, order_reopen
from clientele.sales.doctypes import DELIVERY_NOTE
from clientele.sales.documents import document_update
from clientele.sales.models import CreditExposure, DeliveryNote, LedgerEntry, SalesOrder
from clientele.sales.tests.builders import (
    build_world,
    cancel,
    created_by,
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


def snapshot() -> tuple:
    return (
        list(SalesOrder.objects.values_list("name", "docstatus", "status").order_by("pk")),
        list(DeliveryNote.objects.values_list("name", "docstatus").order_by("pk")),
        LedgerEntry.objects.count(),
        list(CreditExposure.objects.values_list("unpaid_invoices", "unbilled_orders")),
    )


@pytest.fixture
def billed_once():
    """4 × WIDGET ordered (480.00 with VAT), one delivered and billed (120.00)."""
    who = customer()
    order = submit(draft("sales_order", who, ("WIDGET", "4")))
    delivery = make(order, "delivery_note")
    one = [{"item": "WIDGET", "qty": 1, "so_detail": delivery.items.get().so_detail_id}]
    document_update(doctype=DELIVERY_NOTE, document=delivery, data={"items": one}, user=None)
    delivery = submit(delivery)
    invoice = submit(make(delivery, "sales_invoice"))
    return who, SalesOrder.objects.get(pk=order.pk), invoice


def _refreshed(document):
    return type(document).objects.get(pk=document.pk)


def test_closing_takes_the_unbilled_amount_out_of_the_exposure(billed_once):
    who, order, _invoice = billed_once
    assert exposure_of(who) == (Decimal("120.00"), Decimal("360.00"), 0)

    closed = order_close(order=order, user=None)

    assert (closed.status, closed.per_delivered, closed.per_billed) == ("Closed", 25, 25)
    assert exposure_of(who) == (Decimal("120.00"), 0, 0)
    assert sales_problems() == []


def test_a_closed_order_makes_nothing_and_is_followed_by_nothing(billed_once):
    _who, order, _invoice = billed_once
    waiting = make(order, "delivery_note")
    order_close(order=order, user=None)
    before = snapshot()

    with pytest.raises(Conflict) as not_made:
        make(_refreshed(order), "delivery_note")
    with pytest.raises(Conflict) as not_submitted:
        submit(waiting)
    with pytest.raises(Conflict) as not_cancelled:
        cancel(_refreshed(order))

    assert "is closed: nothing more is made from it" in not_made.value.message
    assert not_submitted.value.message == (
        f"Sales order “{order.name}” is closed: nothing more is delivered or billed from it. "
        "Re-open it first."
    )
    assert "re-open it before cancelling it" in not_cancelled.value.message
    assert snapshot() == before


def test_an_invoice_of_a_closed_order_cancelled_gives_nothing_back_to_the_order_exposure(
    billed_once,
):
    who, order, invoice = billed_once
    order_close(order=order, user=None)

    cancel(invoice)

    assert exposure_of(who) == (0, 0, 0)
    assert _refreshed(order).status == "Closed"
    assert sales_problems() == []


def test_reopening_brings_the_exposure_back_and_the_status_from_the_progress(billed_once):
    who, order, _invoice = billed_once
    order_close(order=order, user=None)

    reopened = order_reopen(order=_refreshed(order), user=None)

    assert reopened.status == "To Deliver and Bill"
    assert exposure_of(who) == (Decimal("120.00"), Decimal("360.00"), 0)
    assert make(reopened, "delivery_note").items.get().qty == 3
    assert sales_problems() == []


def test_reopening_past_the_credit_limit_is_refused_with_the_figures():
    who = customer("Client Limité", credit_limit="500")
    first = submit(draft("sales_order", who, ("WIDGET", "4")))
    order_close(order=first, user=None)
    submit(draft("sales_order", who, ("WIDGET", "2")))
    before = snapshot()

    with pytest.raises(Conflict) as refused:
        order_reopen(order=_refreshed(first), user=None)

    assert "limit 500.00, exposure 240.00" in refused.value.message
    assert "this document 480.00, 720.00 in all" in refused.value.message
    assert snapshot() == before
    assert _refreshed(first).status == "Closed"


def test_a_credit_controller_reopens_past_the_limit():
    who = customer("Client Limité", credit_limit="500")
    first = submit(draft("sales_order", who, ("WIDGET", "4")))
    order_close(order=first, user=None)
    submit(draft("sales_order", who, ("WIDGET", "2")))

    order_reopen(order=_refreshed(first), user=created_by())

    assert exposure_of(who) == (0, Decimal("720.00"), 0)
    assert sales_problems() == []


def test_a_completed_or_draft_order_is_not_closed_and_an_open_one_not_reopened():
    who = customer()
    completed = submit(draft("sales_order", who, ("WIDGET", "1")))
    submit(make(submit(make(completed, "delivery_note")), "sales_invoice"))
    unsent = draft("sales_order", who, ("WIDGET", "1"))
    opened = submit(draft("sales_order", who, ("SERVICE", "1")))
    before = snapshot()

    for run, order in (
        (order_close, _refreshed(completed)),
        (order_close, unsent),
        (order_reopen, opened),
    ):
        with pytest.raises(Conflict):
            run(order=order, user=None)

    assert snapshot() == before


def test_the_api_closes_and_reopens_and_lists_by_status(api, billed_once):
    _who, order, _invoice = billed_once

    closed = api.post(f"/sales-orders/{order.name}/close")
    listed = api.get("/sales-orders/", params={"status": "Closed"}).json()
    again = api.post(f"/sales-orders/{order.name}/close")
    reopened = api.post(f"/sales-orders/{order.name}/reopen")

    assert (closed.status_code, closed.json()["status"]) == (200, "Closed")
    assert [row["name"] for row in listed["items"]] == [order.name]
    assert again.status_code == 409
    assert (reopened.status_code, reopened.json()["status"]) == (200, "To Deliver and Bill")


def test_a_sales_user_closes_an_order_an_accounts_user_does_not(sales_api, accounts_api):
    order = submit(draft("sales_order", customer(), ("WIDGET", "1")))

    refused = accounts_api.post(f"/sales-orders/{order.name}/close")
    closed = sales_api.post(f"/sales-orders/{order.name}/close")

    assert (refused.status_code, closed.status_code) == (403, 200)
