"""Request and response bodies of the lead routes (conversion is in the customers API).

The fields mirror ``services.LEAD``; ``tests/test_schemas.py`` checks that they cannot drift
apart.
"""

from ninja import Schema

from clientele.core.api_support import StrictSchema


class LeadIn(StrictSchema):
    """A lead's fields as sent: only those sent change; without a code, the series gives one."""

    name: str | None = None
    lead_name: str | None = None
    company_name: str | None = None
    email_id: str | None = None
    phone: str | None = None
    mobile_no: str | None = None
    status: str | None = None
    source: str | None = None
    notes: str | None = None
    territory: str | None = None
    industry: str | None = None
    market_segment: str | None = None


class LeadOut(Schema):
    """A lead as stored, links by code."""

    name: str
    lead_name: str | None = None
    company_name: str | None = None
    email_id: str | None = None
    phone: str | None = None
    mobile_no: str | None = None
    status: str | None = None
    source: str | None = None
    notes: str | None = None
    territory: str | None = None
    industry: str | None = None
    market_segment: str | None = None
