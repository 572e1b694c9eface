"""The input of the customer services, typed: one ``TypedDict`` per request body.

Each has the keys and value types of its request schema (``schemas.py``), every key
optional (an update sends only what changes). They stay plain dicts at run time (the API
passes ``payload.model_dump(exclude_unset=True)``): the types only let mypy check every key
and value at every call. ``tests/test_schemas.py`` checks that they cannot drift apart.
"""

from decimal import Decimal
from typing import TypedDict


class CustomerCreditLimitData(TypedDict, total=False):
    """``schemas.CustomerCreditLimitRow``."""

    credit_limit: Decimal | None
    bypass_credit_limit_check: bool | None
    company: str | None


class CustomerAccountData(TypedDict, total=False):
    """``schemas.CustomerAccountRow``."""

    company: str | None
    account: str | None
    advance_account: str | None


class SalesTeamMemberData(TypedDict, total=False):
    """``schemas.SalesTeamMemberRow``."""

    allocated_percentage: Decimal | None
    sales_person: str | None


class AllowedCompanyData(TypedDict, total=False):
    """``schemas.AllowedCompanyRow``."""

    company: str | None


class CustomerData(TypedDict, total=False):
    """``schemas.CustomerIn``: a customer's fields, links and child rows by code."""

    name: str | None
    customer_name: str | None
    customer_type: str | None
    pan: str | None
    tax_id: str | None
    allow_invoice_without_sales_order: bool | None
    allow_invoice_without_delivery_note: bool | None
    disabled: bool | None
    is_internal_customer: bool | None
    customer_details: str | None
    website: str | None
    language: str | None
    is_frozen: bool | None
    loyalty_program_tier: str | None
    default_commission_rate: Decimal | None
    tax_withholding_category: str | None
    default_bank_account: str | None
    lead_name: str | None
    account_manager: str | None
    customer_group: str | None
    territory: str | None
    tax_category: str | None
    represents_company: str | None
    default_currency: str | None
    default_price_list: str | None
    payment_terms: str | None
    market_segment: str | None
    industry: str | None
    loyalty_program: str | None
    default_sales_partner: str | None
    customer_primary_contact: str | None
    customer_primary_address: str | None
    credit_limits: list[CustomerCreditLimitData] | None
    accounts: list[CustomerAccountData] | None
    sales_team: list[SalesTeamMemberData] | None
    companies: list[AllowedCompanyData] | None


class CustomerCreateData(CustomerData, total=False):
    """``schemas.CustomerCreateIn`` without the quick entry (``contact``, ``address``) and
    ``block_on_duplicates``, which the services take as arguments of their own."""

    naming_series: str | None


class QuickContactData(TypedDict, total=False):
    """``schemas.QuickContactIn``: the primary contact created with the customer."""

    full_name: str | None
    salutation: str | None
    first_name: str | None
    middle_name: str | None
    last_name: str | None
    email_id: str | None
    mobile_no: str | None
    phone: str | None
    designation: str | None


class QuickAddressData(TypedDict, total=False):
    """``schemas.QuickAddressIn``: the primary address created with the customer."""

    address_type: str | None
    address_line1: str | None
    address_line2: str | None
    city: str | None
    pincode: str | None
    state: str | None
    country: str | None
    tax_category: str | None
