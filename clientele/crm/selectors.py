"""Reads of leads."""

from django.db.models import Q, QuerySet

from clientele.core.replica import on_replica
from clientele.crm.models import Lead

# What a word of ``q`` may start or be part of: the code, the person, the organisation,
# the e-mail and the phones (as stored: E.164).
SEARCHED = ("name", "lead_name", "company_name", "email_id", "phone", "mobile_no")


def leads_queryset() -> QuerySet[Lead]:
    return Lead.objects.select_related("territory", "industry", "market_segment")


@on_replica
def lead_page(*, q: str | None, limit: int, offset: int) -> tuple[int, list[Lead]]:
    """Count and one page of leads, newest first; each word of ``q`` must be found in the
    code, the person's or organisation's name, the e-mail or a phone. Leads stay few (they
    become customers or are dropped), so a scan of the table is cheap."""
    rows = leads_queryset().order_by("-id")
    for word in (q or "").split():
        anywhere = [(f"{field}__icontains", word) for field in SEARCHED]
        rows = rows.filter(Q(*anywhere, _connector=Q.OR))
    return rows.count(), list(rows[offset : offset + limit])
