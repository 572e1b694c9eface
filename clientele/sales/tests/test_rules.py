"""The customer's rules at submission (SPEC §3.6–§3.8) and a customer's documents when
it is deleted or merged; each refusal writes nothing."""

from decimal import Decimal

import pytest

from clientele.classification.services import selling_settings_update
from clientele.core.errors import Conflict
from clientele.customers.merge import customer_merge
from clientele.customers.models import Customer
from clientele.customers.services import customer_delete, customer_update
from clientele.sales.accounts import accounts_settings_update
from clientele.sales.models import CreditExposure, LedgerEntry, SalesInvoice, SalesOrder
from clientele.sales.payments import payment_make
from clientele.sales.tests.builders import build_world, cancel, customer, draft, make, submit
from conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world():
    return build_world()


def frozen(who: Customer) -> Customer:
    Customer.objects.filter(pk=who.pk).update(is_frozen=True)
    return Customer.objects.get(pk=who.pk)


def test_a_frozen_customer_still_gets_quotations_orders_and_deliveries():
    who = customer()
    invoice_draft = draft("sales_invoice", who, ("WIDGET", "1"))
    frozen(who)

    order = submit(draft("sales_order", who, ("WIDGET", "1")))
    delivery = submit(make(order, "delivery_note"))
    quotation = submit(draft("quotation", who, ("WIDGET", "1")))

    assert (order.docstatus, delivery.docstatus, quotation.docstatus) == (1, 1, 1)
    with pytest.raises(Conflict) as refused:
        submit(invoice_draft)
    assert refused.value.errors == {"customer": ["Frozen."]}
    assert "except by a user with the role" in refused.value.message
    assert SalesInvoice.objects.get(pk=invoice_draft.pk).docstatus == 0
    assert LedgerEntry.objects.count() == 0


def test_the_frozen_accounts_role_may_post_for_a_frozen_customer():
    who = customer()
    invoice = submit(draft("sales_invoice", who, ("WIDGET", "1")))
    payment = payment_make(invoice=invoice, user=None)
    frozen(who)
    accounts_settings_update(data={"frozen_accounts_modifier": "Accounts Manager"}, user=None)
    clerk, modifier = make_user("cleo", "Accounts User"), make_user("max", "Accounts Manager")

    with pytest.raises(Conflict):
        submit(payment, user=clerk)
    paid = submit(payment, user=modifier)

    assert paid.docstatus == 1


def test_a_customer_disabled_after_its_draft_cannot_submit_it():
    who = customer()
    order = draft("sales_order", who, ("WIDGET", "1"))
    Customer.objects.filter(pk=who.pk).update(disabled=True)

    with pytest.raises(Conflict) as refused:
        submit(order)

    assert refused.value.errors == {"customer": ["Disabled."]}
    assert CreditExposure.objects.count() == 0


def test_an_invoice_needs_an_order_when_the_settings_say_so_unless_the_customer_is_exempt():
    selling_settings_update(data={"sales_order_required": True}, user=None)
    bound, exempt = customer("Client Lié"), customer("Client Libre")
    customer_update(
        customer=exempt, data={"allow_invoice_without_sales_order": True}, user=make_user("u")
    )
    refused_invoice = draft("sales_invoice", bound, ("WIDGET", "1"))

    with pytest.raises(Conflict) as refused:
        submit(refused_invoice)

    assert list(refused.value.errors) == ["items[0].so_detail"]
    assert submit(draft("sales_invoice", exempt, ("WIDGET", "1"))).docstatus == 1
    order = submit(draft("sales_order", bound, ("WIDGET", "1")))
    assert submit(make(order, "sales_invoice")).docstatus == 1


def test_an_internal_customer_is_billed_only_by_its_companies(other_company):
    who = customer(
        "Filiale Interne",
        is_internal_customer=True,
        represents_company=other_company.name,
        companies=[{"company": other_company.name}],
    )
    invoice = draft("sales_invoice", who, ("WIDGET", "1"))

    with pytest.raises(Conflict) as refused:
        submit(invoice)

    assert list(refused.value.errors) == ["company"]
    assert LedgerEntry.objects.count() == 0


def test_a_customer_with_documents_cannot_be_deleted():
    who = customer()
    submit(draft("sales_order", who, ("WIDGET", "1")))
    draft("quotation", who, ("WIDGET", "1"))

    with pytest.raises(Conflict) as refused:
        customer_delete(customer=who, user=make_user("del"))

    assert refused.value.errors == {"references": ["quotations: 1", "sales orders: 1"]}
    assert Customer.objects.filter(pk=who.pk).exists()


def test_a_merge_moves_documents_ledger_and_exposure():
    source, target = customer("Client Doublon"), customer("Client Gardé")
    submit(draft("sales_invoice", source, ("WIDGET", "1")))
    submit(draft("sales_order", target, ("WIDGET", "1")))

    customer_merge(source=source, target=target, dry_run=False, user=make_user("m"))

    assert SalesInvoice.objects.get().customer == target
    assert set(LedgerEntry.objects.values_list("customer", flat=True)) - {None} == {target.pk}
    row = CreditExposure.objects.get()
    assert (row.customer_id, row.unpaid_invoices, row.unbilled_orders) == (
        target.pk,
        Decimal("120.00"),
        Decimal("120.00"),
    )
    assert SalesOrder.objects.get().customer == target


def test_cancelling_a_frozen_customer_invoice_is_a_posting_too():
    who = customer()
    invoice = submit(draft("sales_invoice", who, ("WIDGET", "1")))
    frozen(who)
    entries = LedgerEntry.objects.count()

    with pytest.raises(Conflict) as refused:
        cancel(invoice)

    assert refused.value.errors == {"customer": ["Frozen."]}
    assert SalesInvoice.objects.get(pk=invoice.pk).docstatus == 1
    assert LedgerEntry.objects.count() == entries


def test_an_internal_customer_deals_with_the_companies_it_lists(other_company):
    who = customer(
        "Filiale Interne",
        is_internal_customer=True,
        represents_company=other_company.name,
        companies=[{"company": other_company.name}],
    )

    allowed = submit(draft("quotation", who, ("WIDGET", "1"), company=other_company.name))

    assert allowed.docstatus == 1
    with pytest.raises(Conflict):
        submit(draft("quotation", who, ("WIDGET", "1")))
