"""A chunk of customer rows: new customers written in bulk, known ones updated.

A row names a known customer by its code (``--match code``, the default) or by its VAT
number or SIREN (``--match tax-id``); such a row updates it through ``customer_update``,
as an edit through the API would, and its primary contact and address through theirs.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from clientele.classification.models import CustomerGroup, SellingSettings, Territory
from clientele.classification.services import CUSTOMER_GROUP, TERRITORY
from clientele.contacts.services import (
    address_create,
    address_update,
    contact_create,
    contact_update,
)
from clientele.core import audit
from clientele.core.errors import InvalidInput
from clientele.core.naming import code_key
from clientele.core.records import record_create
from clientele.customers.models import Customer
from clientele.customers.services import customer_update
from clientele.transfer import matches
from clientele.transfer.context import Context
from clientele.transfer.lines import Line
from clientele.transfer.report import ImportReport, RowDuplicate
from clientele.transfer.writers import (
    ADDRESS_FIELDS,
    CONTACT_FIELDS,
    CONTACT_FLAGS,
    CUSTOMER_FLAGS,
    CUSTOMER_LINKS,
    CUSTOMER_SCALARS,
    NewCustomer,
    address_row_input,
    contact_input,
    customer_codes,
    customers_write,
    derive,
    flags_into,
    links_named,
    prepared,
)

TREES = {"customer_group": (CUSTOMER_GROUP, CustomerGroup), "territory": (TERRITORY, Territory)}


def customers_chunk(
    ctx: Context,
    lines: list[Line],
    report: ImportReport,
    settings: SellingSettings,
    ready: list[NewCustomer] | None = None,
) -> None:
    """``ready``: the rows ``prepared`` already (by a worker process, ``preparation``),
    their links loaded (``links_load``); else they are here."""
    if ready is None:
        links_load(ctx, lines, report)
    known = _known(ctx, lines)
    updates = [(line, known[id(line)]) for line in lines if id(line) in known]
    if ready is None:
        built = [prepared(ctx, line, settings) for line in lines if id(line) not in known]
    else:
        pairs = zip(lines, ready, strict=True)
        built = [_taken_back(line, item) for line, item in pairs if id(line) not in known]
    internal_customers_check(built)
    built = [item for item in built if not item.line.errors]
    customer_codes(ctx, built, settings)
    built = [item for item in built if not item.line.errors]
    for item in built:
        derive(item)
    for item, found in zip(
        built, matches.duplicates_found([b.customer for b in built]), strict=True
    ):
        if found:
            report.duplicate("customer", RowDuplicate(item.line.file, item.line.row, found))
    customers_write(ctx, built)
    counts = report.count("customer")
    counts.created += len(built)
    for line, customer in updates:
        counts.updated += _update(ctx, line, customer)


def _taken_back(line: Line, item: NewCustomer) -> NewCustomer:
    """A row prepared elsewhere, on a copy of its line: its errors onto the line."""
    line.refuse_all(item.line.errors)
    item.line = line
    return item


def links_load(ctx: Context, lines: list[Line], report: ImportReport) -> None:
    """Read every record the chunk's rows link to; with ``create_missing``, the groups and
    territories nobody has yet are created as leaves under the root."""
    for name, values in links_named(lines).items():
        finder = ctx.finders[name]
        finder.load(values)
        if not ctx.create_missing or name not in TREES:
            continue
        spec, _model = TREES[name]
        for value in sorted(v for v in values if finder.missing(v)):
            try:
                finder.known(value, record_create(spec, {"name": value}, user=ctx.actor))
            except InvalidInput:
                continue  # reported on each row naming it, as an unknown link
            report.count(name).created += 1


def internal_customers_check(built: list[NewCustomer]) -> None:
    """As ``_internal_customer``: an internal customer names the company it represents,
    which no other customer represents, stored or earlier in the file; an external one
    represents none."""
    wanted = [b.customer.represents_company_id for b in built if b.customer.is_internal_customer]
    taken: set[int | None] = set(
        Customer.objects.filter(represents_company_id__in=[pk for pk in wanted if pk]).values_list(
            "represents_company_id", flat=True
        )
    )
    for item in built:
        customer = item.customer
        if not customer.is_internal_customer:
            customer.represents_company = None
        elif customer.represents_company is None:
            item.line.refuse(
                "represents_company",
                _("An internal customer must name the company it represents."),
            )
        elif customer.represents_company_id in taken:
            item.line.refuse(
                "represents_company",
                _("Company “%(company)s” already has an internal customer.")
                % {"company": customer.represents_company},
            )
        else:
            taken.add(customer.represents_company_id)


def _known(ctx: Context, lines: list[Line]) -> dict[int, Customer]:
    """The rows that name a stored customer, by ``id`` of the row."""
    if ctx.match == "tax-id":
        by_tax_id = matches.existing_by_tax_id(lines)
        found = {id(line): matches.customer_by_tax_id(by_tax_id, line) for line in lines}
        return {key: customer for key, customer in found.items() if customer is not None}
    by_code = matches.existing_by_code(lines)
    return {
        id(line): by_code[code_key(line.values["name"])]
        for line in lines
        if line.values.get("name") and code_key(line.values["name"]) in by_code
    }


def _update(ctx: Context, line: Line, customer: Customer) -> int:
    """Update one customer as an edit through the API does; 1 when it went through."""
    data: Any = {n: line.values[n] for n in CUSTOMER_SCALARS if line.values.get(n)}
    data |= {n: line.values[n] for n in CUSTOMER_LINKS if line.values.get(n)}
    flags_into(line, CUSTOMER_FLAGS, data)
    if line.errors:
        return 0
    try:
        with transaction.atomic():  # the row as a whole, its contact and address included
            customer_update(customer=customer, data=data, user=ctx.actor)
            _primaries_update(ctx, line, customer)
    except InvalidInput as error:
        line.refuse_all(error.errors)
        return 0
    audit.record_event(
        entity="customer", instance=customer, user=ctx.actor, action="import", detail=ctx.label
    )
    return 1


def _primaries_update(ctx: Context, line: Line, customer: Customer) -> None:
    """The row's contact and address columns update the customer's primary ones, or
    create them when it has none."""
    link: Any = [{"party_type": "customer", "party_name": customer.name}]
    if line.has(*CONTACT_FIELDS):
        individual = customer.customer_type == Customer.CustomerType.INDIVIDUAL
        data: Any = contact_input(line.values, customer.customer_name, individual)
        flags_into(line, CONTACT_FLAGS, data)
        if line.errors:
            raise InvalidInput({})  # a flag refused: the row's writes are undone
        if customer.customer_primary_contact is not None:
            contact_update(contact=customer.customer_primary_contact, data=data, user=ctx.actor)
        else:
            contact = contact_create(data={**data, "links": link}, user=ctx.actor, source=ctx.label)
            customer_update(
                customer=customer, data={"customer_primary_contact": contact.name}, user=ctx.actor
            )
    if line.has(*ADDRESS_FIELDS):
        address_data: Any = address_row_input(line)
        if line.errors:
            raise InvalidInput({})  # a flag refused: the row's writes are undone
        if customer.customer_primary_address is not None:
            address_update(
                address=customer.customer_primary_address, data=address_data, user=ctx.actor
            )
        else:
            address = address_create(
                data={**address_data, "links": link}, user=ctx.actor, source=ctx.label
            )
            customer_update(
                customer=customer, data={"customer_primary_address": address.name}, user=ctx.actor
            )
