"""Drafts of selling documents: created, edited and deleted while draft (docstatus 0).

A draft is filled from its customer (``defaults``), its lines priced from the price list
at the document's date, its taxes from the template, its payment schedule from the
payment terms, and every amount computed (``amounts``). Whatever the request typed is
kept; a line with no rate typed and no price is refused, never priced at 0.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.core.api_support import field_value, serialize
from clientele.core.errors import Conflict, FieldErrors, InvalidInput, from_django
from clientele.core.naming import series_next
from clientele.core.records import record_prepare
from clientele.core.rows import insert_objects
from clientele.core.rows.reads import Reader
from clientele.core.specs import Rows, rows_known, rows_of
from clientele.core.typing import User
from clientele.customers.models import Customer
from clientele.customers.selectors import customer_detail
from clientele.masters.models import Company, PaymentTerm
from clientele.pricing.selectors import item_rates, items_by_code
from clientele.sales.amounts import (
    HUNDRED,
    ZERO,
    discounted,
    document_compute,
    schedule_amounts,
    term_due_date,
)
from clientele.sales.defaults import (
    FILLED,
    defaults_apply,
    document_defaults,
    has_field,
    party_links_check,
)
from clientele.sales.doctypes import SALES_INVOICE, DocType
from clientele.sales.models import DocStatus, SalesInvoice
from clientele.sales.naming import document_series, refuse_series_change
from clientele.sales.specs import LINE_COLUMNS, SOURCE_LINES, SPECS

TABLES = ("items", "taxes", "payment_schedule", "sales_team")
# Fields a draft gets after its input is checked: its number, and what the customer's
# defaults fill (each checked where it is filled).
FILLED_LATER = ("name", "naming_series", "currency", "debit_to")


def lines_build(
    doctype: DocType, rows: Sequence[Mapping[str, Any]], errors: FieldErrors
) -> list[Any]:
    """Unsaved lines from input rows, their items found by code in one query; a line's
    source line (``so_detail``…) is given by its id."""
    assert doctype.line is not None
    items = items_by_code(codes={str(row["item"]) for row in rows if row.get("item")})
    built = []
    for index, row in enumerate(rows):
        line: Any = doctype.line(idx=index + 1)
        for column in LINE_COLUMNS[1:]:
            if row.get(column) is not None:
                setattr(line, column, row[column])
        line.rate_typed = row.get("rate") is not None
        for source in SOURCE_LINES[doctype.key]:
            setattr(line, f"{source}_id", row.get(source))
        _line_item(line, row.get("item"), items, errors, f"items[{index}]")
        _line_validate(line, errors, f"items[{index}].")
        built.append(line)
    if not built:
        errors.add("items", _("A document needs at least one line."))
    return built


def _line_validate(line: Any, errors: FieldErrors, prefix: str) -> None:
    """A line's own field checks (digits, a discount of at most 100 %), on what a request
    sets: the amounts are computed later, from checked values (Django's whole-model check
    of every field cost more than pricing the line)."""
    try:
        line.clean_fields(exclude=_not_typed(line.__class__))
    except ValidationError as error:
        errors.extend(from_django(error).errors, prefix=prefix)


@cache
def _not_typed(model: type[models.Model]) -> frozenset[str]:
    """A line's fields no request sets: its parent, its item (found by code), what is
    computed."""
    typed = {
        *LINE_COLUMNS[1:],
        *(source for sources in SOURCE_LINES.values() for source in sources),
    }
    return frozenset(field.name for field in model._meta.concrete_fields if field.name not in typed)


def _line_item(line: Any, code: str | None, items: dict, errors: FieldErrors, path: str) -> None:
    item = items.get(code) if code else None
    if item is None:
        message = _("No item named “%(code)s”.") % {"code": code} if code else _("Required.")
        errors.add(f"{path}.item", message)
        return
    if item.disabled:
        errors.add(f"{path}.item", _("Item “%(code)s” is disabled.") % {"code": code})
        return
    line.item = item
    line.item_name = line.item_name or item.item_name
    line.description = line.description or item.description
    line.uom = line.uom or item.uom


def _quantities_check(document: Any, lines: list, errors: FieldErrors) -> None:
    """Quantities are positive, a credit note's negative (what goes back)."""
    returning = getattr(document, "is_return", False)
    for index, line in enumerate(lines):
        if line.qty is None:
            errors.add(f"items[{index}].qty", _("Required."))
        elif returning and Decimal(line.qty) >= 0:
            errors.add(f"items[{index}].qty", _("A credit note's quantities are negative."))
        elif not returning and Decimal(line.qty) <= 0:
            errors.add(f"items[{index}].qty", _("The quantity must be more than 0."))


def lines_price(document: Any, lines: list, errors: FieldErrors) -> None:
    """Each line's price list rate at the document's date (one query for all lines), in
    the document's currency; a line with no rate typed needs one."""
    price_list = document.selling_price_list
    on = document.document_date
    wanted = [line.item.pk for line in lines if getattr(line, "item_id", None)]
    rates = item_rates(price_list=price_list, item_ids=wanted, on=on) if price_list else {}
    factor = document.plc_conversion_rate / document.conversion_rate
    for index, line in enumerate(lines):
        if getattr(line, "item_id", None) is None:
            continue
        if line.item.pk in rates and not line.price_list_rate:
            line.price_list_rate = (rates[line.item.pk] * factor).quantize(Decimal("0.000001"))
        if line.rate_typed:
            continue
        if line.item.pk not in rates and not line.price_list_rate:
            errors.add(f"items[{index}].rate", _no_price(line, price_list, on))
            continue
        line.rate = discounted(Decimal(line.price_list_rate), Decimal(line.discount_percentage))


def _no_price(line: Any, price_list: Any, on: date) -> str:
    if price_list is None:
        return _("Item “%(item)s”: no rate typed and no price list to take one from.") % {
            "item": line.item.name
        }
    return _(
        "Item “%(item)s” has no price in the price list “%(list)s” on %(date)s: type a rate "
        "or add an item price."
    ) % {"item": line.item.name, "list": price_list.name, "date": on.isoformat()}


def _taxes_from_template(doctype: DocType, document: Any) -> list[Any]:
    assert doctype.tax is not None
    template = document.taxes_and_charges
    if template is None:
        return []
    return [
        doctype.tax(
            idx=row.idx,
            charge_type=row.charge_type,
            account_head=row.account_head,
            description=row.description,
            rate=row.rate,
        )
        for row in rows_of(template, "taxes")
    ]


# The terms of a payment terms template (a statement written once).
_TERMS = Reader(PaymentTerm, "template")


def _schedule_from_terms(doctype: DocType, document: Any) -> list[Any]:
    assert doctype.schedule is not None
    template = document.payment_terms_template
    if template is None or getattr(document, "is_return", False):
        return []
    start = document.document_date
    return [
        doctype.schedule(
            idx=index + 1,
            description=term.description,
            due_date=term_due_date(term, start),
            invoice_portion=term.invoice_portion,
        )
        for index, term in enumerate(sorted(_TERMS.all(template.pk), key=lambda t: t.idx))
    ]


def _team_from_defaults(doctype: DocType, team: list) -> list[Any]:
    assert doctype.team is not None
    return [
        doctype.team(idx=index + 1, sales_person=person, allocated_percentage=share)
        for index, (person, share) in enumerate(team)
    ]


def _team_totals_100(rows: list, errors: FieldErrors) -> None:
    if rows and sum((Decimal(row.allocated_percentage) for row in rows), ZERO) != HUNDRED:
        errors.add("sales_team", _("The contributions of the sales team must total 100."))


def _schedule_totals_100(rows: list, errors: FieldErrors) -> None:
    if rows and sum((Decimal(row.invoice_portion) for row in rows), ZERO) != HUNDRED:
        errors.add("payment_schedule", _("The invoice portions must total 100."))


# What each table is made from: a table the request leaves out is made again on a new
# document, or when one of these changes.
TABLE_SOURCES = {
    "taxes": ("customer", "company", "tax_category", "taxes_and_charges", "customer_address"),
    "payment_schedule": (
        "customer",
        "company",
        "payment_terms_template",
        "transaction_date",
        "posting_date",
    ),
    "sales_team": ("customer",),
}


def _tables_to_remake(data: Mapping[str, Any], changed: set[str] | None) -> set[str]:
    """The tables the request leaves out whose sources changed (all of them on a new
    document, ``changed`` being ``None``)."""
    return {
        table
        for table, sources in TABLE_SOURCES.items()
        if table not in data and (changed is None or not changed.isdisjoint(sources))
    }


def _stored_values(document: Any, names: Any) -> dict[str, Any]:
    """The header values a draft holds (links by id), to tell what a request changes."""
    return {
        name: getattr(document, document._meta.get_field(name).attname)
        for name in names
        if has_field(document, name)
    }


def _changed(document: Any, data: Mapping[str, Any], before: Mapping[str, Any]) -> set[str] | None:
    """The fields ``data`` changes on a stored draft (``None`` for a new document). A value
    sent again as it stands is no change: the screens send the customer and company with
    every save, and a template picked by hand must not be chosen again for it."""
    if document.pk is None:
        return None
    now = _stored_values(document, before)
    return {name for name in data if name not in before or before[name] != now[name]}


def _customer_changed(document: Any, data: Mapping[str, Any]) -> None:
    """A draft given another customer or company forgets what the former one gave it,
    so the new one's defaults fill it again (what the request types is kept)."""
    for name in FILLED:
        if name not in data and has_field(document, name):
            field = document._meta.get_field(name)
            setattr(
                document, name, None if field.null or field.is_relation else field.get_default()
            )


def _customer_read(document: Any, read: Mapping[str, Any]) -> Any:
    """The customer with the code of every link and its child rows, in one statement (the
    defaults read a dozen of them), from the database the document is written to; the
    one ``read`` for the request already, when the document holds it."""
    if document.customer is read.get("customer"):
        return document.customer
    found = customer_detail(document.customer.name, using=router.db_for_write(Customer))
    return found or document.customer


# The company with the defaults it gives (currency, terms, accounts), in one statement
# written once; by its id (a draft's company) or by its name (a request's).
_COMPANY_RELATED = (
    "default_currency",
    "payment_terms",
    "default_receivable_account",
    "default_advance_received_account",
)
_COMPANY = Reader(Company, "id", related=_COMPANY_RELATED)
_COMPANY_BY_NAME = Reader(Company, "name", related=_COMPANY_RELATED)


def _company_read(document: Any, read: Mapping[str, Any]) -> Any:
    if document.company is read.get("company"):
        return document.company
    return _COMPANY.one(document.company_id, using=router.db_for_write(Company))


def _links_read_whole(header: Mapping[str, Any]) -> dict[str, Any]:
    """The customer and the company a request names, read at once with all the defaults
    need (those found, by field): the link check takes a record found (``resolve_link``)
    and checks it as it would the code, and the defaults use it, so neither is read
    twice. A code that names nothing is left to the link check, which says so."""
    using = {"customer": router.db_for_write(Customer), "company": router.db_for_write(Company)}
    readers = {
        "customer": lambda code: customer_detail(code, using=using["customer"]),
        "company": lambda code: _COMPANY_BY_NAME.one(code, using=using["company"]),
    }
    found = {}
    for name, read in readers.items():
        code = header.get(name)
        if isinstance(code, str) and code and (record := read(code)) is not None:
            found[name] = record
    return found


def _fill(
    doctype: DocType,
    document: Any,
    data: Mapping[str, Any],
    rows: Rows,
    errors: FieldErrors,
    changed: set[str] | None,
    read: Mapping[str, Any],
) -> Rows:
    """The customer's defaults into the empty fields, the lines priced, the tables the
    request left out made from the templates, and every amount computed."""
    if document.customer_id is None or document.company_id is None:
        return rows
    document.company = _company_read(document, read)
    defaults = document_defaults(customer=_customer_read(document, read), company=document.company)
    typed = {key for key, value in data.items() if value not in (None, "")}
    defaults_apply(document, typed=typed, defaults=defaults, errors=errors, changed=changed)
    party_links_check(document, typed=typed, changed=changed, errors=errors)
    if errors:
        return rows
    lines = rows["items"]
    _quantities_check(document, lines, errors)
    lines_price(document, lines, errors)
    remade = _tables_to_remake(data, changed)
    if "taxes" in remade:
        rows["taxes"] = _taxes_from_template(doctype, document)
    if "payment_schedule" in remade:
        rows["payment_schedule"] = _schedule_from_terms(doctype, document)
    if "sales_team" in remade:
        rows["sales_team"] = _team_from_defaults(doctype, defaults.sales_team)
    _team_totals_100(rows["sales_team"], errors)
    _schedule_totals_100(rows["payment_schedule"], errors)
    if errors:
        return rows
    document_compute(document, lines, rows["taxes"], rows["sales_team"])
    schedule_amounts(rows["payment_schedule"], document.grand_total, document.base_grand_total)
    _invoice_fields(document, rows, errors)
    return rows


def _invoice_fields(document: Any, rows: Rows, errors: FieldErrors) -> None:
    """An invoice falls due with its last instalment, posts to a receivable account of
    its company, and starts owing its whole total."""
    if not isinstance(document, SalesInvoice):
        return
    schedule = rows["payment_schedule"]
    if document.due_date is None:
        document.due_date = max((row.due_date for row in schedule), default=document.posting_date)
    if document.debit_to_id is None:
        errors.add("debit_to", _("No receivable account: set one on the customer or company."))
    elif document.debit_to.company_id != document.company_id:
        errors.add("debit_to", _("This account belongs to another company."))


def _prepare(
    doctype: DocType, document: Any, data: Mapping[str, Any], stored: Rows
) -> tuple[Rows, FieldErrors]:
    header = {key: value for key, value in data.items() if key != "items"}
    read = _links_read_whole(header)
    header |= read
    before = (document.customer_id, document.company_id)
    held = _stored_values(document, header) if document.pk is not None else {}
    rows, errors = record_prepare(SPECS[doctype.key], document, header, exclude=FILLED_LATER)
    changed = _changed(document, data, held)
    if "items" in data:
        rows["items"] = lines_build(doctype, data["items"] or [], errors)
    for table in TABLES:
        rows.setdefault(table, stored.get(table, []))
    for line in rows["items"]:
        line.rate_typed = getattr(line, "rate_typed", True)
    if document.pk is not None and before != (document.customer_id, document.company_id):
        _customer_changed(document, data)
    if not errors:
        rows = _fill(doctype, document, data, rows, errors, changed, read)
    return rows, errors


def _store(doctype: DocType, document: Any, rows: Rows, *, new: bool) -> None:
    """The header and its tables written; a new draft's rows by ``insert_objects``
    (statements written once per shape: the ORM's insert of a sixty-column header and of
    its lines cost more to build than to run)."""
    if new:
        insert_objects(doctype.model, [document])
    else:
        document.save()
    models = {"items": doctype.line, "taxes": doctype.tax}
    models |= {"payment_schedule": doctype.schedule, "sales_team": doctype.team}
    for table, model in models.items():
        assert model is not None
        if not new:
            model._default_manager.filter(parent=document).delete()
        for row in rows[table]:
            row.parent, row.pk = document, None
        insert_objects(model, rows[table])
    rows_known(document, {table: rows[table] for table in TABLES})


def _date_default(doctype: DocType, data: Mapping[str, Any]) -> dict[str, Any]:
    field_name = doctype.model.DATE_FIELD  # type: ignore[attr-defined]
    if data.get(field_name):
        return dict(data)
    return {**data, field_name: timezone.localdate()}


def document_preview(*, doctype: DocType, data: Mapping[str, Any]) -> tuple[Any, Rows, FieldErrors]:
    """What ``document_create`` would make of ``data``, by the very same steps (the
    customer's defaults, the lines priced, the taxes, every amount), with its field errors;
    nothing is numbered nor written. The screens show it while a document is typed."""
    document: Any = doctype.model()
    rows, errors = _prepare(doctype, document, _date_default(doctype, data), {"items": []})
    return document, rows, errors


@transaction.atomic
def document_create(
    *,
    doctype: DocType,
    data: Mapping[str, Any],
    user: User | None,
    name: str = "",
    amended_from: Any = None,
) -> Any:
    """A new draft; ``name`` is given for an amendment, else the kind's series numbers it
    by the document's date."""
    data = _date_default(doctype, data)
    document: Any = doctype.model(amended_from=amended_from)
    rows, errors = _prepare(doctype, document, data, {"items": []})
    if "items" not in data:
        errors.add("items", _("A document needs at least one line."))
    errors.raise_if_any()
    document.naming_series = (
        amended_from.naming_series
        if amended_from is not None
        else document_series(
            kind=doctype.key, standard=doctype.series, chosen=data.get("naming_series")
        )
    )
    document.name = name or series_next(
        template=document.naming_series, today=document.document_date
    )
    _store(doctype, document, rows, new=True)
    return document


def stored_rows(document: Any) -> Rows:
    return {table: list(rows_of(document, table)) for table in TABLES}


def refuse_unless_draft(document: Any) -> None:
    if document.docstatus != DocStatus.DRAFT:
        raise Conflict(
            _("“%(name)s” is %(status)s: only a draft can be changed; cancel it, then amend it.")
            % {"name": document.name, "status": DocStatus(document.docstatus).label.lower()}
        )


def refuse_unless_amendable(document: Any) -> None:
    """Only a cancelled document is amended, and once: its amendment replaces it."""
    if document.docstatus != DocStatus.CANCELLED:
        raise Conflict(
            _("Only a cancelled document can be amended: cancel “%(name)s” first.")
            % {"name": document.name}
        )
    taken: Any = type(document)._default_manager.filter(amended_from=document).first()
    if taken is not None:
        raise Conflict(
            _("“%(name)s” was already amended as “%(amendment)s”.")
            % {"name": document.name, "amendment": taken.name}
        )


@transaction.atomic
def document_update(*, doctype: DocType, document: Any, data: Mapping[str, Any], user: User) -> Any:
    """Partial update of a draft: the tables sent replace the stored ones; every amount
    is computed again."""
    refuse_unless_draft(document)
    if "name" in data:
        raise InvalidInput.single("name", _("A document's number cannot change."))
    refuse_series_change(document, data)
    rows, errors = _prepare(doctype, document, data, stored_rows(document))
    errors.raise_if_any()
    _store(doctype, document, rows, new=False)
    return document


@transaction.atomic
def document_delete(*, document: Any, user: User) -> None:
    """Only a draft is deleted; a submitted or cancelled document stays for the record."""
    refuse_unless_draft(document)
    document.delete()


def line_output(doctype: DocType, line: Any) -> dict[str, Any]:
    """A line as the API reads and writes it: its item by code, its source line by id."""
    data = {column: field_value(line, column) for column in LINE_COLUMNS}
    data |= {f"{source}": getattr(line, f"{source}_id") for source in SOURCE_LINES[doctype.key]}
    return data


def document_input(doctype: DocType, document: Any) -> dict[str, Any]:
    """What would write ``document`` again: its header and tables keyed as the API names
    them (an amendment copies a cancelled document so)."""
    data = serialize(SPECS[doctype.key], document)
    data.pop("name")
    data.pop("naming_series")  # a follow-on takes its own kind's; an amendment its original's
    data["items"] = [line_output(doctype, line) for line in rows_of(document, "items")]
    return data


def defaults_preview(*, customer: Any, company: Any, on: date) -> dict[str, Any]:
    """What a new invoice of ``company`` for ``customer`` dated ``on`` would take from the
    customer, through the very service a document's creation uses: its header, taxes,
    payment schedule and sales team, keyed as the API names them; nothing is written."""
    invoice: Any = SalesInvoice(customer=customer, company=company, posting_date=on)
    errors = FieldErrors()
    defaults = document_defaults(customer=customer, company=company)
    defaults_apply(invoice, typed=set(), defaults=defaults, errors=errors)
    errors.raise_if_any()
    rows = {
        "items": [],
        "taxes": _taxes_from_template(SALES_INVOICE, invoice),
        "payment_schedule": _schedule_from_terms(SALES_INVOICE, invoice),
        "sales_team": _team_from_defaults(SALES_INVOICE, defaults.sales_team),
    }
    rows_known(invoice, rows)
    data = serialize(SPECS[SALES_INVOICE.key], invoice)
    data.pop("name")
    data.pop("naming_series")
    data.pop("items", None)
    return data
