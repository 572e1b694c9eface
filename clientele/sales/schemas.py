"""The request and response bodies of the sales API, every field spelled out."""

import datetime
from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from clientele.core.api_support import MAX_OFFSET, InputSchema, StrictSchema


class AccountsSettingsIn(StrictSchema):
    """The roles to change, each by its name (a role is a group of users)."""

    credit_controller: str | None = None
    frozen_accounts_modifier: str | None = None


class AccountsSettingsOut(Schema):
    """The accounts settings, roles by name."""

    name: str
    credit_controller: str | None = None
    frozen_accounts_modifier: str | None = None


class LineIn(StrictSchema):
    """A line: the item by code, how many; the rate is taken from the price list unless
    typed."""

    item: str
    qty: Decimal
    rate: Decimal | None = None
    price_list_rate: Decimal | None = None
    discount_percentage: Decimal | None = None
    item_name: str | None = None
    description: str | None = None
    uom: str | None = None


class OrderLineIn(LineIn):
    quotation_item: int | None = None


class DeliveryLineIn(LineIn):
    so_detail: int | None = None


class InvoiceLineIn(LineIn):
    so_detail: int | None = None
    dn_detail: int | None = None
    sales_invoice_item: int | None = None  # a credit note's line: the invoice line it returns


class TaxIn(StrictSchema):
    account_head: str
    rate: Decimal
    description: str | None = None
    charge_type: str | None = None


class ScheduleIn(StrictSchema):
    due_date: date
    invoice_portion: Decimal
    description: str | None = None


class TeamIn(StrictSchema):
    sales_person: str
    allocated_percentage: Decimal


class SellingIn(StrictSchema):
    """A selling document's header: what is left out is taken from the customer."""

    naming_series: str | None = None
    customer: str | None = None
    company: str | None = None
    customer_name: str | None = None
    tax_id: str | None = None
    currency: str | None = None
    conversion_rate: Decimal | None = None
    selling_price_list: str | None = None
    plc_conversion_rate: Decimal | None = None
    payment_terms_template: str | None = None
    language: str | None = None
    tax_category: str | None = None
    taxes_and_charges: str | None = None
    sales_partner: str | None = None
    commission_rate: Decimal | None = None
    customer_address: str | None = None
    address_display: str | None = None
    shipping_address_name: str | None = None
    shipping_address: str | None = None
    contact_person: str | None = None
    contact_display: str | None = None
    contact_email: str | None = None
    taxes: list[TaxIn] | None = None
    payment_schedule: list[ScheduleIn] | None = None
    sales_team: list[TeamIn] | None = None


class QuotationIn(SellingIn):
    transaction_date: date | None = None
    valid_till: date | None = None
    items: list[LineIn] | None = None


class SalesOrderIn(SellingIn):
    transaction_date: date | None = None
    delivery_date: date | None = None
    items: list[OrderLineIn] | None = None


class DeliveryNoteIn(SellingIn):
    posting_date: date | None = None
    items: list[DeliveryLineIn] | None = None


class SalesInvoiceIn(SellingIn):
    posting_date: date | None = None
    due_date: date | None = None
    debit_to: str | None = None
    is_return: bool | None = None
    return_against: str | None = None
    items: list[InvoiceLineIn] | None = None


class ReferenceIn(StrictSchema):
    sales_invoice: str
    allocated_amount: Decimal


class PaymentEntryIn(StrictSchema):
    """Money received from a customer, allocated to its invoices."""

    naming_series: str | None = None
    customer: str | None = None
    company: str | None = None
    posting_date: date | None = None
    currency: str | None = None
    paid_from: str | None = None
    paid_to: str | None = None
    paid_amount: Decimal | None = None
    source_exchange_rate: Decimal | None = None
    reference_no: str | None = None
    reference_date: date | None = None
    remarks: str | None = None
    references: list[ReferenceIn] | None = None


class AllocateIn(StrictSchema):
    """What of a payment's advance settles which invoices, posted on ``posting_date``
    (today by default)."""

    posting_date: date | None = None
    references: list[ReferenceIn]


class DocumentParams(InputSchema):
    customer: str | None = None
    company: str | None = None
    status: str | None = None
    docstatus: int | None = Field(None, ge=0, le=2)
    from_date: date | None = None
    to_date: date | None = None
    limit: int = Field(20, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class StatementParams(InputSchema):
    company: str
    from_date: date
    to_date: date


class DefaultsParams(InputSchema):
    company: str
    date: datetime.date | None = None


class LineOut(Schema):
    """A line as stored, with its amounts in the document's and the company's currency."""

    id: int
    item: str
    item_name: str
    description: str
    qty: Decimal
    uom: str
    price_list_rate: Decimal
    discount_percentage: Decimal
    rate: Decimal
    amount: Decimal
    net_rate: Decimal
    net_amount: Decimal
    base_rate: Decimal
    base_amount: Decimal
    base_net_amount: Decimal


class QuotationLineOut(LineOut):
    ordered_qty: Decimal


class OrderLineOut(LineOut):
    quotation_item: int | None
    delivered_qty: Decimal
    billed_amt: Decimal


class DeliveryLineOut(LineOut):
    so_detail: int | None
    billed_amt: Decimal


class InvoiceLineOut(LineOut):
    so_detail: int | None
    dn_detail: int | None
    sales_invoice_item: int | None
    returned_qty: Decimal


class TaxOut(Schema):
    charge_type: str
    account_head: str
    description: str
    rate: Decimal
    tax_amount: Decimal
    total: Decimal
    base_tax_amount: Decimal
    base_total: Decimal


class ScheduleOut(Schema):
    description: str
    due_date: date
    invoice_portion: Decimal
    payment_amount: Decimal
    base_payment_amount: Decimal


class TeamOut(Schema):
    sales_person: str
    allocated_percentage: Decimal
    allocated_amount: Decimal


class SellingOut(Schema):
    """A selling document: its header (what it copied from the customer included), its
    tables, its totals, and where it stands."""

    name: str
    naming_series: str
    docstatus: int
    status: str
    amended_from: str | None
    customer: str
    customer_name: str
    tax_id: str
    company: str
    currency: str
    conversion_rate: Decimal
    selling_price_list: str | None
    price_list_currency: str | None
    plc_conversion_rate: Decimal
    payment_terms_template: str | None
    language: str
    tax_category: str | None
    taxes_and_charges: str | None
    sales_partner: str | None
    commission_rate: Decimal
    total_commission: Decimal
    customer_address: str | None
    address_display: str
    shipping_address_name: str | None
    shipping_address: str
    contact_person: str | None
    contact_display: str
    contact_email: str
    total_qty: Decimal
    total: Decimal
    net_total: Decimal
    total_taxes_and_charges: Decimal
    grand_total: Decimal
    base_total: Decimal
    base_net_total: Decimal
    base_total_taxes_and_charges: Decimal
    base_grand_total: Decimal
    taxes: list[TaxOut]
    payment_schedule: list[ScheduleOut]
    sales_team: list[TeamOut]


class QuotationOut(SellingOut):
    transaction_date: date
    valid_till: date | None
    items: list[QuotationLineOut]


class SalesOrderOut(SellingOut):
    transaction_date: date
    delivery_date: date | None
    per_delivered: Decimal
    per_billed: Decimal
    items: list[OrderLineOut]


class DeliveryNoteOut(SellingOut):
    posting_date: date
    per_billed: Decimal
    items: list[DeliveryLineOut]


class SalesInvoiceOut(SellingOut):
    posting_date: date
    due_date: date | None
    debit_to: str
    is_return: bool
    return_against: str | None
    outstanding_amount: Decimal
    base_outstanding_amount: Decimal
    items: list[InvoiceLineOut]


class ReferenceOut(Schema):
    sales_invoice: str
    allocated_amount: Decimal
    base_allocated_amount: Decimal


class PaymentEntryOut(Schema):
    """A payment received and the invoices it settles."""

    name: str
    naming_series: str
    docstatus: int
    status: str
    amended_from: str | None
    customer: str
    customer_name: str
    company: str
    posting_date: date
    currency: str
    paid_from: str
    paid_to: str
    paid_amount: Decimal
    base_paid_amount: Decimal
    unallocated_amount: Decimal
    base_unallocated_amount: Decimal
    difference_amount: Decimal
    source_exchange_rate: Decimal
    reference_no: str
    reference_date: date | None
    remarks: str
    references: list[ReferenceOut]


class DocumentRow(Schema):
    """A document in a list: its date is ``transaction_date`` (quotations, orders) or
    ``posting_date``, its amount ``grand_total`` or, for a payment, ``paid_amount``."""

    name: str
    customer: str
    customer_name: str
    company: str
    transaction_date: date | None = None
    posting_date: date | None = None
    docstatus: int
    status: str
    grand_total: Decimal | None = None
    paid_amount: Decimal | None = None


class DocumentPage(Schema):
    count: int
    items: list[DocumentRow]


class CompanyFigures(Schema):
    company: str
    currency: str
    billing_this_year: Decimal
    total_unpaid: Decimal


class DashboardOut(Schema):
    """Documents per kind (by their API collection), and per company billed this fiscal
    year and still unpaid."""

    customer: str
    counts: dict[str, int]
    fiscal_year: list[date]
    companies: list[CompanyFigures]


class StatementEntry(Schema):
    posting_date: date
    voucher_type: str
    voucher_no: str
    against_voucher_no: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


class StatementOut(Schema):
    customer: str
    company: str
    from_date: date
    to_date: date
    opening_balance: Decimal
    entries: list[StatementEntry]
    closing_balance: Decimal


class DefaultsPreviewOut(Schema):
    """What a new document takes from the customer (an invoice's header and tables)."""

    posting_date: date
    due_date: date | None
    is_return: bool
    customer: str
    customer_name: str
    tax_id: str
    company: str
    currency: str
    conversion_rate: Decimal
    selling_price_list: str | None
    plc_conversion_rate: Decimal
    payment_terms_template: str | None
    language: str
    tax_category: str | None
    taxes_and_charges: str | None
    sales_partner: str | None
    commission_rate: Decimal
    customer_address: str | None
    address_display: str
    shipping_address_name: str | None
    shipping_address: str
    contact_person: str | None
    contact_display: str
    contact_email: str
    debit_to: str | None
    return_against: str | None
    taxes: list[TaxIn]
    payment_schedule: list[ScheduleIn]
    sales_team: list[TeamIn]
