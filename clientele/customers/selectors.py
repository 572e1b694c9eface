"""Customer reads: the filtered list, one customer with everything, its history."""

from django.db.models import F, Prefetch, QuerySet

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
    """The customer with its group and territory in one small join; its other links load
    only when set (an empty link costs no query), and each child table in one query.

    Not one join of all fifteen links: PostgreSQL spends ~70 ms planning such a join.
    """
    prefetch = [
        Prefetch(
            c.field, queryset=c.model.objects.select_related(*(link.field for link in c.links))
        )
        for c in CUSTOMER.children
    ]
    return Customer.objects.select_related("customer_group", "territory").prefetch_related(
        *prefetch
    )


BIG_SUBSET = 1000


def _filtered(*, group_ids, territory_ids, customer_type, disabled, words, by_index: bool):
    """The filtered customers, newest first.

    ``by_index`` picks the plan: through the (group, id) and (territory, id) indexes when
    the filters keep few customers; when they keep many, the group and territory columns
    are wrapped (``+ 0``) so the database walks customers newest first and stops at the page
    instead of sorting a large subset.
    """
    rows = Customer.objects.all()
    for field, ids in (("customer_group_id", group_ids), ("territory_id", territory_ids)):
        if ids is None:
            continue
        if by_index:
            rows = rows.filter(**{f"{field}__in": ids})
        else:
            alias = f"{field}_plain"
            rows = rows.alias(**{alias: F(field) + 0}).filter(**{f"{alias}__in": ids})
    if customer_type:
        rows = rows.filter(customer_type=customer_type)
    if disabled is not None:
        rows = rows.filter(disabled=disabled)
    for word in words:
        matching = CustomerSearchToken.objects.filter(token__startswith=word)
        rows = rows.filter(id__in=matching.values("customer_id"))
    return rows.order_by("-id")


def _items(rows) -> list[dict]:
    items = list(rows.values(*LIST_FIELDS))
    for item in items:
        item["customer_group"] = item.pop("customer_group__name")
        item["territory"] = item.pop("territory__name")
        item.pop("id")
    return items


def _search_page(words: list[str], *, limit: int, offset: int) -> tuple[int, list[dict]]:
    """``q`` alone: the matching ids come from the token table only (one index range per
    word, intersected), so neither the count nor the page touches customers they skip."""
    per_word = [
        CustomerSearchToken.objects.filter(token__startswith=word).values_list(
            "customer_id", flat=True
        )
        for word in words
    ]
    ids = per_word[0].distinct() if len(per_word) == 1 else per_word[0].intersection(*per_word[1:])
    count = ids.count()
    page = list(ids.order_by("-customer_id")[offset : offset + limit])
    return count, _items(Customer.objects.filter(id__in=page).order_by("-id"))


def customer_page(
    *,
    q: str | None = None,
    customer_group: CustomerGroup | None = None,
    territory: Territory | None = None,
    customer_type: str | None = None,
    disabled: bool | None = None,
    limit: int,
    offset: int,
) -> tuple[int, list[dict]]:
    """Count and one page of customers, newest first; a group or territory filter includes
    its whole subtree, and each ``q`` word must start one of the customer's search tokens."""
    words = query_words(q or "")
    if (
        words
        and customer_group is None
        and territory is None
        and not customer_type
        and (disabled is None)
    ):
        return _search_page(words, limit=limit, offset=offset)
    filters = {
        "group_ids": _subtree_list(customer_group),
        "territory_ids": _subtree_list(territory),
        "customer_type": customer_type,
        "disabled": disabled,
        "words": words,
    }
    count = _filtered(**filters, by_index=True).count()
    big = count > BIG_SUBSET and (customer_group is not None or territory is not None)
    rows = _filtered(**filters, by_index=not big)
    return count, _items(rows[offset : offset + limit])


def _subtree_list(node) -> list[int] | None:
    if node is None:
        return None
    return list(subtree_ids(node).values_list("pk", flat=True))
