"""The sales app's records: documents, payments, the receivables ledger, accounts settings."""

from clientele.sales.models.base import DocStatus
from clientele.sales.models.documents import (
    DeliveryNote,
    DeliveryNoteItem,
    DeliveryNoteSchedule,
    DeliveryNoteTax,
    DeliveryNoteTeam,
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
from clientele.sales.models.ledger import CreditExposure, LedgerEntry
from clientele.sales.models.payments import PaymentEntry, PaymentEntryReference
from clientele.sales.models.settings import AccountsSettings

__all__ = [
    "AccountsSettings",
    "CreditExposure",
    "DeliveryNote",
    "DeliveryNoteItem",
    "DeliveryNoteSchedule",
    "DeliveryNoteTax",
    "DeliveryNoteTeam",
    "DocStatus",
    "LedgerEntry",
    "PaymentEntry",
    "PaymentEntryReference",
    "Quotation",
    "QuotationItem",
    "QuotationSchedule",
    "QuotationTax",
    "QuotationTeam",
    "SalesInvoice",
    "SalesInvoiceItem",
    "SalesInvoiceSchedule",
    "SalesInvoiceTax",
    "SalesInvoiceTeam",
    "SalesOrder",
    "SalesOrderItem",
    "SalesOrderSchedule",
    "SalesOrderTax",
    "SalesOrderTeam",
]
