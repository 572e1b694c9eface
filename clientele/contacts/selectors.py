"""Reads of contacts and addresses: one party's (each in one query), and the lists searched
by ``q`` through their search documents (see ``search.py``)."""

from django.db import connections, router
from django.db.models import F, Prefetch, QuerySet

from clientele.contacts.models import (
    Address,
    AddressLink,
    AddressSearch,
    Contact,
    ContactLink,
    ContactSearch,
)
from clientele.core.replica import on_replica
from clientele.core.rows import Reader, among, serial
from clientele.core.search_text import query_words

# Up to this many matches, their ids are read and the page cut from them by name (a lookup
# per match); past it, records are walked in name order until a page's worth match (about
# 20 / share matching index probes). At 100,000 records the two meet around 2 to 3 %.
BIG_SUBSET = 2_000


def contacts_queryset() -> QuerySet[Contact]:
    # Links in the order they were given, on every database.
    links = Prefetch("links", queryset=ContactLink.objects.order_by("id"))
    return Contact.objects.prefetch_related("emails", "phones", links)


def addresses_queryset() -> QuerySet[Address]:
    links = Prefetch("links", queryset=AddressLink.objects.order_by("id"))
    return Address.objects.select_related("tax_category").prefetch_related(links)


# A party's addresses with their tax category, for what a document copies from them: one
# statement written once (``core.rows``). Every document created read them through the ORM,
# whose query cost more to build than to run; the links are not read (nobody needs them).
_PARTY_ADDRESSES = Reader(Address, "id", related=("tax_category",))


def party_addresses_read(*, party_type: str, party_id: int) -> list[Address]:
    """A party's addresses by code, read from the primary database (a write copies them)."""
    where = {"party_type": party_type, "party_id": party_id}
    return _PARTY_ADDRESSES.linked(
        AddressLink, "address", where, using=router.db_for_write(Address)
    )


def party_contacts(*, party_type: str, party_id: int) -> QuerySet[Contact]:
    return contacts_queryset().filter(links__party_type=party_type, links__party_id=party_id)


def party_addresses(*, party_type: str, party_id: int) -> QuerySet[Address]:
    return addresses_queryset().filter(links__party_type=party_type, links__party_id=party_id)


@on_replica
def contact_page(*, q: str | None, limit: int, offset: int) -> tuple[int, list[Contact]]:
    """Count and one page of contacts by code; each word of ``q`` must start one of the
    contact's words (a name word, an e-mail or part of one, a phone's digits)."""
    return _page(contacts_queryset(), ContactSearch, "contact_id", q, limit, offset)


@on_replica
def address_page(*, q: str | None, limit: int, offset: int) -> tuple[int, list[Address]]:
    """Count and one page of addresses by code; each word of ``q`` must start one of the
    address's words (a word of its first line or city, its postal code, its country's code
    or name)."""
    return _page(addresses_queryset(), AddressSearch, "address_id", q, limit, offset)


def _page(rows: QuerySet, documents, owner: str, q: str | None, limit: int, offset: int):
    """The matches are counted first (by the full-text index alone). Up to
    ``BIG_SUBSET``, their ids are read and the page cut from them by name. Past it, the
    records are walked in name order (the unique index on the code) keeping the matching
    ones, a page's worth met early instead of every match sorted: the key is wrapped
    (``+ 0``) so that the database walks the names rather than fetching every match by
    key and sorting them (“Paris”, a quarter of the addresses: 27 ms against 8 on
    SQLite)."""
    rows = rows.order_by("name")
    if not (q or "").strip():
        return rows.count(), list(rows[offset : offset + limit])
    words = query_words(q or "")
    if not words:  # only symbols: nothing can start with them
        return 0, []
    matching = documents.objects.filter(words__matches=words).values_list(owner, flat=True)
    count = matching.count()
    if count <= BIG_SUBSET:
        ids = list(matching)
        return count, list(rows.filter(id__in=among(ids, using=rows.db))[offset : offset + limit])
    walked = rows.alias(id_plain=F("id") + 0).filter(id_plain__in=matching)
    with serial(connections[rows.db]):
        return count, list(walked[offset : offset + limit])
