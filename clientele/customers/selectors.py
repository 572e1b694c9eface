"""Customer reads: the filtered list, one customer with everything, its history."""

from django.db.models import QuerySet

from clientele.core.trees import subtree_ids
from clientele.customers.models import Customer, CustomerSearchToken
from clientele.customers.search import query_words
from clientele.customers.services import CUSTOMER
from clientele.selling.models import CustomerGroup, Territory

LIST_FIELDS = (
    "id",
    "name",
    "customer_name",
    "customer_type",
    "tax_id",
    "email_id",
    "mobile_no",
    "disabled",
    "is_frozen",
    "customer_group__name",
    "territory__name",
)


def customer_detail_queryset() -> QuerySet[Customer]:
    """The customer row, then one small query per filled link and per child table.

    Not one join of all fifteen links: PostgreSQL spends ~70 ms planning such a join for
    every read, where a lookup by primary key costs well under a millisecond, and an empty
    link none at all.
    """
    prefetch = [
        *(link.field for link in CUSTOMER.links),
        *(c.field for c in CUSTOMER.children),
        *(f"{c.field}__{link.field}" for c in CUSTOMER.children for link in c.links),
    ]
    return Customer.objects.prefetch_related(*prefetch)


def customer_list(
    *,
    q: str | None = None,
    customer_group: CustomerGroup | None = None,
    territory: Territory | None = None,
    customer_type: str | None = None,
    disabled: bool | None = None,
) -> QuerySet:
    """Newest first; a group or territory filter includes its whole subtree.

    Each ``q`` word must start one of the customer's search tokens; the tokens are matched
    by index range scans, never by scanning customers.
    """
    rows = Customer.objects.all()
    if customer_group is not None:
        rows = rows.filter(customer_group_id__in=subtree_ids(customer_group))
    if territory is not None:
        rows = rows.filter(territory_id__in=subtree_ids(territory))
    if customer_type:
        rows = rows.filter(customer_type=customer_type)
    if disabled is not None:
        rows = rows.filter(disabled=disabled)
    for word in query_words(q or ""):
        matching = CustomerSearchToken.objects.filter(token__startswith=word)
        rows = rows.filter(id__in=matching.values("customer_id"))
    return rows.order_by("-id")


def customer_page(rows: QuerySet, *, limit: int, offset: int) -> tuple[int, list[dict]]:
    items = list(rows.values(*LIST_FIELDS)[offset : offset + limit])
    for item in items:
        item["customer_group"] = item.pop("customer_group__name")
        item["territory"] = item.pop("territory__name")
        item.pop("id")
    return rows.count(), items
