"""Lead writes. Conversion to a customer lives with customers, which depend on leads."""

from typing import cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.classification.models import Territory
from clientele.core import identifiers
from clientele.core.errors import FieldErrors
from clientele.core.links import leaf_only
from clientele.core.models import NamingSeries
from clientele.core.naming import series_create, series_next
from clientele.core.records import record_create, record_update
from clientele.core.specs import Link, Rows, Spec
from clientele.core.typing import User
from clientele.crm.models import Lead
from clientele.crm.types import LeadData
from clientele.masters.models import Industry, MarketSegment

LEAD_SERIES = "CRM-LEAD-.YYYY.-.#####"


def _someone(lead: Lead, rows: Rows, errors: FieldErrors) -> None:
    if not lead.lead_name and not lead.company_name:
        errors.add("lead_name", _("A lead needs a person name or an organisation name."))


def _phone(value: str) -> str:
    return identifiers.phone(value)


LEAD = Spec(
    Lead,
    "lead",
    fields=(
        "name",
        "lead_name",
        "company_name",
        "email_id",
        "phone",
        "mobile_no",
        "status",
        "source",
        "notes",
    ),
    links=(
        Link("territory", Territory, check=leaf_only),
        Link("industry", Industry),
        Link("market_segment", MarketSegment),
    ),
    normalise={"email_id": identifiers.email, "phone": _phone, "mobile_no": _phone},
    rules=(_someone,),
)


def lead_series() -> str:
    series = NamingSeries.objects.filter(entity="lead").first()
    return series.name if series else series_create(name=LEAD_SERIES, entity="lead").name


@transaction.atomic
def lead_create(*, data: LeadData, user: User) -> Lead:
    """A lead without a code takes the next one of the leads' series."""
    data = data.copy()
    if not data.get("name"):
        data["name"] = series_next(template=lead_series(), today=timezone.localdate())
    return cast(Lead, record_create(LEAD, data, user=user))  # the Spec's model


@transaction.atomic
def lead_update(*, record: Lead, data: LeadData, user: User) -> Lead:
    """A lead keeps its code: it is not renamed through an update."""
    data = data.copy()
    data.pop("name", None)
    return cast(Lead, record_update(LEAD, record, data, user=user))  # the Spec's model
