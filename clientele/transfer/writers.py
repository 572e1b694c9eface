"""New customers with their primary contact and address, a chunk of rows at a time.

Each row is checked by the rules a creation through the API applies (``checks``: the
``Spec``'s normalisers, the model fields' own checks, the entities' rules — full name,
e-mail and phones, postal code), its links found in bulk beforehand. Then the chunk is
written in bulk: codes by the selling settings' naming (``codes``), rows by
``insert_objects`` (keys read back), child rows, links, search tokens (by the functions the
services use) and history rows by ``insert_values``: a few statements per table for the
whole chunk instead of a few per customer.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, TypeVar

from django.db import models
from django.db.models.base import ModelState
from django.utils.translation import gettext as _

from clientele.classification.models import SellingSettings
from clientele.contacts.models import (
    Address,
    AddressLink,
    AddressSearch,
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
    ContactSearch,
)
from clientele.contacts.search import address_tokens, contact_tokens
from clientele.contacts.services import ADDRESS, CONTACT, split_full_name
from clientele.core import identifiers
from clientele.core.audit import HISTORY_COLUMNS, audit_value, creation_row
from clientele.core.identifiers import siren_of
from clientele.core.meta import max_length_of, model_field
from clientele.core.models import ChangeLog
from clientele.core.naming import code_key, code_unaddressable
from clientele.core.rows import documents_write, insert_objects, insert_values
from clientele.core.search_text import code_tokens
from clientele.core.specs import Rows, Spec
from clientele.customers.duplicates import name_key
from clientele.customers.mirrors import apply_mirrors
from clientele.customers.models import Customer, CustomerSearch
from clientele.customers.search import customer_content_tokens
from clientele.customers.services import CUSTOMER
from clientele.transfer import checks
from clientele.transfer.codes import codes_taken, homonym_codes, series_block
from clientele.transfer.context import Context
from clientele.transfer.lines import Line, flag

M = TypeVar("M", bound=models.Model)

CUSTOMER_SCALARS = (
    "customer_name",
    "customer_type",
    "tax_id",
    "pan",
    "language",
    "website",
    "customer_details",
    "loyalty_program_tier",
    "default_commission_rate",
)
CUSTOMER_FLAGS = (
    "disabled",
    "is_frozen",
    "allow_invoice_without_sales_order",
    "allow_invoice_without_delivery_note",
    "is_internal_customer",
)
# Every link of a customer but its primary contact and address (the row's own), by the
# API's names; the foreign key each sets.
CUSTOMER_LINKS = tuple(link.name for link in CUSTOMER.links if link.model not in (Contact, Address))
LINK_FIELDS = {link.name: link.field for link in CUSTOMER.links}
CONTACT_FIELDS = (
    "salutation",
    "first_name",
    "middle_name",
    "last_name",
    "full_name",
    "designation",
    "department",
    "email_id",
    "mobile_no",
    "phone",
)
ADDRESS_FIELDS = (
    "address_title",
    "address_type",
    "address_line1",
    "address_line2",
    "city",
    "pincode",
    "state",
    "country",
)
# A customer row's columns for its address's flags and tax category, by the address's
# field each sets (``disabled`` and ``tax_category`` are the customer's own columns).
ADDRESS_ROW_FLAGS = {
    "is_primary_address": "is_primary_address",
    "is_shipping_address": "is_shipping_address",
    "address_disabled": "disabled",
}
ADDRESS_ROW_TAX_CATEGORY = "address_tax_category"
CONTACT_FLAGS = ("unsubscribed",)


@dataclass
class NewCustomer:
    """A row's new customer, contact and address, and their search words but their codes'
    (``content``): all a row gives by itself, worked out before any code is."""

    line: Line
    customer: Customer
    contact: Contact | None = None
    contact_rows: Rows = field(default_factory=dict)
    address: Address | None = None
    customer_words: set[str] = field(default_factory=set)
    contact_words: set[str] = field(default_factory=set)
    address_words: set[str] = field(default_factory=set)


# ----------------------------------------------------------------------------- input


def flags_into(line: Line, names: Sequence[str], data: dict[str, Any]) -> None:
    for name in names:
        try:
            value = flag(line.values.get(name, ""))
        except ValueError as error:
            line.refuse(name, str(error))
            continue
        if value is not None:
            data[name] = value


def customer_input(ctx: Context, line: Line, settings: SellingSettings) -> dict[str, Any]:
    """The customer's input as the API takes it, links as the records found (so that the
    write path checks them without reading them again), the selling settings' group and
    territory when the row names none."""
    data: dict[str, Any] = {n: line.values[n] for n in CUSTOMER_SCALARS if line.values.get(n)}
    flags_into(line, CUSTOMER_FLAGS, data)
    for name in CUSTOMER_LINKS:
        if value := line.values.get(name):
            data[name] = ctx.finders[name].resolve(value, line, name)
    if not line.values.get("customer_group") and settings.customer_group:
        data["customer_group"] = settings.customer_group
    if not line.values.get("territory") and settings.territory:
        data["territory"] = settings.territory
    return data


def links_named(lines: Sequence[Line]) -> dict[str, set[str]]:
    """The values the rows give for each link of a customer (by the API's names), the
    address's tax category with the customer's."""
    named = {}
    for name in CUSTOMER_LINKS:
        values = {line.values[name] for line in lines if line.values.get(name)}
        if name == "tax_category":
            values |= {v for line in lines if (v := line.values.get(ADDRESS_ROW_TAX_CATEGORY))}
        named[name] = values
    return named


def contact_input(values: dict[str, str], customer_name: str, individual: bool) -> dict[str, Any]:
    """The primary contact's input, as quick entry builds it: named after the customer
    when the row gives no name, its e-mail and phones as rows."""
    data: dict[str, Any] = {
        n: values[n]
        for n in ("salutation", "first_name", "middle_name", "last_name", "designation")
        if values.get(n)
    }
    data.update({"department": values["department"]} if values.get("department") else {})
    full_name = values.get("full_name") or ""
    if not full_name and not data.get("first_name") and individual:
        full_name = customer_name
    if full_name and not data.get("first_name"):
        data.update(split_full_name(full_name))
    if not data.get("first_name"):
        data["first_name"] = customer_name
    if email := values.get("email_id"):
        data["emails"] = [{"email_id": email, "is_primary": True}]
    phones = []
    mobile, phone = values.get("mobile_no"), values.get("phone")
    if mobile:
        # The primary phone too, unless the row gives another one.
        alone = not phone or phone == mobile
        phones.append({"phone": mobile, "is_primary_mobile_no": True, "is_primary_phone": alone})
    if phone and phone != mobile:
        phones.append({"phone": phone, "is_primary_phone": True})
    if phones:
        data["phones"] = phones
    return data


def contact_error_names(values: dict[str, str]) -> dict[str, str]:
    """The columns the contact's e-mail and phone rows came from, for its field errors."""
    phones = [name for name in ("mobile_no", "phone") if values.get(name)]
    renamed = {"emails[0].email_id": "email_id", "emails": "email_id"}
    renamed |= {f"phones[{index}].phone": name for index, name in enumerate(phones)}
    return renamed


def address_input(values: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {n: values[n] for n in ADDRESS_FIELDS if values.get(n)}
    data["is_primary_address"] = True
    return data


def address_row_input(line: Line) -> dict[str, Any]:
    """The input of a customer row's address: its fields, flags (primary unless the row
    says otherwise) and tax category by code."""
    data = address_input(line.values)
    for column, name in ADDRESS_ROW_FLAGS.items():
        try:
            value = flag(line.values.get(column, ""))
        except ValueError as error:
            line.refuse(column, str(error))
            continue
        if value is not None:
            data[name] = value
    if code := line.values.get(ADDRESS_ROW_TAX_CATEGORY):
        data["tax_category"] = code
    return data


def blank(model: type[M]) -> M:
    """A new record with its fields' defaults, as ``model()`` makes it, a copy of one made
    once: ``Model.__init__`` walks every field, 40 µs a customer (no model here has
    ``pre_init``/``post_init`` receivers, the only other thing it does)."""
    instance = model.__new__(model)
    instance.__dict__.update(_defaults(model))
    instance._state = ModelState()
    return instance


@cache
def _defaults(model: type[models.Model]) -> dict[str, Any]:
    return {k: v for k, v in model().__dict__.items() if k != "_state"}


def new_customer(ctx: Context, line: Line, settings: SellingSettings) -> NewCustomer:
    """The row's customer, contact and address built and checked in memory, by the rules
    a creation through the API applies (see ``checks``); the row's errors are on ``line``."""
    data = customer_input(ctx, line, settings)
    customer = blank(Customer)
    record = checks.Record(line)
    scalars = {name: value for name, value in data.items() if name in CUSTOMER.fields}
    checks.scalars_apply(CUSTOMER, customer, scalars, record)
    for name, value in data.items():
        if name not in scalars and value is not None:
            setattr(customer, LINK_FIELDS.get(name, name), value)
    if customer.default_sales_partner and customer.default_commission_rate is None:
        # As ``_commission_from_partner``.
        customer.default_commission_rate = customer.default_sales_partner.commission_rate
    checks.required_check(Customer, customer, ("customer_name", "customer_type"), record)
    if not customer.customer_name:
        line.refuse("customer_name", _("A customer needs a name."))
    built = NewCustomer(line, customer)
    if line.has(*CONTACT_FIELDS):
        individual = customer.customer_type == Customer.CustomerType.INDIVIDUAL
        contact_data = contact_input(line.values, customer.customer_name, individual)
        flags_into(line, CONTACT_FLAGS, contact_data)
        built.contact = blank(Contact)
        built.contact_rows = _contact_checked(built.contact, contact_data, line)
    if line.has(*ADDRESS_FIELDS):
        built.address = blank(Address)
        address_data = address_row_input(line)
        tax_category = address_data.pop("tax_category", None)
        _address_checked(built.address, address_data, line)
        if tax_category:
            finder = ctx.finders["tax_category"]
            found = finder.resolve(tax_category, line, ADDRESS_ROW_TAX_CATEGORY)
            built.address.tax_category = found
    return built


def _contact_checked(contact: Contact, data: dict[str, Any], line: Line) -> Rows:
    """The contact's fields, then its e-mail and phone rows, then its rules (full name,
    e-mail and phones normalised, the primary ones copied), as ``record_prepare`` runs
    them; errors named after the row's columns."""
    record = checks.Record(line, contact_error_names(line.values))
    scalars = {name: value for name, value in data.items() if name in CONTACT.fields}
    checks.scalars_apply(CONTACT, contact, scalars, record)
    checks.required_check(Contact, contact, ("first_name",), record)
    # As the child rows' snapshots are: every column, in the table's order.
    emails = [
        {"email_id": row["email_id"], "is_primary": bool(row.get("is_primary"))}
        for row in data.get("emails", ())
    ]
    phones = [
        {
            "phone": row["phone"],
            "is_primary_phone": bool(row.get("is_primary_phone")),
            "is_primary_mobile_no": bool(row.get("is_primary_mobile_no")),
        }
        for row in data.get("phones", ())
    ]
    for table, model, column, rows in (
        ("emails", ContactEmail, "email_id", emails),
        ("phones", ContactPhone, "phone", phones),
    ):
        for index, row in enumerate(rows):
            sub = checks.Record(line, {column: record.renamed[f"{table}[{index}].{column}"]})
            checks.field_value(model, column, row[column], sub)
            record.failed += sub.failed
    if record.failed:
        return {}
    contact.full_name = " ".join(
        part for part in (contact.first_name, contact.middle_name, contact.last_name) if part
    )
    for table, column, normaliser, rows in (
        ("emails", "email_id", identifiers.email, emails),
        ("phones", "phone", identifiers.phone, phones),
    ):
        for index, row in enumerate(rows):
            try:
                row[column] = normaliser(row[column])
            except ValueError as error:
                record.refuse(f"{table}[{index}].{column}", str(error))
    contact.email_id = next((r["email_id"] for r in emails if r["is_primary"]), "")
    contact.phone = next((r["phone"] for r in phones if r["is_primary_phone"]), "")
    contact.mobile_no = next((r["phone"] for r in phones if r["is_primary_mobile_no"]), "")
    return {"emails": emails, "phones": phones}


def _address_checked(address: Address, data: dict[str, Any], line: Line) -> None:
    """The address's fields, then its rule (the postal code of its country)."""
    record = checks.Record(line)
    scalars = {name: value for name, value in data.items() if name in ADDRESS.fields}
    checks.scalars_apply(ADDRESS, address, scalars, record)
    required = ("address_type", "address_line1", "city", "country")
    checks.required_check(Address, address, required, record)
    if not record.failed:
        checks.postal_code_check(address.pincode, address.country, record)


# ----------------------------------------------------------------------------- codes


def customer_codes(ctx: Context, built: list[NewCustomer], settings: SellingSettings) -> None:
    """Given codes as they are (refused when taken or repeated), the others by the naming
    system of the selling settings."""
    given = [b for b in built if b.line.values.get("name")]
    _given_codes(given)
    made = [b for b in built if not b.line.values.get("name")]
    if not made:
        return
    if settings.customer_naming_by == SellingSettings.NamingBy.CUSTOMER_NAME:
        limit = max_length_of(Customer, "name")
        codes = homonym_codes(Customer, [b.customer.customer_name for b in made], limit)
        for item, code in zip(made, codes, strict=True):
            item.customer.name = code
        return
    series = settings.customer_naming_series
    if series is None:
        for item in made:
            item.line.refuse("name", _("No default naming series in the selling settings."))
        return
    _series_codes(ctx, made, series.name)


def _given_codes(given: list[NewCustomer]) -> None:
    first: dict[str, int] = {}
    for item in given:
        code = item.line.values["name"].strip()
        key = code_key(code)
        if problem := code_unaddressable(code):
            item.line.refuse("name", problem)
        elif key in first:
            item.line.refuse(
                "name",
                _("The code “%(code)s” is on row %(row)d already.")
                % {"code": code, "row": first[key]},
            )
        first.setdefault(key, item.line.row)
        item.customer.name = code


def _series_codes(ctx: Context, made: list[NewCustomer], template: str) -> None:
    """A block of numbers for the chunk; numbers whose code is taken already (typed by
    hand, or the counter lowered) are skipped, as ``customer_create`` skips them."""
    waiting = list(made)
    while waiting:
        codes = series_block(template, ctx.today, len(waiting))
        taken = codes_taken(Customer, codes)
        free = [code for code in codes if code_key(code) not in taken]
        for item, code in zip(waiting, free, strict=False):
            item.customer.name = code
            item.customer.naming_series = template
        waiting = waiting[len(free) :]


# ----------------------------------------------------------------------------- writes


def content(item: NewCustomer) -> None:
    """What a checked row gives without a code or a key, by the functions the services
    use: the customer's values kept for look-ups, its copies of its primary contact's
    e-mail and mobile and of its address, and the search words of all three."""
    customer = item.customer
    customer.customer_primary_contact = item.contact
    customer.customer_primary_address = item.address
    customer.name_key = name_key(customer.customer_name)
    customer.siren = siren_of(customer.tax_id) or ""
    apply_mirrors(customer)
    item.customer_words = customer_content_tokens(customer)
    if item.contact is not None:
        item.contact_words = contact_tokens(
            names=(item.contact.full_name,),
            emails=[row["email_id"] for row in item.contact_rows.get("emails") or ()],
            phones=[row["phone"] for row in item.contact_rows.get("phones") or ()],
        )
    if (address := item.address) is not None:
        item.address_words = address_tokens(
            line1=address.address_line1,
            city=address.city,
            pincode=address.pincode,
            country=address.country,
        )


def prepared(ctx: Context, line: Line, settings: SellingSettings) -> NewCustomer:
    """The row checked (``new_customer``) and, when it passes, its ``content``: the part of
    an import that needs no database, which a worker process can do (``preparation``)."""
    item = new_customer(ctx, line, settings)
    if not line.errors:
        content(item)
    return item


def derive(item: NewCustomer) -> None:
    """The customer's code key, once its code is known."""
    item.customer.code_key = code_key(item.customer.name)


def customers_write(ctx: Context, built: list[NewCustomer]) -> None:
    """Write the chunk's customers, contacts and addresses with their rows, links, search
    tokens and history (in that order: the customers point to their primaries)."""
    _contacts_write(ctx, [b for b in built if b.contact is not None])
    addresses = [b.address for b in built if b.address is not None]
    limit = max_length_of(Address, "name")
    bases = [f"{a.address_title or a.address_line1}-{a.address_type}" for a in addresses]
    for address, code in zip(addresses, homonym_codes(Address, bases, limit), strict=True):
        address.name, address.code_key = code, code_key(code)
    insert_objects(Address, addresses)
    customers = []
    for item in built:
        # Set again now that they have keys.
        item.customer.customer_primary_contact = item.contact
        item.customer.customer_primary_address = item.address
        customers.append(item.customer)
    insert_objects(Customer, customers)
    _party_links(built)
    _documents_write(built)
    _history(ctx, built)


def _documents_write(built: list[NewCustomer]) -> None:
    """The search documents: the words ``content`` found, and those of the codes given."""
    documents_write(
        CustomerSearch,
        [(b.customer.pk, b.customer_words | code_tokens(b.customer.name)) for b in built],
        fresh=True,
    )
    contacts = [(b.contact, b.contact_words) for b in built if b.contact is not None]
    documents_write(
        ContactSearch,
        [(contact.pk, words | code_tokens(contact.name)) for contact, words in contacts],
        fresh=True,
    )
    addresses = [(b.address.pk, b.address_words) for b in built if b.address is not None]
    documents_write(AddressSearch, addresses, fresh=True)


def _contacts_write(ctx: Context, built: list[NewCustomer]) -> None:
    contacts = [b.contact for b in built if b.contact is not None]
    limit = max_length_of(Contact, "name")
    bases = [" ".join(c.full_name.split()) or "Contact" for c in contacts]
    for contact, code in zip(contacts, homonym_codes(Contact, bases, limit), strict=True):
        contact.name, contact.code_key = code, code_key(code)
    insert_objects(Contact, contacts)
    emails, phones = [], []
    for item in built:
        pk = item.contact.pk if item.contact else None
        for idx, row in enumerate(item.contact_rows.get("emails") or [], start=1):
            emails.append((pk, idx, row["email_id"], row["is_primary"]))
        for idx, row in enumerate(item.contact_rows.get("phones") or [], start=1):
            phones.append(
                (pk, idx, row["phone"], row["is_primary_phone"], row["is_primary_mobile_no"])
            )
    insert_values(ContactEmail, ("contact", "idx", "email_id", "is_primary"), emails)
    columns = ("contact", "idx", "phone", "is_primary_phone", "is_primary_mobile_no")
    insert_values(ContactPhone, columns, phones)


def _party_links(built: list[NewCustomer]) -> None:
    contact_links = [(b.contact.pk, "customer", b.customer.pk) for b in built if b.contact]
    address_links = [(b.address.pk, "customer", b.customer.pk) for b in built if b.address]
    insert_values(ContactLink, ("contact", "party_type", "party_id"), contact_links)
    insert_values(AddressLink, ("address", "party_type", "party_id"), address_links)


# ----------------------------------------------------------------------------- history


def creation_values(
    spec: Spec, instance: models.Model, rows: Rows, extra: dict[str, Any]
) -> dict[str, Any]:
    """What the creation of ``instance`` through its service records (``audit``: every
    field as the API names it, links by their code, the child rows as their snapshots),
    and ``extra``."""
    values = instance.__dict__
    after = {}
    for name, public, key in _public(spec):
        value = values.get(key)
        if value is None or value == "":  # what a creation leaves out (most fields)
            continue
        if key != name:  # a link: by its code, as ``audit`` gives it
            value = getattr(instance, name)
        after[public] = value if type(value) is str else audit_value(value)
    after |= {child.field: rows.get(child.field, []) for child in spec.children}
    after |= extra
    return after


_PUBLIC: dict[str, list[tuple[str, str, str]]] = {}


def _public(spec: Spec) -> list[tuple[str, str, str]]:
    """The audited fields of ``spec``, the names the history gives them (``Spec.public``)
    and their attributes (a link's key: read first, a link left empty costs no look-up),
    worked out once per entity."""
    if spec.entity not in _PUBLIC:
        names = spec.public({name: None for name in spec.own_fields()}) or {}
        keys = [model_field(spec.model, name).attname for name in spec.own_fields()]
        _PUBLIC[spec.entity] = list(zip(spec.own_fields(), names, keys, strict=True))
    return _PUBLIC[spec.entity]


def _history(ctx: Context, built: list[NewCustomer]) -> None:
    """One creation row per record, naming the import it came from (``audit``)."""
    rows: list[tuple] = []

    def creation(spec: Spec, instance: models.Model, child_rows: Rows, extra: dict) -> tuple:
        head = (spec.entity, instance.pk, str(getattr(instance, "name", "")), ctx.user_id, ctx.now)
        values = creation_values(spec, instance, child_rows, extra)
        return creation_row(head, values, source=ctx.label)

    for item in built:
        link = {"links": [["customer", item.customer.pk]]}
        rows.append(creation(CUSTOMER, item.customer, {}, {}))
        if item.contact is not None:
            rows.append(creation(CONTACT, item.contact, item.contact_rows, link))
        if item.address is not None:
            rows.append(creation(ADDRESS, item.address, {}, link))
    insert_values(ChangeLog, HISTORY_COLUMNS, rows)
