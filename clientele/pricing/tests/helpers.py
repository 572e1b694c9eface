"""What the pricing tests share: a leaf item group, items and prices made through the write
path, and the seeded company's VAT account."""

from datetime import date
from typing import Any

from clientele.core.records import record_create
from clientele.masters import services as masters
from clientele.pricing import services as pricing
from clientele.pricing.models import Item, ItemPrice

COMPANY = "Clientèle Démo SAS"
VAT_ACCOUNT = "445710 - TVA collectée - CD"
SELLING = "Standard Selling"


def item_group(name: str = "Produits", *, is_group: bool = False) -> None:
    record_create(masters.ITEM_GROUP, {"name": name, "is_group": is_group}, user=None)


def item(code: str, **data: Any) -> Item:
    return record_create(pricing.ITEM, {"name": code, "item_group": "Produits", **data}, user=None)


def price(
    code: str,
    rate: str,
    start: date | None = None,
    end: date | None = None,
    price_list: str = SELLING,
) -> ItemPrice:
    data = {"item": code, "price_list": price_list, "price_list_rate": rate}
    return record_create(
        pricing.ITEM_PRICE, {**data, "valid_from": start, "valid_upto": end}, user=None
    )
