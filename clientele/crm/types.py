"""The input of the lead services, typed: ``LeadData`` has the keys and value types of
``schemas.LeadIn``, every key optional (an update sends only what changes).

It stays a plain dict at run time (the API passes ``payload.model_dump(exclude_unset=True)``):
the type only lets mypy check every key and value at every call. ``tests/test_schemas.py``
checks that the two cannot drift apart.
"""

from typing import TypedDict


class LeadData(TypedDict, total=False):
    """``schemas.LeadIn``: links by code; without a code, the leads' series gives one."""

    name: str | None
    lead_name: str | None
    company_name: str | None
    email_id: str | None
    phone: str | None
    mobile_no: str | None
    status: str | None
    source: str | None
    notes: str | None
    territory: str | None
    industry: str | None
    market_segment: str | None
