"""Reads a sales document makes when it is filled: its lines' rates, its exchange rate, its
taxes, its items by code. Each is one indexed query whatever the number of items, prices
or rates stored (``tests/test_selectors.py`` counts them and reads PostgreSQL's plans).
"""

from collections.abc import Collection
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from django.db import connections, router
from django.db.models import OuterRef, Q, Subquery

from clientele.core.meta import column_of, model_field
from clientele.core.rows.reads import Reader, values_valid_on
from clientele.core.rows.statements import execute, prepared
from clientele.core.specs import Child, Link
from clientele.masters.models import Account, Company, Currency, PriceList, TaxCategory
from clientele.pricing.models import (
    CurrencyExchange,
    Item,
    ItemPrice,
    SalesTaxesTemplate,
    SalesTaxesTemplateRow,
)

ONE = Decimal(1)
# The scale of a stored exchange rate, which an inverted one is given at too.
RATE_PLACES = Decimal(1).scaleb(-CurrencyExchange._meta.get_field("exchange_rate").decimal_places)


def item_rates(*, price_list: PriceList, item_ids: Collection[int], on: date) -> dict[int, Decimal]:
    """The rate of each item valid on ``on`` in ``price_list`` (from and up to dates
    included, an empty one open); an item without such a price is left out.

    Should two prices of an item be valid that day (the rules refuse it, data imported
    around them may not), the one starting last wins. Read through the index (price list,
    item, valid from).
    """
    if not item_ids:
        return {}
    return values_valid_on(
        ItemPrice,
        owner=("price_list", price_list.pk),
        keys=("item", sorted(item_ids)),
        value="price_list_rate",
        validity=("valid_from", "valid_upto"),
        on=on,
    )


def _latest_rate(pair: Q, on: date, column: str) -> Subquery:
    rates = CurrencyExchange.objects.filter(pair, date__lte=on).order_by("-date")
    return Subquery(rates.values(column)[:1])


def exchange_rate(*, from_currency: str, to_currency: str, on: date) -> Decimal | None:
    """How many ``to_currency`` one ``from_currency`` is worth on ``on``: the latest rate
    dated that day or before; where only the reverse pair is stored (or is more recent),
    its inverse; 1 for a currency to itself; ``None`` when no rate is known.

    One statement: both currencies by code, then the latest rate of each direction, each
    read from the unique index (from, to, date) backwards down to its first row.
    """
    if from_currency == to_currency:
        return ONE
    direct = Q(from_currency=OuterRef("pk"), to_currency=OuterRef("to_id"))
    reverse = Q(from_currency=OuterRef("to_id"), to_currency=OuterRef("pk"))
    target = Currency.objects.filter(name=to_currency).values("pk")
    found = (
        Currency.objects.filter(name=from_currency)
        .annotate(to_id=Subquery(target))
        .annotate(
            direct_rate=_latest_rate(direct, on, "exchange_rate"),
            direct_date=_latest_rate(direct, on, "date"),
            reverse_rate=_latest_rate(reverse, on, "exchange_rate"),
            reverse_date=_latest_rate(reverse, on, "date"),
        )
        .values_list("direct_rate", "direct_date", "reverse_rate", "reverse_date")
        .first()
    )
    if found is None:
        return None
    direct_rate, direct_date, reverse_rate, reverse_date = found
    if direct_rate is not None and (reverse_date is None or direct_date >= reverse_date):
        return Decimal(direct_rate)
    if reverse_rate is not None:
        return (ONE / Decimal(reverse_rate)).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)
    return None


# A template with its rows (each account by its code), in one statement written once.
_TEMPLATE = Reader(
    SalesTaxesTemplate,
    "id",
    children=(
        Child(
            "taxes",
            SalesTaxesTemplateRow,
            ("charge_type", "account_head", "description", "rate"),
            links=(Link("account_head", Account),),
        ),
    ),
)


def taxes_template_for(
    *, company: Company, tax_category: TaxCategory | None
) -> SalesTaxesTemplate | None:
    """The enabled template of ``company`` for ``tax_category``, else the company's default
    one; ``None`` when it has neither. Its ``taxes`` rows come with it, in their order
    (``rows_of``). Two statements written once: every document created reads it, and the
    ORM's version cost more to build than to run."""
    db = connections[router.db_for_read(SalesTaxesTemplate)]
    category = tax_category.pk if tax_category is not None else None
    with db.cursor() as cursor, prepared(db):
        execute(cursor, _template_pick_sql(db.vendor), [company.pk, category, category])
        found = cursor.fetchone()
    return _TEMPLATE.one(found[0], using=db.alias) if found else None


@cache
def _template_pick_sql(vendor: str) -> str:
    """The template for a category, else the default one (``vendor``: one per database)."""
    meta = SalesTaxesTemplate._meta
    column = {
        name: column_of(model_field(SalesTaxesTemplate, name))
        for name in ("company", "tax_category")
    }
    return (
        f'SELECT t.id FROM "{meta.db_table}" t WHERE t."{column["company"]}" = %s'
        f' AND NOT t.disabled AND (t.is_default OR t."{column["tax_category"]}" = %s)'
        f' ORDER BY CASE WHEN t."{column["tax_category"]}" = %s THEN 0 ELSE 1 END LIMIT 1'
    )


def items_by_code(*, codes: Collection[str]) -> dict[str, Item]:
    """The items of ``codes`` (exact codes; disabled ones included: the caller says why it
    refuses them), with their item group; a code with no item is left out."""
    if not codes:
        return {}
    return {item.name: item for item in _ITEMS.among(sorted(set(codes)))}


# Items by code with their group, in one statement written once.
_ITEMS = Reader(Item, "name", related=("item_group",))
