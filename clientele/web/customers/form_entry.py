"""The customer's full form as a whole: its fields, its child tables and a new customer's
primary contact and address, parsed into the services' typed input; the services' errors
(``credit_limits[1].company``) land back on the field, row and cell that caused them.

A child table's rows are posted under indexed names (``credit_limits-0-company``); the
indexes need not follow each other (a row removed leaves a gap), and a row left blank is
kept on screen but not sent.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clientele.core.errors import DomainError
from clientele.customers.types import (
    CustomerCreateData,
    CustomerData,
    QuickAddressData,
    QuickContactData,
)
from clientele.web.customers.form_fields import (
    BLOCK_LEGENDS,
    SECTIONS,
    TABLES,
    AddressBlock,
    ContactBlock,
    CustomerForm,
    EntryForm,
    RowForm,
)
from clientele.web.lookup_forms import links_creatable


@dataclass
class ChildTable:
    """A child table on screen: its rows (``index`` is the one in their input names), and
    the errors of the table as a whole (the sales team's total)."""

    name: str
    title: Promise
    row_form: type[RowForm]
    rows: list[tuple[int, RowForm]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    creatable: frozenset[str] = frozenset()

    def add(self, index: int, data: Mapping[str, Any] | None = None, initial=None) -> None:
        row = self.row_form(data, initial=initial, prefix=f"{self.name}-{index}")
        links_creatable(row, self.creatable)
        self.rows.append((index, row))

    def add_blank(self) -> int:
        index = max((i for i, _row in self.rows), default=-1) + 1
        self.add(index)
        return index

    def remove(self, index: int) -> None:
        self.rows = [(i, row) for i, row in self.rows if i != index]

    @property
    def labels(self) -> list[Any]:
        return [f.label for f in self.row_form.base_fields.values()]

    def sent(self) -> list[RowForm]:
        """The rows the service gets, in order: the n-th is its ``table[n]``."""
        return [row for _i, row in self.rows if row.is_bound and not row.is_blank()]

    def data_for_service(self) -> list[dict[str, Any]]:
        return [row.data_for_service() for row in self.sent()]


def _filled(block: forms.Form) -> dict[str, str] | None:
    values = {k: v for k, v in block.cleaned_data.items() if v}
    return values or None


@dataclass(frozen=True)
class SectionView:
    """A section as the template draws it."""

    id: str
    title: Promise
    intro: Promise | None
    fields: list[forms.BoundField]
    blocks: list[tuple[Promise, EntryForm]]
    tables: list["ChildTable"]


ROW_PATH = re.compile(r"^(?P<table>\w+)\[(?P<index>\d+)\]\.(?P<column>\w+)$")


@dataclass(frozen=True)
class Problem:
    """An error as the summary at the top lists it: where it is, and what."""

    anchor: str
    where: str
    message: str


class CustomerEntry:
    """The whole form: the customer's fields, its child tables and, on a new customer, the
    primary contact and address blocks."""

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        new: bool,
        initial: Mapping[str, Any] | None = None,
        creatable: frozenset[str] = frozenset(),
        contacts: Iterable[tuple[str, str]] = (),
        addresses: Iterable[tuple[str, str]] = (),
    ):
        initial = dict(initial or {})
        self.new = new
        self.form = CustomerForm(
            data, initial=initial, new=new, contacts=contacts, addresses=addresses
        )
        links_creatable(self.form, creatable)
        self.tables = {
            name: ChildTable(name, title, row_form, creatable=creatable)
            for name, title, row_form in TABLES
        }
        for table in self.tables.values():
            if data is not None:
                for index in _indexes(data, table.name):
                    table.add(index, data)
            else:
                for index, row in enumerate(initial.get(table.name) or []):
                    table.add(index, initial=row)
        self.blocks: dict[str, EntryForm] = {}
        if new:
            for prefix, block in (("contact", ContactBlock), ("address", AddressBlock)):
                block_initial = {k.removeprefix(f"{prefix}-"): v for k, v in initial.items()}
                self.blocks[prefix] = block(data, prefix=prefix, initial=block_initial)

    def sections(self) -> list[SectionView]:
        return [
            SectionView(
                section.id,
                section.title,
                section.intro,
                [self.form[name] for name in section.fields if name in self.form.fields],
                [(BLOCK_LEGENDS[b], self.blocks[b]) for b in section.blocks if b in self.blocks],
                [self.tables[name] for name in section.tables],
            )
            for section in SECTIONS
        ]

    def _forms(self) -> list[EntryForm]:
        rows = [row for table in self.tables.values() for _index, row in table.rows]
        return [self.form, *self.blocks.values(), *rows]

    def is_valid(self) -> bool:
        sent = [row for table in self.tables.values() for row in table.sent()]
        return all([f.is_valid() for f in [self.form, *self.blocks.values(), *sent]])

    def customer_data(self) -> CustomerCreateData:
        data = self.form.data_for_service()
        for name, table in self.tables.items():
            data[name] = table.data_for_service()
        return cast(CustomerCreateData, data)

    def update_data(self) -> CustomerData:
        return cast(CustomerData, self.customer_data())

    def contact_data(self) -> QuickContactData | None:
        return cast(QuickContactData | None, _filled(self.blocks["contact"]))

    def address_data(self) -> QuickAddressData | None:
        return cast(QuickAddressData | None, _filled(self.blocks["address"]))

    def row_action(self, action: str) -> ChildTable | None:
        """``add:credit_limits`` or ``remove:credit_limits:3``, from a table's buttons: the
        form comes back as typed, unchecked (``EntryForm.quiet``)."""
        for form in self._forms():
            form.quiet = True
        verb, _sep, rest = action.partition(":")
        name, _sep, index = rest.partition(":")
        table = self.tables.get(name)
        if table is None:
            return None
        if verb == "add":
            table.add_blank()
        elif verb == "remove" and index.isdigit():
            table.remove(int(index))
        return table

    def service_errors(self, error: DomainError) -> None:
        """Each of the service's errors onto its field, row and cell, or its table."""
        if not error.errors:
            self.form.add_error(None, error.message)
        for path, messages in error.errors.items():
            for message in messages:
                self._place(path, message)

    def _place(self, path: str, message: str) -> None:
        if found := ROW_PATH.match(path):
            table = self.tables.get(found["table"])
            rows = table.sent() if table else []
            index = int(found["index"])
            if index < len(rows):
                row, column = rows[index], found["column"]
                row.add_error(column if column in row.fields else None, message)
                return
        if path in self.tables:
            self.tables[path].errors.append(message)
            return
        prefix, _dot, name = path.partition(".")
        block = self.blocks.get(prefix)
        if block is not None:
            block.add_error(name if name in block.fields else None, message)
        else:
            self.form.add_error(path if path in self.form.fields else None, message)

    def problems(self) -> list[Problem]:
        """Every error, in the order of the page, for the summary at the top."""
        if not self.form.is_bound:
            return []
        found = [Problem("", "", str(m)) for m in self.form.non_field_errors()]
        for section in self.sections():
            found += [_problem(bound, "", str(m)) for bound in section.fields for m in bound.errors]
            for legend, block in section.blocks:
                found += _form_problems(block, f"{legend}, ")
            for table in section.tables:
                found += [Problem(f"table-{table.name}", str(table.title), m) for m in table.errors]
                for position, (_index, row) in enumerate(table.rows, start=1):
                    where = _("%(label)s, row %(row)s") % {"label": table.title, "row": position}
                    found += _form_problems(row, f"{where}, ")
        return found


def _problem(bound: forms.BoundField, where: str, message: str) -> Problem:
    return Problem(bound.auto_id, f"{where}{bound.label}", message)


def _form_problems(form: forms.Form, where: str) -> list[Problem]:
    if not form.is_bound:
        return []
    found = [Problem("", where.rstrip(", "), str(m)) for m in form.non_field_errors()]
    return found + [_problem(bound, where, str(m)) for bound in form for m in bound.errors]


def _indexes(data: Mapping[str, Any], table: str) -> list[int]:
    pattern = re.compile(rf"^{re.escape(table)}-(\d+)-")
    return sorted({int(m.group(1)) for key in data if (m := pattern.match(key))})
