"""The receivables and a customer's statement (issue 11 item 4, on screen): from the
customer page and from the receivables list, per company and period in the address, the
balance brought forward, each posting with its voucher and running balance, the closing
balance, in the reader's language."""

import re
from decimal import Decimal
from html import unescape
from urllib.parse import urlencode

import pytest
from django.test import Client

from clientele.core.roles import SALES_USER
from clientele.operations.seed import COMPANY
from clientele.sales.payments import payment_create
from clientele.sales.tests.builders import build_world, customer, draft, submit
from clientele.web.customers import customer_url
from conftest import make_user
from tests.web.settings_helpers import queries_of, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world(db):
    return build_world()


@pytest.fixture
def seller(client: Client):
    return signed_in(client, make_user("sally", SALES_USER))


def _invoice(who, day: str, qty: str = "2"):
    """WIDGET at 100.00 with 20 % VAT: 240.00 for two."""
    return submit(draft("sales_invoice", who, ("WIDGET", qty), posting_date=day))


def _pay(who, invoice, day: str, amount: str):
    references = [{"sales_invoice": invoice.name, "allocated_amount": Decimal(amount)}]
    body = {"customer": who.name, "company": COMPANY, "posting_date": day}
    return submit(payment_create(data=body | {"references": references}, user=None))


def _rows(html: str) -> list[list[str]]:
    """The statement table's rows as their cells' text."""
    table = re.search(r'<table class="cards statement-table">.*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("</thead>")[1], re.S)
    return [
        [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]
        for cells in (re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S) for row in rows)
    ]


@pytest.fixture
def history():
    """January: an invoice of 240.00; February: another of 120.00, and 100.00 paid on the
    first; March: a credit note of the second."""
    martin = customer("Client Martin")
    first = _invoice(martin, "2030-01-10")
    second = _invoice(martin, "2030-02-03", qty="1")
    payment = _pay(martin, first, "2030-02-15", "100.00")
    return martin, first, second, payment


def test_the_statement_carries_the_opening_balance_and_runs_the_balance(seller, history):
    martin, first, second, payment = history
    query = {"customer": martin.name, "company": COMPANY}

    answer = seller.get(
        "/receivables/statement/", query | {"from_date": "2030-02-01"} | {"to_date": "2030-02-28"}
    )

    html = answer.content.decode()
    assert answer.status_code == 200
    assert _rows(html) == [
        ["1 Feb 2030", "Opening balance", "€240.00"],
        ["3 Feb 2030", f"Sales Invoice {second.name}", "", "€120.00", "", "€360.00"],
        ["15 Feb 2030", f"Payment Entry {payment.name}", first.name, "", "€100.00", "€260.00"],
        ["28 Feb 2030", "Closing balance", "€120.00", "€100.00", "€260.00"],
    ]
    assert f'href="/sales/sales-invoices/{second.name}/"' in html
    assert f'href="/sales/payment-entries/{payment.name}/"' in html
    assert f'href="/sales/sales-invoices/{first.name}/"' in html


def test_the_statement_speaks_french_to_a_french_reader(seller, history):
    martin, *_rest = history
    seller.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    query = {"customer": martin.name, "company": COMPANY, "from_date": "2030-01-01"}

    html = seller.get("/receivables/statement/", query | {"to_date": "2030-01-31"}).content

    rows = _rows(html.decode())
    assert rows[0] == ["1 janv. 2030", "Solde d’ouverture", "0,00 €"]
    assert rows[-1] == ["31 janv. 2030", "Solde de clôture", "240,00 €", "0,00 €", "240,00 €"]
    assert "Relevé de compte" in html.decode()


def test_a_credit_note_reads_as_one_against_its_invoice(seller, history, world):
    martin, _first, second, _payment = history
    returned = draft(
        "sales_invoice",
        martin,
        ("WIDGET", "-1"),
        posting_date="2030-03-02",
        is_return=True,
        return_against=second.name,
    )
    submit(returned)

    html = seller.get(
        "/receivables/statement/",
        {
            "customer": martin.name,
            "company": COMPANY,
            "from_date": "2030-03-01",
            "to_date": "2030-03-31",
        },
    ).content.decode()

    assert _rows(html)[1] == [
        "2 Mar 2030",
        f"Credit note {returned.name}",
        second.name,
        "",
        "€120.00",
        "€140.00",
    ]


def test_the_customer_page_links_to_the_statement_with_each_company(seller, history):
    martin, *_rest = history

    html = seller.get(customer_url(martin.name)).content.decode()

    link = re.search(r'href="(/receivables/statement/\?[^"]+)"', html).group(1)
    assert unescape(link) == "/receivables/statement/?" + urlencode(
        {"customer": martin.name, "company": COMPANY}
    )


def test_the_receivables_list_who_owes_what_largest_first(seller, history):
    """Martin owes 260.00, Dupont 1,200.00; one who paid 50.00 in advance holds a credit;
    an order alone (in the exposure, unbilled) owes nothing yet."""
    martin, *_rest = history
    dupont = customer("Client Dupont")
    _invoice(dupont, "2030-01-20", qty="10")
    submit(draft("sales_order", customer("Client Sans Dette"), ("WIDGET", "1")))
    ahead = customer("Client Avance")
    body = {"customer": ahead.name, "company": COMPANY, "posting_date": "2030-01-05"}
    submit(payment_create(data=body | {"paid_amount": Decimal("50.00")}, user=None))

    html = seller.get("/receivables/").content.decode()

    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert "Customer balances: 3" in text
    assert text.index("Client Dupont") < text.index("Client Martin") < text.index("Client Avance")
    assert "€1,200.00" in text and "€260.00" in text and "-€50.00" in text
    assert "Sans Dette" not in text
    assert f"/receivables/statement/?customer={dupont.name.replace(' ', '+')}" in unescape(html)


def test_the_receivables_list_costs_the_same_queries_for_2_and_12_customers(seller):
    _invoice(customer("Client 0"), "2030-01-10")
    few = queries_of(seller, "/receivables/")
    for number in range(1, 12):
        _invoice(customer(f"Client {number}"), "2030-01-10")

    assert queries_of(seller, "/receivables/") == few


def test_an_unknown_customer_or_a_period_upside_down_is_said_next_to_its_field(seller, history):
    martin, *_rest = history

    unknown = seller.get("/receivables/statement/", {"customer": "NOBODY", "company": COMPANY})
    upside = seller.get(
        "/receivables/statement/",
        {"customer": martin.name, "from_date": "2030-02-01", "to_date": "2030-01-01"},
    )

    assert unknown.status_code == upside.status_code == 422
    assert "No customer with the code “NOBODY”." in unknown.content.decode()
    assert "The end of the period comes before its start." in upside.content.decode()
    assert "statement-table" not in upside.content.decode()


def test_the_statement_asks_for_a_customer_first(seller):
    html = seller.get("/receivables/statement/").content.decode()

    assert "Choose the customer and the company" in html
    assert "statement-table" not in html


def test_the_statement_is_printable_without_the_screens_chrome(seller, history):
    martin, *_rest = history

    html = seller.get(
        "/receivables/statement/", {"customer": martin.name, "company": COMPANY}
    ).content.decode()

    assert "data-print" in html and "web/sales.js" in html
    assert '<search aria-label="Choose the statement" class="no-print">' in html


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get("/receivables/statement/").status_code == 302
    assert client.get("/receivables/").status_code == 302


def test_a_submitted_invoice_leads_to_its_statement_over_its_fiscal_year(seller, history):
    martin, first, *_rest = history

    html = seller.get(f"/sales/sales-invoices/{first.name}/").content.decode()

    link = re.search(r'href="(/receivables/statement/\?[^"]+)"', html).group(1)
    query = {"customer": martin.name, "company": COMPANY}
    dates = {"from_date": "2030-01-01", "to_date": "2030-12-31"}
    assert unescape(link) == "/receivables/statement/?" + urlencode(query | dates)


def test_the_statement_downloads_as_csv(seller, history):
    martin, first, second, payment = history
    query = {"customer": martin.name, "company": COMPANY, "from_date": "2030-02-01"}

    answer = seller.get(
        "/receivables/statement/", query | {"to_date": "2030-02-28", "format": "csv"}
    )

    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    assert answer["Content-Disposition"] == (
        f'attachment; filename="statement-{martin.name}-2030-02-28.csv"'
    )
    assert answer.content.decode().splitlines() == [
        "date,voucher_type,voucher_no,against,debit,credit,balance",
        "2030-02-01,Opening,,,,,240.00",
        f"2030-02-03,Sales Invoice,{second.name},,120.00,0.00,360.00",
        f"2030-02-15,Payment Entry,{payment.name},{first.name},0.00,100.00,260.00",
        "2030-02-28,Closing,,,120.00,100.00,260.00",
    ]
