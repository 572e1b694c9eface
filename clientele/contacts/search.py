"""Search tokens of contacts and addresses: the normalised words ``q`` on their lists
matches by prefix (see ``core/search_text.py``, which the customers' search uses too).

They are kept in one search document per record (``core/search_index.py``). A contact is
found by the words of its name and code, each of its e-mails (whole, its
domain, each word) and each of its phones (international and national digits); an
address by the words of its first line and city, its postal code, and its country (code,
English and French names). Documents are replaced whenever the record is written.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache

from clientele.contacts.models import (
    Address,
    AddressSearch,
    Contact,
    ContactEmail,
    ContactPhone,
    ContactSearch,
)
from clientele.core.identifiers import country_name
from clientele.core.rows import documents_write
from clientele.core.search_text import (
    MAX_TOKEN,
    normalise,
    phone_tokens,
    word_tokens,
)
from clientele.core.specs import rows_of

_EMAIL_WORDS = re.compile(r"[\W_]+")


def contact_tokens(
    *, names: Iterable[str], emails: Iterable[str], phones: Iterable[str]
) -> set[str]:
    """``names``: the contact's code and full name; ``emails`` and ``phones`` as stored."""
    tokens: set[str] = set()
    for text in names:
        tokens.update(word_tokens(text))
    for email in emails:
        # Whole (so that any start of it matches, the local part included), its domain, and
        # each word: “boulangerie-martin.fr” is also found by “martin”.
        email = normalise(email)
        tokens.update({email, email.partition("@")[2], *_EMAIL_WORDS.split(email)})
    for phone in phones:
        tokens.update(phone_tokens(phone))
    return {token[:MAX_TOKEN] for token in tokens if token}


def address_tokens(*, line1: str, city: str, pincode: str, country: str) -> set[str]:
    tokens = word_tokens(line1) | word_tokens(city) | word_tokens(pincode)
    # “SW1A 1AA” is also found typed without its space.
    tokens.add("".join(normalise(pincode).split()))
    if country:
        tokens.update(country_tokens(country))
    return {token[:MAX_TOKEN] for token in tokens if token}


@cache
def country_tokens(code: str) -> frozenset[str]:
    """“fr”, “france”; “gb”, “royaume”, “uni”, “united”, “kingdom”: by code or by name in
    either language, whichever the user types."""
    names = (country_name(code, "en"), country_name(code, "fr"))
    return frozenset({code.lower()}.union(*(word_tokens(name) for name in names)))


def contact_tokens_refresh(contacts: Sequence[Contact], *, fresh: bool = False) -> None:
    """Replace the documents of many ``contacts`` (a bulk load, an import), their e-mails
    and phones read as stored (one read each); ``fresh`` contacts have none yet. One
    contact just written: ``search_tokens_refresh``."""
    ids = [contact.pk for contact in contacts]
    emails, phones = defaultdict(list), defaultdict(list)
    for contact_id, email in ContactEmail.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "email_id"
    ):
        emails[contact_id].append(email)
    for contact_id, phone in ContactPhone.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "phone"
    ):
        phones[contact_id].append(phone)
    documents = [
        (
            contact.pk,
            contact_tokens(
                names=(contact.name, contact.full_name),
                emails=emails[contact.pk],
                phones=phones[contact.pk],
            ),
        )
        for contact in contacts
    ]
    documents_write(ContactSearch, documents, fresh=fresh)


def address_tokens_refresh(addresses: Sequence[Address], *, fresh: bool = False) -> None:
    """Replace the documents of ``addresses``."""
    documents = [
        (
            address.pk,
            address_tokens(
                line1=address.address_line1,
                city=address.city,
                pincode=address.pincode,
                country=address.country,
            ),
        )
        for address in addresses
    ]
    documents_write(AddressSearch, documents, fresh=fresh)


def search_tokens_refresh(record: Contact | Address, *, fresh: bool = False) -> None:
    """The document of one contact or address just written; a contact's e-mails and
    phones are the rows the write holds (``rows_of``), not read back."""
    if isinstance(record, Address):
        address_tokens_refresh([record], fresh=fresh)
        return
    tokens = contact_tokens(
        names=(record.name, record.full_name),
        emails=[row.email_id for row in rows_of(record, "emails")],
        phones=[row.phone for row in rows_of(record, "phones")],
    )
    documents_write(ContactSearch, [(record.pk, tokens)], fresh=fresh)
