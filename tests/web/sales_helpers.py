"""What the tests of the sales screens share: the sales app's world (two priced items,
the seed's VAT), a form's POST as the screen sends it, and what is stored."""

from html.parser import HTMLParser
from typing import Any

from django.test import Client

from clientele.operations.seed import COMPANY
from clientele.sales.models import (
    CreditExposure,
    LedgerEntry,
    PaymentEntry,
    Quotation,
    SalesInvoice,
    SalesOrder,
)


def lines_post(*rows: dict[str, str], initial: int = 0) -> dict[str, str]:
    data = {
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"items-{index}-{column}": value for column, value in row.items()}
    return data


def quotation_post(customer: str, *rows: dict[str, str], **header: str) -> dict[str, str]:
    """A new quotation's form as typed: customer, company, date, then its lines."""
    base = {"customer": customer, "company": COMPANY, "transaction_date": "2030-01-02"}
    return base | header | lines_post(*rows)


def two_lines() -> tuple[dict[str, str], dict[str, str]]:
    """2 × WIDGET at the list's 100.00, 1 × SERVICE at 50.00 less 10 %."""
    return {"item": "WIDGET", "qty": "2"}, {
        "item": "SERVICE",
        "qty": "1",
        "discount_percentage": "10",
    }


def stored() -> dict[str, Any]:
    """Everything a sales screen could write, to prove a refusal wrote nothing."""
    return {
        "quotations": list(Quotation.objects.values_list("name", "docstatus", "grand_total")),
        "orders": list(SalesOrder.objects.values_list("name", "docstatus", "grand_total")),
        "invoices": list(
            SalesInvoice.objects.values_list("name", "docstatus", "outstanding_amount")
        ),
        "payments": list(PaymentEntry.objects.values_list("name", "docstatus")),
        "ledger": LedgerEntry.objects.count(),
        "exposure": list(
            CreditExposure.objects.values_list(
                "unpaid_invoices", "unbilled_orders", "unbilled_deliveries"
            )
        ),
    }


def html_of(client: Client, url: str, **params: str) -> str:
    answer = client.get(url, params)
    assert answer.status_code == 200, answer.status_code
    return answer.content.decode()


class _FormReader(HTMLParser):
    """What a browser would send of a page's form: each named input's value (a checkbox
    only when checked), each select's chosen option, each textarea's text."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values: dict[str, str] = {}
        self.select: str | None = None
        self.first_option: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.inside = found.get("id") == self.form_id
        if not self.inside:
            return
        name = found.get("name")
        if tag == "input" and name and found.get("type") not in ("submit", "button"):
            if found.get("type") != "checkbox" or "checked" in found:
                self.values[name] = found.get("value", "")
        elif tag == "select" and name:
            self.select, self.first_option = name, None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = found.get("value", "")
                self.values.setdefault(self.select, self.first_option)
            if "selected" in found:
                self.values[self.select] = found.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea:
            self.values[self.textarea] += data.removeprefix("\n")


def form_of(html: str, form_id: str = "document-form") -> dict[str, str]:
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader.values
