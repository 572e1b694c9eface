"""Request and response bodies of customer groups, territories, selling settings and series.

The fields of the group, territory and settings schemas mirror ``services.CUSTOMER_GROUP``,
``services.TERRITORY`` and ``services.SELLING_SETTINGS`` (links and child rows by code);
``tests/test_schemas.py`` checks that they cannot drift apart.
"""

from decimal import Decimal

from ninja import Schema
from pydantic import Field, StrictInt

from clientele.core.api_support import StrictSchema


class CustomerGroupCreditLimitRow(StrictSchema):
    """The credit limit the group's customers inherit in one company."""

    credit_limit: Decimal | None = None
    bypass_credit_limit_check: bool | None = None
    company: str | None = None


class CustomerGroupCreditLimitRowOut(CustomerGroupCreditLimitRow):
    """The credit limit the group's customers inherit in one company, as stored."""


class CustomerGroupAccountRow(StrictSchema):
    """The receivable and advance accounts the group's customers inherit in one company."""

    company: str | None = None
    account: str | None = None
    advance_account: str | None = None


class CustomerGroupAccountRowOut(CustomerGroupAccountRow):
    """The accounts the group's customers inherit in one company, as stored."""


class CustomerGroupIn(StrictSchema):
    """A customer group's fields as sent: only those sent change; links and rows by code."""

    name: str | None = None
    is_group: bool | None = None
    default_price_list: str | None = None
    payment_terms: str | None = None
    credit_limits: list[CustomerGroupCreditLimitRow] | None = None
    accounts: list[CustomerGroupAccountRow] | None = None
    parent_customer_group: str | None = None


class CustomerGroupOut(Schema):
    """A customer group as stored, with its place in the tree and its translated label."""

    name: str
    is_group: bool = False
    default_price_list: str | None = None
    payment_terms: str | None = None
    credit_limits: list[CustomerGroupCreditLimitRowOut] = []
    accounts: list[CustomerGroupAccountRowOut] = []
    parent_customer_group: str | None = None
    label: str = ""
    depth: int = 1
    children_count: int = 0


class TerritoryTargetRow(StrictSchema):
    """A sales target of the territory for an item group and a fiscal year."""

    target_qty: Decimal | None = None
    target_amount: Decimal | None = None
    item_group: str | None = None
    fiscal_year: str | None = None
    distribution: str | None = None


class TerritoryTargetRowOut(TerritoryTargetRow):
    """A sales target of the territory, as stored."""


class TerritoryIn(StrictSchema):
    """A territory's fields as sent: only those sent change; links and rows by code."""

    name: str | None = None
    is_group: bool | None = None
    territory_manager: str | None = None
    targets: list[TerritoryTargetRow] | None = None
    parent_territory: str | None = None


class TerritoryOut(Schema):
    """A territory as stored, with its place in the tree and its translated label."""

    name: str
    is_group: bool = False
    territory_manager: str | None = None
    targets: list[TerritoryTargetRowOut] = []
    parent_territory: str | None = None
    label: str = ""
    depth: int = 1
    children_count: int = 0


class SellingSettingsIn(StrictSchema):
    """The selling settings to change: how customers are named and what they default to."""

    customer_naming_by: str | None = None
    sales_order_required: bool | None = None
    delivery_note_required: bool | None = None
    customer_naming_series: str | None = None
    customer_group: str | None = None
    territory: str | None = None
    selling_price_list: str | None = None


class SellingSettingsOut(Schema):
    """The selling settings, links by code."""

    customer_naming_by: str | None = None
    sales_order_required: bool | None = None
    delivery_note_required: bool | None = None
    customer_naming_series: str | None = None
    customer_group: str | None = None
    territory: str | None = None
    selling_price_list: str | None = None
    name: str


class SeriesIn(StrictSchema):
    """A new naming series: a prefix with date tokens, then a run of # for the counter."""

    name: str = Field(..., max_length=100, examples=["CUST-.YYYY.-.#####"])
    entity: str = Field("customer", max_length=60, examples=["customer", "sales_invoice"])


class SeriesOut(Schema):
    """A naming series and the kind of record it names."""

    name: str
    entity: str


class CounterIn(StrictSchema):
    """The last number given under a prefix; the next code takes the one after."""

    # Strict: ``true`` or ``"5"`` is not a number (``false`` used to set 0).
    current: StrictInt


class CounterOut(Schema):
    """A resolved prefix and the last number given under it."""

    prefix: str
    current: int
