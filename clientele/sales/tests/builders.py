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
from clientele.masters.models import Account, Company, ItemGroup, PriceList
from clientele.operations.seed import COMPANY
from clientele.pricing.models import Item, ItemPrice, SalesTaxesTemplate, SalesTaxesTemplateRow
from clientele.sales import follow_on, lifecycle, payments
from clientele.sales.doctypes import BY_KEY, doctype_of
from clientele.sales.documents import document_create

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
    """A 20 % VAT template (the company's default), WIDGET at 100.00 and SERVICE at 50.00."""
    company = Company.objects.get(name=COMPANY)
    record_create(
        masters.ACCOUNT,
        {
            "name": VAT_ACCOUNT,
            "account_name": "TVA collectée",
            "company": COMPANY,
            "root_type": "Liability",
            "account_type": "Tax",
            "is_group": False,
            "parent_account": "Passif - CD",
        },
        user=None,
    )
    record_create(masters.ITEM_GROUP, {"name": "Produits", "is_group": False}, user=None)
    template = SalesTaxesTemplate.objects.create(
        name="TVA 20 % - CD", company=company, is_default=True
    )
    SalesTaxesTemplateRow.objects.create(
        template=template,
        idx=1,
        charge_type="On Net Total",
        account_head=Account.objects.get(name=VAT_ACCOUNT),
        description="TVA 20 %",
        rate=Decimal(20),
    )
    widget = item("WIDGET", "Widget", "100.00")
    service = item("SERVICE", "Service", "50.00")
    return World(company, widget, service, template)


def item(code: str, name: str, rate: str, valid_from: date | None = None) -> Item:
    group = ItemGroup.objects.get(name="Produits")
    found = Item.objects.create(name=code, item_name=name, item_group=group, uom="Unit")
    price_list = PriceList.objects.get(name=PRICE_LIST)
    ItemPrice.objects.create(
        item=found,
        price_list=price_list,
        currency=price_list.currency,
        price_list_rate=Decimal(rate),
        valid_from=valid_from,
    )
    return found


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
