"""The customer page's "Documents liés" (the user's guide §3): the documents a customer has,
grouped as the guide groups them.

A small registry: each document type has a label, a group, and, once the app that holds
it exists, a function giving a customer's documents and the address of a new one. A
type without them is shown as not yet available ("—", "bientôt disponible"), never
hidden. Sales documents come later (an optional ``clientele.sales`` app): that issue
plugs its documents in with ``document_type_enable``, nothing else changes. Every type is
counted in one statement, whatever their number.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clientele.core.rows import linked_counts
from clientele.customers.models import Customer


@dataclass(frozen=True)
class DocumentType:
    key: str
    label: Promise
    group: Promise
    # The model of this type's documents, each naming its customer by a ``customer``
    # foreign key (counted with the other types'); ``None`` while the type does not exist
    # in the application.
    documents: type[models.Model] | None = None
    # The address of a new document of this type for the customer.
    new_url: Callable[[Customer], str] | None = None


PRESALES, ORDERS, PAYMENTS = _("Pre-sales"), _("Orders"), _("Payments")
SUPPORT, PROJECTS, PRICING, SUBSCRIPTIONS = (
    _("Support"),
    _("Projects"),
    _("Pricing"),
    _("Subscriptions"),
)

# Bank accounts are the company's own (``masters.BankAccount`` names no party): a customer's
# bank accounts come with the payments.
DOCUMENT_TYPES: dict[str, DocumentType] = {
    t.key: t
    for t in (
        DocumentType("opportunity", _("Opportunity"), PRESALES),
        DocumentType("quotation", _("Quotation"), PRESALES),
        DocumentType("contract", _("Contract"), PRESALES),
        DocumentType("sales_order", _("Sales Order"), ORDERS),
        DocumentType("delivery_note", _("Delivery Note"), ORDERS),
        DocumentType("sales_invoice", _("Sales Invoice"), ORDERS),
        DocumentType("payment_entry", _("Payment Entry"), PAYMENTS),
        DocumentType("bank_account", _("Bank Account"), PAYMENTS),
        DocumentType("issue", _("Issue"), SUPPORT),
        DocumentType("maintenance_visit", _("Maintenance Visit"), SUPPORT),
        DocumentType("installation_note", _("Installation Note"), SUPPORT),
        DocumentType("warranty_claim", _("Warranty Claim"), SUPPORT),
        DocumentType("project", _("Project"), PROJECTS),
        DocumentType("pricing_rule", _("Pricing Rule"), PRICING),
        DocumentType("subscription", _("Subscription"), SUBSCRIPTIONS),
    )
}

# What the page's "Plus" menu offers to create, in this order.
CREATE_FROM_CUSTOMER = {
    "quotation": _("Create a quotation"),
    "sales_order": _("Create a sales order"),
    "sales_invoice": _("Create a sales invoice"),
}


def document_type_enable(
    key: str, *, documents: type[models.Model], new_url: Callable[[Customer], str]
) -> None:
    """Called by the app that brings a document type: from then on it is counted."""
    DOCUMENT_TYPES[key] = replace(DOCUMENT_TYPES[key], documents=documents, new_url=new_url)


@dataclass(frozen=True)
class DocumentCount:
    key: str
    label: Promise
    count: int | None
    new_url: str | None

    @property
    def available(self) -> bool:
        return self.count is not None


@dataclass(frozen=True)
class DocumentGroup:
    label: Promise
    documents: list[DocumentCount]


def document_count(kind: DocumentType, customer: Customer, counts: dict[str, int]) -> DocumentCount:
    return DocumentCount(
        kind.key,
        kind.label,
        counts.get(kind.key),
        kind.new_url(customer) if kind.new_url else None,
    )


def linked_documents(customer: Customer) -> list[DocumentGroup]:
    """Each group of the guide with its document types, counted where they exist."""
    readers = {kind.key: kind.documents for kind in DOCUMENT_TYPES.values() if kind.documents}
    counts = document_counts(customer, readers)
    groups: dict[Promise, list[DocumentCount]] = {}
    for kind in DOCUMENT_TYPES.values():
        groups.setdefault(kind.group, []).append(document_count(kind, customer, counts))
    return [DocumentGroup(label, documents) for label, documents in groups.items()]


def document_counts(customer: Customer, documents: dict[str, type[models.Model]]) -> dict[str, int]:
    """How many ``documents`` of each type (by key) the customer has, in one statement."""
    counts = linked_counts(list(documents.values()), link="customer", to=customer.pk)
    return dict(zip(documents, counts, strict=True))


def creatable(groups: list[DocumentGroup]) -> list[tuple[Promise, DocumentCount]]:
    """What the "Plus" menu offers to create from the customer, each with its document
    type as counted (``new_url`` is ``None`` while the type does not exist)."""
    by_key = {document.key: document for group in groups for document in group.documents}
    return [(label, by_key[key]) for key, label in CREATE_FROM_CUSTOMER.items()]


@dataclass(frozen=True)
class CompanyBalance:
    """What a company billed the customer this fiscal year and what is still unpaid, in
    the company's currency."""

    company: str
    currency: str
    billed_this_year: Decimal
    unpaid: Decimal
    statement_url: str = ""  # the customer's statement with the company, once it exists


# The reader of the customer's balances, once the app keeping the ledger plugs it in.
BALANCES: list[Callable[[Customer], list[CompanyBalance]]] = []


def balances_enable(read: Callable[[Customer], list[CompanyBalance]]) -> None:
    BALANCES[:] = [read]


def customer_balances(customer: Customer) -> list[CompanyBalance]:
    """Per company; none while no app keeps a ledger."""
    return BALANCES[0](customer) if BALANCES else []
