"""Credit notes checked per line: each invoice line keeps what the submitted credit notes
returned of it, never more than it billed; cancelling a credit note gives it back."""

from decimal import Decimal

import pytest

from clientele.core.errors import InvalidInput
from clientele.operations.seed import COMPANY
from clientele.sales.checks import sales_problems
from clientele.sales.doctypes import SALES_INVOICE
from clientele.sales.documents import document_update
from clientele.sales.follow_on import credit_note_make
from clientele.sales.ledger import ledger_balance
from clientele.sales.models import CreditExposure, LedgerEntry, SalesInvoice, SalesInvoiceItem
from clientele.sales.tests.builders import (
    build_world,
    cancel,
    credit_note,
    customer,
    draft,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world():
    return build_world()


@pytest.fixture
def invoice():
    """3 × WIDGET at 100.00 and 2 × SERVICE at 50.00, VAT 20 %: 480.00 owed."""
    return submit(draft("sales_invoice", customer(), ("WIDGET", "3"), ("SERVICE", "2")))


def returned(invoice) -> list[tuple[str, Decimal]]:
    lines = SalesInvoiceItem.objects.filter(parent=invoice).order_by("idx")
    return [(line.item.name, line.returned_qty) for line in lines]


def quantities(document) -> list[tuple[str, Decimal]]:
    return [(line.item.name, line.qty) for line in document.items.order_by("idx")]


def snapshot(invoice) -> tuple:
    return (
        returned(invoice),
        list(SalesInvoice.objects.values_list("name", "docstatus", "outstanding_amount", "status")),
        LedgerEntry.objects.count(),
        list(CreditExposure.objects.values_list("unpaid_invoices", flat=True)),
    )


def test_a_credit_note_is_made_with_what_is_left_to_return(invoice):
    made = credit_note_make(invoice=invoice, user=None)

    assert quantities(made) == [("WIDGET", Decimal("-3.000")), ("SERVICE", Decimal("-2.000"))]
    assert [line.sales_invoice_item_id for line in made.items.order_by("idx")] == list(
        invoice.items.order_by("idx").values_list("pk", flat=True)
    )
    assert (made.is_return, made.return_against, made.grand_total) == (
        True,
        invoice,
        Decimal("-480.00"),
    )


def test_returned_quantities_add_up_per_line_and_the_next_credit_note_takes_the_rest(invoice):
    submit(credit_note(invoice, ("WIDGET", "-1")))
    second = submit(credit_note(invoice, ("WIDGET", "-1"), ("SERVICE", "-2")))
    invoice.refresh_from_db()

    assert returned(invoice) == [("WIDGET", Decimal("2.000")), ("SERVICE", Decimal("2.000"))]
    assert second.grand_total == Decimal("-240.00")
    assert (invoice.outstanding_amount, invoice.status) == (
        Decimal("120.00"),
        "Credit Note Issued",
    )
    assert ledger_balance(customer_id=invoice.customer_id, company_id=invoice.company_id) == (
        Decimal("120.00")
    )
    assert quantities(credit_note_make(invoice=invoice, user=None)) == [
        ("WIDGET", Decimal("-1.000"))
    ]
    assert sales_problems() == []


def test_returning_more_than_a_line_billed_is_refused_with_the_figures(invoice):
    submit(credit_note(invoice, ("WIDGET", "-2")))
    too_much = credit_note(invoice, ("WIDGET", "-1"), ("SERVICE", "-1"))
    document_update(
        doctype=SALES_INVOICE,
        document=too_much,
        data={"items": [{"item": "WIDGET", "qty": Decimal("-2")}]},
        user=None,
    )
    before = snapshot(invoice)

    with pytest.raises(InvalidInput) as refused:
        submit(too_much)

    message = (
        f"Item “WIDGET” (line 1 of “{invoice.name}”): 3 billed, 2 already returned, this "
        "credit note returns 2. At most 1 can still be returned: lower the quantity."
    )
    assert refused.value.errors == {"items[0].qty": [message]}
    assert refused.value.message == message
    assert snapshot(invoice) == before
    assert sales_problems() == []


def test_cancelling_a_credit_note_gives_its_quantities_back(invoice):
    note = submit(credit_note(invoice, ("WIDGET", "-3"), ("SERVICE", "-1")))

    cancel(note)
    invoice.refresh_from_db()

    assert returned(invoice) == [("WIDGET", Decimal("0.000")), ("SERVICE", Decimal("0.000"))]
    assert (invoice.outstanding_amount, invoice.status) == (Decimal("480.00"), "Unpaid")
    assert quantities(credit_note_make(invoice=invoice, user=None)) == [
        ("WIDGET", Decimal("-3.000")),
        ("SERVICE", Decimal("-2.000")),
    ]
    assert sales_problems() == []


def test_a_line_typed_without_its_invoice_line_is_matched_by_item(invoice):
    typed = draft(
        "sales_invoice",
        invoice.customer,
        ("SERVICE", "-2"),
        is_return=True,
        return_against=invoice.name,
    )

    submit(typed)

    service_line = invoice.items.get(item__name="SERVICE")
    assert typed.items.get().sales_invoice_item_id == service_line.pk
    assert returned(invoice) == [("WIDGET", Decimal("0.000")), ("SERVICE", Decimal("2.000"))]


def test_an_item_the_invoice_did_not_bill_is_refused(invoice):
    other = submit(draft("sales_invoice", invoice.customer, ("SERVICE", "1")))
    note = draft(
        "sales_invoice",
        invoice.customer,
        ("SERVICE", "-1"),
        is_return=True,
        return_against=other.name,
    )
    document_update(
        doctype=SALES_INVOICE,
        document=note,
        data={"items": [{"item": "WIDGET", "qty": Decimal("-1")}]},
        user=None,
    )
    before = snapshot(invoice)

    with pytest.raises(InvalidInput) as refused:
        submit(note)

    assert list(refused.value.errors) == ["items[0].item"]
    assert "is not on the invoice" in refused.value.errors["items[0].item"][0]
    assert snapshot(invoice) == before


def test_a_line_of_another_invoice_is_refused(invoice):
    other = submit(draft("sales_invoice", invoice.customer, ("WIDGET", "5")))
    foreign_line = other.items.get().pk
    note = draft(
        "sales_invoice",
        invoice.customer,
        is_return=True,
        return_against=invoice.name,
        items=[{"item": "WIDGET", "qty": Decimal("-1"), "sales_invoice_item": foreign_line}],
    )
    before = snapshot(invoice)

    with pytest.raises(InvalidInput) as refused:
        submit(note)

    assert list(refused.value.errors) == ["items[0].sales_invoice_item"]
    assert snapshot(invoice) == before


def test_an_invoice_that_is_no_credit_note_names_no_invoice_line(invoice):
    line = invoice.items.first().pk
    plain = draft(
        "sales_invoice",
        invoice.customer,
        items=[{"item": "WIDGET", "qty": Decimal("1"), "sales_invoice_item": line}],
    )
    before = snapshot(invoice)

    with pytest.raises(InvalidInput) as refused:
        submit(plain)

    assert list(refused.value.errors) == ["items[0].sales_invoice_item"]
    assert snapshot(invoice) == before


def test_the_api_makes_a_credit_note_until_everything_is_returned(api, invoice):
    made = api.post(f"/sales-invoices/{invoice.name}/make/credit_note")
    name = made.json()["name"]
    submitted = api.post(f"/sales-invoices/{name}/submit")
    read = api.get(f"/sales-invoices/{invoice.name}").json()
    before = snapshot(invoice)

    again = api.post(f"/sales-invoices/{invoice.name}/make/credit_note")

    assert made.status_code == 201 and submitted.status_code == 200
    assert [(row["qty"], row["sales_invoice_item"]) for row in made.json()["items"]] == [
        ("-3.000", read["items"][0]["id"]),
        ("-2.000", read["items"][1]["id"]),
    ]
    assert [row["returned_qty"] for row in read["items"]] == ["3.000", "2.000"]
    assert (read["outstanding_amount"], read["status"]) == ("0.00", "Credit Note Issued")
    assert again.status_code == 409
    assert "was already returned" in again.json()["detail"]
    assert snapshot(invoice) == before
    assert sales_problems() == []


def test_the_api_refuses_returning_too_much_and_writes_nothing(api, invoice):
    body = {
        "customer": invoice.customer.name,
        "company": COMPANY,
        "is_return": True,
        "return_against": invoice.name,
        "items": [{"item": "SERVICE", "qty": "-3"}],
    }
    name = api.post("/sales-invoices/", json=body).json()["name"]
    before = snapshot(invoice)

    answer = api.post(f"/sales-invoices/{name}/submit")

    assert answer.status_code == 422
    assert "2 billed, 0 already returned, this credit note returns 3" in answer.json()["detail"]
    assert snapshot(invoice) == before


def test_check_ledger_finds_a_returned_quantity_kept_wrong(invoice):
    submit(credit_note(invoice, ("WIDGET", "-1")))
    SalesInvoiceItem.objects.filter(parent=invoice, item__name="WIDGET").update(returned_qty=2)

    assert sales_problems() == [
        f"{invoice.name} line 1: returned quantity kept 2.000, from the credit notes 1.000."
    ]
