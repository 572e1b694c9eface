"""Each life-cycle refusal answers 409 (or 422 for a field) and writes nothing."""

from decimal import Decimal

import pytest

from clientele.operations.seed import COMPANY
from clientele.sales.models import (
    CreditExposure,
    DeliveryNote,
    LedgerEntry,
    PaymentEntry,
    SalesInvoice,
    SalesOrder,
)
from clientele.sales.tests.builders import build_world, customer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world():
    return build_world()


def snapshot() -> tuple:
    return (
        list(SalesOrder.objects.values_list("name", "docstatus", "status")),
        list(SalesInvoice.objects.values_list("name", "docstatus", "outstanding_amount")),
        DeliveryNote.objects.count(),
        PaymentEntry.objects.count(),
        LedgerEntry.objects.count(),
        list(CreditExposure.objects.values_list("unpaid_invoices", "unbilled_orders")),
    )


def body(who, **more) -> dict:
    return {
        "customer": who.name,
        "company": COMPANY,
        "items": [{"item": "WIDGET", "qty": 1}],
        **more,
    }


@pytest.fixture
def order(api):
    who = customer()
    name = api.post("/sales-orders/", json=body(who)).json()["name"]
    return who, name


@pytest.mark.parametrize(
    ("action", "status"),
    [("cancel", 409), ("amend", 409), ("make/delivery_note", 409), ("make/unknown", 404)],
)
def test_a_draft_is_neither_cancelled_amended_nor_followed(api, order, action, status):
    _who, name = order
    before = snapshot()

    response = api.post(f"/sales-orders/{name}/{action}")

    assert response.status_code == status, response.text
    assert snapshot() == before


def test_a_submitted_document_is_not_deleted_nor_submitted_twice(api, order):
    _who, name = order
    api.post(f"/sales-orders/{name}/submit")
    before = snapshot()

    assert api.delete(f"/sales-orders/{name}").status_code == 409
    assert api.post(f"/sales-orders/{name}/submit").status_code == 409
    assert api.post(f"/sales-orders/{name}/amend").status_code == 409
    assert snapshot() == before


def test_a_draft_is_deleted(api, order):
    _who, name = order

    assert api.delete(f"/sales-orders/{name}").status_code == 204
    assert not SalesOrder.objects.filter(name=name).exists()


def test_nothing_left_to_deliver_is_refused(api, order):
    _who, name = order
    api.post(f"/sales-orders/{name}/submit")
    delivery = api.post(f"/sales-orders/{name}/make/delivery_note").json()["name"]
    api.post(f"/delivery-notes/{delivery}/submit")
    before = snapshot()

    response = api.post(f"/sales-orders/{name}/make/delivery_note")

    assert response.status_code == 409
    assert "Nothing is left" in response.json()["detail"]
    assert snapshot() == before


def test_a_sales_user_may_not_cancel_an_invoice(api, sales_api):
    who = customer()
    name = api.post("/sales-invoices/", json=body(who)).json()["name"]
    api.post(f"/sales-invoices/{name}/submit")
    before = snapshot()

    assert sales_api.post(f"/sales-invoices/{name}/cancel").status_code == 403
    assert snapshot() == before


def test_an_accounts_user_writes_invoices_and_payments_but_no_order(accounts_api):
    who = customer()

    assert accounts_api.post("/sales-orders/", json=body(who)).status_code == 403
    invoice = accounts_api.post("/sales-invoices/", json=body(who))
    assert invoice.status_code == 201
    name = invoice.json()["name"]
    assert accounts_api.post(f"/sales-invoices/{name}/submit").status_code == 200
    assert accounts_api.post(f"/sales-invoices/{name}/make/payment_entry").status_code == 201


@pytest.mark.parametrize(
    ("reference", "field"),
    [
        ({"allocated_amount": "0"}, "references[0].allocated_amount"),
        ({"sales_invoice": "ACC-SINV-NONE"}, "references[0].sales_invoice"),
    ],
)
def test_a_payment_with_a_wrong_reference_is_refused(api, reference, field):
    who = customer()
    name = api.post("/sales-invoices/", json=body(who)).json()["name"]
    api.post(f"/sales-invoices/{name}/submit")
    before = snapshot()
    payment = {
        "customer": who.name,
        "company": COMPANY,
        "references": [{"sales_invoice": name, "allocated_amount": "10.00", **reference}],
    }

    response = api.post("/payment-entries/", json=payment)

    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert snapshot() == before


def test_a_payment_of_another_customer_invoice_is_refused(api):
    owner, payer = customer("Client Payé"), customer("Client Payeur")
    name = api.post("/sales-invoices/", json=body(owner)).json()["name"]
    api.post(f"/sales-invoices/{name}/submit")
    before = snapshot()
    payment = {
        "customer": payer.name,
        "company": COMPANY,
        "references": [{"sales_invoice": name, "allocated_amount": "10.00"}],
    }

    response = api.post("/payment-entries/", json=payment)

    assert response.json()["errors"] == {
        "references[0].sales_invoice": ["An invoice of another customer or company."]
    }
    assert snapshot() == before


def test_a_paid_amount_below_the_allocations_is_refused(api):
    who = customer()
    name = api.post("/sales-invoices/", json=body(who)).json()["name"]
    api.post(f"/sales-invoices/{name}/submit")
    payment = {
        "customer": who.name,
        "company": COMPANY,
        "paid_amount": "5.00",
        "references": [{"sales_invoice": name, "allocated_amount": "10.00"}],
    }

    response = api.post("/payment-entries/", json=payment)

    assert list(response.json()["errors"]) == ["paid_amount"]
    assert PaymentEntry.objects.count() == 0


def test_a_delivery_without_an_order_counts_and_is_checked(sales_api):
    who = customer(credit_limit="100")
    name = sales_api.post("/delivery-notes/", json=body(who)).json()["name"]
    before = snapshot()

    response = sales_api.post(f"/delivery-notes/{name}/submit")

    assert response.status_code == 409
    assert response.json()["errors"]["credit_limit"][3:] == [
        "Unbilled deliveries: 0.00",
        "This document: 120.00",
    ]
    assert snapshot() == before


def test_a_credit_note_without_an_invoice_is_owed_to_the_customer(api):
    who = customer()
    note = body(who, is_return=True, items=[{"item": "WIDGET", "qty": -1}])
    name = api.post("/sales-invoices/", json=note).json()["name"]

    submitted = api.post(f"/sales-invoices/{name}/submit").json()

    assert (submitted["status"], submitted["outstanding_amount"]) == ("Return", "-120.00")
    row = CreditExposure.objects.get(customer=who)
    assert row.unpaid_invoices == Decimal("-120.00")
