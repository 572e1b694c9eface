"""“Créer → Avoir” from an invoice's page: a draft credit note with what is left to
return, whose quantities are edited in its form before it is submitted."""

import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client

from clientele.operations.seed import COMPANY
from clientele.sales.checks import sales_problems
from clientele.sales.models import SalesInvoice
from clientele.sales.tests.builders import build_world, credit_note, customer, draft, make, submit
from tests.web.sales_helpers import html_of, lines_post, stored
from tests.web.settings_helpers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world(db):
    return build_world()


@pytest.fixture
def root(client: Client, admin):
    return signed_in(client, admin)


@pytest.fixture
def invoice():
    return submit(draft("sales_invoice", customer(), ("WIDGET", "3"), ("SERVICE", "2")))


def _buttons(html: str) -> str:
    actions = re.search(r'<div class="actions document-actions">.*?</div>', html, re.S)
    assert actions is not None
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", actions.group(0))).split())


def test_an_invoice_page_offers_a_credit_note_until_everything_is_returned(root, invoice):
    page = f"/sales/sales-invoices/{invoice.name}/"

    offered = _buttons(html_of(root, page))
    made = root.post(page + "make/credit-note/")
    note = SalesInvoice.objects.get(is_return=True)
    root.post(f"/sales/sales-invoices/{note.name}/submit/")

    assert "Create → Credit Note" in offered
    assert made.status_code == 302 and made["Location"] == f"/sales/sales-invoices/{note.name}/"
    assert "Create → Credit Note" not in _buttons(html_of(root, page))
    assert sales_problems() == []


def test_the_credit_note_form_shows_what_is_left_and_saves_the_quantities_typed(root, invoice):
    url = root.post(f"/sales/sales-invoices/{invoice.name}/make/credit-note/")["Location"]
    note = SalesInvoice.objects.get(is_return=True)
    form = html_of(root, url)
    lines = list(note.items.order_by("idx"))
    rows = [
        {"item": "WIDGET", "qty": "-1", "sales_invoice_item": str(lines[0].sales_invoice_item_id)},
    ]
    header = {
        "customer": invoice.customer.name,
        "company": COMPANY,
        "posting_date": "2030-01-05",
        "is_return": "True",
        "return_against": invoice.name,
    }

    preview = root.post("/sales/sales-invoices/preview/", header | lines_post(*rows))
    saved = root.post(url, header | lines_post(*rows, initial=2))
    submitted = root.post(url + "submit/")

    assert 'value="-3.000"' in form and 'value="-2.000"' in form
    assert f'name="return_against" value="{invoice.name}"' in form
    assert preview.status_code == 200 and "must be more than 0" not in preview.content.decode()
    assert saved.status_code == 302 and submitted.status_code == 302
    note.refresh_from_db()
    invoice.refresh_from_db()
    assert (note.docstatus, note.grand_total) == (1, Decimal("-120.00"))
    assert [(ln.item.name, ln.qty) for ln in note.items.all()] == [("WIDGET", Decimal("-1.000"))]
    assert invoice.outstanding_amount == Decimal("360.00")
    assert sales_problems() == []


def test_returning_too_much_from_the_page_shows_the_figures_and_writes_nothing(root, invoice):
    url = root.post(f"/sales/sales-invoices/{invoice.name}/make/credit-note/")["Location"]
    root.post(f"/sales/sales-invoices/{invoice.name}/make/credit-note/")
    root.post(url + "submit/")
    second = SalesInvoice.objects.filter(is_return=True, docstatus=0).get()
    before = stored()

    answer = root.post(f"/sales/sales-invoices/{second.name}/submit/")

    assert answer.status_code == 422
    assert "3 billed, 3 already returned, this credit note returns 3" in unescape(
        answer.content.decode()
    )
    assert stored() == before


def _header(html: str) -> str:
    details = re.search(r'<dl class="details document-header">.*?</dl>', html, re.S)
    assert details is not None
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", details.group(0))).split())


def test_a_credit_note_lowers_what_the_order_page_shows_billed_and_its_status(root):
    order = submit(draft("sales_order", customer("Client Dupont"), ("WIDGET", "4")))
    invoice = submit(make(order, "sales_invoice"))
    page = f"/sales/sales-orders/{order.name}/"
    billed = html_of(root, page)
    note = submit(credit_note(invoice, ("WIDGET", "-1")))

    returned = html_of(root, page)
    root.post(f"/sales/sales-invoices/{note.name}/cancel/")

    assert "Delivered 0 % Billed 100 %" in _header(billed)
    assert '<span class="badge status-ok">To Deliver</span>' in billed
    assert "Delivered 0 % Billed 75 %" in _header(returned)
    assert '<span class="badge status-ok">To Deliver and Bill</span>' in returned
    assert "Billed 100 %" in _header(html_of(root, page))
    assert sales_problems() == []
