"""Likely duplicates of a customer: same VAT or SIREN, e-mail, phone, or normalised name.

The normalised name drops accents, case, punctuation and legal forms (SARL, S.A.R.L., SAS,
GmbH...), so “Boulangerie Martin SARL” and “boulangerie martin” meet. It is stored on the
customer (``name_key``, indexed), so each check is a handful of indexed lookups at any size.
"""

import re
from dataclasses import dataclass

from clientele.contacts.models import Contact, ContactLink
from clientele.core.identifiers import siren_of
from clientele.customers.models import Customer
from clientele.customers.search import normalise

LEGAL_FORMS = {
    "sa",
    "sas",
    "sasu",
    "sarl",
    "eurl",
    "snc",
    "sci",
    "scop",
    "scp",
    "selarl",
    "ei",
    "eirl",
    "gie",
    "sca",
    "scs",
    "gmbh",
    "ag",
    "kg",
    "ohg",
    "ug",
    "ltd",
    "limited",
    "plc",
    "llp",
    "inc",
    "llc",
    "corp",
    "co",
    "bv",
    "nv",
    "srl",
    "spa",
    "sl",
    "oy",
    "ab",
    "as",
    "et",
    "and",
    "cie",
    "compagnie",
    "company",
    "the",
    "le",
    "la",
    "les",
    "l",
    "de",
    "du",
    "des",
}
MAX_CANDIDATES = 20


# Letters written with dots, “S.A.R.L.” or “s.a.s”, are one word: “sarl”, “sas”.
_DOTTED = re.compile(r"\b(?:[a-z]\.)+[a-z]\b\.?")


def name_key(name: str) -> str:
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), normalise(name))
    words = re.findall(r"[a-z0-9]+", text)
    kept = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(kept or words)[:140]


@dataclass(frozen=True)
class Candidate:
    name: str
    customer_name: str
    reasons: tuple[str, ...]


def customer_duplicates(
    *,
    customer_name: str,
    tax_id: str = "",
    email_id: str = "",
    phone: str = "",
    exclude_id: int | None = None,
) -> list[Candidate]:
    """Existing customers that look like this one, with why, most reasons first."""
    reasons: dict[int, list[str]] = {}

    def add(ids, reason: str) -> None:
        for pk in ids:
            if pk != exclude_id:
                reasons.setdefault(pk, []).append(reason)

    rows = Customer.objects
    if key := name_key(customer_name):
        add(rows.filter(name_key=key).values_list("pk", flat=True)[:MAX_CANDIDATES], "name")
    if tax_id:
        add(rows.filter(tax_id=tax_id).values_list("pk", flat=True)[:MAX_CANDIDATES], "tax_id")
        if siren := siren_of(tax_id):
            same = rows.filter(siren=siren).exclude(tax_id=tax_id)
            add(same.values_list("pk", flat=True)[:MAX_CANDIDATES], "siren")
    if email_id:
        add(_by_contact("email_id", email_id.lower(), rows), "email")
    if phone:
        add(_by_contact("mobile_no", phone, rows) + _by_contact("phone", phone, rows), "phone")
    found = Customer.objects.filter(pk__in=reasons).values_list("pk", "name", "customer_name")
    candidates = [Candidate(n, cn, tuple(dict.fromkeys(reasons[pk]))) for pk, n, cn in found]
    return sorted(candidates, key=lambda c: (-len(c.reasons), c.name))[:MAX_CANDIDATES]


def _by_contact(field: str, value: str, rows) -> list[int]:
    """Customers holding the value themselves or through any linked contact."""
    direct = list(
        rows.filter(**{field if field != "phone" else "mobile_no": value}).values_list(
            "pk", flat=True
        )[:MAX_CANDIDATES]
    )
    contacts = Contact.objects.filter(**{field: value}).values("pk")
    linked = ContactLink.objects.filter(contact__in=contacts, party_type="customer")
    return direct + list(linked.values_list("party_id", flat=True)[:MAX_CANDIDATES])
