"""Likely duplicates of a customer: same VAT or SIREN, e-mail, phone, or normalised name.

The normalised name drops accents, case, punctuation and legal forms (SARL, S.A.R.L., SAS,
GmbH...), so “Boulangerie Martin SARL” and “boulangerie martin” meet. It is stored on the
customer (``name_key``, indexed), so each check is a handful of indexed lookups at any size.
"""

import re
from dataclasses import dataclass

from django.db import models

from clientele.contacts.models import ContactEmail, ContactLink, ContactPhone
from clientele.core.identifiers import siren_of
from clientele.core.rows import Branch, Later, Through, branches_sent
from clientele.core.search_text import normalise
from clientele.customers.models import Customer

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
_NAME_WORDS = re.compile(r"[a-z0-9]+")


def name_key(name: str) -> str:
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), normalise(name))
    words = _NAME_WORDS.findall(text)
    kept = [w for w in words if w not in LEGAL_FORMS]
    return " ".join(kept or words)[:140]


@dataclass(frozen=True)
class Candidate:
    name: str
    customer_name: str
    reasons: tuple[str, ...]


class DuplicatesLookup:
    """Existing customers that look like one, with why, most reasons first.

    One statement, each reason a branch of at most ``MAX_CANDIDATES`` rows: it runs after
    every creation and update, so it is written by ``rows.branches_sent``. It is sent
    when made and its answer read by ``candidates()``: a creation sends it with its last
    writes and reads it once committed (one round trip for both, see ``rows.batched``)."""

    def __init__(self, branches: list[Branch], exclude_id: int | None):
        self._later = (
            branches_sent(
                Customer,
                branches,
                columns=("id", "name", "customer_name"),
                exclude_pk=exclude_id,
                cap=MAX_CANDIDATES,
            )
            if branches
            else None
        )
        self._found: list[Candidate] | None = None

    def candidates(self) -> list[Candidate]:
        if self._found is None:
            self._found = self._read(self._later) if self._later is not None else []
        return self._found

    @staticmethod
    def _read(later: Later) -> list[Candidate]:
        reasons: dict[tuple[str, str], list[str]] = {}
        for reason, _pk, name, customer_name_found in later.rows():
            reasons.setdefault((name, customer_name_found), []).append(reason)
        candidates = [
            Candidate(n, cn, tuple(dict.fromkeys(why))) for (n, cn), why in reasons.items()
        ]
        return sorted(candidates, key=lambda c: (-len(c.reasons), c.name))[:MAX_CANDIDATES]


def duplicates_sent(
    *,
    customer_name: str,
    tax_id: str = "",
    email_id: str = "",
    phone: str = "",
    exclude_id: int | None = None,
) -> DuplicatesLookup:
    branches: list[Branch] = []
    if key := name_key(customer_name):
        branches.append(Branch("name", "name_key", key))
    if tax_id:
        branches.append(Branch("tax_id", "tax_id", tax_id))
        if siren := siren_of(tax_id):
            branches.append(Branch("siren", "siren", siren, unlike=("tax_id", tax_id)))
    if email_id:
        branches += _by_contact("email", "email_id", email_id.lower(), ContactEmail, "email_id")
    if phone:
        branches += _by_contact("phone", "mobile_no", phone, ContactPhone, "phone")
    return DuplicatesLookup(branches, exclude_id)


def _by_contact(
    reason: str, own: str, value: str, table: type[models.Model], column: str
) -> list[Branch]:
    """Customers holding the value themselves (a partial index on the non-empty ones), or
    through any e-mail or number of any contact linked to them (not only the contacts'
    primary ones)."""
    through = Through(
        link=ContactLink,
        owner="party_id",
        key="contact",
        fixed=(("party_type", "customer"),),
        table=table,
        table_key="contact",
        column=column,
    )
    return [Branch(reason, own, value, non_empty=True), Branch(reason, own, value, through=through)]
