"""A document is numbered by a series of its kind (its standard one unless another is
chosen) and keeps its own copy of the customer's VAT number, printed as it was."""

import pytest
from django.utils import timezone

from clientele.core.models import NamingSeries, SeriesCounter
from clientele.core.tests.helpers import row_counts
from clientele.customers.services import customer_update
from clientele.operations.seed import COMPANY
from clientele.sales.models import PaymentEntry, SalesInvoice, SalesOrder
from clientele.sales.tests.builders import build_world, cancel, created_by, customer, submit

pytestmark = pytest.mark.django_db

VAT = "FR40303265045"


@pytest.fixture(autouse=True)
def world():
    return build_world()


def body(who, **more) -> dict:
    return {
        "customer": who.name,
        "company": COMPANY,
        "items": [{"item": "WIDGET", "qty": "1"}],
        **more,
    }


def year() -> int:
    return timezone.localdate().year


def test_each_kind_of_document_has_its_standard_series_managed_beside_the_customers():
    kinds = dict(
        NamingSeries.objects.exclude(entity__in=("customer", "lead")).values_list("entity", "name")
    )

    assert kinds == {
        "quotation": "SAL-QTN-.YYYY.-.#####",
        "sales_order": "SAL-ORD-.YYYY.-.#####",
        "delivery_note": "MAT-DN-.YYYY.-.#####",
        "sales_invoice": "ACC-SINV-.YYYY.-.#####",
        "payment_entry": "ACC-PAY-.YYYY.-.#####",
    }


def test_a_document_takes_its_standard_series_unless_told(sales_api):
    response = sales_api.post("/sales-orders/", json=body(customer()))

    assert response.status_code == 201, response.text
    assert response.json()["naming_series"] == "SAL-ORD-.YYYY.-.#####"
    assert response.json()["name"] == f"SAL-ORD-{year()}-00001"


def test_an_invoice_numbered_by_another_series_of_its_kind(api):
    # given a second series for invoices, added as a user would
    added = api.post(
        "/naming-series/", json={"name": "FAC-WEB-.YYYY.-.####", "entity": "sales_invoice"}
    )
    # when
    response = api.post(
        "/sales-invoices/", json=body(customer(), naming_series="FAC-WEB-.YYYY.-.####")
    )
    # then
    assert added.status_code == 201, added.text
    assert response.status_code == 201, response.text
    assert response.json()["name"] == f"FAC-WEB-{year()}-0001"
    assert SeriesCounter.objects.get(prefix=f"FAC-WEB-{year()}-").current == 1


def test_a_series_of_another_kind_is_refused_and_nothing_is_written(api):
    who = customer()
    before = row_counts(SalesInvoice, SeriesCounter)

    response = api.post("/sales-invoices/", json=body(who, naming_series="SAL-ORD-.YYYY.-.#####"))

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["naming_series"]
    assert (
        "is not a naming series of this kind of document"
        in response.json()["errors"]["naming_series"][0]
    )
    assert row_counts(SalesInvoice, SeriesCounter) == before


def test_a_draft_cannot_change_series(sales_api):
    name = sales_api.post("/sales-orders/", json=body(customer())).json()["name"]

    response = sales_api.patch(
        f"/sales-orders/{name}", json={"naming_series": "SAL-QTN-.YYYY.-.#####"}
    )

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["naming_series"]
    assert SalesOrder.objects.get(name=name).naming_series == "SAL-ORD-.YYYY.-.#####"


def test_an_amendment_keeps_the_series_of_the_document_it_replaces(api):
    api.post("/naming-series/", json={"name": "CMD-.YYYY.-.###", "entity": "sales_order"})
    name = api.post(
        "/sales-orders/", json=body(customer(), naming_series="CMD-.YYYY.-.###")
    ).json()["name"]
    submit(SalesOrder.objects.get(name=name))
    cancel(SalesOrder.objects.get(name=name))

    amended = api.post(f"/sales-orders/{name}/amend")

    assert amended.status_code == 201, amended.text
    assert (amended.json()["name"], amended.json()["naming_series"]) == (
        f"{name}-1",
        "CMD-.YYYY.-.###",
    )


def test_a_payment_numbered_by_a_series_of_payments(api):
    api.post("/naming-series/", json={"name": "ENC-.YYYY.-.####", "entity": "payment_entry"})
    who = customer()
    invoice = api.post("/sales-invoices/", json=body(who)).json()["name"]
    submit(SalesInvoice.objects.get(name=invoice))
    payment = {
        "customer": who.name,
        "company": COMPANY,
        "naming_series": "ENC-.YYYY.-.####",
        "references": [{"sales_invoice": invoice, "allocated_amount": "120.00"}],
    }

    response = api.post("/payment-entries/", json=payment)

    assert response.status_code == 201, response.text
    assert response.json()["name"] == f"ENC-{year()}-0001"
    assert (
        PaymentEntry.objects.get(name=response.json()["name"]).naming_series == "ENC-.YYYY.-.####"
    )


def test_a_series_for_an_unknown_kind_of_record_is_refused(api):
    before = row_counts(NamingSeries)

    response = api.post("/naming-series/", json={"name": "X-.####", "entity": "spaceship"})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["entity"]
    assert row_counts(NamingSeries) == before


def test_the_document_keeps_the_vat_number_it_was_made_with(api):
    # given an invoice made while the customer's VAT number was VAT
    who = customer(tax_id=VAT)
    name = api.post("/sales-invoices/", json=body(who)).json()["name"]
    submit(SalesInvoice.objects.get(name=name))
    # when the customer's number changes afterwards
    customer_update(customer=who, data={"tax_id": "FR83404833048"}, user=created_by())
    # then the invoice still holds and prints the number it was made with
    printed = api.get(f"/sales-invoices/{name}/print").content.decode()
    assert api.get(f"/sales-invoices/{name}").json()["tax_id"] == VAT
    assert (VAT in printed, "FR83404833048" in printed) == (True, False)
    assert SalesInvoice.objects.get(name=name).tax_id == VAT
