"""REST routes of items, item prices, exchange rates and sales taxes templates, through
the generic CRUD router, with the list filters a sales document's screens need."""

from collections.abc import Callable
from dataclasses import replace
from functools import reduce
from operator import or_
from typing import Any

from django.db import models
from django.db.models import Q
from ninja import Field, Router, Schema

from clientele.core.api_support import PageParams
from clientele.core.roles import ACCOUNTING_WRITERS, MASTER_WRITERS
from clientele.core.routes import Lister, Routes, crud_router, spec_routes
from clientele.core.specs import Spec
from clientele.masters.models import ItemGroup
from clientele.pricing import schemas as sch
from clientele.pricing import services as s

# A list filter: the value of its query parameter as a condition on the records.
Filter = Callable[[Any], Q]


def _code(description: str) -> Any:
    return Field(None, max_length=140, description=description)


class ItemParams(PageParams):
    item_group: str | None = _code("Only the items of this item group and its sub-groups")
    disabled: bool | None = None


class ItemPriceParams(PageParams):
    item: str | None = _code("Only the prices of this item (its code)")
    price_list: str | None = _code("Only the prices of this price list")


class CurrencyExchangeParams(PageParams):
    from_currency: str | None = _code("Only the rates from this currency (ISO code)")
    to_currency: str | None = _code("Only the rates to this currency (ISO code)")


class SalesTaxesTemplateParams(PageParams):
    company: str | None = _code("Only the templates of this company")
    tax_category: str | None = _code("Only the templates of this tax category")


def _in_item_group(code: str) -> Q:
    node = ItemGroup.objects.filter(name=code).only("path").first()
    return Q(item_group__path__startswith=node.path) if node else Q(pk__in=[])


def lister(order: tuple[str, ...], search: tuple[str, ...], filters: dict[str, Filter]) -> Lister:
    """A list in ``order``: ``q`` in any of the ``search`` columns, and each filter whose
    query parameter was given."""

    def listed(rows: models.QuerySet, params: Any) -> tuple[int, list[models.Model]]:
        rows = rows.order_by(*order)
        if params.q:
            rows = rows.filter(reduce(or_, (Q(**{f"{f}__icontains": params.q}) for f in search)))
        for name, condition in filters.items():
            if (value := getattr(params, name)) is not None:
                rows = rows.filter(condition(value))
        return rows.count(), list(rows[params.offset : params.offset + params.limit])

    return listed


def _by(lookup: str) -> Filter:
    return lambda value: Q(**{lookup: value})


def _routes(
    spec: Spec,
    tag: str,
    writers: tuple[str, ...],
    schemas: tuple[type[Schema], type[Schema]],
    params: type[PageParams],
    listed: Lister,
) -> Routes:
    routes = spec_routes(
        spec,
        tag=tag,
        writers=writers,
        with_history=True,
        schema_in=schemas[0],
        schema_out=schemas[1],
    )
    return replace(routes, lister=listed, params=params)


# Path and routes of each record; the record screens list them too (``web/records.py``).
ROUTES: list[tuple[str, Routes]] = [
    (
        "items",
        _routes(
            s.ITEM,
            "Items",
            MASTER_WRITERS,
            (sch.ItemIn, sch.ItemOut),
            ItemParams,
            lister(
                ("name",),
                ("name", "item_name"),
                {"item_group": _in_item_group, "disabled": _by("disabled")},
            ),
        ),
    ),
    (
        "item-prices",
        _routes(
            s.ITEM_PRICE,
            "Item prices",
            MASTER_WRITERS,
            (sch.ItemPriceIn, sch.ItemPriceOut),
            ItemPriceParams,
            lister(
                ("name",),
                ("name", "item__name", "item__item_name"),
                {"item": _by("item__name"), "price_list": _by("price_list__name")},
            ),
        ),
    ),
    (
        "currency-exchanges",
        _routes(
            s.CURRENCY_EXCHANGE,
            "Currency exchange rates",
            ACCOUNTING_WRITERS,
            (sch.CurrencyExchangeIn, sch.CurrencyExchangeOut),
            CurrencyExchangeParams,
            lister(
                ("-date", "name"),
                ("name",),
                {
                    "from_currency": _by("from_currency__name"),
                    "to_currency": _by("to_currency__name"),
                },
            ),
        ),
    ),
    (
        "sales-taxes-templates",
        _routes(
            s.SALES_TAXES_TEMPLATE,
            "Sales taxes and charges templates",
            ACCOUNTING_WRITERS,
            (sch.SalesTaxesTemplateIn, sch.SalesTaxesTemplateOut),
            SalesTaxesTemplateParams,
            lister(
                ("name",),
                ("name",),
                {"company": _by("company__name"), "tax_category": _by("tax_category__name")},
            ),
        ),
    ),
]


def routers() -> list[tuple[str, Router]]:
    return [(path, crud_router(routes)) for path, routes in ROUTES]
