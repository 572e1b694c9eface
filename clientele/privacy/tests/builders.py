"""A person held in Clientèle, built through the real services: an individual customer
with its primary contact and address, a change in its history, a paid invoice."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User

from clientele.customers.models import Customer
from clientele.customers.quick_entry import customer_quick_create
from clientele.customers.services import customer_update
from clientele.operations.seed import COMPANY
from clientele.sales.models import PaymentEntry, SalesInvoice
from clientele.sales.payments import payment_create
from clientele.sales.tests.builders import build_world, draft, submit

DAY = date(2030, 1, 10)
PAID_ON = date(2030, 1, 20)


@dataclass(frozen=True)
class Person:
    customer: Customer
    invoice: SalesInvoice
    payment: PaymentEntry


def person(user: User, *, paid: bool = True) -> Person:
    """Jeanne Dupont, customer DUPONT-J: an invoice of one widget (120.00 with VAT) dated
    ``DAY``, paid on ``PAID_ON`` unless ``paid`` is False."""
    build_world()
    customer = customer_quick_create(
        data={
            "name": "DUPONT-J",
            "customer_name": "Jeanne Dupont",
            "customer_type": "Individual",
            "tax_id": "FR44732829320",
        },
        contact={"email_id": "jeanne.dupont@example.fr", "mobile_no": "+33612345678"},
        address={
            "address_line1": "12 rue des Lilas",
            "city": "Lyon",
            "pincode": "69003",
            "country": "FR",
        },
        user=user,
    )
    customer_update(
        customer=customer, data={"customer_details": "Prefers letters to calls"}, user=user
    )
    customer = Customer.objects.get(pk=customer.pk)
    invoice = submit(draft("sales_invoice", customer, ("WIDGET", "1"), posting_date=DAY))
    payment = PaymentEntry()
    if paid:
        payment = submit(
            payment_create(
                data={
                    "customer": customer.name,
                    "company": COMPANY,
                    "paid_amount": Decimal("120.00"),
                    "posting_date": PAID_ON,
                    "remarks": "Cheque from Jeanne Dupont",
                    "references": [
                        {"sales_invoice": invoice.name, "allocated_amount": Decimal("120.00")}
                    ],
                },
                user=user,
            )
        )
    invoice = SalesInvoice.objects.get(pk=invoice.pk)
    return Person(customer, invoice, payment)
