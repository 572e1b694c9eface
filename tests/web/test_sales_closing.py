"""A sales order's page closes and re-opens it; the list shows and filters “Closed”."""

import re
from html import unescape

import pytest
from django.test import Client

from clientele.core.roles import SALES_USER
from clientele.sales.models import CreditExposure, SalesOrder
from clientele.sales.tests.builders import build_world, customer, draft, submit
from conftest import make_user
from tests.web.sales_helpers import html_of, stored
from tests.web.settings_helpers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world(db):
    return build_world()


@pytest.fixture
def seller(client: Client):
    return signed_in(client, make_user("sally", SALES_USER))


def _buttons(html: str) -> str:
    actions = re.search(r'<div class="actions document-actions">.*?</div>', html, re.S)
    assert actions is not None
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", actions.group(0))).split())


def test_an_order_is_closed_then_reopened_from_its_page(seller):
    order = submit(draft("sales_order", customer(), ("WIDGET", "2")))
    page = f"/sales/sales-orders/{order.name}/"

    offered = _buttons(html_of(seller, page))
    closed = seller.post(page + "close/")
    closed_page = html_of(seller, page)
    listed = html_of(seller, "/sales/sales-orders/", status="Closed")
    reopened = seller.post(page + "reopen/")

    assert offered.startswith("Cancel Close Create → Delivery Note")
    assert closed.status_code == 302 and closed["Location"] == page
    assert '<span class="badge status-ok">Closed</span>' in closed_page
    assert _buttons(closed_page).startswith("Re-open")
    assert "Create →" not in _buttons(closed_page)
    assert order.name in listed
    assert reopened.status_code == 302
    assert SalesOrder.objects.get().status == "To Deliver and Bill"
    assert CreditExposure.objects.get().unbilled_orders == 240


def test_closing_asks_first_in_a_dialog_or_a_page_of_its_own(seller):
    order = submit(draft("sales_order", customer(), ("WIDGET", "2")))
    page = f"/sales/sales-orders/{order.name}/"
    before = stored()

    shown = html_of(seller, page)
    dialog = seller.get(page + "close/", HTTP_HX_REQUEST="true").content.decode()
    asked = html_of(seller, page + "close/")

    assert f'hx-get="{page}close/" hx-target="#dialog-slot"' in shown
    assert "<dialog data-modal" in dialog and "<html" not in dialog
    for html in (dialog, asked):
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
        assert f"Close {order.name}?" in text
        assert "what it has not billed leaves the customer's credit exposure" in text
        assert f'<form method="post" action="{page}close/">' in html
        assert "Close the order</button>" in html
    assert stored() == before
    assert SalesOrder.objects.get().status == "To Deliver and Bill"


def test_reopening_past_the_limit_shows_the_refusal_and_writes_nothing(seller):
    limited = customer("Client Limité", credit_limit="300")
    first = submit(draft("sales_order", limited, ("WIDGET", "2")))
    seller.post(f"/sales/sales-orders/{first.name}/close/")
    submit(draft("sales_order", limited, ("WIDGET", "1")))
    before = stored()

    answer = seller.post(f"/sales/sales-orders/{first.name}/reopen/")

    assert answer.status_code == 409
    assert "Credit limit exceeded for" in unescape(answer.content.decode())
    assert stored() == before
