"""Request and response bodies of the master records' routes (all from the CRUD router).

The fields of each pair mirror the record's ``Spec`` in ``services.py`` (links and child rows
by code, tree records with their parent); ``tests/test_schemas.py`` checks that they cannot
drift apart.
"""

import datetime
from decimal import Decimal

from ninja import Schema

from clientele.core.api_support import StrictSchema


class CurrencyIn(StrictSchema):
    """A currency's fields as sent: the ISO 4217 code, its name and symbol."""

    name: str | None = None
    currency_name: str | None = None
    symbol: str | None = None
    enabled: bool | None = None


class CurrencyOut(Schema):
    """A currency as stored."""

    name: str
    currency_name: str | None = None
    symbol: str | None = None
    enabled: bool | None = None


class CompanyIn(StrictSchema):
    """A company's fields as sent: only those sent change; links by code."""

    name: str | None = None
    abbr: str | None = None
    country: str | None = None
    tax_id: str | None = None
    credit_limit: Decimal | None = None
    role_allowed_for_frozen_entries: str | None = None
    legal_form: str | None = None
    share_capital: Decimal | None = None
    siren: str | None = None
    late_payment_penalty_rate: Decimal | None = None
    early_payment_discount: str | None = None
    default_currency: str | None = None
    default_receivable_account: str | None = None
    default_advance_received_account: str | None = None
    exchange_gain_account: str | None = None
    exchange_loss_account: str | None = None
    payment_terms: str | None = None


class CompanyOut(Schema):
    """A company as stored, links by code."""

    name: str
    abbr: str | None = None
    country: str | None = None
    tax_id: str | None = None
    credit_limit: Decimal | None = None
    role_allowed_for_frozen_entries: str | None = None
    legal_form: str | None = None
    share_capital: Decimal | None = None
    siren: str | None = None
    late_payment_penalty_rate: Decimal | None = None
    early_payment_discount: str | None = None
    default_currency: str | None = None
    default_receivable_account: str | None = None
    default_advance_received_account: str | None = None
    exchange_gain_account: str | None = None
    exchange_loss_account: str | None = None
    payment_terms: str | None = None


class PriceListIn(StrictSchema):
    """A price list's fields as sent: for selling, buying or both, in one currency."""

    name: str | None = None
    selling: bool | None = None
    buying: bool | None = None
    enabled: bool | None = None
    currency: str | None = None


class PriceListOut(Schema):
    """A price list as stored, its currency by code."""

    name: str
    selling: bool | None = None
    buying: bool | None = None
    enabled: bool | None = None
    currency: str | None = None


class PaymentTermRow(StrictSchema):
    """One instalment of a payment terms template."""

    description: str | None = None
    invoice_portion: Decimal | None = None
    due_date_based_on: str | None = None
    credit_days: int | None = None
    credit_months: int | None = None


class PaymentTermRowOut(PaymentTermRow):
    """One instalment of a payment terms template, as stored."""


class PaymentTermsTemplateIn(StrictSchema):
    """A payment terms template as sent: its instalments total 100 %."""

    name: str | None = None
    terms: list[PaymentTermRow] | None = None


class PaymentTermsTemplateOut(Schema):
    """A payment terms template as stored, with its instalments."""

    name: str
    terms: list[PaymentTermRowOut] = []


class AccountIn(StrictSchema):
    """An account's fields as sent: only those sent change; links by code."""

    name: str | None = None
    account_name: str | None = None
    account_number: str | None = None
    root_type: str | None = None
    account_type: str | None = None
    is_group: bool | None = None
    disabled: bool | None = None
    company: str | None = None
    account_currency: str | None = None
    parent_account: str | None = None


class AccountOut(Schema):
    """An account as stored, with its place in its company's chart of accounts."""

    name: str
    account_name: str | None = None
    account_number: str | None = None
    root_type: str | None = None
    account_type: str | None = None
    is_group: bool = False
    disabled: bool | None = None
    company: str | None = None
    account_currency: str | None = None
    parent_account: str | None = None
    label: str = ""
    depth: int = 1
    children_count: int = 0


class BankAccountIn(StrictSchema):
    """A bank account's fields as sent: only those sent change; links by code."""

    name: str | None = None
    account_name: str | None = None
    bank: str | None = None
    iban: str | None = None
    is_company_account: bool | None = None
    disabled: bool | None = None
    company: str | None = None
    account: str | None = None


class BankAccountOut(Schema):
    """A bank account as stored, links by code."""

    name: str
    account_name: str | None = None
    bank: str | None = None
    iban: str | None = None
    is_company_account: bool | None = None
    disabled: bool | None = None
    company: str | None = None
    account: str | None = None


class SalesPersonIn(StrictSchema):
    """A sales person's fields as sent: only those sent change."""

    name: str | None = None
    is_group: bool | None = None
    enabled: bool | None = None
    commission_rate: Decimal | None = None
    employee: str | None = None
    department: str | None = None
    parent_sales_person: str | None = None


class SalesPersonOut(Schema):
    """A sales person as stored, with their place in the sales tree."""

    name: str
    is_group: bool = False
    enabled: bool | None = None
    commission_rate: Decimal | None = None
    employee: str | None = None
    department: str | None = None
    parent_sales_person: str | None = None
    label: str = ""
    depth: int = 1
    children_count: int = 0


class SalesPartnerIn(StrictSchema):
    """A sales partner's fields as sent: only those sent change."""

    name: str | None = None
    commission_rate: Decimal | None = None
    enabled: bool | None = None


class SalesPartnerOut(Schema):
    """A sales partner as stored."""

    name: str
    commission_rate: Decimal | None = None
    enabled: bool | None = None


class LoyaltyProgramIn(StrictSchema):
    """A loyalty program's fields as sent: only those sent change."""

    name: str | None = None
    from_date: datetime.date | None = None
    to_date: datetime.date | None = None
    conversion_factor: Decimal | None = None
    enabled: bool | None = None
    company: str | None = None


class LoyaltyProgramOut(Schema):
    """A loyalty program as stored, its company by code."""

    name: str
    from_date: datetime.date | None = None
    to_date: datetime.date | None = None
    conversion_factor: Decimal | None = None
    enabled: bool | None = None
    company: str | None = None


class TaxCategoryIn(StrictSchema):
    """A tax category's fields as sent."""

    name: str | None = None
    disabled: bool | None = None


class TaxCategoryOut(Schema):
    """A tax category as stored."""

    name: str
    disabled: bool | None = None


class TaxWithholdingCategoryIn(StrictSchema):
    """A tax withholding category's fields as sent."""

    name: str | None = None
    rate: Decimal | None = None


class TaxWithholdingCategoryOut(Schema):
    """A tax withholding category as stored."""

    name: str
    rate: Decimal | None = None


class IndustryIn(StrictSchema):
    """An industry as sent: its name is its code."""

    name: str | None = None


class IndustryOut(Schema):
    """An industry as stored."""

    name: str


class MarketSegmentIn(StrictSchema):
    """A market segment as sent: its name is its code."""

    name: str | None = None


class MarketSegmentOut(Schema):
    """A market segment as stored."""

    name: str


class ItemGroupIn(StrictSchema):
    """An item group's fields as sent: only those sent change."""

    name: str | None = None
    is_group: bool | None = None
    parent_item_group: str | None = None


class ItemGroupOut(Schema):
    """An item group as stored, with its place in the tree and its translated label."""

    name: str
    is_group: bool = False
    parent_item_group: str | None = None
    label: str = ""
    depth: int = 1
    children_count: int = 0


class FiscalYearIn(StrictSchema):
    """A fiscal year's fields as sent: it ends after it starts."""

    name: str | None = None
    year_start_date: datetime.date | None = None
    year_end_date: datetime.date | None = None


class FiscalYearOut(Schema):
    """A fiscal year as stored."""

    name: str
    year_start_date: datetime.date | None = None
    year_end_date: datetime.date | None = None


class MonthlyDistributionPercentageRow(StrictSchema):
    """The share of one month in a monthly distribution."""

    month: int | None = None
    percentage_allocation: Decimal | None = None


class MonthlyDistributionPercentageRowOut(MonthlyDistributionPercentageRow):
    """The share of one month, as stored."""


class MonthlyDistributionIn(StrictSchema):
    """A monthly distribution as sent: its months total 100 %."""

    name: str | None = None
    fiscal_year: str | None = None
    percentages: list[MonthlyDistributionPercentageRow] | None = None


class MonthlyDistributionOut(Schema):
    """A monthly distribution as stored, with its months."""

    name: str
    fiscal_year: str | None = None
    percentages: list[MonthlyDistributionPercentageRowOut] = []
