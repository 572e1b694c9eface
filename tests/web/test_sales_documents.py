"""The sales documents' screens (issue 11 item 7), through Django's test client on data
built by the sales app's own services: forms, live preview, pages, actions, refusals."""

import json
import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client

from clientele.core.roles import SALES_USER
from clientele.customers.services import customer_update
from clientele.operations.seed import COMPANY
from clientele.sales.models import DocStatus, PaymentEntry, Quotation, SalesInvoice, SalesOrder
from clientele.sales.tests.builders import build_world, created_by, customer, draft, submit
from conftest import make_user
from tests.web.sales_helpers import form_of, html_of, lines_post, quotation_post, stored, two_lines
from tests.web.settings_helpers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world(db):
    return build_world()


@pytest.fixture
def martin():
    return customer("Client Martin")


@pytest.fixture
def seller(client: Client):
    return signed_in(client, make_user("sally", SALES_USER))


@pytest.fixture
def root(client: Client, admin):
    return signed_in(client, admin)


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_quotation_with_two_lines_is_stored_as_the_service_computes_it(seller, martin):
    answer = seller.post("/sales/quotations/new/", quotation_post(martin.name, *two_lines()))

    quotation = Quotation.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/sales/quotations/{quotation.name}/"
    assert (quotation.customer, quotation.docstatus, quotation.currency.name) == (martin, 0, "EUR")
    assert quotation.transaction_date == date(2030, 1, 2)
    assert quotation.selling_price_list.name == "Standard Selling"
    assert [(ln.item.name, ln.qty, ln.rate, ln.amount) for ln in quotation.items.all()] == [
        ("WIDGET", Decimal("2.000"), Decimal("100.00"), Decimal("200.00")),
        ("SERVICE", Decimal("1.000"), Decimal("45.00"), Decimal("45.00")),
    ]
    totals = (quotation.net_total, quotation.total_taxes_and_charges, quotation.grand_total)
    assert totals == (Decimal("245.00"), Decimal("49.00"), Decimal("294.00"))


def test_a_rate_typed_is_kept_and_one_filled_by_the_screen_is_the_price_lists(seller, martin):
    widget, service = two_lines()
    rows = [{**widget, "rate": "80"}, {**service, "rate": "45.00", "rate_auto": "45.00"}]

    seller.post("/sales/quotations/new/", quotation_post(martin.name, *rows))

    lines = Quotation.objects.get().items.all()
    assert [(ln.rate, ln.price_list_rate) for ln in lines] == [
        (Decimal("80.00"), Decimal("100.000000")),
        (Decimal("45.00"), Decimal("50.000000")),
    ]


def test_the_preview_fills_rates_and_totals_without_writing(seller, martin):
    data = quotation_post(martin.name, *two_lines(), {"item": "WIDGET"})

    answer = seller.post("/sales/quotations/preview/", data, HTTP_HX_REQUEST="true")

    html = answer.content.decode()
    assert answer.status_code == 200
    assert 'name="items-0-rate" value="100.00"' in html
    assert 'name="items-1-rate" value="45.00"' in html
    assert 'id="items-2-rate-cell"' in html and 'name="items-2-rate" ' in html  # no qty yet
    assert 'id="total-grand"><strong>€294.00' in html
    assert 'name="selling_price_list" id="id_selling_price_list"' in html
    assert '<option value="Standard Selling" selected>' in html
    assert Quotation.objects.count() == 0


def test_another_customer_brings_its_defaults_and_what_was_typed_stays(seller, martin, world):
    from clientele.core.records import record_create
    from clientele.masters import services as masters

    record_create(masters.PRICE_LIST, {"name": "Tarif PME", "currency": "EUR"}, user=None)
    other = customer("Client Durand", default_price_list="Tarif PME", language="en")
    filled = {"_company": COMPANY, "_customer": martin.name, "language": ""}
    auto = json.dumps(filled | {"selling_price_list": "Standard Selling"})
    data = quotation_post(
        other.name,
        selling_price_list="Standard Selling",
        payment_terms_template="Net 30",
        _auto=auto,
    )

    html = seller.post("/sales/quotations/preview/", data, HTTP_HX_REQUEST="true").content.decode()

    assert '<option value="Tarif PME" selected>' in html  # filled for Martin: Durand's now
    assert '<option value="Net 30" selected>' in html  # typed: kept
    assert '<option value="en" selected>' in html


def test_a_line_without_a_price_is_refused_on_its_rate_cell_and_nothing_is_written(seller, martin):
    from clientele.sales.tests.builders import item

    item("NOPRICE", "Sans prix", "1.00", valid_from=date(2099, 1, 1))
    before = stored()
    rows = [{"item": "WIDGET", "qty": "1"}, {"item": "NOPRICE", "qty": "1"}]

    answer = seller.post("/sales/quotations/new/", quotation_post(martin.name, *rows))

    html = answer.content.decode()
    assert answer.status_code == 422
    cell = re.search(r'id="items-1-rate-cell".*?</td>', html, re.S).group(0)
    assert "“NOPRICE” has no price in the price list “Standard Selling” on 2030-01-02" in cell
    assert 'name="items-1-item" value="NOPRICE"' in html  # what was typed stays
    assert stored() == before


def test_without_javascript_recalculate_shows_the_totals_and_saves_nothing(seller, martin):
    data = quotation_post(martin.name, *two_lines(), _preview="1")

    html = seller.post("/sales/quotations/new/", data).content.decode()

    assert "€294.00" in html and 'value="100.00"' in html
    assert Quotation.objects.count() == 0


def test_add_a_line_without_javascript_keeps_what_was_typed(seller, martin):
    data = quotation_post(martin.name, {"item": "WIDGET", "qty": "3"}, add_row="items")

    html = seller.post("/sales/quotations/new/", data).content.decode()

    assert 'name="items-0-qty" value="3"' in html and 'name="items-1-item"' in html
    assert Quotation.objects.count() == 0


def test_a_draft_is_edited_on_its_page_and_its_typed_rate_survives(seller, martin):
    quotation = draft("quotation", martin, ("WIDGET", "1"))
    rows = [{"item": "WIDGET", "qty": "4", "rate": "90"}]
    data = {"customer": martin.name, "company": COMPANY, "transaction_date": "2030-01-02"}

    answer = seller.post(f"/sales/quotations/{quotation.name}/", data | lines_post(*rows))

    assert answer.status_code == 302
    line = Quotation.objects.get().items.get()
    assert (line.qty, line.rate, line.amount) == (
        Decimal("4.000"),
        Decimal("90.00"),
        Decimal("360.00"),
    )
    seller.post(f"/sales/quotations/{quotation.name}/", data | lines_post(*rows))
    assert Quotation.objects.get().items.get().rate == Decimal("90.00")


def test_a_draft_saved_again_as_shown_keeps_the_template_picked_by_hand(seller, martin):
    quotation = draft("quotation", martin, ("WIDGET", "1"), taxes_and_charges="TVA 5,5 %")
    page = html_of(seller, f"/sales/quotations/{quotation.name}/")
    data = form_of(page) | {"items-0-qty": "2"}

    answer = seller.post(f"/sales/quotations/{quotation.name}/", data)

    assert answer.status_code == 302
    stored = Quotation.objects.get()
    assert stored.taxes_and_charges.name == "TVA 5,5 %"
    assert [tax.rate for tax in stored.taxes.all()] == [Decimal("5.500")]
    assert stored.grand_total == Decimal("211.00")


def test_submit_then_order_then_invoice_then_payment(root, martin):
    quotation = draft("quotation", martin, ("WIDGET", "2"))
    page = f"/sales/quotations/{quotation.name}/"

    assert root.post(page + "submit/")["Location"] == page
    made = root.post(page + "make/sales-orders/")["Location"]
    order = SalesOrder.objects.get()
    assert made == f"/sales/sales-orders/{order.name}/"
    root.post(made + "submit/")
    invoice_url = root.post(made + "make/sales-invoices/")["Location"]
    root.post(invoice_url + "submit/")
    payment_url = root.post(invoice_url + "make/payment-entries/")["Location"]
    root.post(payment_url + "submit/")

    invoice = SalesInvoice.objects.get()
    assert (Quotation.objects.get().status, SalesOrder.objects.get().status) == (
        "Ordered",
        "To Deliver",
    )
    assert (invoice.status, invoice.outstanding_amount) == ("Paid", Decimal("0.00"))
    assert PaymentEntry.objects.get().paid_amount == Decimal("240.00")


def test_a_submitted_page_offers_what_its_status_allows(root, martin):
    quotation = submit(draft("quotation", martin, ("WIDGET", "1")))

    html = html_of(root, f"/sales/quotations/{quotation.name}/")

    actions = re.search(r'<div class="actions document-actions">.*?</div>', html, re.S).group(0)
    buttons = _text(actions)
    assert buttons == "Cancel Create → Sales Order Print preview PDF"
    assert '<span class="badge status-ok">Open</span>' in html
    printed = f"/sales/quotations/{quotation.name}/print/"
    assert f'href="{printed}"' in html and f'href="{printed}?format=pdf"' in html


def test_cancel_asks_first_then_cancels_and_amend_makes_the_next_number(root, martin):
    quotation = submit(draft("quotation", martin, ("WIDGET", "1")))
    page = f"/sales/quotations/{quotation.name}/"

    asked = html_of(root, page + "cancel/")
    root.post(page + "cancel/")
    cancelled = Quotation.objects.get().docstatus
    amended = root.post(page + "amend/")

    assert f"Cancel {quotation.name}?" in asked and cancelled == DocStatus.CANCELLED
    assert amended["Location"] == f"/sales/quotations/{quotation.name}-1/"
    copy = Quotation.objects.get(name=f"{quotation.name}-1")
    assert (copy.docstatus, copy.amended_from, copy.grand_total) == (
        0,
        quotation,
        Decimal("120.00"),
    )


def test_a_credit_limit_refusal_shows_the_figures_and_writes_nothing(seller, martin):
    limited = customer("Client Limité", credit_limit="100")
    order = draft("sales_order", limited, ("WIDGET", "1"))
    before = stored()

    answer = seller.post(f"/sales/sales-orders/{order.name}/submit/")

    html = answer.content.decode()
    assert answer.status_code == 409
    alert = _text(re.search(r'<div class="refusal" role="alert">.*?</div>', html, re.S).group(0))
    assert "Credit limit exceeded for" in alert and "limit 100.00" in alert
    assert "This document: 120.00" in alert
    assert stored() == before


def test_a_frozen_customers_invoice_is_refused_as_the_service_says(root, martin):
    invoice = draft("sales_invoice", martin, ("WIDGET", "1"))
    customer_update(customer=martin, data={"is_frozen": True}, user=created_by())
    before = stored()
    clerk = make_user("alice", "Accounts User")
    client = signed_in(Client(), clerk)

    answer = client.post(f"/sales/sales-invoices/{invoice.name}/submit/")

    assert answer.status_code == 409
    assert f"Customer “{martin.name}” is frozen" in unescape(answer.content.decode())
    assert stored() == before


def test_a_payment_is_allocated_to_an_unpaid_invoice_from_its_form(root, martin):
    invoice = submit(draft("sales_invoice", martin, ("WIDGET", "1")))
    form = html_of(root, "/sales/payment-entries/new/", customer=martin.name, company=COMPANY)
    data = {
        "customer": martin.name,
        "company": COMPANY,
        "posting_date": "2030-01-05",
        "reference_no": "VIR-42",
        f"allocated-{invoice.name}": "50,00",
    }

    answer = root.post("/sales/payment-entries/new/", data)

    payment = PaymentEntry.objects.get()
    assert invoice.name in form and answer.status_code == 302
    assert (payment.paid_amount, payment.reference_no, payment.docstatus) == (
        Decimal("50.00"),
        "VIR-42",
        0,
    )
    assert [(r.sales_invoice, r.allocated_amount) for r in payment.references.all()] == [
        (invoice, Decimal("50.00"))
    ]


def test_a_payment_above_what_is_owed_is_refused_next_to_its_invoice(root, martin):
    invoice = submit(draft("sales_invoice", martin, ("WIDGET", "1")))
    payment_url = root.post(f"/sales/sales-invoices/{invoice.name}/make/payment-entries/")[
        "Location"
    ]
    payment = PaymentEntry.objects.get()
    data = {"customer": martin.name, "company": COMPANY, "posting_date": "2030-01-05"}
    root.post(payment_url, data | {f"allocated-{invoice.name}": "500"})
    before = stored()

    answer = root.post(payment_url + "submit/")

    assert answer.status_code == 422
    assert "owes 120.00: allocate at most that" in unescape(answer.content.decode())
    assert stored() == before and PaymentEntry.objects.get(pk=payment.pk).docstatus == 0


def test_anonymous_visitors_are_sent_to_sign_in(client, martin):
    for url in ("/sales/quotations/", "/sales/quotations/new/", "/accounts-settings/"):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/login/")


def test_a_reader_sees_no_button_and_a_forged_post_is_refused(client, reader, martin):
    quotation = submit(draft("quotation", martin, ("WIDGET", "1")))
    signed_in(client, reader)
    page = f"/sales/quotations/{quotation.name}/"
    before = stored()

    html = html_of(client, page)
    refused = [
        client.post("/sales/quotations/new/", quotation_post(martin.name, *two_lines())),
        client.post(page + "cancel/"),
        client.post(page + "make/sales-orders/"),
        client.post("/sales/quotations/preview/", quotation_post(martin.name)),
    ]

    assert "document-actions" in html and "<button" not in html.split("document-actions")[1][:400]
    assert [answer.status_code for answer in refused] == [403, 403, 403, 403]
    assert stored() == before


def test_a_seller_makes_no_invoice(seller, martin):
    order = submit(draft("sales_order", martin, ("WIDGET", "1")))

    html = html_of(seller, f"/sales/sales-orders/{order.name}/")
    answer = seller.post(f"/sales/sales-orders/{order.name}/make/sales-invoices/")

    assert "Create → Delivery Note" in html and "Create → Sales Invoice" not in html
    assert answer.status_code == 403 and SalesInvoice.objects.count() == 0


def test_the_draft_page_costs_the_same_queries_for_2_and_20_lines(seller, martin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 20):
        quotation = draft("quotation", martin, *[("WIDGET", "1")] * size)
        with CaptureQueriesContext(connection) as queries:
            html = html_of(seller, f"/sales/quotations/{quotation.name}/")
        assert html.count('name="items-') >= size
        counts.append(len(queries))
    assert counts[0] == counts[1]
