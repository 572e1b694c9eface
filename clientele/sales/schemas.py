"""The request and response bodies of the sales API, every field spelled out."""

import datetime
from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from clientele.core.api_support import MAX_OFFSET, StrictSchema


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

    customer: str | None = None
    company: str | None = None
    customer_name: str | None = None
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


class DocumentParams(Schema):
    customer: str | None = None
    company: str | None = None
    status: str | None = None
    docstatus: int | None = Field(None, ge=0, le=2)
    from_date: date | None = None
    to_date: date | None = None
    limit: int = Field(20, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class StatementParams(Schema):
    company: str
    from_date: date
    to_date: date


class DefaultsParams(Schema):
    company: str
    date: datetime.date | None = None
