"""A submission reads no history: the credit check reads the running exposure, so a
customer with many past documents costs the same statements as a new one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clientele.sales.payments import payment_make
from clientele.sales.tests.builders import build_world, customer, draft, make, submit

pytestmark = pytest.mark.django_db


def statements(run) -> int:
    with CaptureQueriesContext(connection) as queries:
        run()
    return len(queries)


def history(who, documents: int) -> None:
    for _ in range(documents):
        order = submit(draft("sales_order", who, ("WIDGET", "1")))
        invoice = submit(make(order, "sales_invoice"))
        submit(payment_make(invoice=invoice, user=None))


def costs(who) -> tuple[int, int, int]:
    order = draft("sales_order", who, ("WIDGET", "2"), ("SERVICE", "1"))
    invoice = draft("sales_invoice", who, ("WIDGET", "2"), ("SERVICE", "1"))
    submitted = []
    order_cost = statements(lambda: submit(order))
    invoice_cost = statements(lambda: submitted.append(submit(invoice)))
    payment = payment_make(invoice=submitted[0], user=None)
    return order_cost, invoice_cost, statements(lambda: submit(payment))


def test_submission_costs_do_not_grow_with_the_customer_history():
    build_world()
    new, old = (
        customer("Client Neuf", credit_limit="100000"),
        customer("Client Ancien", credit_limit="100000"),
    )
    history(old, 5)

    new_costs, old_costs = costs(new), costs(old)

    assert new_costs == old_costs
    # Order, invoice (its ledger entries), payment: the same on SQLite and PostgreSQL.
    assert new_costs == (9, 13, 12)
