"""What Clientèle holds about one person, gathered into one document (GDPR articles 15 and
20: the right of access and to portability).

The same keys for every kind, empty where they do not apply, so a reader (or a program)
needs one shape: the record's own fields, its history, the parties it is linked to, its
contacts and addresses with their history, the references of the sales documents naming
it (never their content, which is the company's), and the lead it came from. Values as the
history writes them: links by code, dates in ISO 8601, decimals as text.
"""

from typing import Any

from django.db import models

from clientele.contacts.models import Address, Contact
from clientele.contacts.parties import party_names
from clientele.contacts.selectors import party_addresses, party_contacts
from clientele.contacts.services import ADDRESS, CONTACT
from clientele.core.api_support import history
from clientele.core.audit import audit_value, snapshot
from clientele.core.history import record_snapshot
from clientele.core.specs import Spec
from clientele.crm.models import Lead
from clientele.crm.services import LEAD
from clientele.customers.models import Customer
from clientele.customers.services import CUSTOMER, CUSTOMER_DERIVED_FIELDS
from clientele.sales.doctypes import ALL, DocType

FORMAT = "clientele.personal-data/1"

# What a record holds beyond its ``Spec``'s fields: copies and dates the services derive.
EXTRA_FIELDS: dict[str, tuple[str, ...]] = {
    "customer": CUSTOMER_DERIVED_FIELDS,
    "contact": ("name", "full_name", "email_id", "phone", "mobile_no"),
    "address": ("name",),
    "lead": ("status_before_conversion", "created_at"),
}
SPECS: dict[str, Spec] = {
    "customer": CUSTOMER,
    "contact": CONTACT,
    "address": ADDRESS,
    "lead": LEAD,
}


def person_export(*, kind: str, record: models.Model) -> dict[str, Any]:
    """Everything held about the person ``record`` (of ``kind``: customer, contact, lead)."""
    export: dict[str, Any] = {
        "format": FORMAT,
        "kind": kind,
        "name": str(getattr(record, "name", "")),
        "record": record_fields(kind, record),
        "history": history_rows(kind, record.pk),
        "links": [],
        "contacts": [],
        "addresses": [],
        "documents": [],
        "lead": None,
        "customer": None,
    }
    if isinstance(record, Customer):
        export.update(_customer_parts(record))
    elif isinstance(record, Contact):
        export["links"] = _links(record)
    elif isinstance(record, Lead):
        export.update(_linked(party_type="lead", party_id=record.pk))
        customer = Customer.objects.filter(lead=record).values_list("name", flat=True).first()
        export["customer"] = customer
    return export


def record_fields(kind: str, record: models.Model) -> dict[str, Any]:
    """The record's fields and child tables, keyed as the API names them, sorted."""
    spec = SPECS[kind]
    values = spec.public(record_snapshot(spec, record)) or {}
    values.update(snapshot(record, EXTRA_FIELDS[kind]))
    return dict(sorted(values.items()))


def history_rows(entity: str, record_id: int) -> list[dict[str, Any]]:
    """Every change of one record, oldest first (as its history endpoint reads it), the
    moment written as the export writes dates."""
    return [{**row, "at": audit_value(row["at"])} for row in history(entity, record_id)]


def _customer_parts(customer: Customer) -> dict[str, Any]:
    parts = _linked(party_type="customer", party_id=customer.pk)
    parts["documents"] = customer_documents(customer)
    if customer.lead is not None:
        parts["lead"] = {
            "name": customer.lead.name,
            "record": record_fields("lead", customer.lead),
            "history": history_rows("lead", customer.lead.pk),
        }
    return parts


def _linked(*, party_type: str, party_id: int) -> dict[str, Any]:
    """A party's contacts and addresses, each with its links and its history."""
    contacts = party_contacts(party_type=party_type, party_id=party_id).order_by("name")
    addresses = party_addresses(party_type=party_type, party_id=party_id).order_by("name")
    return {
        "contacts": [_linked_record("contact", contact) for contact in contacts],
        "addresses": [_linked_record("address", address) for address in addresses],
    }


def _linked_record(kind: str, record: Contact | Address) -> dict[str, Any]:
    return {
        "name": record.name,
        "record": record_fields(kind, record),
        "links": _links(record),
        "history": history_rows(kind, record.pk),
    }


def _links(record: Contact | Address) -> list[dict[str, str]]:
    """The parties a contact or address is linked to, by type and code."""
    links = list(record.links.order_by("id"))
    names = party_names(links)
    return [
        {
            "party_type": link.party_type,
            "party_name": names.get((link.party_type, link.party_id), ""),
        }
        for link in links
    ]


def customer_documents(customer: Customer) -> list[dict[str, Any]]:
    """The references of the sales documents naming ``customer``, kind by kind, oldest
    first: number, date, status and totals, not their lines (which are the company's)."""
    return [row for doctype in ALL for row in _documents_of(doctype, customer)]


def _documents_of(doctype: DocType, customer: Customer) -> list[dict[str, Any]]:
    model: Any = doctype.model
    date_field = model.DATE_FIELD
    is_payment = not hasattr(model, "grand_total")
    total, base_total = (
        ("paid_amount", "base_paid_amount") if is_payment else ("grand_total", "base_grand_total")
    )
    has_outstanding = hasattr(model, "outstanding_amount")
    columns = ["name", date_field, "status", "company__name", "currency__name", total, base_total]
    if has_outstanding:
        columns.append("outstanding_amount")
    rows = model.objects.filter(customer=customer).order_by(date_field, "name").values(*columns)
    return [
        {
            "kind": doctype.key,
            "number": row["name"],
            "date": row[date_field].isoformat(),
            "status": row["status"],
            "company": row["company__name"],
            "currency": row["currency__name"],
            "grand_total": str(row[total]),
            "base_grand_total": str(row[base_total]),
            "outstanding_amount": str(row["outstanding_amount"]) if has_outstanding else None,
        }
        for row in rows
    ]
