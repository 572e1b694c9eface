"""The body of ``POST /api/v1/exports``."""

from typing import Literal

from ninja import Field

from clientele.core.api_support import StrictSchema


class CustomerFilters(StrictSchema):
    """The customer list's filters (as ``GET /api/v1/customers/`` takes them)."""

    q: str | None = Field(None, max_length=200)
    customer_group: str | None = Field(None, max_length=140)
    territory: str | None = Field(None, max_length=140)
    customer_type: str | None = Field(None, max_length=20)
    disabled: bool | None = None
    is_frozen: bool | None = None


class ExportIn(StrictSchema):
    kind: Literal["customers", "customer-groups", "territories", "contacts", "addresses"]
    format: Literal["csv", "xlsx"] = "csv"
    filters: CustomerFilters | None = Field(None, description="Customers only")
