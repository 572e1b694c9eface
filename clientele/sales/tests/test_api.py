"""The documents through the REST API: CRUD with lines, the actions, the roles, the
customer's dashboard and statement."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from clientele.operations.seed import COMPANY
from clientele.sales.models import PaymentEntry, SalesOrder
from clientele.sales.tests.builders import build_world, customer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world():
    return build_world()


def order_body(who, **more) -> dict:
    return {
        "customer": who.name,
        "company": COMPANY,
        "items": [{"item": "WIDGET", "qty": "2"}, {"item": "SERVICE", "qty": "1"}],
        **more,
    }


def test_sales_user_creates_submits_and_reads_an_order(sales_api):
    who = customer()

    created = sales_api.post("/sales-orders/", json=order_body(who))
    name = created.json()["name"]
    submitted = sales_api.post(f"/sales-orders/{name}/submit")
    read = sales_api.get(f"/sales-orders/{name}").json()

    assert created.status_code == 201, created.text
    assert submitted.status_code == 200, submitted.text
    assert (read["docstatus"], read["status"]) == (1, "To Deliver and Bill")
    assert (read["net_total"], read["grand_total"]) == ("250.00", "300.00")
    assert [(line["item"], line["qty"], line["rate"]) for line in read["items"]] == [
        ("WIDGET", "2.000", "100.00"),
        ("SERVICE", "1.000", "50.00"),
    ]
    assert read["taxes"][0]["tax_amount"] == "50.00"


def test_a_missing_price_is_a_field_error_and_nothing_is_written(sales_api):
    who = customer()
    body = order_body(who, items=[{"item": "UNKNOWN", "qty": "1"}])

    response = sales_api.post("/sales-orders/", json=body)

    assert response.status_code == 422
    assert response.json()["errors"] == {"items[0].item": ["No item named “UNKNOWN”."]}
    assert SalesOrder.objects.count() == 0


def test_an_unknown_field_is_refused(sales_api):
    response = sales_api.post(
        "/sales-orders/", json=order_body(customer(), valid_till="2030-01-01")
    )

    assert response.status_code == 422


def test_a_reader_may_not_write_and_a_sales_user_may_not_invoice(reader_api, sales_api):
    who = customer()

    assert reader_api.post("/sales-orders/", json=order_body(who)).status_code == 403
    assert sales_api.post("/sales-invoices/", json=order_body(who)).status_code == 403


def test_the_whole_chain_through_the_api(api):
    who = customer()
    quotation = api.post("/quotations/", json=order_body(who)).json()["name"]
    api.post(f"/quotations/{quotation}/submit")
    order = api.post(f"/quotations/{quotation}/make/sales_order").json()["name"]
    api.post(f"/sales-orders/{order}/submit")
    invoice = api.post(f"/sales-orders/{order}/make/sales_invoice").json()["name"]
    api.post(f"/sales-invoices/{invoice}/submit")
    payment = api.post(f"/sales-invoices/{invoice}/make/payment_entry")
    assert payment.status_code == 201, payment.text
    paid = api.post(f"/payment-entries/{payment.json()['name']}/submit")

    assert paid.json()["status"] == "Submitted"
    assert api.get(f"/sales-invoices/{invoice}").json()["outstanding_amount"] == "0.00"
    assert api.get(f"/sales-orders/{order}").json()["per_billed"] == "100.000000"


def test_cancel_then_amend(api):
    who = customer()
    name = api.post("/sales-orders/", json=order_body(who)).json()["name"]
    api.post(f"/sales-orders/{name}/submit")

    assert api.patch(f"/sales-orders/{name}", json={"language": "en"}).status_code == 409
    assert api.post(f"/sales-orders/{name}/cancel").json()["status"] == "Cancelled"
    amended = api.post(f"/sales-orders/{name}/amend")

    assert amended.status_code == 201
    assert (amended.json()["name"], amended.json()["amended_from"]) == (f"{name}-1", name)
    assert api.post(f"/sales-orders/{name}/amend").status_code == 409


def test_a_payment_against_two_invoices(api):
    who = customer()
    invoices = []
    for _ in range(2):
        name = api.post("/sales-invoices/", json=order_body(who)).json()["name"]
        api.post(f"/sales-invoices/{name}/submit")
        invoices.append(name)
    body = {
        "customer": who.name,
        "company": COMPANY,
        "references": [
            {"sales_invoice": invoices[0], "allocated_amount": "300.00"},
            {"sales_invoice": invoices[1], "allocated_amount": "100.00"},
        ],
    }

    created = api.post("/payment-entries/", json=body)
    name = created.json()["name"]
    api.post(f"/payment-entries/{name}/submit")

    assert created.json()["paid_amount"] == "400.00"
    assert [api.get(f"/sales-invoices/{n}").json()["status"] for n in invoices] == [
        "Paid",
        "Partly Paid",
    ]


def test_allocating_more_than_owed_is_refused(api):
    who = customer()
    name = api.post("/sales-invoices/", json=order_body(who)).json()["name"]
    api.post(f"/sales-invoices/{name}/submit")
    body = {
        "customer": who.name,
        "company": COMPANY,
        "references": [{"sales_invoice": name, "allocated_amount": "300.01"}],
    }
    payment = api.post("/payment-entries/", json=body).json()["name"]

    response = api.post(f"/payment-entries/{payment}/submit")

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["references[0].allocated_amount"]
    assert PaymentEntry.objects.get(name=payment).docstatus == 0


def test_dashboard_and_statement(api):
    who = customer()
    today = timezone.localdate()
    name = api.post("/sales-invoices/", json=order_body(who)).json()["name"]
    api.post(f"/sales-invoices/{name}/submit")
    api.post("/quotations/", json=order_body(who))

    dashboard = api.get(f"/customers/{who.name}/dashboard").json()
    statement = api.get(
        f"/customers/{who.name}/statement",
        params={
            "company": COMPANY,
            "from_date": (today - timedelta(days=1)).isoformat(),
            "to_date": today.isoformat(),
        },
    ).json()

    assert dashboard["counts"] == {
        "quotations": 1,
        "sales-orders": 0,
        "delivery-notes": 0,
        "sales-invoices": 1,
        "payment-entries": 0,
    }
    assert dashboard["companies"] == [
        {
            "company": COMPANY,
            "currency": "EUR",
            "billing_this_year": "300.00",
            "total_unpaid": "300.00",
        }
    ]
    assert (statement["opening_balance"], statement["closing_balance"]) == ("0.00", "300.00")
    assert [(e["voucher_no"], e["debit"], e["balance"]) for e in statement["entries"]] == [
        (name, "300.00", "300.00")
    ]
    assert Decimal(statement["closing_balance"]) == Decimal("300.00")


def test_document_defaults_show_what_a_new_document_would_take(api, master_manager):
    who = customer("Client Adressé", tax_category="TVA 20 %")
    address = {
        "address_title": "Siège",
        "address_line1": "1 rue de la Paix",
        "city": "Lyon",
        "pincode": "69001",
        "country": "FR",
        "is_primary_address": True,
        "tax_category": "TVA 10 %",
        "links": [{"party_type": "customer", "party_name": who.name}],
    }
    assert api.post("/addresses/", json=address).status_code == 201
    today = timezone.localdate()

    response = api.get(f"/customers/{who.name}/document-defaults", params={"company": COMPANY})

    found = response.json()
    assert response.status_code == 200, response.text
    assert (found["posting_date"], found["currency"]) == (today.isoformat(), "EUR")
    assert (found["tax_category"], found["taxes_and_charges"]) == ("TVA 10 %", "TVA 10 %")
    assert found["address_display"] == "1 rue de la Paix\n69001 Lyon\nFR"
    assert (found["debit_to"], found["payment_terms_template"]) == (
        "411000 - Clients - CD",
        "Net 30",
    )
    assert found["payment_schedule"] == [
        {
            "description": "30 jours",
            "due_date": (today + timedelta(days=30)).isoformat(),
            "invoice_portion": "100.000",
        }
    ]


def test_the_list_filters_by_customer_status_and_date(api):
    first, second = customer("Client Un"), customer("Client Deux")
    today = timezone.localdate()
    names = [
        api.post("/sales-orders/", json=order_body(who)).json()["name"] for who in (first, second)
    ]
    api.post(f"/sales-orders/{names[1]}/submit")

    mine = api.get("/sales-orders/", params={"customer": second.name}).json()
    drafts = api.get("/sales-orders/", params={"status": "Draft"}).json()
    later = api.get("/sales-orders/", params={"from_date": (today + timedelta(days=1)).isoformat()})

    assert (mine["count"], mine["items"][0]["name"], mine["items"][0]["status"]) == (
        1,
        names[1],
        "To Deliver and Bill",
    )
    assert [item["name"] for item in drafts["items"]] == [names[0]]
    assert later.json() == {"count": 0, "items": []}


def test_a_credit_refusal_speaks_french_with_french_figures(sales_api):
    who = customer("Client Limité", credit_limit="1000")
    created = sales_api.post(
        "/sales-orders/", json=order_body(who, items=[{"item": "WIDGET", "qty": 10}])
    )
    order = created.json()["name"]

    response = sales_api.post(f"/sales-orders/{order}/submit", headers={"Accept-Language": "fr"})

    assert response.status_code == 409
    assert response.json()["errors"]["credit_limit"][0] == "Limite : 1\xa0000,00"
    assert response.json()["detail"].startswith("Limite de crédit dépassée pour")
