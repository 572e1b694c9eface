"""The forms of the tree screens: the dialogs of a node (add a child, rename, move) and the
defaults of a customer group's and a territory's own pages, with their child tables.

They parse what a screen sends and hand the service its input keyed as the REST API names
it (``parent_customer_group``, ``credit_limits``…); the service's errors come back onto
the fields, a child table's (``credit_limits[1].company``) onto its row's cell.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clientele.core.errors import Conflict, DomainError
from clientele.core.specs import Row
from clientele.core.trees import TreeNode
from clientele.web.support import errors_onto_form
from clientele.web.tree_kinds import TreeKind

CODE_LENGTH = 140


class TreeForm(forms.Form):
    label_suffix = ""


class AddChildForm(TreeForm):
    name = forms.CharField(max_length=CODE_LENGTH)
    is_group = forms.BooleanField(label=_("Group Node"), required=False)

    def __init__(self, *args, tree: TreeKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = str(tree.name_label)

    def data_for(self, tree: TreeKind, parent: TreeNode) -> Row:
        """The service's input: the new node under ``parent``."""
        name = self.cleaned_data["name"]
        return {
            "name": name,
            "is_group": self.cleaned_data["is_group"],
            tree.spec.parent_input: parent.name,
            **tree.child_defaults(parent, name),
        }


class RenameForm(TreeForm):
    name = forms.CharField(label=_("New name"), max_length=CODE_LENGTH)


class MoveForm(TreeForm):
    parent = forms.CharField(label=_("New parent"), max_length=CODE_LENGTH)


def refusal_onto(form: forms.Form, error: DomainError) -> None:
    """A service's refusal onto the form; a conflict's message too (“already exists”),
    which says more than its field's “This code is taken.”."""
    errors_onto_form(form, error)
    if isinstance(error, Conflict) and error.errors:
        form.add_error(None, error.message)


# ---------------------------------------------------------- a group's and a territory's page


class LinkField(forms.CharField):
    """A link by code, chosen among the few records it may point to; the service checks
    the code (it exists, it is a selling price list…)."""

    def __init__(self, *, label: Any, **kwargs):
        super().__init__(label=label, required=False, widget=forms.Select, **kwargs)
        self.set_choices(())

    def set_choices(self, names: Iterable[str], keep: Any = None) -> None:
        """``keep``: the value the form holds, offered even when it no longer qualifies
        (a price list since made buying only), so saving the page never drops it unseen."""
        names = list(names)
        if keep and keep not in names:
            names.insert(0, keep)
        self.widget.choices = [("", "—"), *((name, name) for name in names)]


def choices_onto(form: forms.Form, choices: Mapping[str, Iterable[str]], *, editable: bool) -> None:
    """The records each link may point to, onto the form's selects; fields disabled for a
    reader."""
    for name, field in form.fields.items():
        field.disabled = not editable
        if isinstance(field, LinkField):
            field.set_choices(choices.get(name, ()), keep=form[name].value())


class RowForm(TreeForm):
    """One row of a child table; an empty row is left out, a row marked is removed."""

    def has_changed(self) -> bool:
        raw = (self[name].value() for name in self.fields if name != "DELETE")
        return any(value not in (None, "", False) for value in raw)

    def removed(self) -> bool:
        return "DELETE" in self.fields and bool(self["DELETE"].value())

    def row(self) -> Row:
        values = {name: self.cleaned_data.get(name) for name in self.fields if name != "DELETE"}
        return {name: (None if value == "" else value) for name, value in values.items()}


class CreditLimitRowForm(RowForm):
    company = LinkField(label=_("Company"))
    credit_limit = forms.DecimalField(
        label=_("Credit Limit"), min_value=0, max_digits=18, decimal_places=2
    )
    bypass_credit_limit_check = forms.BooleanField(
        label=_("Bypass credit limit check at sales order"), required=False
    )


class AccountRowForm(RowForm):
    company = LinkField(label=_("Company"))
    account = LinkField(label=_("Receivable Account"))
    advance_account = LinkField(label=_("Advance Account"))


class TargetRowForm(RowForm):
    item_group = LinkField(label=_("Item Group"))
    fiscal_year = LinkField(label=_("Fiscal Year"))
    target_qty = forms.DecimalField(
        label=_("Target Qty"), required=False, min_value=0, max_digits=18, decimal_places=3
    )
    target_amount = forms.DecimalField(
        label=_("Target Amount"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    distribution = LinkField(label=_("Target Distribution"))


class CustomerGroupForm(TreeForm):
    is_group = forms.BooleanField(label=_("Group Node"), required=False)
    default_price_list = LinkField(label=_("Default Price List"))
    payment_terms = LinkField(label=_("Default Payment Terms Template"))


class TerritoryForm(TreeForm):
    is_group = forms.BooleanField(label=_("Group Node"), required=False)
    territory_manager = LinkField(label=_("Territory Manager"))


ERROR_PATH = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")


class Table:
    """A child table on a page: its rows as a Django formset, the rows kept (neither empty
    nor marked for removal) in the order the service numbers them."""

    def __init__(
        self,
        field: str,
        form: type[RowForm],
        *,
        data: Mapping[str, Any] | None,
        initial: list[dict[str, Any]],
        choices: Mapping[str, Iterable[str]],
        editable: bool,
    ):
        factory = forms.formset_factory(form, extra=1 if editable else 0, can_delete=editable)
        self.field = field
        self.formset = factory(data=data, initial=None if data else initial, prefix=field)
        self.errors: list[str] = []
        self.forms: list[RowForm] = self.formset.forms
        for row in self.forms:
            choices_onto(row, choices, editable=editable)

    def kept(self) -> list[RowForm]:
        return [row for row in self.forms if row.has_changed() and not row.removed()]

    def is_valid(self) -> bool:
        return all([row.is_valid() for row in self.kept()])

    def rows(self) -> list[Row]:
        return [row.row() for row in self.kept()]


class Page:
    """The form of a node's page: its own fields and its child tables."""

    def __init__(self, form: TreeForm, tables: list[Table]):
        self.form = form
        self.tables = tables
        self.errors: list[str] = []

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), *(table.is_valid() for table in self.tables)])

    def has_errors(self) -> bool:
        rows = (row for table in self.tables for row in table.kept())
        tables = any(table.errors for table in self.tables)
        return bool(self.errors or self.form.errors or tables or any(row.errors for row in rows))

    def data(self) -> Row:
        own = {
            name: (None if value == "" else value) for name, value in self.form.cleaned_data.items()
        }
        return {**own, **{table.field: table.rows() for table in self.tables}}

    def refused(self, error: DomainError) -> None:
        """The service's errors onto the fields, a row's onto that row's cell."""
        tables = {table.field: table for table in self.tables}
        if not error.errors:
            self.errors.append(error.message)
        for path, messages in error.errors.items():
            for message in messages:
                self._place(tables, path, message)

    def _place(self, tables: dict[str, Table], path: str, message: str) -> None:
        found = ERROR_PATH.match(path)
        if found and found[1] in tables:
            kept = tables[found[1]].kept()
            index, column = int(found[2]), found[3]
            if index < len(kept) and column in kept[index].fields:
                kept[index].add_error(column, message)
                return
        if path in tables:
            tables[path].errors.append(message)
        elif path in self.form.fields:
            self.form.add_error(path, message)
        else:
            self.errors.append(message)
