"""Existing customers a chunk's rows are (upsert) or look like (likely duplicates).

The duplicates are those of ``customers/duplicates.py`` (same VAT number, SIREN, e-mail,
phone, or normalised name), looked up for a whole chunk in a few statements: against the
database, which holds the earlier chunks of this import too, and within the chunk.
"""

from collections import defaultdict

from django.db.models import Q

from clientele.contacts.models import ContactEmail, ContactLink, ContactPhone
from clientele.core import identifiers
from clientele.core.naming import code_key
from clientele.customers.duplicates import MAX_CANDIDATES
from clientele.customers.models import Customer
from clientele.transfer.lines import Line

REASON_COLUMNS = (
    ("name", "name_key"),
    ("tax_id", "tax_id"),
    ("siren", "siren"),
    ("email", "email_id"),
    ("phone", "mobile_no"),
)


def existing_by_code(lines: list[Line]) -> dict[str, Customer]:
    keys = {code_key(line.values["name"]) for line in lines if line.values.get("name")}
    return {c.code_key: c for c in Customer.objects.filter(code_key__in=keys)} if keys else {}


def tax_id_of(line: Line) -> str:
    try:
        return identifiers.vat_or_company_id(line.values.get("tax_id", "").strip())
    except ValueError:
        return ""


def existing_by_tax_id(lines: list[Line]) -> dict[str, Customer]:
    """Customers by VAT number or SIREN (``--match tax-id``): a SIREN in the file finds
    the customer holding the French VAT number of that company, and the other way round."""
    ids = {tax_id for line in lines if (tax_id := tax_id_of(line))}
    sirens = {identifiers.siren_of(tax_id) for tax_id in ids} - {None}
    if not ids:
        return {}
    found: dict[str, Customer] = {}
    for customer in Customer.objects.filter(Q(tax_id__in=ids) | Q(siren__in=sirens)):
        found.setdefault(customer.tax_id, customer)
        found.setdefault(customer.siren, customer)
    return found


def customer_by_tax_id(found: dict[str, Customer], line: Line) -> Customer | None:
    tax_id = tax_id_of(line)
    if not tax_id:
        return None
    return found.get(tax_id) or found.get(identifiers.siren_of(tax_id) or "")


def keys_of(customer: Customer) -> list[tuple[str, str]]:
    """(reason, value) of a customer being imported (its look-up values derived), as
    ``duplicates_sent`` looks them up."""
    values = (
        customer.name_key,
        customer.tax_id,
        customer.siren,
        customer.email_id.lower(),
        customer.mobile_no,
    )
    return [
        (reason, value)
        for (reason, _col), value in zip(REASON_COLUMNS, values, strict=True)
        if value
    ]


def duplicates_found(customers: list[Customer]) -> list[list[str]]:
    """For each customer (not written yet), its likely duplicates as “CODE (name): why”,
    those in the database first, then the earlier rows of the chunk."""
    keys = [keys_of(customer) for customer in customers]
    wanted: dict[str, set[str]] = defaultdict(set)
    for reason, value in (key for of_one in keys for key in of_one):
        wanted[reason].add(value)
    stored = _stored(wanted)
    found: list[list[str]] = []
    seen: dict[tuple[str, str], Customer] = {}
    for customer, of_one in zip(customers, keys, strict=True):
        reasons: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key in of_one:
            for code, name in stored.get(key, ()):
                reasons[(code, name)].append(key[0])
            if (earlier := seen.get(key)) is not None:
                reasons[(earlier.name, earlier.customer_name)].append(key[0])
            seen.setdefault(key, customer)
        ranked = sorted(reasons.items(), key=lambda item: (-len(item[1]), item[0][0]))
        found.append(
            [
                f"{code} ({name}): {', '.join(dict.fromkeys(why))}"
                for (code, name), why in ranked[:MAX_CANDIDATES]
            ]
        )
    return found


def _stored(wanted: dict[str, set[str]]) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(reason, value) → the stored customers having it: one statement per reason for the
    customers' own columns, two for the e-mails and phones of the contacts linked to
    customers. Each reads its column's index: an ``OR`` of the reasons, or a join started
    from the links, read every customer, a chunk's cost growing with the database."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for reason, column in REASON_COLUMNS:
        if not wanted.get(reason):
            continue
        # Not empty: what the partial indexes of the e-mail and mobile hold.
        rows = Customer.objects.filter(**{f"{column}__in": wanted[reason]}).exclude(**{column: ""})
        for code, name, value in rows.values_list("name", "customer_name", column):
            _add(found[(reason, value)], (code, name))
    _through_contacts(wanted, found)
    return found


def _through_contacts(
    wanted: dict[str, set[str]], found: dict[tuple[str, str], list[tuple[str, str]]]
) -> None:
    """The e-mail and phone rows holding the values, then the customers their contacts
    are linked to (most chunks find none, and stop there)."""
    for reason, model, column in (
        ("email", ContactEmail, "email_id"),
        ("phone", ContactPhone, "phone"),
    ):
        if not wanted.get(reason):
            continue
        held: dict[int, set[str]] = defaultdict(set)
        rows = model._default_manager.filter(**{f"{column}__in": wanted[reason]})
        for contact_id, value in rows.values_list("contact_id", column):
            held[contact_id].add(value)
        if not held:
            continue
        links = ContactLink.objects.filter(party_type="customer", contact_id__in=held)
        by_customer: dict[int, set[str]] = defaultdict(set)
        for contact_id, party_id in links.values_list("contact_id", "party_id"):
            by_customer[party_id] |= held[contact_id]
        names = Customer.objects.filter(pk__in=by_customer).values_list(
            "pk", "name", "customer_name"
        )
        for pk, code, name in names:
            for value in by_customer[pk]:
                _add(found[(reason, value)], (code, name))


def _add(items: list[tuple[str, str]], item: tuple[str, str]) -> None:
    if item not in items and len(items) < MAX_CANDIDATES:
        items.append(item)
