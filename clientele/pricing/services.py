"""Rules of items, item prices, exchange rates and sales taxes templates, as ``Spec``s for
the generic write path (``core.records``).

A rule sees the record as the input left it (links resolved) and its child rows as built;
it adds field errors (422), or raises ``Conflict`` (409) when another record is in the way.
"""

from datetime import date

from django.utils.translation import gettext as _

from clientele.core.errors import Conflict, FieldErrors
from clientele.core.links import leaf_only
from clientele.core.naming import name_lock, series_next
from clientele.core.specs import Child, Link, Rows, Spec
from clientele.masters.models import Account, Company, Currency, ItemGroup, PriceList, TaxCategory
from clientele.masters.services import ledger_account
from clientele.pricing.models import (
    CurrencyExchange,
    Item,
    ItemPrice,
    SalesTaxesTemplate,
    SalesTaxesTemplateRow,
)

ITEM_PRICE_SERIES = "ITEM-PRICE-.#####"
# The accounts a tax or charge row may post to, as in ERPNext (its types that exist here).
TAX_ACCOUNT_TYPES = (
    Account.AccountType.TAX,
    Account.AccountType.INCOME,
    Account.AccountType.EXPENSE,
)


def _item_name(item: Item, rows: Rows, errors: FieldErrors) -> None:
    """An item named by its code alone is shown by its code."""
    if not item.item_name:
        item.item_name = item.name


def _period(start: date | None, end: date | None) -> str:
    if start and end:
        return _("from %(start)s to %(end)s") % {"start": start, "end": end}
    if start:
        return _("from %(start)s on") % {"start": start}
    if end:
        return _("up to %(end)s") % {"end": end}
    return _("at any date")


def _price_currency(price: ItemPrice, rows: Rows, errors: FieldErrors) -> None:
    """A price is in its price list's currency: filled from it, any other refused."""
    price_list = price.price_list
    if price.currency_id is None:
        price.currency = price_list.currency
    elif price.currency_id != price_list.currency_id:
        errors.add(
            "currency",
            _("The price list “%(list)s” is in %(currency)s: its prices are too.")
            % {"list": price_list.name, "currency": price_list.currency.name},
        )


def _price_dates(price: ItemPrice, rows: Rows, errors: FieldErrors) -> None:
    if price.valid_from and price.valid_upto and price.valid_upto < price.valid_from:
        errors.add("valid_upto", _("The price must end on or after the day it starts."))


def _price_alone_in_its_period(price: ItemPrice, rows: Rows, errors: FieldErrors) -> None:
    """One price per item, list and day: a document's rate must not depend on which of two
    prices is read. Creators of prices for the same item and list queue (a lock until
    commit), so two overlapping prices cannot both pass the check."""
    if errors:
        return
    name_lock(f"item-price:{price.price_list_id}:{price.item_id}")
    others = ItemPrice.objects.filter(price_list=price.price_list, item=price.item)
    if price.valid_from:
        others = others.exclude(valid_upto__lt=price.valid_from)
    if price.valid_upto:
        others = others.exclude(valid_from__gt=price.valid_upto)
    clash = others.exclude(pk=price.pk).order_by("valid_from").first()
    if clash is None:
        return
    raise Conflict(
        _("“%(item)s” already has a price in “%(list)s” %(period)s (%(name)s).")
        % {
            "item": price.item.name,
            "list": price.price_list.name,
            "period": _period(clash.valid_from, clash.valid_upto),
            "name": clash.name,
        },
        errors={"valid_from": [_("The validity overlaps that of another price.")]},
    )


def _price_name(price: ItemPrice, rows: Rows, errors: FieldErrors) -> None:
    """A new price takes the next code of the prices' series (once it is accepted)."""
    if not price.name and not errors:
        price.name = series_next(template=ITEM_PRICE_SERIES, today=date.today())


def _exchange_currencies(exchange: CurrencyExchange, rows: Rows, errors: FieldErrors) -> None:
    if exchange.from_currency_id == exchange.to_currency_id:
        errors.add("to_currency", _("An exchange rate is between two different currencies."))


def _exchange_rate_positive(exchange: CurrencyExchange, rows: Rows, errors: FieldErrors) -> None:
    if exchange.exchange_rate <= 0:
        errors.add("exchange_rate", _("The exchange rate must be above 0."))


def _exchange_once_a_day(exchange: CurrencyExchange, rows: Rows, errors: FieldErrors) -> None:
    """One rate per pair and date, named after them (``2026-03-02-USD-EUR``)."""
    if errors:
        return
    pair = {"from": exchange.from_currency.name, "to": exchange.to_currency.name}
    exchange.name = f"{exchange.date.isoformat()}-{pair['from']}-{pair['to']}"
    taken = CurrencyExchange.objects.filter(
        date=exchange.date,
        from_currency=exchange.from_currency_id,
        to_currency=exchange.to_currency_id,
    ).exclude(pk=exchange.pk)
    if taken.exists():
        raise Conflict(
            _("The rate from %(from)s to %(to)s on %(date)s is already recorded.")
            % {**pair, "date": exchange.date},
            errors={"date": [_("This date already has its rate.")]},
        )


def tax_account(account: Account) -> str | None:
    """A tax or charge posts to a ledger account of type tax, income or expense."""
    if problem := ledger_account(account):
        return problem
    if account.account_type not in TAX_ACCOUNT_TYPES:
        return _("“%(account)s” is not a tax, income or expense account.") % {
            "account": account.name
        }
    return None


def _taxes_accounts_of_company(
    template: SalesTaxesTemplate, rows: Rows, errors: FieldErrors
) -> None:
    """Taxes post to the chart of the template's company; a template moved to another
    company keeps rows it did not send, so those are read."""
    taxes = rows.get("taxes")
    if taxes is None and template.pk:
        taxes = list(template.taxes.select_related("account_head"))
    for index, row in enumerate(taxes or []):
        if row.account_head.company_id != template.company_id:
            errors.add(
                f"taxes[{index}].account_head",
                _("“%(account)s” belongs to another company.") % {"account": row.account_head},
            )


def _default_enabled(template: SalesTaxesTemplate, rows: Rows, errors: FieldErrors) -> None:
    if template.is_default and template.disabled:
        errors.add("is_default", _("A disabled template cannot be the default."))


def _one_default_per_company(template: SalesTaxesTemplate, rows: Rows, errors: FieldErrors) -> None:
    """A company's documents without a tax category take its one default template."""
    if errors or not template.is_default:
        return
    other = (
        SalesTaxesTemplate.objects.filter(company=template.company_id, is_default=True)
        .exclude(pk=template.pk)
        .first()
    )
    if other is not None:
        raise Conflict(
            _("“%(other)s” is already the default template of %(company)s: unset it first.")
            % {"other": other.name, "company": template.company.name},
            errors={"is_default": [_("The company already has a default template.")]},
        )


def _one_per_category(template: SalesTaxesTemplate, rows: Rows, errors: FieldErrors) -> None:
    """A tax category selects one template of a company, never a choice between two."""
    category = template.tax_category
    if errors or category is None or template.disabled:
        return
    other = (
        SalesTaxesTemplate.objects.filter(
            company=template.company_id, tax_category=category, disabled=False
        )
        .exclude(pk=template.pk)
        .first()
    )
    if other is not None:
        raise Conflict(
            _("“%(other)s” is already the template of %(company)s for “%(category)s”.")
            % {
                "other": other.name,
                "company": template.company.name,
                "category": category.name,
            },
            errors={"tax_category": [_("Another template has this tax category.")]},
        )


ITEM = Spec(
    Item,
    "item",
    fields=("name", "item_name", "uom", "description", "disabled"),
    links=(Link("item_group", ItemGroup, check=leaf_only),),
    rules=(_item_name,),
)
ITEM_PRICE = Spec(
    ItemPrice,
    "item_price",
    fields=("price_list_rate", "valid_from", "valid_upto"),
    links=(Link("item", Item), Link("price_list", PriceList), Link("currency", Currency)),
    rules=(_price_currency, _price_dates, _price_alone_in_its_period, _price_name),
)
CURRENCY_EXCHANGE = Spec(
    CurrencyExchange,
    "currency_exchange",
    fields=("date", "exchange_rate"),
    links=(
        Link("from_currency", Currency),
        Link("to_currency", Currency),
    ),
    rules=(_exchange_currencies, _exchange_rate_positive, _exchange_once_a_day),
)
SALES_TAXES_TEMPLATE = Spec(
    SalesTaxesTemplate,
    "sales_taxes_template",
    fields=("name", "is_default", "disabled"),
    links=(Link("company", Company), Link("tax_category", TaxCategory)),
    children=(
        Child(
            "taxes",
            SalesTaxesTemplateRow,
            ("charge_type", "account_head", "description", "rate"),
            links=(Link("account_head", Account, check=tax_account),),
        ),
    ),
    rules=(
        _taxes_accounts_of_company,
        _default_enabled,
        _one_default_per_company,
        _one_per_category,
    ),
)
