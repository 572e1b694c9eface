"""Customer reads: the filtered list, one customer with everything, its history."""

from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from clientele.classification.models import CustomerGroup, Territory
from clientele.core import identifiers
from clientele.core.errors import InvalidInput
from clientele.core.replica import on_replica
from clientele.core.rows import Reader
from clientele.core.search_text import query_words
from clientele.core.trees import subtree_ids
from clientele.customers.duplicates import Candidate, duplicates_sent
from clientele.customers.models import Customer, CustomerSearch
from clientele.customers.services import CUSTOMER

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
    "created_at",
)

# The orders a list can take, each walking an index: newest first (the default) and oldest
# first by the integer key, which follows creation; by code; by name through the normalised
# name (``name_key``: case, accents and legal forms aside, so “Éloïse” sorts among the E's).
ORDERS = {
    "-created": ("-id",),
    "created": ("id",),
    "code": ("name",),
    "-code": ("-name",),
    "name": ("name_key", "id"),
    "-name": ("-name_key", "-id"),
}
NEWEST = "-created"


def customer_detail(name: str, *, using: str | None = None) -> Customer | None:
    """The customer with the code of everything it links to and all its child rows, in one
    statement written once (see ``core/rows/``).

    Each link is read by a scalar subquery, not a join: fifteen joins cost PostgreSQL
    ~70 ms to plan. The linked records hold only their code and load the rest on access.
    Each child table of ``CUSTOMER`` comes as one JSON array, each row with the codes it
    links to (``specs.rows_of`` hands them over without a query).
    """
    return _DETAIL.one(name, using=using)


def detail_reader() -> Reader:
    """The customer read, written from ``CUSTOMER``: its links and child tables; its group
    whole (one join by key), as the defaults walk up from its path."""
    return Reader(
        Customer,
        "name",
        related=("customer_group",),
        stubs={link.field: link.key for link in CUSTOMER.links if link.field != "customer_group"},
        children=CUSTOMER.children,
    )


_DETAIL = detail_reader()


BIG_SUBSET = 1000
COUNTED_AHEAD = 500


def _filtered(
    *,
    group_ids,
    territory_ids,
    customer_type,
    disabled,
    is_frozen,
    words,
    by_index: bool,
    order: tuple[str, ...] = ORDERS[NEWEST],
):
    """The filtered customers, in ``order`` (newest first by default).

    ``by_index`` picks the plan: through the (group, id) and (territory, id) indexes when
    the filters keep few customers; when they keep many, the group, territory and type
    columns are wrapped (``+ 0``, ``|| ''``) so the database walks customers newest first
    and stops at the page instead of sorting a large subset (and counts the disabled ones
    from their own partial index: SQLite would otherwise read a whole subtree for them).
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
    if customer_type and by_index:
        rows = rows.filter(customer_type=customer_type)
    elif customer_type:
        rows = rows.alias(type_plain=Concat("customer_type", Value(""))).filter(
            type_plain=customer_type
        )
    if disabled is not None:
        rows = rows.filter(disabled=disabled)
    if is_frozen is not None:
        rows = rows.filter(is_frozen=is_frozen)
    if words:
        matching = CustomerSearch.objects.filter(words__matches=words)
        rows = rows.filter(id__in=matching.values("customer_id"))
    return rows.order_by(*order)


def _items(rows) -> list[dict]:
    items = list(rows.values(*LIST_FIELDS))
    for item in items:
        item["customer_group"] = item.pop("customer_group__name")
        item["territory"] = item.pop("territory__name")
        item.pop("id")
    return items


def _search_page(
    words: list[str], *, limit: int, offset: int, active_only: bool
) -> tuple[int, list[dict]]:
    """``q`` alone: the matching ids come from the search documents (the full-text index
    finds those having every word, in key order: newest first without a sort), so
    neither the count nor the page touches customers they skip. The page's ids are read
    with up to ``COUNTED_AHEAD`` more: fewer matches are counted by them, more by the
    index apart (one statement for a selective word, two for a common one: a count
    reading every match cost a common word twice as much).
    ``active_only`` (the screens' default) leaves out the disabled ones, found through
    their partial index: few, whatever the number of customers."""
    matching = CustomerSearch.objects.filter(words__matches=words)
    if active_only:
        disabled = Customer.objects.filter(disabled=True).values("id")
        matching = matching.exclude(customer_id__in=disabled)
    newest = matching.order_by("-customer_id").values_list("customer_id", flat=True)
    read = offset + limit + COUNTED_AHEAD
    ids = list(newest[:read])
    count = len(ids) if len(ids) < read else matching.count()
    rows = Customer.objects.filter(id__in=ids[offset : offset + limit])
    return count, _items(rows.order_by("-id"))


@on_replica
def customer_page(
    *,
    q: str | None = None,
    customer_group: CustomerGroup | None = None,
    territory: Territory | None = None,
    customer_type: str | None = None,
    disabled: bool | None = None,
    is_frozen: bool | None = None,
    sort: str = NEWEST,
    limit: int,
    offset: int,
) -> tuple[int, list[dict]]:
    """Count and one page of customers, newest first unless ``sort`` names another of
    ``ORDERS``; a group or territory filter includes its whole subtree, and each ``q`` word
    must start one of the customer's search tokens. A ``q`` of symbols only (``!!!``, an
    emoji) has no word to match: nothing is found, rather than the filter silently dropped."""
    if sort not in ORDERS:
        raise InvalidInput.single("sort", _("Unknown sort order “%(sort)s”.") % {"sort": sort})
    words = query_words(q or "")
    if q and q.strip() and not words:
        return 0, []
    filters = {
        "group_ids": _subtree_list(customer_group),
        "territory_ids": _subtree_list(territory),
        "customer_type": customer_type,
        "disabled": disabled,
        "is_frozen": is_frozen,
        "words": words,
    }
    others = [value for key, value in filters.items() if key not in ("words", "disabled")]
    if words and sort == NEWEST and disabled is not True and not any(map(_set, others)):
        return _search_page(words, limit=limit, offset=offset, active_only=disabled is False)
    count = _count(filters)
    big = count > BIG_SUBSET and (customer_group is not None or territory is not None)
    rows = _filtered(**filters, by_index=not big, order=ORDERS[sort])
    return count, _items(rows[offset : offset + limit])


def _set(value) -> bool:
    """Whether a filter is in use: ``False`` is (only the active customers), ``None`` not."""
    return value not in (None, "", [])


def _count(filters: dict) -> int:
    """How many customers pass ``filters``.

    The active ones (``disabled=False``, the screens' default) are counted as all those
    passing the other filters less the disabled ones among them: the first count reads
    only an index (the (group, id) one for a subtree), the second starts from the few
    disabled customers' partial index; counting the active ones directly reads every
    matching row (a subtree of 98,000 customers on PostgreSQL: 34 ms, against 12 + 0.4).
    """
    if filters["disabled"] is False:
        everyone = _filtered(**{**filters, "disabled": None}, by_index=True).count()
        return everyone - _filtered(**{**filters, "disabled": True}, by_index=False).count()
    return _filtered(**filters, by_index=True).count()


def _subtree_list(node) -> list[int] | None:
    if node is None:
        return None
    return list(subtree_ids(node).values_list("pk", flat=True))


def customer_duplicates_typed(
    *, customer_name: str, tax_id: str = "", email_id: str = "", mobile_no: str = ""
) -> list[Candidate]:
    """Likely duplicates of a customer not written yet, from what has been typed so far
    (quick entry warns before saving): the look-up a creation runs, with each identifier
    normalised as the services store it; one not valid (yet) is left out of it."""
    return duplicates_sent(
        customer_name=customer_name,
        tax_id=_normalised(identifiers.vat_or_company_id, tax_id),
        email_id=_normalised(identifiers.email, email_id),
        phone=_normalised(identifiers.phone, mobile_no),
    ).candidates()


def _normalised(normalise, value: str) -> str:
    try:
        return normalise(value) if value.strip() else ""
    except ValueError:
        return ""


def customers_filtered(
    *,
    q: str | None = None,
    customer_group: CustomerGroup | None = None,
    territory: Territory | None = None,
    customer_type: str | None = None,
    disabled: bool | None = None,
    is_frozen: bool | None = None,
    sort: str = NEWEST,
):
    """Every customer the list shows for these filters (``customer_page``'s), in its order,
    as a query to stream: for work over the whole list, such as an export."""
    if sort not in ORDERS:
        raise InvalidInput.single("sort", _("Unknown sort order “%(sort)s”.") % {"sort": sort})
    words = query_words(q or "")
    if q and q.strip() and not words:
        return Customer.objects.none()
    return _filtered(
        group_ids=_subtree_list(customer_group),
        territory_ids=_subtree_list(territory),
        customer_type=customer_type,
        disabled=disabled,
        is_frozen=is_frozen,
        words=words,
        by_index=True,
        order=ORDERS[sort],
    )
