"""Reads of contacts and addresses, including one party's, each in one query."""

from django.db.models import Prefetch, QuerySet

from clientele.contacts.models import Address, AddressLink, Contact, ContactLink


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
