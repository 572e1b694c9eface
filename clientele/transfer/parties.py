"""Contact and address files, as ERPNext exports them: each row linked to its party by the
``Link Document Type`` / ``Link Name`` columns.

Each row goes through the contact's or address's own service (the codes, links, search
tokens, history and the linked customers' copies of e-mail, mobile and address are theirs);
a row whose customer has no primary contact (address) yet, or that says it is the primary
one, becomes its primary. A row whose ``ID`` is a stored contact (address) updates it.

A new record's history is one creation row naming the import, as for the contacts and
addresses of customer rows; an update's is the rows of the fields it changed, as through
the API, then one row naming the import.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from clientele.contacts.models import Address, Contact
from clientele.contacts.services import (
    address_create,
    address_update,
    contact_create,
    contact_update,
)
from clientele.core import audit
from clientele.core.errors import DomainError
from clientele.customers.models import Customer
from clientele.customers.services import customer_update
from clientele.transfer.columns import CONTACT
from clientele.transfer.context import Context
from clientele.transfer.lines import Line, flag
from clientele.transfer.report import ImportReport
from clientele.transfer.writers import CONTACT_FLAGS, address_input, contact_input, flags_into

# ERPNext's party types, as its ``Link Document Type`` column names them.
PARTY_TYPES = {"customer": "customer", "client": "customer"}


def contacts_chunk(ctx: Context, kind: str, lines: list[Line], report: ImportReport) -> None:
    model = Contact if kind == CONTACT else Address
    codes = [line.values["name"] for line in lines if line.values.get("name")]
    stored = {r.name: r for r in model._default_manager.filter(name__in=codes)}
    parties = _parties(lines)
    counts = report.count(kind)
    for line in lines:
        record = stored.get(line.values.get("name", ""))
        try:
            with transaction.atomic():
                _row(ctx, kind, line, record, parties)
        except DomainError as error:
            line.refuse_all(_renamed(error))
            continue
        if not line.errors:
            counts.updated += record is not None
            counts.created += record is None


def _parties(lines: list[Line]) -> dict[str, Customer]:
    names = {line.values["link_name"] for line in lines if line.values.get("link_name")}
    return {c.name: c for c in Customer.objects.filter(name__in=names)}


def _row(ctx: Context, kind: str, line: Line, record, parties: dict[str, Customer]) -> None:
    customer = _party(line, parties)
    if line.errors:
        return
    links = [{"party_type": "customer", "party_name": customer.name}] if customer else []
    if kind == CONTACT:
        data: Any = contact_input(line.values, "", individual=False)
        if not line.has("first_name", "full_name", "last_name"):
            data.pop("first_name", None)
        flags_into(line, CONTACT_FLAGS, data)
    else:
        data = address_input(line.values)
        data["is_primary_address"] = _flag(line, "is_primary_address")
        data["is_shipping_address"] = _flag(line, "is_shipping_address")
        if line.values.get("disabled"):
            data["disabled"] = _flag(line, "disabled")
        if code := line.values.get("tax_category"):
            data["tax_category"] = code
    if line.errors:
        return
    if links:
        data["links"] = links
    written = _save(ctx, kind, record, data)
    if record is not None:
        audit.record_event(
            entity=kind, instance=written, user=ctx.actor, action=audit.IMPORT, detail=ctx.label
        )
    if customer is not None:
        _primary(ctx, kind, line, customer, written)


def _save(ctx: Context, kind: str, record, data: Any):
    if kind == CONTACT:
        if record is None:
            return contact_create(data=data, user=ctx.actor, source=ctx.label)
        return contact_update(contact=record, data=data, user=ctx.actor)
    if record is None:
        return address_create(data=data, user=ctx.actor, source=ctx.label)
    return address_update(address=record, data=data, user=ctx.actor)


def _flag(line: Line, name: str) -> bool:
    try:
        return bool(flag(line.values.get(name, "")))
    except ValueError as error:
        line.refuse(name, str(error))
        return False


def _party(line: Line, parties: dict[str, Customer]) -> Customer | None:
    doctype, name = line.values.get("link_doctype", ""), line.values.get("link_name", "")
    if not name:
        return None
    if doctype and PARTY_TYPES.get(doctype.strip().lower()) is None:
        line.refuse(
            "link_doctype",
            _("Only links to customers are imported (this row links to a %(type)s).")
            % {"type": doctype},
        )
        return None
    customer = parties.get(name)
    if customer is None:
        line.refuse("link_name", _("No customer named “%(name)s”.") % {"name": name})
    return customer


def _primary(ctx: Context, kind: str, line: Line, customer: Customer, written) -> None:
    """Made the customer's primary contact (address) when it has none, or when the row
    says so."""
    field = "customer_primary_contact" if kind == CONTACT else "customer_primary_address"
    said = _flag(line, "is_primary_contact" if kind == CONTACT else "is_primary_address")
    customer.refresh_from_db()
    if getattr(customer, f"{field}_id") is None or said:
        changes: Any = {field: written.name}
        customer_update(customer=customer, data=changes, user=ctx.actor)


def _renamed(error: DomainError) -> dict[str, list[str]]:
    errors = error.errors or {"__all__": [error.message]}
    renamed = {"links[0].party_name": "link_name", "links[0].party_type": "link_doctype"}
    renamed |= {"emails[0].email_id": "email_id", "phones[0].phone": "mobile_no"}
    return {renamed.get(k, k): v for k, v in errors.items()}
