"""Reads of contacts and addresses, including one party's, each in one query."""

from django.db.models import QuerySet

from clientele.contacts.models import Address, Contact


def contacts_queryset() -> QuerySet[Contact]:
    return Contact.objects.prefetch_related("emails", "phones", "links")


def addresses_queryset() -> QuerySet[Address]:
    return Address.objects.select_related("tax_category").prefetch_related("links")


def party_contacts(*, party_type: str, party_id: int) -> QuerySet[Contact]:
    return contacts_queryset().filter(links__party_type=party_type, links__party_id=party_id)


def party_addresses(*, party_type: str, party_id: int) -> QuerySet[Address]:
    return addresses_queryset().filter(links__party_type=party_type, links__party_id=party_id)
