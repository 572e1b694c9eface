"""Contacts and addresses: their bulk load with search tokens, and ``q`` on their lists
through the API."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

from django.db import transaction

from clientele.benchmark.client import Client
from clientele.benchmark.common import Log, Results, percentile, tagged
from clientele.benchmark.fakedata import CITIES, ContactFaker
from clientele.benchmark.server import expect, timed_request
from clientele.contacts.models import (
    Address,
    AddressLink,
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
)
from clientele.contacts.search import address_tokens_refresh, contact_tokens_refresh
from clientele.core.naming import code_key
from clientele.core.rows import insert_values
from clientele.customers.models import Customer

BATCH = 2_000
PHONE_COLUMNS = ("contact", "idx", "phone", "is_primary_phone", "is_primary_mobile_no")

# --------------------------------------------------------------------------- bulk loads


class Codes:
    """Unique codes as the services give them: the name, then ``name-1``, ``name-2``…"""

    def __init__(self):
        self._seen: Counter[str] = Counter()

    def __call__(self, base: str) -> tuple[str, str]:
        """The code and its lookup key."""
        base = tagged(base)
        used = self._seen[code_key(base)]
        self._seen[code_key(base)] += 1
        code = f"{base}-{used}" if used else base
        return code, code_key(code)


def _loaded(count: int, log: Log, what: str, load_batch: Callable[[range], None]) -> float:
    """``load_batch`` over ``count`` serials in batches, each one transaction; seconds."""
    start = time.perf_counter()
    for first in range(0, count, BATCH):
        with transaction.atomic():
            load_batch(range(first, min(count, first + BATCH)))
        if (first + BATCH) % 20_000 == 0:
            log(f"  {first + BATCH:,} {what} loaded")
    return time.perf_counter() - start


def load_contacts(faker: ContactFaker, count: int, log: Log) -> float:
    """``count`` contacts with their e-mails and phones, each linked to a customer, and their
    search tokens, through ``contact_tokens_refresh`` (the same ``contact_tokens`` the
    services write, for many contacts at once).

    Contacts through ``bulk_create``, which reads their ids back; their rows and links as
    plain tuples (``insert_values``), which builds no model instance: three times faster.
    """
    customers = list(Customer.objects.values_list("id", flat=True))
    codes = Codes()

    def load_batch(serials: range) -> None:
        people = [faker.person(serial) for serial in serials]
        contacts = Contact.objects.bulk_create(_contact(person, codes) for person in people)
        emails, phones = [], []
        for contact, (_first, _last, addresses, numbers) in zip(contacts, people, strict=True):
            emails += [
                (contact.pk, idx, email, idx == 1) for idx, email in enumerate(addresses, start=1)
            ]
            phones += [
                (contact.pk, idx, number, idx == 1, number == contact.mobile_no)
                for idx, number in enumerate(numbers, start=1)
            ]
        insert_values(ContactEmail, ("contact", "idx", "email_id", "is_primary"), emails)
        insert_values(ContactPhone, PHONE_COLUMNS, phones)
        links = [(c.pk, "customer", faker.rng.choice(customers)) for c in contacts]
        insert_values(ContactLink, ("contact", "party_type", "party_id"), links)
        contact_tokens_refresh(contacts, fresh=True)

    return _loaded(count, log, "contacts", load_batch)


def _contact(person: tuple[str, str, list[str], list[str]], codes: Codes) -> Contact:
    first, last, emails, phones = person
    code, key = codes(f"{first} {last}")
    mobiles = [number for number in phones if number.startswith(("+336", "+337"))]
    return Contact(
        name=code,
        code_key=key,
        first_name=first,
        last_name=last,
        full_name=f"{first} {last}",
        email_id=emails[0],
        phone=phones[0] if phones else "",
        mobile_no=mobiles[0] if mobiles else "",
    )


def load_addresses(faker: ContactFaker, count: int, log: Log) -> float:
    """``count`` billing addresses, each linked to a customer, and their search tokens."""
    customers = list(Customer.objects.values_list("id", flat=True))
    codes = Codes()

    def load_batch(serials: range) -> None:
        addresses = []
        for _serial in serials:
            line1, pincode, city, country = faker.postal_address()
            code, key = codes(f"{line1}-{Address.AddressType.BILLING}")
            addresses.append(
                Address(
                    name=code,
                    code_key=key,
                    address_line1=line1,
                    city=city,
                    pincode=pincode,
                    country=country,
                    is_primary_address=True,
                )
            )
        addresses = Address.objects.bulk_create(addresses)
        links = [(a.pk, "customer", faker.rng.choice(customers)) for a in addresses]
        insert_values(AddressLink, ("address", "party_type", "party_id"), links)
        address_tokens_refresh(addresses, fresh=True)

    return _loaded(count, log, "addresses", load_batch)


# --------------------------------------------------------------------------- searches


def _spaced(phone: str) -> str:
    """+33612345678 → “06 12 34 56 78”, as a French user types it."""
    digits = "0" + phone[3:]
    return " ".join(digits[i : i + 2] for i in range(0, len(digits), 2))


def contact_list_queries(faker: ContactFaker, count: int) -> list[str]:
    """What a user types to find a contact: one of its e-mails, one of its phones spaced the
    French way, its full name or its surname alone (a common one matches thousands)."""
    rng = faker.rng
    ids = list(Contact.objects.values_list("id", flat=True))
    picked = Contact.objects.filter(id__in=rng.sample(ids, min(len(ids), count)))
    queries = []
    for index, contact in enumerate(picked.prefetch_related("emails", "phones")):
        phones = [row.phone for row in contact.phones.all()]
        if index % 3 == 0 or (index % 3 == 1 and not phones):
            queries.append(rng.choice([row.email_id for row in contact.emails.all()]))
        elif index % 3 == 1:
            queries.append(_spaced(rng.choice(phones)))
        else:
            queries.append(contact.full_name if index % 2 else contact.last_name)
    return queries


def address_list_queries(faker: ContactFaker, count: int) -> list[str]:
    """A city (from Paris, a quarter of the addresses, to small ones), a postal code, or a
    word of the street name (each street name is on about one address in twenty)."""
    rng = faker.rng
    ids = list(Address.objects.values_list("id", flat=True))
    picked = Address.objects.filter(id__in=rng.sample(ids, min(len(ids), count)))
    queries = []
    for index, address in enumerate(picked):
        if index % 3 == 0:
            queries.append(CITIES[index % len(CITIES)][1])
        elif index % 3 == 1:
            queries.append(address.pincode)
        else:
            queries.append(address.address_line1.split()[-1])
    return queries


def measure_list_search(
    results: Results, client: Client, what: str, queries: list[str]
) -> dict[str, float]:
    """``GET /{what}/?q=`` for each query, after a few unmeasured ones (the first request
    of a route builds what it keeps); the slowest queries, for the report."""
    for query in queries[:5]:
        expect(client.get(f"/{what}/", params={"q": query}), 200)
    durations, slowest = [], {}
    for query in queries:
        elapsed = timed_request(client, "GET", f"/{what}/", 200, params={"q": query})
        durations.append(elapsed)
        slowest[query] = max(slowest.get(query, 0), elapsed)
    results.info(f"search {what}, API: p50", percentile(durations, 50), "ms")
    results.add(f"search {what}, API: p95", percentile(durations, 95), "ms", at_most=20)
    return slowest
