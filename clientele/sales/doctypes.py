"""The kinds of selling document, each with its tables, its naming series, its writers
and what it counts as for the ledger and the credit check: one registry read by the
services, the selectors and the API, so a rule written once holds for every kind."""

from dataclasses import dataclass

from django.db import models

from clientele.core.roles import BILLING_WRITERS, SELLING_WRITERS
from clientele.sales.models import (
    DeliveryNote,
    DeliveryNoteItem,
    DeliveryNoteSchedule,
    DeliveryNoteTax,
    DeliveryNoteTeam,
    PaymentEntry,
    Quotation,
    QuotationItem,
    QuotationSchedule,
    QuotationTax,
    QuotationTeam,
    SalesInvoice,
    SalesInvoiceItem,
    SalesInvoiceSchedule,
    SalesInvoiceTax,
    SalesInvoiceTeam,
    SalesOrder,
    SalesOrderItem,
    SalesOrderSchedule,
    SalesOrderTax,
    SalesOrderTeam,
)


@dataclass(frozen=True)
class DocType:
    key: str
    label: str  # the voucher type, as ERPNext names it
    path: str  # the API's collection
    model: type[models.Model]
    series: str
    writers: tuple[str, ...]
    line: type[models.Model] | None = None
    tax: type[models.Model] | None = None
    schedule: type[models.Model] | None = None
    team: type[models.Model] | None = None


QUOTATION = DocType(
    "quotation",
    "Quotation",
    "quotations",
    Quotation,
    "SAL-QTN-.YYYY.-.#####",
    SELLING_WRITERS,
    QuotationItem,
    QuotationTax,
    QuotationSchedule,
    QuotationTeam,
)
SALES_ORDER = DocType(
    "sales_order",
    "Sales Order",
    "sales-orders",
    SalesOrder,
    "SAL-ORD-.YYYY.-.#####",
    SELLING_WRITERS,
    SalesOrderItem,
    SalesOrderTax,
    SalesOrderSchedule,
    SalesOrderTeam,
)
DELIVERY_NOTE = DocType(
    "delivery_note",
    "Delivery Note",
    "delivery-notes",
    DeliveryNote,
    "MAT-DN-.YYYY.-.#####",
    SELLING_WRITERS,
    DeliveryNoteItem,
    DeliveryNoteTax,
    DeliveryNoteSchedule,
    DeliveryNoteTeam,
)
SALES_INVOICE = DocType(
    "sales_invoice",
    "Sales Invoice",
    "sales-invoices",
    SalesInvoice,
    "ACC-SINV-.YYYY.-.#####",
    BILLING_WRITERS,
    SalesInvoiceItem,
    SalesInvoiceTax,
    SalesInvoiceSchedule,
    SalesInvoiceTeam,
)
PAYMENT_ENTRY = DocType(
    "payment_entry",
    "Payment Entry",
    "payment-entries",
    PaymentEntry,
    "ACC-PAY-.YYYY.-.#####",
    BILLING_WRITERS,
)

SELLING = (QUOTATION, SALES_ORDER, DELIVERY_NOTE, SALES_INVOICE)
ALL = (*SELLING, PAYMENT_ENTRY)
BY_KEY = {doctype.key: doctype for doctype in ALL}
BY_PATH = {doctype.path: doctype for doctype in ALL}


def doctype_of(document: models.Model) -> DocType:
    return next(doctype for doctype in ALL if isinstance(document, doctype.model))
