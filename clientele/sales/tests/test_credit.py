"""Credit limit (SPEC §3.5): checked on submit against the running exposure, broken down
in the refusal; the credit controller may exceed it; bypass at order stage only."""

from decimal import Decimal

import pytest

from clientele.classification import services as selling
from clientele.core.errors import Conflict
from clientele.core.records import record_update
from clientele.customers.services import customer_update
from clientele.sales.accounts import accounts_settings_update
from clientele.sales.doctypes import SALES_ORDER
from clientele.sales.documents import document_update
from clientele.sales.lifecycle import document_amend, document_cancel
from clientele.sales.models import CreditExposure, LedgerEntry, SalesOrder
from clientele.sales.tests.builders import build_world, customer, draft, make, submit
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world():
    return build_world()


def state(who) -> tuple:
    row = CreditExposure.objects.filter(customer=who).first()
    exposure = (row.unpaid_invoices, row.unbilled_orders, row.unbilled_deliveries) if row else ()
    submitted = SalesOrder.objects.filter(customer=who, docstatus=1).count()
    return exposure, submitted, LedgerEntry.objects.count()


def test_an_order_past_the_limit_is_refused_with_the_exposure_broken_down():
    who = customer(credit_limit="1000")
    submit(draft("sales_invoice", who, ("SERVICE", "5")))  # 300.00 unpaid
    submit(draft("sales_order", who, ("WIDGET", "5")))  # 600.00 unbilled
    refused_order = draft("sales_order", who, ("WIDGET", "1"))  # 120.00
    before = state(who)

    with pytest.raises(Conflict) as refused:
        submit(refused_order)

    assert refused.value.errors == {
        "credit_limit": [
            "Limit: 1,000.00",
            "Unpaid invoices: 300.00",
            "Unbilled orders: 600.00",
            "Unbilled deliveries: 0.00",
            "This document: 120.00",
        ]
    }
    assert "Ask a credit controller" in refused.value.message
    assert state(who) == before
    assert SalesOrder.objects.get(pk=refused_order.pk).docstatus == 0


def test_up_to_the_limit_is_accepted():
    who = customer(credit_limit="1200")

    submit(draft("sales_order", who, ("WIDGET", "10")))

    assert state(who)[0] == (0, Decimal("1200.00"), 0)


def test_a_zero_limit_means_no_credit_at_all():
    who = customer(credit_limit="0")

    with pytest.raises(Conflict):
        submit(draft("sales_order", who, ("SERVICE", "1")))


def test_the_credit_controller_may_exceed_the_limit():
    who = customer(credit_limit="100")
    accounts_settings_update(data={"credit_controller": "Accounts Manager"}, user=None)
    controller = make_user("carla", "Accounts Manager")

    order = submit(draft("sales_order", who, ("WIDGET", "1")), user=controller)

    assert order.docstatus == 1
    assert state(who)[0] == (0, Decimal("120.00"), 0)


def test_bypass_skips_the_check_for_orders_only():
    who = customer(credit_limit="100")

    customer_update(
        customer=who,
        data={
            "credit_limits": [
                {
                    "company": "Clientèle Démo SAS",
                    "credit_limit": "100",
                    "bypass_credit_limit_check": True,
                }
            ]
        },
        user=make_user("u1"),
    )
    order = submit(draft("sales_order", who, ("WIDGET", "1")))

    assert order.docstatus == 1
    with pytest.raises(Conflict):
        submit(draft("sales_invoice", who, ("WIDGET", "1")))


def test_the_limit_comes_from_the_group_when_the_customer_has_none():
    group = selling.CUSTOMER_GROUP.model.objects.get(name="Government")

    record_update(
        selling.CUSTOMER_GROUP,
        group,
        {"credit_limits": [{"company": "Clientèle Démo SAS", "credit_limit": "50"}]},
        user=None,
    )
    who = customer(customer_group="Government")

    with pytest.raises(Conflict):
        submit(draft("sales_order", who, ("WIDGET", "1")))


def test_an_invoice_from_an_order_adds_only_its_taxes_rounding():
    who = customer(credit_limit="120")
    order = submit(draft("sales_order", who, ("WIDGET", "1")))

    invoice = submit(make(order, "sales_invoice"))

    assert invoice.docstatus == 1
    assert state(who)[0] == (Decimal("120.00"), 0, 0)


def test_an_amendment_downward_is_not_checked():
    who = customer(credit_limit="1000")
    order = submit(draft("sales_order", who, ("WIDGET", "5")))

    cancelled = document_cancel(doctype=SALES_ORDER, document=order, user=None)
    CreditExposure.objects.filter(customer=who).update(unpaid_invoices=Decimal("900"))
    amended = document_amend(doctype=SALES_ORDER, document=cancelled, user=None)

    document_update(
        doctype=SALES_ORDER,
        document=amended,
        data={"items": [{"item": "WIDGET", "qty": 4}]},
        user=None,
    )

    assert amended.name == f"{order.name}-1"
    assert submit(amended).docstatus == 1
