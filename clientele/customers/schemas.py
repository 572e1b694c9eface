"""Request and response bodies of the customer routes (and of a lead's conversion).

Every field is spelled out here so the API can be read without running it. The fields of
``CustomerIn`` and ``CustomerOut`` mirror ``services.CUSTOMER`` (links and child rows by
code); ``tests/test_schemas.py`` checks that the two cannot drift apart.
"""

import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from clientele.core.api_support import Page, PageParams, StrictSchema
from clientele.customers.models import Customer


class CustomerCreditLimitRow(StrictSchema):
    """A credit limit of the customer in one company."""

    credit_limit: Decimal | None = None
    bypass_credit_limit_check: bool | None = None
    company: str | None = None


class CustomerCreditLimitRowOut(CustomerCreditLimitRow):
    """A credit limit of the customer in one company, as stored."""


class CustomerAccountRow(StrictSchema):
    """The customer's receivable and advance accounts in one company."""

    company: str | None = None
    account: str | None = None
    advance_account: str | None = None


class CustomerAccountRowOut(CustomerAccountRow):
    """The customer's receivable and advance accounts in one company, as stored."""


class SalesTeamMemberRow(StrictSchema):
    """A sales person's share of the customer (the shares total 100 %)."""

    allocated_percentage: Decimal | None = None
    sales_person: str | None = None


class SalesTeamMemberRowOut(SalesTeamMemberRow):
    """A sales person's share of the customer, as stored."""


class AllowedCompanyRow(StrictSchema):
    """A company allowed to bill an internal customer."""

    company: str | None = None


class AllowedCompanyRowOut(AllowedCompanyRow):
    """A company allowed to bill an internal customer, as stored."""


class CustomerIn(StrictSchema):
    """A customer's fields as sent: only those sent change; links and rows name codes."""

    name: str | None = None
    customer_name: str | None = None
    customer_type: str | None = None
    pan: str | None = None
    tax_id: str | None = None
    allow_invoice_without_sales_order: bool | None = None
    allow_invoice_without_delivery_note: bool | None = None
    disabled: bool | None = None
    is_internal_customer: bool | None = None
    customer_details: str | None = None
    website: str | None = None
    language: str | None = None
    is_frozen: bool | None = None
    loyalty_program_tier: str | None = None
    default_commission_rate: Decimal | None = None
    tax_withholding_category: str | None = None
    default_bank_account: str | None = None
    lead_name: str | None = None
    account_manager: str | None = None
    customer_group: str | None = None
    territory: str | None = None
    tax_category: str | None = None
    represents_company: str | None = None
    default_currency: str | None = None
    default_price_list: str | None = None
    payment_terms: str | None = None
    market_segment: str | None = None
    industry: str | None = None
    loyalty_program: str | None = None
    default_sales_partner: str | None = None
    customer_primary_contact: str | None = None
    customer_primary_address: str | None = None
    credit_limits: list[CustomerCreditLimitRow] | None = None
    accounts: list[CustomerAccountRow] | None = None
    sales_team: list[SalesTeamMemberRow] | None = None
    companies: list[AllowedCompanyRow] | None = None


class QuickContactIn(StrictSchema):
    """The primary contact created with the customer (quick entry)."""

    full_name: str | None = None
    salutation: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    email_id: str | None = None
    mobile_no: str | None = None
    phone: str | None = None
    designation: str | None = None


class QuickAddressIn(StrictSchema):
    """The primary address created with the customer: line 1, city and country required."""

    address_type: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    pincode: str | None = None
    state: str | None = None
    country: str | None = None
    tax_category: str | None = None


class CustomerCreateIn(CustomerIn):
    """A new customer, with its code's series and optionally its primary contact and address."""

    naming_series: str | None = None
    contact: QuickContactIn | None = None
    address: QuickAddressIn | None = None
    block_on_duplicates: bool = False


class DuplicateOut(Schema):
    """A customer that is likely the same, and why it is thought so."""

    name: str
    customer_name: str
    reasons: list[str]


class MergeIn(StrictSchema):
    """The customer to merge into; ``dry_run`` only reports what would move."""

    into: str
    dry_run: bool = False


class MergeOut(Schema):
    """What a merge moved, dropped and rewrote, counted per kind of record."""

    merged: str
    into: str
    dry_run: bool
    moves: dict[str, int]
    dropped: dict[str, int]
    documents: dict[str, int]


class CustomerOut(Schema):
    """A customer as stored, links and rows by code, with its primary contact's details."""

    name: str
    customer_name: str | None = None
    customer_type: str | None = None
    pan: str | None = None
    tax_id: str | None = None
    allow_invoice_without_sales_order: bool | None = None
    allow_invoice_without_delivery_note: bool | None = None
    disabled: bool | None = None
    is_internal_customer: bool | None = None
    customer_details: str | None = None
    website: str | None = None
    language: str | None = None
    is_frozen: bool | None = None
    loyalty_program_tier: str | None = None
    default_commission_rate: Decimal | None = None
    tax_withholding_category: str | None = None
    default_bank_account: str | None = None
    lead_name: str | None = None
    account_manager: str | None = None
    customer_group: str | None = None
    territory: str | None = None
    tax_category: str | None = None
    represents_company: str | None = None
    default_currency: str | None = None
    default_price_list: str | None = None
    payment_terms: str | None = None
    market_segment: str | None = None
    industry: str | None = None
    loyalty_program: str | None = None
    default_sales_partner: str | None = None
    customer_primary_contact: str | None = None
    customer_primary_address: str | None = None
    credit_limits: list[CustomerCreditLimitRowOut] = []
    accounts: list[CustomerAccountRowOut] = []
    sales_team: list[SalesTeamMemberRowOut] = []
    companies: list[AllowedCompanyRowOut] = []
    naming_series: str = ""
    email_id: str = ""
    mobile_no: str = ""
    primary_address: str = ""
    created_at: datetime.datetime
    modified_at: datetime.datetime


class CustomerCreatedOut(CustomerOut):
    """A customer just written, with the likely duplicates found for it."""

    duplicates: list[DuplicateOut] = []


class CustomerSummary(Schema):
    """A customer as a list shows it."""

    name: str
    customer_name: str
    customer_type: str
    customer_group: str | None
    territory: str | None
    tax_id: str
    email_id: str
    mobile_no: str
    disabled: bool
    is_frozen: bool


class CustomerPage(Page):
    """One page of customers and how many match in all."""

    items: list[CustomerSummary]


class ListParams(PageParams):
    """Filters of the customer list, on top of the page and the search text."""

    customer_group: str | None = Field(None, description="This group and all below it")
    territory: str | None = Field(None, description="This territory and all below it")
    customer_type: Customer.CustomerType | None = None
    disabled: bool | None = None
    is_frozen: bool | None = None


class RenameIn(Schema):
    """The customer's new code."""

    new_name: str = Field(..., max_length=140)


class ResolvedOut(Schema):
    """One default value and the record it comes from."""

    value: str | Decimal | list[dict[str, str]] | None
    source: str
    source_name: str


class DefaultsOut(Schema):
    """The defaults a customer's documents take in one company."""

    customer: str
    company: str
    defaults: dict[str, ResolvedOut]


class ConvertIn(StrictSchema):
    """Values for the new customer; the rest comes from the lead and the selling settings."""

    name: str | None = None
    customer_group: str | None = None
    territory: str | None = None
    customer_type: Customer.CustomerType | None = None
    block_on_duplicates: bool = False
