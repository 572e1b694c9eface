"""Erasure of a person (GDPR article 17) by anonymisation, so that every document and
ledger figure stays as it was.

What identifies the person is replaced by a fixed neutral value built from the record's id
(“Anonymised 42”: the same on every run, so erasing twice changes nothing the second
time) or emptied: names, e-mails, phones, address lines, an individual's VAT number,
notes and free texts; codes made from a name are replaced the same way. The search tokens
are rebuilt (the old name no longer finds the record), the duplicates look-up data
cleared, the history rows of those fields rewritten, and one history row per record says
it was erased, by whom and when. Sales documents keep their numbers, lines, amounts and
ledger entries; only the texts they copied from the person are anonymised.

What is refused (409, nothing written), because the law lets or makes the company keep it:

- a customer that is not an individual (a company or partnership): its data is not a
  person's; its contacts, who are persons, are erased one by one;
- a customer with money or goods still due either way (unpaid invoices, unallocated
  advances, orders or deliveries not billed): the company needs them to establish or
  defend its claims (article 17(3)(e)); erase it once they are settled;
- a lead naming only an organisation, and a lead that became an individual customer (erase
  the customer: its lead goes with it).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from clientele.contacts.models import (
    Address,
    AddressLink,
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
)
from clientele.contacts.search import address_tokens_refresh, contact_tokens_refresh
from clientele.contacts.services import notify_parties
from clientele.core import audit
from clientele.core.errors import Conflict
from clientele.core.naming import code_key
from clientele.core.refusals import refuse_taken_code
from clientele.core.typing import User
from clientele.crm.models import Lead
from clientele.customers.mirrors import apply_mirrors
from clientele.customers.models import Customer
from clientele.customers.search import search_tokens_refresh
from clientele.privacy.scrub import (
    ERASED_LINK,
    contact_documents_scrub,
    customer_documents_scrub,
    history_scrub,
    link_history_rename,
)
from clientele.sales.models import CreditExposure

ERASE_ACTION = "erase"
ERASE_DETAIL = "Personal data erased (GDPR article 17)"


def neutral(record: models.Model) -> str:
    """The value a person's name becomes: fixed, from the record's id, never random."""
    return f"Anonymised {record.pk}"


@dataclass
class Erasure:
    """What an erasure did: ``erased`` is False when there was nothing left to erase."""

    kind: str
    name: str
    erased: bool = False
    records: dict[str, list[str]] = field(default_factory=dict)
    shared: list[str] = field(default_factory=list)

    def add(self, kind: str, record: models.Model, changed: bool) -> None:
        if changed:
            self.erased = True
            self.records.setdefault(kind, []).append(str(getattr(record, "name", "")))


@transaction.atomic
def person_erase(*, kind: str, record: models.Model, user: User | None) -> Erasure:
    """Erase the person ``record`` (a customer, a contact or a lead; see the module's
    docstring for what is refused). Everything or nothing is written."""
    if isinstance(record, Customer):
        return _customer_erase(record, user)
    if isinstance(record, Contact):
        return _contact_erase(record, user)
    assert isinstance(record, Lead)
    return _lead_erase(record, user)


def _customer_erase(customer: Customer, user: User | None) -> Erasure:
    """The customer, the lead it came from, and the contacts and addresses that are its own
    (linked to no other party: a shared one is another party's too, and is left as it is),
    then the copies on its documents."""
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    customer_erase_check(customer)
    parties = {("customer", customer.pk)} | (
        {("lead", customer.lead_id)} if customer.lead else set()
    )
    contacts, contacts_shared = _own(ContactLink, "contact", parties)
    addresses, addresses_shared = _own(AddressLink, "address", parties)
    erasure = Erasure("customer", customer.name)
    erasure.shared = [*contacts_shared, *addresses_shared]
    for contact in Contact.objects.filter(pk__in=contacts).order_by("pk"):
        erasure.add("contact", contact, _contact_anonymise(contact, user))
    for address in Address.objects.filter(pk__in=addresses).order_by("pk"):
        erasure.add("address", address, _address_anonymise(address, user))
    if customer.lead is not None:
        erasure.add("lead", customer.lead, _lead_anonymise(customer.lead, user))
    changed = _customer_anonymise(customer, user)
    documents = customer_documents_scrub(customer_id=customer.pk, neutral=neutral(customer))
    erasure.add("customer", customer, changed or bool(documents))
    erasure.name = customer.name
    if changed or documents:
        _erased_event("customer", customer, user)
    return erasure


def customer_erase_check(customer: Customer) -> None:
    """The refusals of a customer's erasure (module docstring), before anything is written."""
    if customer.customer_type != Customer.CustomerType.INDIVIDUAL:
        raise Conflict(
            _(
                "Customer “%(name)s” is not an individual (%(type)s): its data is not a "
                "person's and is not erased. Erase its contacts instead."
            )
            % {"name": customer.name, "type": customer.get_customer_type_display()},
            errors={"customer_type": [_("Only an individual customer can be erased.")]},
        )
    open_rows = CreditExposure.objects.filter(customer=customer).exclude(
        unpaid_invoices=0, unbilled_orders=0, unbilled_deliveries=0
    )
    if open_rows.exists():
        raise Conflict(
            _(
                "Customer “%(name)s” still has unpaid invoices, advances, or orders or "
                "deliveries not billed: the company keeps its data while they are open. "
                "Erase it once they are settled."
            )
            % {"name": customer.name}
        )
    refuse_taken_code(Customer, _customer_code(customer), exclude_pk=customer.pk)


def _customer_code(customer: Customer) -> str:
    """A code from a naming series is a number and stays; any other was typed or made from
    the name (SPEC §3.2), so it may name the person: it becomes the neutral value."""
    return customer.name if customer.naming_series else neutral(customer)


def _own(
    link_model: type[ContactLink] | type[AddressLink], owner: str, parties: set[tuple[str, Any]]
) -> tuple[list[int], list[str]]:
    """The ids of the contacts (addresses) linked to ``parties`` and to no other party, and
    the codes of those linked to others as well."""
    links = link_model.objects.filter(
        **{f"{owner}__in": _linked_to(link_model, owner, parties)}
    ).values_list(f"{owner}_id", f"{owner}__name", "party_type", "party_id")
    names: dict[int, str] = {}
    shared: set[int] = set()
    for record_id, name, party_type, party_id in links:
        names[record_id] = name
        if (party_type, party_id) not in parties:
            shared.add(record_id)
    own = [record_id for record_id in names if record_id not in shared]
    return own, sorted(names[record_id] for record_id in shared)


def _linked_to(link_model, owner: str, parties: Iterable[tuple[str, Any]]) -> set[int]:
    ids: set[int] = set()
    for party_type, party_id in parties:
        rows = link_model.objects.filter(party_type=party_type, party_id=party_id)
        ids.update(rows.values_list(f"{owner}_id", flat=True))
    return ids


def _fields_set(record: models.Model, values: dict[str, Any]) -> bool:
    """Write the values that differ (with the modification time, if the record keeps one)."""
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, values[name])
    if changed:
        if any(f.name == "modified_at" for f in record._meta.fields):
            changed.append("modified_at")
        record.save(update_fields=changed)
    return bool(changed)


def _erased_event(entity: str, record: models.Model, user: User | None) -> None:
    audit.record_event(
        entity=entity, instance=record, user=user, action=ERASE_ACTION, detail=ERASE_DETAIL
    )


def _customer_anonymise(customer: Customer, user: User | None) -> bool:
    """The customer's own fields, its copies of its primary contact and address (taken
    again from them, now anonymised), its search tokens and its history."""
    code = _customer_code(customer)
    changed = _fields_set(
        customer,
        {
            "name": code,
            "code_key": code_key(code),
            "customer_name": neutral(customer),
            "name_key": "",
            "tax_id": "",
            "siren": "",
            "pan": "",
            "customer_details": "",
            "website": "",
        },
    )
    fresh = Customer.objects.select_related(
        "customer_primary_contact", "customer_primary_address"
    ).get(pk=customer.pk)
    if apply_mirrors(fresh):
        fresh.save(update_fields=["email_id", "mobile_no", "primary_address", "modified_at"])
        changed = True
    search_tokens_refresh([fresh])
    scrubbed = history_scrub(
        entity="customer",
        record_id=customer.pk,
        values={
            "name": code,
            "customer_name": neutral(customer),
            "tax_id": "",
            "pan": "",
            "customer_details": "",
            "website": "",
            "customer_primary_contact": ERASED_LINK,
            "customer_primary_address": ERASED_LINK,
        },
        record_name=code,
    )
    return changed or bool(scrubbed)


def _contact_erase(contact: Contact, user: User | None) -> Erasure:
    """A contact is always a person, whoever it is linked to; the customers it is the
    primary contact of take their copies of it again."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    refuse_taken_code(Contact, neutral(contact), exclude_pk=contact.pk)
    erasure = Erasure("contact", contact.name)
    changed = _contact_anonymise(contact, user)
    documents = contact_documents_scrub(contact_id=contact.pk, neutral=neutral(contact))
    erasure.add("contact", contact, changed or bool(documents))
    erasure.name = contact.name
    links = list(ContactLink.objects.filter(contact=contact).values_list("party_type", "party_id"))
    notify_parties(links, contact=True, user=user)  # type: ignore[arg-type]
    return erasure


def _contact_anonymise(contact: Contact, user: User | None) -> bool:
    """Names, job, every e-mail and phone; the code, made from the name, too."""
    refuse_taken_code(Contact, neutral(contact), exclude_pk=contact.pk)
    renamed = link_history_rename(
        field="customer_primary_contact", old=contact.name, new=neutral(contact)
    )
    rows = ContactEmail.objects.filter(contact=contact).delete()[0]
    rows += ContactPhone.objects.filter(contact=contact).delete()[0]
    changed = _fields_set(
        contact,
        {
            "name": neutral(contact),
            "code_key": code_key(neutral(contact)),
            "salutation": "",
            "first_name": neutral(contact),
            "middle_name": "",
            "last_name": "",
            "full_name": neutral(contact),
            "designation": "",
            "department": "",
            "email_id": "",
            "phone": "",
            "mobile_no": "",
        },
    )
    contact_tokens_refresh([contact])
    scrubbed = history_scrub(
        entity="contact",
        record_id=contact.pk,
        values={
            "salutation": "",
            "first_name": neutral(contact),
            "middle_name": "",
            "last_name": "",
            "designation": "",
            "department": "",
            "emails": "",
            "phones": "",
        },
        record_name=neutral(contact),
    )
    changed = changed or bool(rows) or bool(scrubbed) or bool(renamed)
    if changed:
        _erased_event("contact", contact, user)
    return changed


def _address_anonymise(address: Address, user: User | None) -> bool:
    """The lines, city, postal code and state; the country stays (it decides the VAT and
    names no one), and so does what the address is for."""
    refuse_taken_code(Address, neutral(address), exclude_pk=address.pk)
    renamed = link_history_rename(
        field="customer_primary_address", old=address.name, new=neutral(address)
    )
    changed = _fields_set(
        address,
        {
            "name": neutral(address),
            "code_key": code_key(neutral(address)),
            "address_title": "",
            "address_line1": neutral(address),
            "address_line2": "",
            "city": "",
            "pincode": "",
            "state": "",
        },
    )
    address_tokens_refresh([address])
    scrubbed = history_scrub(
        entity="address",
        record_id=address.pk,
        values={
            "address_title": "",
            "address_line1": neutral(address),
            "address_line2": "",
            "city": "",
            "pincode": "",
            "state": "",
        },
        record_name=neutral(address),
    )
    changed = changed or bool(scrubbed) or bool(renamed)
    if changed:
        _erased_event("address", address, user)
    return changed


def _lead_erase(lead: Lead, user: User | None) -> Erasure:
    """The lead and its own contacts and addresses (linked to no other party)."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    lead_erase_check(lead)
    contacts, contacts_shared = _own(ContactLink, "contact", {("lead", lead.pk)})
    addresses, addresses_shared = _own(AddressLink, "address", {("lead", lead.pk)})
    erasure = Erasure("lead", lead.name, shared=[*contacts_shared, *addresses_shared])
    for contact in Contact.objects.filter(pk__in=contacts).order_by("pk"):
        erasure.add("contact", contact, _contact_anonymise(contact, user))
    for address in Address.objects.filter(pk__in=addresses).order_by("pk"):
        erasure.add("address", address, _address_anonymise(address, user))
    erasure.add("lead", lead, _lead_anonymise(lead, user))
    return erasure


def lead_erase_check(lead: Lead) -> None:
    """The refusals of a lead's erasure (module docstring), before anything is written."""
    if not lead.lead_name:
        raise Conflict(
            _("Lead “%(name)s” names an organisation, not a person: there is nothing to erase.")
            % {"name": lead.name},
            errors={"lead_name": [_("Only a lead naming a person can be erased.")]},
        )
    customer = Customer.objects.filter(lead=lead).first()
    if customer is not None and customer.customer_type == Customer.CustomerType.INDIVIDUAL:
        raise Conflict(
            _(
                "Lead “%(name)s” became customer “%(customer)s”: erase the customer, which "
                "erases its lead too."
            )
            % {"name": lead.name, "customer": customer.name}
        )


def _lead_anonymise(lead: Lead, user: User | None) -> bool:
    """The person's name, e-mail, phones and notes; the organisation's name and the code
    (from the leads' series) stay."""
    personal = {"email_id": "", "phone": "", "mobile_no": "", "notes": ""}
    changed = _fields_set(lead, {"lead_name": neutral(lead), **personal})
    scrubbed = history_scrub(
        entity="lead", record_id=lead.pk, values={"lead_name": neutral(lead), **personal}
    )
    changed = changed or bool(scrubbed)
    if changed:
        _erased_event("lead", lead, user)
    return changed
