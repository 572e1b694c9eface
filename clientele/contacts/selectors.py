"""Reads of contacts and addresses, including one party's, each in one query."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from clientele.contacts.models import (
    Address,
    AddressLink,
    AddressSearchToken,
    Contact,
    ContactLink,
    ContactSearchToken,
)
from clientele.core.search_text import query_words

# Up to this many matches, their ids are read and the page cut from them by name; past it,
# contacts are walked in name order until a page's worth match. Under SQLite's oldest limit
# of 999 parameters (see ``core/rows.py``), since the page is read by a list of ids.
BIG_SUBSET = 900


def contacts_queryset() -> QuerySet[Contact]:
    # Links in the order they were given, on every database.
    links = Prefetch("links", queryset=ContactLink.objects.order_by("id"))
    return Contact.objects.prefetch_related("emails", "phones", links)


def addresses_queryset() -> QuerySet[Address]:
    links = Prefetch("links", queryset=AddressLink.objects.order_by("id"))
    return Address.objects.select_related("tax_category").prefetch_related(links)


def party_contacts(*, party_type: str, party_id: int) -> QuerySet[Contact]:
    return contacts_queryset().filter(links__party_type=party_type, links__party_id=party_id)


def party_addresses(*, party_type: str, party_id: int) -> QuerySet[Address]:
    return addresses_queryset().filter(links__party_type=party_type, links__party_id=party_id)


def contact_page(*, q: str | None, limit: int, offset: int) -> tuple[int, list[Contact]]:
    """Count and one page of contacts by code; each word of ``q`` must start one of the
    contact's search tokens (a name word, an e-mail or part of one, a phone's digits)."""
    return _page(contacts_queryset(), ContactSearchToken, "contact_id", q, limit, offset)


def address_page(*, q: str | None, limit: int, offset: int) -> tuple[int, list[Address]]:
    """Count and one page of addresses by code; each word of ``q`` must start one of the
    address's search tokens (a word of its first line or city, its postal code, its
    country's code or name)."""
    return _page(addresses_queryset(), AddressSearchToken, "address_id", q, limit, offset)


def _page(rows: QuerySet, tokens, owner: str, q: str | None, limit: int, offset: int):
    rows = rows.order_by("name")
    if not (q or "").strip():
        return rows.count(), list(rows[offset : offset + limit])
    words = query_words(q or "")
    if not words:  # only symbols: nothing can start with them
        return 0, []
    per_word = [
        tokens.objects.filter(token__startswith=word).values_list(owner, flat=True)
        for word in words
    ]
    first, others = per_word[0], per_word[1:]
    matching = first.intersection(*others) if others else first.distinct()
    ids = list(matching[: BIG_SUBSET + 1])
    if len(ids) <= BIG_SUBSET:
        return len(ids), list(rows.filter(id__in=ids)[offset : offset + limit])
    return matching.count(), _walked(rows, tokens, owner, words, limit, offset)


def _walked(rows: QuerySet, tokens, owner: str, words: list[str], limit: int, offset: int):
    """Many matches: walk the records in name order (the unique index on the code) and keep
    those having every word, meeting a page's worth early instead of sorting every match."""
    for word in words:
        having = tokens.objects.filter(**{owner: OuterRef("pk")}, token__startswith=word)
        rows = rows.filter(Exists(having))
    return list(rows[offset : offset + limit])
