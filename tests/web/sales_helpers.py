"""What the tests of the sales screens share: the sales app's world (two priced items,
the seed's VAT), a form's POST as the screen sends it, and what is stored."""

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
