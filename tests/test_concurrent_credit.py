"""Concurrent submissions for one customer and company cannot together exceed its credit
limit (SPEC §3.5): ten clients submit a 200 € order each at once against a limit of
1,000 €; exactly five go through, on SQLite (writers queue) and on PostgreSQL (the
exposure row is locked). ERPNext 15 accepts nine of them.

Likewise two payments of the same invoice at once settle it once: the second finds it paid.

Real threads, each with its own connection, on committed data.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from functools import partial

import pytest
from django.db import connections

from clientele.core.errors import Conflict, InvalidInput
from clientele.operations.seed import seed_reference_data
from clientele.sales.checks import sales_problems
from clientele.sales.models import CreditExposure, SalesInvoice, SalesOrder
from clientele.sales.payments import payment_make
from clientele.sales.tests.builders import (
    build_world,
    cancel,
    credit_note,
    customer,
    draft,
    submit,
)

CLIENTS = 10


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_orders_of_200_against_a_limit_of_1000_accept_exactly_five():
    # given ten drafts of 200.00 each (two widgets at 100.00, no tax), committed
    seed_reference_data()
    build_world()
    who = customer("Client Pressé", credit_limit="1000")
    orders = [draft("sales_order", who, ("WIDGET", "2"), taxes=[]) for _ in range(CLIENTS)]
    assert {order.base_grand_total for order in orders} == {Decimal("200.00")}
    start = threading.Barrier(CLIENTS)

    def one(order) -> str:
        try:
            start.wait(timeout=30)
            submit(order)
            return "accepted"
        except Conflict:
            return "refused"
        finally:
            connections.close_all()

    # when
    with ThreadPoolExecutor(CLIENTS) as pool:
        outcomes = list(pool.map(one, orders))

    # then
    assert sorted(outcomes) == ["accepted"] * 5 + ["refused"] * 5
    assert SalesOrder.objects.filter(customer=who, docstatus=1).count() == 5
    exposure = CreditExposure.objects.get(customer=who)
    assert (exposure.unbilled_orders, exposure.total) == (Decimal("1000.00"), Decimal("1000.00"))
    assert sales_problems() == []


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payments_of_one_invoice_settle_it_once():
    # given an invoice of 120.00 and two drafts paying all of it, committed
    seed_reference_data()
    build_world()
    who = customer("Client Payé Deux Fois")
    invoice = submit(draft("sales_invoice", who, ("WIDGET", "1")))
    payments = [payment_make(invoice=invoice, user=None) for _ in range(2)]
    start = threading.Barrier(2)

    def one(payment) -> str:
        try:
            start.wait(timeout=30)
            submit(payment)
            return "accepted"
        except InvalidInput:
            return "refused"
        finally:
            connections.close_all()

    # when
    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(one, payments))

    # then
    assert sorted(outcomes) == ["accepted", "refused"]
    assert SalesInvoice.objects.get(pk=invoice.pk).outstanding_amount == 0
    assert sales_problems() == []


ROUNDS = 8


def _at_once(*actions) -> list[str]:
    """Each action in its own thread and connection, started together: "done" or
    "refused" (a Conflict or a field error) each; anything else (a deadlock) fails."""
    start = threading.Barrier(len(actions))

    def one(action) -> str:
        try:
            start.wait(timeout=30)
            action()
            return "done"
        except (Conflict, InvalidInput):
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(len(actions)) as pool:
        return list(pool.map(one, actions))


@pytest.mark.django_db(transaction=True)
def test_an_invoice_cancelled_while_its_payment_or_credit_note_is_submitted_ends_one_way():
    # given, round after round, a submitted invoice with a draft payment or credit note of
    # it, committed
    seed_reference_data()
    build_world()
    who = customer("Client Indécis")
    rounds = []
    for serial in range(ROUNDS):
        invoice = submit(draft("sales_invoice", who, ("WIDGET", "1")))
        follower = (
            payment_make(invoice=invoice, user=None)
            if serial % 2
            else credit_note(invoice, ("WIDGET", "-1"))
        )
        # when the invoice is cancelled while its follower is submitted, at once
        rounds.append(_at_once(partial(cancel, invoice), partial(submit, follower)))

    # then each round ends one way: the invoice cancelled and its follower refused, or
    # the follower submitted and the cancellation refused (never both, never a deadlock)
    assert all(sorted(outcome) == ["done", "refused"] for outcome in rounds), rounds
    assert sales_problems() == []
