"""A selling document's form: its header, its lines, and what the service computes from
them while they are typed (``sales.documents.document_preview``: the customer's defaults,
the rates of the price list, the taxes and the totals, by the arithmetic that saves them).

What the screen filled is told apart from what the person typed without any script: the
header values the customer's defaults gave are kept in a hidden ``_auto`` field, a line's
rate taken from the price list in its hidden ``rate_auto``. A value still equal to what was
filled is left to the service, which fills it again (from another customer's defaults once
the customer changes, from the new item's price once the item changes); a value typed over
it is sent, and kept.

The taxes, payment schedule and sales team are tables of the form too: each is sent as
shown, unless what it is made from (``documents.TABLE_SOURCES``: the customer, the
template, the date…) changed since it was made, as noted in ``_auto``; the service then
makes it again. The addresses and the contact are chosen among the customer's own.
"""

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from clientele.contacts.selectors import party_addresses, party_contacts
from clientele.core.errors import DomainError
from clientele.core.specs import rows_of
from clientele.customers.models import Customer
from clientele.sales.amounts import discounted
from clientele.sales.documents import TABLE_SOURCES, document_preview
from clientele.sales.models import QuotationItem, QuotationSchedule, QuotationTax, QuotationTeam
from clientele.sales.schemas import DeliveryNoteIn, QuotationIn, SalesInvoiceIn, SalesOrderIn
from clientele.sales.specs import OWN_FIELDS, SOURCE_LINES, SPECS
from clientele.web.customers.form_fields import PRINT_LANGUAGES
from clientele.web.lookup_forms import LinkField, LinkInput
from clientele.web.records_forms import (
    EMPTY,
    ChoiceCache,
    Editor,
    RecordForm,
    Table,
    model_field,
    record_form,
)
from clientele.web.sales import Screen

PARTY = ("customer", "company")
# The customer's own addresses and contacts: chosen among its, filled with its primary ones.
PARTY_BOUND = ("customer_address", "shipping_address_name", "contact_person")
# Each kind's request body: its header form has the inputs the API takes.
INPUTS: dict[str, type[Schema]] = {
    "quotation": QuotationIn,
    "sales_order": SalesOrderIn,
    "delivery_note": DeliveryNoteIn,
    "sales_invoice": SalesInvoiceIn,
}
# What the customer's defaults fill on the header, and the screen shows as filled.
AUTO = (
    "currency",
    "selling_price_list",
    "payment_terms_template",
    "tax_category",
    "taxes_and_charges",
    "language",
    "due_date",
    *PARTY_BOUND,
)
# Which linked records the header offers.
OFFERED = {
    "currency": {"enabled": True},
    "selling_price_list": {"enabled": True, "selling": True},
    "tax_category": {"disabled": False},
    "taxes_and_charges": {"disabled": False},
}


def text(value: Any) -> str:
    """A value as a form sends it back."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(getattr(value, "name", value))


class CustomerInput(LinkInput):
    """A customer typed by code, name, e-mail or VAT number (the customer search)."""

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        context["widget"]["lookup_url"] = reverse("web:sales-customers")
        return context


class CustomerField(LinkField):
    def __init__(self, **kwargs):
        super().__init__("customers", **kwargs)
        self.widget = CustomerInput("customers", attrs={"autofocus": True})


# A credit note's form carries what makes it one, so its preview is judged as one.
RETURN_FIELDS = {
    "is_return": forms.BooleanField(required=False, widget=forms.HiddenInput),
    "return_against": forms.CharField(required=False, widget=forms.HiddenInput),
}


def _own_dates(key: str) -> tuple[str, ...]:
    return tuple(name for name in OWN_FIELDS[key] if name != "is_return")


def _address_label(address: Any) -> str:
    where = ", ".join(part for part in (address.address_line1, address.city) if part)
    return f"{address.address_title or address.name} — {where}" if where else address.name


def _contact_label(contact: Any) -> str:
    name = contact.full_name or contact.name
    return f"{name} — {contact.email_id}" if contact.email_id else name


class PartyChoiceField(forms.ChoiceField):
    """One of the customer's addresses or contacts. A value no longer offered is let
    through: the customer just changed (the form forgets it) or the service says why."""

    def valid_value(self, value: Any) -> bool:
        return True


class PartyChoices:
    """The billing and shipping address and the contact are chosen among the customer's
    own (two queries); one it no longer has stays offered while the document holds it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        form = cast(RecordForm, self)
        code = (form.data.get("customer") if form.is_bound else form.initial.get("customer")) or ""
        customer = Customer.objects.filter(name=str(code)).only("pk").first()
        addresses: list[tuple[str, str]] = []
        contacts: list[tuple[str, str]] = []
        if customer is not None:
            found = party_addresses(party_type="customer", party_id=customer.pk)
            addresses = [(a.name, _address_label(a)) for a in found if not a.disabled]
            people = party_contacts(party_type="customer", party_id=customer.pk)
            contacts = [(c.name, _contact_label(c)) for c in people]
        form._offer("customer_address", [EMPTY, *addresses])
        form._offer("shipping_address_name", [EMPTY, *addresses])
        form._offer("contact_person", [EMPTY, *contacts])


@functools.cache
def header_form(key: str) -> type[RecordForm]:
    """The header: customer and company first, the dates, then what the customer's
    defaults fill (each may be typed over)."""
    own = _own_dates(key)
    base = record_form(SPECS[key], INPUTS[key], only=(*PARTY, *own, *AUTO))
    attributes: dict[str, Any] = {
        "customer": CustomerField(label=_("Customer"), required=True),
        "language": forms.ChoiceField(
            label=capfirst(_("print language")), required=False, choices=[EMPTY, *PRINT_LANGUAGES]
        ),
        "customer_address": PartyChoiceField(label=_("Billing address"), required=False),
        "shipping_address_name": PartyChoiceField(label=_("Shipping address"), required=False),
        "contact_person": PartyChoiceField(label=_("Contact"), required=False),
        "field_order": [*PARTY, *own, *AUTO],
    }
    if key == "sales_invoice":
        attributes |= RETURN_FIELDS
        attributes["field_order"] += list(RETURN_FIELDS)
    form = cast(type[RecordForm], type(f"{key}HeaderForm", (PartyChoices, base), attributes))
    for name in AUTO:  # the customer's defaults fill what is left empty
        if name in form.base_fields:
            form.base_fields[name].required = False
    form.links = {
        name: (link, required and name not in AUTO)
        for name, (link, required) in form.links.items()
        if name not in PARTY_BOUND
    }
    return form


def _line_label(name: str) -> Any:
    return capfirst(model_field(QuotationItem, name).verbose_name)


class LineForm(RecordForm):
    """A line: the item typed by the start of its code, how many, the discount, the rate
    (filled from the price list unless typed)."""

    item = LinkField("items", label=_line_label("item"), required=True)
    qty = forms.DecimalField(
        label=_line_label("qty"), max_digits=18, decimal_places=3, initial=Decimal(1)
    )
    discount_percentage = forms.DecimalField(
        label=_line_label("discount_percentage"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=3,
    )
    rate = forms.DecimalField(
        label=_line_label("rate"), required=False, max_digits=18, decimal_places=2
    )
    rate_auto = forms.CharField(required=False, widget=forms.HiddenInput)
    quotation_item = forms.IntegerField(required=False, widget=forms.HiddenInput)
    so_detail = forms.IntegerField(required=False, widget=forms.HiddenInput)
    dn_detail = forms.IntegerField(required=False, widget=forms.HiddenInput)
    sales_invoice_item = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _same(value: Any, filled: str) -> bool:
    try:
        return value is not None and filled != "" and Decimal(value) == Decimal(filled)
    except InvalidOperation:
        return False


def _line_parser(key: str):
    """A line's values as the service takes them: the rate only when typed, the links
    to its source line only for the kinds that have them."""

    def parse(values: dict[str, Any]) -> dict[str, Any]:
        line = {"item": values.get("item"), "qty": values.get("qty")}
        if values.get("discount_percentage") is not None:
            line["discount_percentage"] = values["discount_percentage"]
        rate = values.get("rate")
        if rate is not None and not _same(rate, values.get("rate_auto") or ""):
            line["rate"] = rate
        for source in SOURCE_LINES[key]:
            if values.get(source):
                line[source] = values[source]
        return line

    return parse


def line_table(key: str) -> Table:
    return Table("items", _("Items"), LineForm, parse=_line_parser(key))


def _label_of(model: Any, name: str) -> Any:
    return capfirst(model_field(model, name).verbose_name)


class TaxRowForm(RecordForm):
    """A tax: the ledger account of the company it is posted to, its rate, its words."""

    account_head = LinkField(
        "ledger-accounts",
        label=_label_of(QuotationTax, "account_head"),
        required=True,
        include="#id_company",
    )
    rate = forms.DecimalField(
        label=_label_of(QuotationTax, "rate"), min_value=0, max_value=100, decimal_places=3
    )
    description = forms.CharField(
        label=_label_of(QuotationTax, "description"), required=False, max_length=240
    )
    charge_type = forms.CharField(required=False, widget=forms.HiddenInput)


class ScheduleRowForm(RecordForm):
    """An instalment: when it falls due and which part of the total."""

    due_date = forms.DateField(
        label=_label_of(QuotationSchedule, "due_date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    invoice_portion = forms.DecimalField(
        label=_label_of(QuotationSchedule, "invoice_portion"),
        min_value=0,
        max_value=100,
        decimal_places=3,
    )
    description = forms.CharField(required=False, widget=forms.HiddenInput)


class TeamRowForm(RecordForm):
    """A sales person, typed by name, and their contribution."""

    sales_person = LinkField(
        "sales-persons", label=_label_of(QuotationTeam, "sales_person"), required=True
    )
    allocated_percentage = forms.DecimalField(
        label=_label_of(QuotationTeam, "allocated_percentage"),
        min_value=0,
        max_value=100,
        decimal_places=3,
    )


def _row_values(values: dict[str, Any]) -> dict[str, Any]:
    """A row as the service takes it: what was left empty is not sent."""
    return {name: value for name, value in values.items() if value not in (None, "")}


# The tables the service makes from the customer's defaults, edited in place below the
# lines: each sent as shown, unless what it is made from changed since (``TABLE_SOURCES``).
TABLES: dict[str, Table] = {
    "taxes": Table("taxes", _("Taxes and charges"), TaxRowForm, parse=_row_values),
    "payment_schedule": Table(
        "payment_schedule", _("Payment schedule"), ScheduleRowForm, parse=_row_values
    ),
    "sales_team": Table("sales_team", _("Sales team"), TeamRowForm, parse=_row_values),
}


def _sources_key(values: Mapping[str, Any], table: str) -> str:
    """What ``table`` was made from, as the form holds it: the header values it depends on."""
    return json.dumps([text(values.get(name)) for name in TABLE_SOURCES[table]])


def _service_row(table: str, row: Any) -> dict[str, str]:
    """A row the service made, as its form's inputs hold it."""
    form = TABLES[table].form
    return {name: text(getattr(row, name, None)) for name in form.base_fields}


@dataclass(frozen=True)
class TableView:
    """A table of the form as the template draws it."""

    name: str
    label: Any
    formset: forms.BaseFormSet
    errors: list[str]

    @property
    def labels(self) -> list[Any]:
        form = self.formset.form
        return [f.label for f in form.base_fields.values() if not f.widget.is_hidden]

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [{"form": form, "number": n + 1} for n, form in enumerate(self.formset.forms)]


@dataclass(frozen=True)
class RowView:
    """A line on screen: its inputs, its number, and what the service computed for it."""

    form: forms.Form
    number: int
    line: Any | None


class DocumentEntry:
    """The form of a new or stored draft, bound to what was sent or showing ``initial``."""

    def __init__(
        self,
        screen: Screen,
        data: QueryDict | None = None,
        *,
        initial: Mapping[str, Any] | None = None,
        auto: Mapping[str, str] | None = None,
        readonly: bool = False,
    ):
        self.screen = screen
        self.data = data
        self.auto = dict(auto or {}) if data is None else _auto_sent(data)
        # A post without a table's inputs (a script's) leaves it to the service.
        self.tables = [t for t in TABLES if data is None or f"{t}-TOTAL_FORMS" in data]
        self.editor = Editor(
            header_form(screen.key),
            (line_table(screen.key), *(TABLES[t] for t in self.tables)),
            data=data,
            initial=initial,
            readonly=readonly,
            choices=ChoiceCache(OFFERED),
        )
        self.document: Any = None  # the service's draft, once previewed
        self.rows: Mapping[str, list] = {}
        self.computed: dict[str, Any] = {}  # the line computed for each row, by prefix
        self.remade: set[str] = set()  # the tables the service made again, once previewed

    @property
    def form(self) -> forms.Form:
        return self.editor.form

    @property
    def formset(self) -> forms.BaseFormSet:
        return self.editor.formsets["items"]

    @property
    def auto_fields(self) -> tuple[str, ...]:
        return AUTO

    @property
    def line_labels(self) -> dict[str, Any]:
        return {name: field.label for name, field in LineForm.base_fields.items()}

    @property
    def currency(self) -> str:
        """The document's currency once the service filled it (its company's else)."""
        return text(self.document.currency) if self.document and self.document.currency_id else ""

    @property
    def auto_json(self) -> str:
        return json.dumps(self.auto, sort_keys=True)

    def is_valid(self) -> bool:
        return self.editor.is_valid()

    def sent_rows(self) -> list[forms.Form]:
        """The rows the service gets, in order (blank and removed ones left out)."""
        formset = self.formset
        return [
            form
            for index, form in enumerate(formset.forms)
            if (index < formset.initial_form_count() or form.has_changed())
            and not (getattr(form, "cleaned_data", None) or {}).get("DELETE")
        ]

    def header(self, *, with_filled: bool) -> dict[str, Any]:
        """The header's values; those the customer's defaults filled only ``with_filled``,
        and an address or contact chosen only while its customer stays."""
        values = {k: v for k, v in self.editor.form.values().items() if v not in (None, "")}
        moved = self.moved()
        header = {}
        for name, value in values.items():
            filled = name in AUTO and text(value) == self.auto.get(name)
            if (not filled or with_filled) and not (moved and name in PARTY_BOUND):
                header[name] = value
        return header

    def table_views(self) -> list[TableView]:
        return [
            TableView(
                name,
                table.label,
                self.editor.formsets[name],
                self.editor.table_errors.get(name, []),
            )
            for name, table in TABLES.items()
            if name in self.tables
        ]

    def stale_tables(self) -> set[str]:
        """The tables whose sources changed since they were made (all of them on a form
        never previewed): the service makes them again, what they showed is not sent."""
        shown = self.data if self.data is not None else self.editor.form.initial
        return {
            t
            for t in TABLES
            if t not in self.tables or self.auto.get(f"#{t}") != _sources_key(shown, t)
        }

    def table_rows(self, table: str) -> list[dict[str, Any]]:
        """The rows of ``table`` sent to the service: those valid, not blank nor removed."""
        formset = self.editor.formsets[table]
        parse = TABLES[table].parse
        return [
            parse({k: v for k, v in form.values().items() if k != "DELETE"})
            for index, form in enumerate(formset.forms)
            if (index < formset.initial_form_count() or form.has_changed())
            and form.is_valid()
            and not form.cleaned_data.get("DELETE")
        ]

    def moved(self) -> bool:
        """Another customer or company than the one the filled values came from."""
        values = self.editor.form.values()
        return any(text(values.get(name)) != self.auto.get(f"_{name}", "") for name in PARTY)

    def service_data(self) -> dict[str, Any]:
        """What is saved: what was typed, and the tables as shown; what was filled, and a
        table whose sources changed, is the service's to fill again."""
        values = self.editor.values()
        data = {**self.header(with_filled=False), "items": values["items"]}
        stale = self.stale_tables()
        return data | {table: values[table] for table in TABLES if table not in stale}

    def typed(self, header: Mapping[str, Any]) -> set[str]:
        return {name for name in header if text(header[name]) != self.auto.get(name)}

    def add_errors(self, error: DomainError) -> None:
        self.editor.add_errors(error)

    def row_views(self) -> list[RowView]:
        return [
            RowView(form, number + 1, self.computed.get(form.prefix))
            for number, form in enumerate(self.formset.forms)
        ]

    @property
    def taxes(self) -> list[Any]:
        return list(self.rows.get("taxes") or [])

    @property
    def schedule(self) -> list[Any]:
        return list(self.rows.get("payment_schedule") or [])


def previewed(entry: DocumentEntry) -> DocumentEntry:
    """The service's draft of what is typed so far (``document_preview``, nothing
    written): the form again showing what was filled, each line's amount, the taxes,
    totals and schedule, and the errors of the lines next to their cells."""
    entry.editor.is_valid()
    header = entry.header(with_filled=not entry.moved())
    if entry.data is None or not all(header.get(name) for name in PARTY):
        return entry
    complete = [row for row in entry.sent_rows() if _complete(row)]
    data: dict[str, Any] = dict(header)
    parse = entry.editor.tables[0].parse
    if complete:
        data["items"] = [parse(row.cleaned_data) for row in complete]
    stale = entry.stale_tables()
    data |= {table: entry.table_rows(table) for table in TABLES if table not in stale}
    document, rows, errors = document_preview(doctype=entry.screen.doctype, data=data)
    lines = list(rows.get("items") or []) if complete else []
    sent = _shown_data(entry, document, header, complete, lines)
    _tables_shown(sent, rows, stale)
    shown = DocumentEntry(entry.screen, sent)
    shown.editor.is_valid()
    shown.document, shown.rows = document, rows
    shown.remade = stale
    prefixes = [str(row.prefix) for row in complete]
    shown.computed = dict(zip(prefixes, lines, strict=False))
    _errors_onto(shown, errors.errors, prefixes)
    return shown


def _tables_shown(data: QueryDict, rows: Mapping[str, list], stale: set[str]) -> None:
    """The tables the service made again in place of those shown, and what each was made
    from noted in ``_auto`` (the next change sends them as shown)."""
    auto = _auto_sent(data)
    for table in stale:
        for key in [k for k in data if k.startswith(f"{table}-")]:
            del data[key]
        made = [_service_row(table, row) for row in rows.get(table) or []]
        data[f"{table}-TOTAL_FORMS"] = str(len(made))
        data[f"{table}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(made):
            data.update({f"{table}-{index}-{name}": value for name, value in row.items()})
    for table in TABLES:
        auto[f"#{table}"] = _sources_key(data, table)
    data["_auto"] = json.dumps(auto, sort_keys=True)


def _shown_data(entry, document, header, complete: list, lines: list) -> QueryDict:
    """What was sent, with what the service filled in place of what was filled before."""
    assert entry.data is not None
    data = entry.data.copy()
    auto = dict(entry.auto)
    typed = entry.typed(header)
    for name in AUTO:
        if name in entry.form.fields and name not in typed:
            data[name] = auto[name] = text(getattr(document, name, None))
    auto |= {f"_{name}": text(header.get(name)) for name in PARTY}
    data["_auto"] = json.dumps(auto, sort_keys=True)
    parse = entry.editor.tables[0].parse
    for row, line in zip(complete, lines, strict=False):
        if "rate" not in parse(row.cleaned_data):
            data[row.add_prefix("rate")] = data[row.add_prefix("rate_auto")] = text(line.rate)
    return data


def _errors_onto(entry: DocumentEntry, errors: dict[str, list[str]], prefixes: list[str]) -> None:
    """The service's errors of the previewed lines onto their rows (its ``items[0]`` is
    the first complete row), its header's onto their fields; the customer and company
    are not judged while being chosen."""
    rows = {form.prefix: form for form in entry.formset.forms}
    form = entry.form
    for path, messages in errors.items():
        table = path.partition("[")[0]
        if table in TABLES:
            entry.editor.table_errors.setdefault(table, []).extend(messages)
            continue
        if path == "items" or path in PARTY:
            continue
        target, field = form, path if path in form.fields else None
        if path.startswith("items["):
            index, _dot, column = path.removeprefix("items[").partition("].")
            target = rows[prefixes[int(index)]]
            field = column if column in target.fields else None
        for message in messages:
            target.add_error(field, message)


def _complete(row: forms.Form) -> bool:
    data = getattr(row, "cleaned_data", None) or {}
    return bool(data.get("item")) and data.get("qty") is not None and not data.get("DELETE")


def _auto_sent(data: QueryDict) -> dict[str, str]:
    try:
        found = json.loads(data.get("_auto") or "{}")
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): str(v) for k, v in found.items()}


def stored_initial(document: Any, output: Mapping[str, Any]) -> tuple[dict, dict[str, str]]:
    """A stored draft's form: its values, and what of them counts as filled (its header
    from the defaults, a line's rate when it is the price list's)."""
    initial = dict(output)
    initial["items"] = [
        {**row, "rate_auto": text(line.rate) if _priced(line) else ""}
        for row, line in zip(output["items"], rows_of(document, "items"), strict=True)
    ]
    auto = {name: text(output.get(name)) for name in AUTO if output.get(name) is not None}
    auto |= {f"_{name}": text(output.get(name)) for name in PARTY}
    auto |= {f"#{table}": _sources_key(output, table) for table in TABLES}
    return initial, auto


def _priced(line: Any) -> bool:
    return line.rate == discounted(Decimal(line.price_list_rate), Decimal(line.discount_percentage))


def stored_entry(screen: Screen, document: Any, output: Mapping[str, Any]) -> DocumentEntry:
    """A stored draft's form, showing its lines' amounts, taxes, totals and schedule as
    stored (the preview takes over once something changes)."""
    initial, auto = stored_initial(document, output)
    entry = DocumentEntry(screen, initial=initial, auto=auto)
    entry.document = document
    entry.rows = {table: list(rows_of(document, table)) for table in TABLES}
    lines = rows_of(document, "items")
    entry.computed = {
        form.prefix: line for form, line in zip(entry.formset.forms, lines, strict=False)
    }
    return entry
