"""Documents to print: the seed's company with its legal details and address, a customer
with its VAT number and billing address, and an invoice whose figures read well in both
languages (net 1,028.80, VAT 205.76, total 1,234.56), all dated on fixed days."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from clientele.contacts.services import address_create
from clientele.core.records import record_update
from clientele.customers.models import Customer
from clientele.customers.quick_entry import customer_quick_create
from clientele.masters import services as masters
from clientele.masters.models import Company
from clientele.operations.seed import COMPANY
from clientele.sales.tests.builders import build_world, draft

# A day whose name differs in French and English, in a year no test runs in.
POSTED = date(2031, 11, 30)


def legal_company(**details: Any) -> Company:
    """The seed's company as a French SAS with its capital and its head office."""
    company = Company.objects.get(name=COMPANY)
    data = {"legal_form": "SAS", "share_capital": "10000", **details}
    record_update(masters.COMPANY, company, data, user=None)
    address_create(
        data={
            "address_line1": "12 rue de la Paix",
            "city": "Paris",
            "pincode": "75002",
            "country": "FR",
            "links": [{"party_type": "company", "party_name": COMPANY}],
        },
        user=_user(),
    )
    return Company.objects.get(pk=company.pk)


def _user() -> User:
    return User.objects.get_or_create(username="printer", defaults={"is_superuser": True})[0]


def billed_customer(language: str = "") -> Customer:
    """Boulangerie Martin, its VAT number, its billing address in Lyon."""
    created = customer_quick_create(
        data={
            "customer_name": "Boulangerie Martin",
            "tax_id": "FR40303265045",
            "language": language,
        },
        contact=None,
        address={
            "address_line1": "3 place Bellecour",
            "city": "Lyon",
            "pincode": "69002",
            "country": "FR",
        },
        user=_user(),
    )
    return Customer.objects.get(pk=created.pk)


def print_world() -> None:
    """The sales tests' world (items, VAT) with the company's legal details."""
    build_world()
    legal_company()


def invoice(language: str = "fr", lines: int = 1, **data: Any) -> Any:
    """A draft invoice to a new customer speaking ``language``: ``lines`` lines of WIDGET
    at 1,028.80, with the 20 % VAT."""
    rows = [{"item": "WIDGET", "qty": Decimal(1), "rate": Decimal("1028.80")}] * lines
    who = billed_customer(language)
    return draft("sales_invoice", who, items=rows, posting_date=POSTED, **data)
