"""The world sales tests run in, on the seed's demo company: a VAT account and template,
two items priced in the standard selling list, and customers built through the services.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from clientele.core.records import record_create
from clientele.customers.models import Customer
from clientele.customers.services import customer_create, customer_update
from clientele.masters import services as masters
from clientele.masters.models import Company
from clientele.operations.seed import COMPANY
from clientele.pricing import services as pricing
from clientele.pricing.models import Item, SalesTaxesTemplate
from clientele.sales import follow_on, lifecycle, payments
from clientele.sales.doctypes import BY_KEY, doctype_of
from clientele.sales.documents import document_create, document_update

VAT_ACCOUNT = "445710 - TVA collectée - CD"
RECEIVABLE = "411000 - Clients - CD"
BANK = "512000 - Banque - CD"
INCOME = "706000 - Prestations de services - CD"
PRICE_LIST = "Standard Selling"


@dataclass(frozen=True)
class World:
    company: Company
    widget: Item
    service: Item
    template: SalesTaxesTemplate


def build_world() -> World:
    """The seed's company with its default VAT template (20 %), WIDGET at 100.00 and
    SERVICE at 50.00 in the standard selling list."""
    record_create(masters.ITEM_GROUP, {"name": "Produits", "is_group": False}, user=None)
    company = Company.objects.get(name=COMPANY)
    template = SalesTaxesTemplate.objects.get(company=company, is_default=True)
    return World(
        company, item("WIDGET", "Widget", "100.00"), item("SERVICE", "Service", "50.00"), template
    )


def item(code: str, name: str, rate: str, valid_from: date | None = None) -> Item:
    data = {"name": code, "item_name": name, "item_group": "Produits"}
    found = record_create(pricing.ITEM, data, user=None)
    record_create(
        pricing.ITEM_PRICE,
        {"item": code, "price_list": PRICE_LIST, "price_list_rate": rate, "valid_from": valid_from},
        user=None,
    )
    return Item.objects.get(pk=found.pk)


def customer(name: str = "Client Martin", *, credit_limit: str | None = None, **data) -> Customer:
    created = customer_create(data={"customer_name": name, **data}, user=None)
    if credit_limit is not None:
        rows = [{"company": COMPANY, "credit_limit": credit_limit}]
        customer_update(customer=created, data={"credit_limits": rows}, user=created_by())
    return Customer.objects.get(pk=created.pk)


def created_by() -> User:
    return User.objects.get_or_create(username="builder", defaults={"is_superuser": True})[0]


def lines(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"item": code, "qty": Decimal(qty)} for code, qty in pairs]


def draft(key: str, who: Customer, *pairs: tuple[str, str], **data) -> Any:
    body = {"customer": who.name, "company": COMPANY, "items": lines(*pairs), **data}
    return document_create(doctype=BY_KEY[key], data=body, user=None)


def submit(document: Any, user=None) -> Any:
    key = type(document)._meta.model_name
    if key == "paymententry":
        return payments.payment_submit(payment=document, user=user)
    return lifecycle.document_submit(doctype=_doctype(document), document=document, user=user)


def cancel(document: Any, user=None) -> Any:
    if type(document)._meta.model_name == "paymententry":
        return payments.payment_cancel(payment=document, user=user)
    return lifecycle.document_cancel(doctype=_doctype(document), document=document, user=user)


def make(document: Any, target: str, user=None) -> Any:
    return follow_on.document_make(
        source=_doctype(document), document=document, target_key=target, user=user
    )


def _doctype(document: Any):
    return doctype_of(document)


def credit_note(invoice: Any, *pairs: tuple[str, str]) -> Any:
    """A credit note made from ``invoice``, its lines edited to ``pairs`` (item, qty), at
    the invoice's rates."""
    made = follow_on.credit_note_make(invoice=invoice, user=None)
    by_item = {line.item.name: line for line in made.items.all()}
    rows = [
        {
            "item": code,
            "qty": Decimal(qty),
            "rate": by_item[code].rate,
            "sales_invoice_item": by_item[code].sales_invoice_item_id,
        }
        for code, qty in pairs
    ]
    return document_update(
        doctype=BY_KEY["sales_invoice"], document=made, data={"items": rows}, user=None
    )


def exposure_of(who) -> tuple[Decimal, Decimal, Decimal]:
    """What a customer's credit exposure holds: unpaid invoices, unbilled orders, unbilled
    deliveries (zeros before its first document)."""
    from clientele.sales.models import CreditExposure

    row = CreditExposure.objects.filter(customer=who).first()
    if row is None:
        return Decimal(0), Decimal(0), Decimal(0)
    return row.unpaid_invoices, row.unbilled_orders, row.unbilled_deliveries
