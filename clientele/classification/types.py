"""The input of the selling settings' service, typed: ``SellingSettingsData`` has the keys
and value types of ``schemas.SellingSettingsIn``, every key optional (only those sent change).

It stays a plain dict at run time (the API passes ``payload.model_dump(exclude_unset=True)``):
the type only lets mypy check every key and value at every call. ``tests/test_schemas.py``
checks that the two cannot drift apart. Customer groups and territories are written through
the generic record path (``clientele.core.records``), untyped.
"""

from typing import TypedDict


class SellingSettingsData(TypedDict, total=False):
    """``schemas.SellingSettingsIn``: links by code."""

    customer_naming_by: str | None
    sales_order_required: bool | None
    delivery_note_required: bool | None
    customer_naming_series: str | None
    customer_group: str | None
    territory: str | None
    selling_price_list: str | None
