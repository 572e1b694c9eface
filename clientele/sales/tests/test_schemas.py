"""The answers of the sales API have exactly the fields their response schemas spell out
(the routes answer through ``json_answer``, which does not validate them again)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from pydantic import BaseModel

from clientele.operations.seed import COMPANY
from clientele.sales import schemas
from clientele.sales.tests.builders import build_world, customer

pytestmark = pytest.mark.django_db


def assert_fits(answer: dict, schema: type[BaseModel]) -> None:
    """Same keys at every level, and the values parse."""
    assert sorted(answer) == sorted(schema.model_fields)
    for name, field in schema.model_fields.items():
        rows = answer[name]
        row_type = getattr(field.annotation, "__args__", (None,))[0]
        if isinstance(rows, list) and rows and isinstance(row_type, type):
            if issubclass(row_type, BaseModel):
                assert_fits(rows[0], row_type)
    schema.model_validate(answer)


def test_every_answer_fits_its_schema(api):
    build_world()
    who = customer()
    body = {"customer": who.name, "company": COMPANY, "items": [{"item": "WIDGET", "qty": 2}]}
    quotation = api.post("/quotations/", json=body).json()
    api.post(f"/quotations/{quotation['name']}/submit")
    order = api.post(f"/quotations/{quotation['name']}/make/sales_order").json()
    api.post(f"/sales-orders/{order['name']}/submit")
    delivery = api.post(f"/sales-orders/{order['name']}/make/delivery_note").json()
    api.post(f"/delivery-notes/{delivery['name']}/submit")
    invoice = api.post(f"/delivery-notes/{delivery['name']}/make/sales_invoice").json()
    submitted = api.post(f"/sales-invoices/{invoice['name']}/submit").json()
    payment = api.post(f"/sales-invoices/{invoice['name']}/make/payment_entry").json()
    today = timezone.localdate()
    period = {"company": COMPANY, "from_date": today - timedelta(days=1), "to_date": today}

    for answer, schema in [
        (quotation, schemas.QuotationOut),
        (order, schemas.SalesOrderOut),
        (delivery, schemas.DeliveryNoteOut),
        (invoice, schemas.SalesInvoiceOut),
        (submitted, schemas.SalesInvoiceOut),
        (payment, schemas.PaymentEntryOut),
        (api.get(f"/customers/{who.name}/dashboard").json(), schemas.DashboardOut),
        (api.get(f"/customers/{who.name}/statement", params=period).json(), schemas.StatementOut),
        (
            api.get(f"/customers/{who.name}/document-defaults", params={"company": COMPANY}).json(),
            schemas.DefaultsPreviewOut,
        ),
    ]:
        assert_fits(answer, schema)
