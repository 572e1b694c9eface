"""``clientele check_ledger`` proves the ledger and the exposure against the documents."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clientele.operations.seed import COMPANY
from clientele.sales.models import CreditExposure, LedgerEntry, SalesInvoice
from clientele.sales.tests.builders import build_world, customer, draft, make, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents():
    build_world()
    who = customer("Client Suivi")
    order = submit(draft("sales_order", who, ("WIDGET", "2")))
    submit(make(order, "sales_invoice"))
    submit(draft("delivery_note", who, ("SERVICE", "1")))
    return who


def test_check_ledger_reports_ok(documents):
    out = StringIO()

    call_command("check_ledger", stdout=out, stderr=StringIO())

    assert out.getvalue().splitlines() == [
        f"Ledger entries: {LedgerEntry.objects.count()}, OK",
        "Credit exposures: 1, OK",
        "Invoice lines returned: 1, OK",
        "Order and delivery lines billed: 2, OK",
    ]
    row = CreditExposure.objects.get(customer=documents)
    assert (row.unpaid_invoices, row.unbilled_orders, row.unbilled_deliveries) == (
        Decimal("240.00"),
        0,
        Decimal("60.00"),
    )


def test_check_ledger_fails_where_documents_and_ledger_disagree(documents):
    SalesInvoice.objects.update(base_outstanding_amount=Decimal("1.00"))
    CreditExposure.objects.update(unbilled_orders=Decimal("5.00"))
    err = StringIO()

    with pytest.raises(CommandError) as failed:
        call_command("check_ledger", stdout=StringIO(), stderr=err)

    assert str(failed.value) == "2 ledger problems found."
    assert err.getvalue().splitlines() == [
        f"{documents.name} with {COMPANY}: ledger balance 240.00, outstanding invoices 1.00.",
        f"{documents.name} with {COMPANY}: credit exposure kept 240.00 / 5.00 / 60.00, from the "
        "documents 1.00 / 0.00 / 60.00 (unpaid invoices / unbilled orders / unbilled "
        "deliveries).",
    ]
