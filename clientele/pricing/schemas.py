"""Request and response bodies of the pricing records' routes (all from the CRUD router).

The fields of each pair mirror the record's ``Spec`` in ``services.py``; links and child
rows by code. ``tests/test_schemas.py`` checks that they cannot drift apart.
"""

import datetime
from decimal import Decimal

from ninja import Schema

from clientele.core.api_support import StrictSchema


class ItemIn(StrictSchema):
    """An item's fields as sent: its code, name, leaf item group and unit."""

    name: str | None = None
    item_name: str | None = None
    uom: str | None = None
    description: str | None = None
    disabled: bool | None = None
    item_group: str | None = None


class ItemOut(Schema):
    """An item as stored, its item group by code."""

    name: str
    item_name: str | None = None
    uom: str | None = None
    description: str | None = None
    disabled: bool | None = None
    item_group: str | None = None


class ItemPriceIn(StrictSchema):
    """An item's rate in a price list as sent; the currency is the list's (filled from it
    when left out); an empty date leaves that end of the validity open."""

    price_list_rate: Decimal | None = None
    valid_from: datetime.date | None = None
    valid_upto: datetime.date | None = None
    item: str | None = None
    price_list: str | None = None
    currency: str | None = None


class ItemPriceOut(Schema):
    """An item price as stored, with the code the prices' series gave it."""

    price_list_rate: Decimal | None = None
    valid_from: datetime.date | None = None
    valid_upto: datetime.date | None = None
    item: str | None = None
    price_list: str | None = None
    currency: str | None = None
    name: str


class CurrencyExchangeIn(StrictSchema):
    """An exchange rate as sent: one ``from_currency`` is worth ``exchange_rate``
    ``to_currency`` from ``date`` on."""

    date: datetime.date | None = None
    exchange_rate: Decimal | None = None
    from_currency: str | None = None
    to_currency: str | None = None


class CurrencyExchangeOut(Schema):
    """An exchange rate as stored, named ``<date>-<from>-<to>``."""

    date: datetime.date | None = None
    exchange_rate: Decimal | None = None
    from_currency: str | None = None
    to_currency: str | None = None
    name: str


class SalesTaxesTemplateRowRow(StrictSchema):
    """One tax or charge of a template: a rate of the net total, posted to a ledger account
    of the template's company."""

    charge_type: str | None = None
    description: str | None = None
    rate: Decimal | None = None
    account_head: str | None = None


class SalesTaxesTemplateRowRowOut(SalesTaxesTemplateRowRow):
    """One tax or charge of a template, as stored."""


class SalesTaxesTemplateIn(StrictSchema):
    """A sales taxes and charges template as sent: a company's, chosen by a tax category or
    as the company's default, with its rows."""

    name: str | None = None
    is_default: bool | None = None
    disabled: bool | None = None
    company: str | None = None
    tax_category: str | None = None
    taxes: list[SalesTaxesTemplateRowRow] | None = None


class SalesTaxesTemplateOut(Schema):
    """A sales taxes and charges template as stored, with its rows."""

    name: str
    is_default: bool | None = None
    disabled: bool | None = None
    company: str | None = None
    tax_category: str | None = None
    taxes: list[SalesTaxesTemplateRowRowOut] = []
