"""The sales documents through the REST API, beside ERPNext 15 measured on this machine
through its own REST API with one keep-alive client (10-line documents, French VAT).

What a user of the documents waits for: an order created then submitted (the credit check
included), an invoice with its ledger entries, a payment against an invoice, one invoice
read, its print. And what a long history costs: the same order submitted for a customer
with ``Plan.past_documents`` submitted orders behind it, against one with none (the
exposure is a running balance, so the two must cost the same).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from decimal import Decimal

from clientele.benchmark.client import Client
from clientele.benchmark.common import Log, Results, percentile, tagged
from clientele.benchmark.server import expect
from clientele.core.records import record_create
from clientele.customers.models import Customer
from clientele.customers.services import customer_create, customer_update
from clientele.masters import services as masters
from clientele.operations.seed import COMPANY
from clientele.pricing import services as pricing
from clientele.sales import lifecycle
from clientele.sales.doctypes import BY_KEY
from clientele.sales.documents import document_create

PRICE_LIST = "Standard Selling"
LINES = 10
PRINTED_LINES = 50
# No limit would skip the check: a limit no benchmark reaches makes every submit run it.
CREDIT_LIMIT = "1000000000000"


@dataclass(frozen=True)
class SalesWorld:
    items: list[str]
    quiet: str  # a customer without any document
    busy: str  # a customer with ``past_documents`` submitted orders


def sales_world(*, past_documents: int, log: Log) -> SalesWorld:
    """Items priced in the standard list, and the two customers, built in process through
    the services (the history too: each past order is created and submitted)."""
    group = tagged("Articles du banc")
    record_create(masters.ITEM_GROUP, {"name": group, "is_group": False}, user=None)
    items = [_item(group, number) for number in range(PRINTED_LINES)]
    quiet, busy = (_customer(tagged(name)) for name in ("Client calme", "Client chargé"))
    log(f"{past_documents:,} submitted orders behind one customer, through the services")
    order = BY_KEY["sales_order"]
    for number in range(past_documents):
        document = document_create(
            doctype=order, data=_body(busy, items[:2], typed=True), user=None
        )
        lifecycle.document_submit(doctype=order, document=document, user=None)
        if number and number % 2_000 == 0:
            log(f"  {number:,} orders")
    return SalesWorld(items, quiet.name, busy.name)


def _item(group: str, number: int) -> str:
    code = tagged(f"ART-{number:03d}")
    data = {"name": code, "item_name": f"Article {number}", "item_group": group}
    record_create(pricing.ITEM, data, user=None)
    rate = Decimal(10 + number * 7) + Decimal("0.50")
    record_create(
        pricing.ITEM_PRICE,
        {"item": code, "price_list": PRICE_LIST, "price_list_rate": str(rate)},
        user=None,
    )
    return code


def _customer(name: str) -> Customer:
    created = customer_create(
        data={"customer_name": name, "customer_group": "Commercial"}, user=None
    )
    rows = [{"company": COMPANY, "credit_limit": CREDIT_LIMIT}]
    customer_update(customer=created, data={"credit_limits": rows}, user=None)
    return created


def _body(customer: str | Customer, items: list[str], *, typed: bool = False) -> dict:
    """A document's body: JSON's strings for the API, the service's own types in process."""
    name = customer if isinstance(customer, str) else customer.name
    quantity = Decimal if typed else str
    lines = [{"item": code, "qty": quantity(1 + index % 3)} for index, code in enumerate(items)]
    return {"customer": name, "company": COMPANY, "items": lines}


def _sent(client: Client, method: str, url: str, status: int, **kwargs) -> tuple[dict, float]:
    """The answer's JSON and how long it took, in ms."""
    start = time.perf_counter()
    response = client.request(method, url, **kwargs)
    elapsed = (time.perf_counter() - start) * 1000
    answer = expect(response, status)
    return (answer.json() if answer.content else {}), elapsed


def _created_and_submitted(client: Client, path: str, body: dict) -> tuple[dict, float]:
    """A document created, then submitted: two requests, as a user saves then submits."""
    created, create_ms = _sent(client, "POST", f"/{path}/", 201, json=body)
    submitted, submit_ms = _sent(client, "POST", f"/{path}/{created['name']}/submit", 200)
    return submitted, create_ms + submit_ms


def measure_sales(results: Results, client: Client, world: SalesWorld, count: int) -> None:
    """``count`` of each, one request at a time, after a few unmeasured ones."""
    lines = world.items[:LINES]
    for _warm in range(5):
        _created_and_submitted(client, "sales-orders", _body(world.quiet, lines))
    # The two customers' orders in turn: whatever slows the machine for a while slows both
    # alike, and their ratio is the history's cost alone.
    orders, busy = [], []
    for _index in range(count):
        orders.append(_created_and_submitted(client, "sales-orders", _body(world.quiet, lines))[1])
        busy.append(_created_and_submitted(client, "sales-orders", _body(world.busy, lines))[1])
    results.add(
        "sales order create + submit, API: p50",
        percentile(orders, 50),
        "ms",
        at_most=15,
        peer="324",
    )
    results.add(
        "order submit, long history / none (p50)",
        percentile(busy, 50) / percentile(orders, 50),
        "×",
        at_most=1.2,
    )
    invoices = [
        _created_and_submitted(client, "sales-invoices", _body(world.quiet, lines))
        for _index in range(count)
    ]
    results.add(
        "sales invoice create + submit (ledger), API: p50",
        percentile([ms for _invoice, ms in invoices], 50),
        "ms",
        at_most=20,
        peer="421",
    )
    _measure_payments(results, client, world, [invoice for invoice, _ms in invoices])
    reads = [
        _sent(client, "GET", f"/sales-invoices/{invoice['name']}", 200)[1]
        for invoice, _ms in invoices
    ]
    results.add("read one invoice, API: p50", percentile(reads, 50), "ms", at_most=3, peer="43")
    _measure_prints(results, client, world, count)


def _measure_prints(results: Results, client: Client, world: SalesWorld, count: int) -> None:
    """The print view of a 10-line invoice as HTML, and a 50-line one as a PDF (a tenth as
    many: each costs more than a hundred reads)."""
    short, _ms = _created_and_submitted(
        client, "sales-invoices", _body(world.quiet, world.items[:LINES])
    )
    long, _ms = _created_and_submitted(client, "sales-invoices", _body(world.quiet, world.items))
    html = [_printed(client, short["name"], {}) for _index in range(count)]
    results.add("invoice print, HTML, API: p50", percentile(html, 50), "ms", at_most=30, peer="370")
    pdf = [
        _printed(client, long["name"], {"format": "pdf"}) for _index in range(max(5, count // 10))
    ]
    results.add(
        f"invoice of {PRINTED_LINES} lines, PDF, API: p50", percentile(pdf, 50), "ms", at_most=300
    )


def _printed(client: Client, invoice: str, params: dict) -> float:
    start = time.perf_counter()
    expect(client.request("GET", f"/sales-invoices/{invoice}/print", params=params), 200)
    return (time.perf_counter() - start) * 1000


def _measure_payments(
    results: Results, client: Client, world: SalesWorld, invoices: list[dict]
) -> None:
    """Each invoice paid in full by a payment of its own."""
    durations = []
    for invoice in invoices:
        reference = {"sales_invoice": invoice["name"], "allocated_amount": invoice["grand_total"]}
        body = {"customer": world.quiet, "company": COMPANY, "references": [reference]}
        durations.append(_created_and_submitted(client, "payment-entries", body)[1])
    results.add(
        "payment entry against an invoice, API: p50",
        percentile(durations, 50),
        "ms",
        at_most=10,
        peer="321",
    )
