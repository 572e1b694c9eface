"""Advances (a payment allocated to no invoice, or to less than it received) and exchange
differences (an invoice in a foreign currency paid at another rate), with their figures
on the ledger, the exposure and the statement."""

from datetime import date
from decimal import Decimal

import pytest

from clientele.core.errors import Conflict, InvalidInput
from clientele.core.records import record_create, record_update
from clientele.masters import services as masters
from clientele.masters.models import Company
from clientele.operations.seed import COMPANY
from clientele.pricing import services as pricing
from clientele.sales.advances import payment_allocate
from clientele.sales.checks import sales_problems
from clientele.sales.ledger import ledger_balance
from clientele.sales.models import CreditExposure, LedgerEntry, PaymentEntry, SalesInvoice
from clientele.sales.payments import payment_create
from clientele.sales.selectors import customer_statement
from clientele.sales.tests.builders import (
    BANK,
    RECEIVABLE,
    build_world,
    cancel,
    customer,
    draft,
    submit,
)

pytestmark = pytest.mark.django_db

DAY = date(2030, 1, 10)
GAIN = "766000 - Gains de change - CD"
LOSS = "666000 - Pertes de change - CD"


@pytest.fixture(autouse=True)
def world():
    return build_world()


@pytest.fixture
def who():
    return customer()


def received(who, amount: str, *references: tuple[str, str], **more) -> PaymentEntry:
    """A submitted payment of ``amount`` allocated to ``references`` (invoice, amount)."""
    refs = [{"sales_invoice": name, "allocated_amount": Decimal(a)} for name, a in references]
    data = {"customer": who.name, "company": COMPANY, "paid_amount": Decimal(amount)}
    data |= {"posting_date": DAY, "references": refs, **more}
    return submit(payment_create(data=data, user=None))


def postings(voucher: str) -> list[tuple[str, Decimal, Decimal, str]]:
    rows = LedgerEntry.objects.filter(voucher_no=voucher, is_cancelled=False).order_by("pk")
    return [(e.account.name, e.debit, e.credit, e.against_voucher_no) for e in rows]


def balance(who) -> Decimal:
    return ledger_balance(customer_id=who.pk, company_id=Company.objects.get(name=COMPANY).pk)


def unpaid_exposure(who) -> Decimal:
    return CreditExposure.objects.get(customer=who).unpaid_invoices


def snapshot() -> tuple:
    return (
        list(SalesInvoice.objects.values_list("name", "outstanding_amount", "status")),
        list(PaymentEntry.objects.values_list("name", "docstatus", "unallocated_amount")),
        LedgerEntry.objects.count(),
        list(CreditExposure.objects.values_list("unpaid_invoices", flat=True)),
    )


def invoice_of(who, *pairs: tuple[str, str], **more) -> SalesInvoice:
    return submit(draft("sales_invoice", who, *pairs, posting_date=DAY, **more))


def test_an_advance_is_a_credit_on_the_receivable_against_the_payment(who):
    payment = received(who, "500.00")

    assert (payment.unallocated_amount, payment.base_unallocated_amount) == (
        Decimal("500.00"),
        Decimal("500.00"),
    )
    assert postings(payment.name) == [
        (BANK, Decimal("500.00"), 0, ""),
        (RECEIVABLE, 0, Decimal("500.00"), payment.name),
    ]
    assert balance(who) == Decimal("-500.00")
    assert unpaid_exposure(who) == Decimal("-500.00")
    statement = customer_statement(
        customer=who, company=payment.company, from_date=DAY, to_date=DAY
    )
    assert [(e["credit"], e["balance"]) for e in statement["entries"]] == [
        (Decimal("500.00"), Decimal("-500.00"))
    ]
    assert sales_problems() == []


def test_paid_beyond_the_invoice_leaves_the_rest_as_an_advance(who):
    invoice = invoice_of(who, ("WIDGET", "1"))

    payment = received(who, "200.00", (invoice.name, "120.00"))

    invoice.refresh_from_db()
    assert (invoice.outstanding_amount, invoice.status) == (0, "Paid")
    assert payment.unallocated_amount == Decimal("80.00")
    assert balance(who) == Decimal("-80.00") == unpaid_exposure(who)
    assert sales_problems() == []


def test_an_advance_is_allocated_to_an_invoice_later(who):
    payment = received(who, "500.00")
    invoice = invoice_of(who, ("WIDGET", "2"))

    allocated = payment_allocate(
        payment=payment,
        references=[{"sales_invoice": invoice.name, "allocated_amount": Decimal("240.00")}],
        user=None,
        on=DAY,
    )

    invoice.refresh_from_db()
    assert (invoice.outstanding_amount, invoice.status) == (0, "Paid")
    assert (allocated.unallocated_amount, allocated.base_unallocated_amount) == (
        Decimal("260.00"),
        Decimal("260.00"),
    )
    assert postings(payment.name)[2:] == [
        (RECEIVABLE, Decimal("240.00"), 0, payment.name),
        (RECEIVABLE, 0, Decimal("240.00"), invoice.name),
    ]
    assert balance(who) == Decimal("-260.00") == unpaid_exposure(who)
    assert [r.sales_invoice.name for r in allocated.references.all()] == [invoice.name]
    assert sales_problems() == []


def test_allocating_more_than_the_advance_or_the_invoice_owes_writes_nothing(who):
    payment = received(who, "100.00")
    invoice = invoice_of(who, ("WIDGET", "2"))
    small = invoice_of(who, ("SERVICE", "1"))
    before = snapshot()

    with pytest.raises(Conflict) as beyond_advance:
        payment_allocate(
            payment=payment,
            references=[{"sales_invoice": invoice.name, "allocated_amount": "150.00"}],
            user=None,
        )
    with pytest.raises(InvalidInput) as beyond_invoice:
        payment_allocate(
            payment=payment,
            references=[{"sales_invoice": small.name, "allocated_amount": "70.00"}],
            user=None,
        )

    assert beyond_advance.value.message == (
        f"“{payment.name}” has 100.00 left to allocate; 150.00 was asked: allocate at most "
        "what is left."
    )
    assert beyond_invoice.value.errors == {
        "references[0].allocated_amount": [f"“{small.name}” owes 60.00: allocate at most that."]
    }
    assert snapshot() == before


def test_cancelling_a_payment_takes_back_its_later_allocations(who):
    payment = received(who, "500.00")
    invoice = invoice_of(who, ("WIDGET", "2"))
    payment_allocate(
        payment=payment,
        references=[{"sales_invoice": invoice.name, "allocated_amount": "100.00"}],
        user=None,
    )

    cancel(PaymentEntry.objects.get(pk=payment.pk))

    invoice.refresh_from_db()
    assert (invoice.outstanding_amount, invoice.status) == (Decimal("240.00"), "Unpaid")
    assert balance(who) == Decimal("240.00") == unpaid_exposure(who)
    assert sales_problems() == []


def test_an_advance_leaves_room_under_the_credit_limit():
    limited = customer("Client Limité", credit_limit="300")
    received(limited, "500.00")

    order = submit(draft("sales_order", limited, ("WIDGET", "5")))

    assert order.base_grand_total == Decimal("600.00")
    row = CreditExposure.objects.get(customer=limited)
    assert (row.unpaid_invoices, row.unbilled_orders, row.total) == (
        Decimal("-500.00"),
        Decimal("600.00"),
        Decimal("100.00"),
    )


def _usd_rate(on: date, rate: str) -> None:
    record_create(
        pricing.CURRENCY_EXCHANGE,
        {"date": on, "from_currency": "USD", "to_currency": "EUR", "exchange_rate": rate},
        user=None,
    )


def _usd_invoice(who) -> SalesInvoice:
    """100.00 USD at 0.923456: 92.35 EUR owed."""
    _usd_rate(date(2030, 1, 2), "0.923456")
    return submit(
        draft(
            "sales_invoice",
            who,
            currency="USD",
            taxes=[],
            posting_date=date(2030, 1, 2),
            items=[{"item": "WIDGET", "qty": 1, "rate": Decimal("100.00")}],
        )
    )


def test_paid_at_a_higher_rate_the_difference_is_an_exchange_gain(who):
    invoice = _usd_invoice(who)
    _usd_rate(DAY, "0.95")

    payment = received(who, "100.00", (invoice.name, "100.00"))

    assert (payment.source_exchange_rate, payment.base_paid_amount) == (
        Decimal("0.950000000"),
        Decimal("95.00"),
    )
    assert payment.difference_amount == Decimal("2.65")
    assert postings(payment.name) == [
        (BANK, Decimal("95.00"), 0, ""),
        (RECEIVABLE, 0, Decimal("92.35"), invoice.name),
        (GAIN, 0, Decimal("2.65"), ""),
    ]
    assert balance(who) == 0 == unpaid_exposure(who)
    assert sales_problems() == []


def test_paid_at_a_lower_typed_rate_the_difference_is_an_exchange_loss(who):
    invoice = _usd_invoice(who)

    payment = received(who, "100.00", (invoice.name, "100.00"), source_exchange_rate=Decimal("0.9"))

    assert (payment.base_paid_amount, payment.difference_amount) == (
        Decimal("90.00"),
        Decimal("-2.35"),
    )
    assert postings(payment.name) == [
        (BANK, Decimal("90.00"), 0, ""),
        (RECEIVABLE, 0, Decimal("92.35"), invoice.name),
        (LOSS, Decimal("2.35"), 0, ""),
    ]
    assert balance(who) == 0
    cancel(payment)
    assert balance(who) == Decimal("92.35") == unpaid_exposure(who)
    assert sales_problems() == []


def test_a_usd_advance_allocated_at_another_rate_posts_the_difference(who):
    _usd_rate(DAY, "0.95")
    payment = received(who, "150.00", currency="USD")
    invoice = _usd_invoice(who)

    payment_allocate(
        payment=payment,
        references=[{"sales_invoice": invoice.name, "allocated_amount": "100.00"}],
        user=None,
        on=DAY,
    )

    payment.refresh_from_db()
    assert (payment.base_paid_amount, payment.unallocated_amount) == (
        Decimal("142.50"),
        Decimal("50.00"),
    )
    assert (payment.base_unallocated_amount, payment.difference_amount) == (
        Decimal("47.50"),
        Decimal("2.65"),
    )
    assert postings(payment.name)[2:] == [
        (RECEIVABLE, Decimal("95.00"), 0, payment.name),
        (RECEIVABLE, 0, Decimal("92.35"), invoice.name),
        (GAIN, 0, Decimal("2.65"), ""),
    ]
    assert balance(who) == Decimal("-47.50") == unpaid_exposure(who)
    assert sales_problems() == []


def test_a_payment_in_a_currency_without_a_rate_is_refused(who):
    before = snapshot()

    with pytest.raises(InvalidInput) as refused:
        payment_create(
            data={"customer": who.name, "company": COMPANY, "currency": "GBP", "paid_amount": 10},
            user=None,
        )

    assert list(refused.value.errors) == ["source_exchange_rate"]
    assert snapshot() == before


def test_a_company_without_an_exchange_loss_account_refuses_the_payment(who):
    invoice = _usd_invoice(who)
    company = Company.objects.get(name=COMPANY)
    record_update(masters.COMPANY, company, {"exchange_loss_account": None}, user=None)
    draft_payment = payment_create(
        data={
            "customer": who.name,
            "company": COMPANY,
            "posting_date": DAY,
            "source_exchange_rate": Decimal("0.9"),
            "references": [{"sales_invoice": invoice.name, "allocated_amount": 100}],
        },
        user=None,
    )
    before = snapshot()

    with pytest.raises(Conflict) as refused:
        submit(draft_payment)

    assert "has no exchange loss account" in refused.value.message
    assert snapshot() == before


def test_the_api_receives_an_advance_then_allocates_it(api, who):
    invoice = invoice_of(who, ("WIDGET", "1"))
    body = {"customer": who.name, "company": COMPANY, "paid_amount": "300.00"}
    name = api.post("/payment-entries/", json=body).json()["name"]
    api.post(f"/payment-entries/{name}/submit")
    before = snapshot()

    too_much = api.post(
        f"/payment-entries/{name}/allocate",
        json={"references": [{"sales_invoice": invoice.name, "allocated_amount": "400"}]},
    )
    assert too_much.status_code == 409 and snapshot() == before
    answer = api.post(
        f"/payment-entries/{name}/allocate",
        json={
            "posting_date": "2030-01-11",
            "references": [{"sales_invoice": invoice.name, "allocated_amount": "120"}],
        },
    )

    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert (data["unallocated_amount"], data["base_unallocated_amount"]) == ("180.00", "180.00")
    assert data["references"] == [
        {
            "sales_invoice": invoice.name,
            "allocated_amount": "120.00",
            "base_allocated_amount": "120.00",
        }
    ]
    assert sales_problems() == []
