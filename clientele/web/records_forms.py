"""Forms built from a record's ``Spec`` and its API request body, child tables included.

The generic record screens, the selling settings, leads, contacts and addresses all edit
through them: a field of the request body becomes an input (a link becomes a choice among
the linked records' codes, a child table an inline table of rows), its label is the model
field's translated name, and the service's field errors (``terms[1].invoice_portion``)
come back onto the input that caused them.
"""

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from babel import Locale
from babel.dates import get_month_names
from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from clientele.core.errors import DomainError
from clientele.core.labels import label_of
from clientele.core.meta import has_field
from clientele.core.specs import Child, Link, Spec
from clientele.web.lookup_forms import LinkField

# A field's choices: (value, label) pairs, the empty choice first when it may stay empty.
Choices = list[tuple[str, str]]
# Which linked records a choice offers, by input name (``{"selling": True}``).
Filters = Mapping[str, Mapping[str, Any]]
ROW_PATH = re.compile(r"^(?P<table>\w+)\[(?P<index>\d+)\]\.(?P<column>\w+)$")
EMPTY = ("", "—")


class ChoiceCache:
    """The choices of each link, read once per request however many rows show them."""

    def __init__(self, filters: Filters | None = None):
        self.filters = filters or {}
        self.known: dict[str, Choices] = {}

    def of(self, link: Link, *, required: bool) -> Choices:
        if link.name not in self.known:
            self.known[link.name] = _link_choices(link, self.filters.get(link.name, {}))
        return self.known[link.name] if required else [EMPTY, *self.known[link.name]]


def _link_choices(link: Link, filters: Mapping[str, Any]) -> Choices:
    """The records a link may name, by code; a tree offers its leaf nodes only (customers
    and transactions take leaves, SPEC §3.3), each shown in the reader's language."""
    rows = link.model._default_manager.filter(**filters)
    if has_field(link.model, "is_group"):
        rows = rows.filter(is_group=False)
    codes = rows.order_by(link.key).values_list(link.key, flat=True)
    return [(code, label_of(code)) for code in codes]


def _babel_locale() -> Locale:
    return Locale.parse(to_locale(get_language() or "fr"))


def _month_choices() -> Choices:
    names = get_month_names("wide", locale=_babel_locale())
    return [(str(number), capfirst(names[number])) for number in range(1, 13)]


def _country_choices() -> Choices:
    """ISO codes, shown by their names in the reader's language, in alphabetical order."""
    territories = _babel_locale().territories
    countries = [(code, name) for code, name in territories.items() if code.isalpha()]
    return sorted(countries, key=lambda pair: pair[1])


# Child tables are named by what they hold.
TABLE_LABELS = {
    "terms": _("Payment terms"),
    "percentages": _("Monthly percentages"),
    "emails": _("E-mails"),
    "phones": _("Phones"),
    "taxes": _("Taxes and charges"),
}


class RecordForm(forms.Form):
    """A record's own fields; its links' choices are filled from ``choices`` when made."""

    links: dict[str, tuple[Link, bool]] = {}
    dynamic: dict[str, Callable[[], Choices]] = {}

    def __init__(self, *args, choices: ChoiceCache | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        cache = choices or ChoiceCache()
        for name, (link, required) in self.links.items():
            self._offer(name, cache.of(link, required=required))
        for name, make in self.dynamic.items():
            self._offer(name, make())

    def _offer(self, name: str, choices: Choices) -> None:
        """The choices of ``name``; the value the record holds stays among them even when
        it would not be offered now (a record since disabled), so saving keeps it."""
        field = self.fields.get(name)
        if not isinstance(field, forms.ChoiceField):
            return
        held = self.initial.get(name)
        if held not in (None, "") and str(held) not in {value for value, _label in choices}:
            choices = [*choices, (str(held), label_of(str(held)))]
        field.choices = choices

    def values(self) -> dict[str, Any]:
        """The cleaned values as the service takes them: an empty link is ``None``."""
        data = dict(self.cleaned_data)
        for name in self.links:
            if name in data and data[name] == "":
                data[name] = None
        return data


def model_field(model: type[models.Model], name: str) -> models.Field:
    found = model._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a field.")
    return found


def _label(model: type[models.Model], name: str) -> Any:
    """The field's name in the reader's language (lazy: drawn when shown)."""
    return capfirst(model_field(model, name).verbose_name)


def scalar_field(model: type[models.Model], name: str, *, normalised: bool) -> forms.Field:
    """The input of one of the model's own fields. A field the service normalises (a
    country, a VAT number, an e-mail) takes free text: the service reads “France” as FR."""
    column = model_field(model, name)
    required = not column.blank
    label = _label(model, name)
    initial = column.get_default() if column.has_default() else None
    if name == "country":
        return forms.ChoiceField(label=label, required=required, initial=initial)
    if name == "month":
        return forms.TypedChoiceField(
            label=label, required=required, coerce=int, empty_value=None, initial=initial
        )
    if normalised:
        return forms.CharField(label=label, required=required, initial=initial)
    if isinstance(column, models.DateField):
        widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        return forms.DateField(label=label, required=required, widget=widget)
    formfield = column.formfield()
    if formfield is None:
        raise TypeError(f"{model.__name__}.{name} has no input.")
    if isinstance(formfield, forms.CharField) and isinstance(column, models.TextField):
        formfield.widget = forms.Textarea(attrs={"rows": 3})
    return formfield


def _link_field(model: type[models.Model], link: Link) -> tuple[forms.Field, bool]:
    column = model_field(model, link.field)
    required = not (column.null or column.blank)
    return forms.ChoiceField(label=_label(model, link.field), required=required), required


def _typed_link_field(model: type[models.Model], link: Link, kind: str) -> forms.Field:
    column = model_field(model, link.field)
    required = not (column.null or column.blank)
    return LinkField(kind, label=_label(model, link.field), required=required)


def record_form(
    spec: Spec,
    schema: type[Schema],
    *,
    only: tuple[str, ...] | None = None,
    exclude: tuple[str, ...] = (),
    widgets: Mapping[str, forms.Widget] | None = None,
    typeahead: Mapping[str, str] | None = None,
) -> type[RecordForm]:
    """A form class with one input per field of the request body ``schema`` that the
    record's ``spec`` declares (its own fields and links, in the body's order); child
    tables are left to ``child_table``. A link named in ``typeahead`` is typed with the
    look-up of that kind (``web/lookup.py``) instead of chosen in a list: a list of a
    million items would be read whole for every form."""
    links = {link.name: link for link in spec.links}
    attributes: dict[str, Any] = {}
    link_fields: dict[str, tuple[Link, bool]] = {}
    dynamic: dict[str, Callable[[], Choices]] = {}
    for name in schema.model_fields:
        if (only is not None and name not in only) or name in exclude:
            continue
        if name in links and typeahead and name in typeahead:
            attributes[name] = _typed_link_field(spec.model, links[name], typeahead[name])
        elif name in links:
            attributes[name], required = _link_field(spec.model, links[name])
            link_fields[name] = (links[name], required)
        elif name in spec.fields:
            attributes[name] = scalar_field(spec.model, name, normalised=name in spec.normalise)
            if name in ("country", "month"):
                dynamic[name] = _country_choices if name == "country" else _month_choices
        else:
            continue
        if widgets and name in widgets:
            attributes[name].widget = widgets[name]
            if isinstance(attributes[name], forms.ChoiceField):
                attributes[name].choices = attributes[name].choices  # onto the new widget
    attributes.update(links=link_fields, dynamic=dynamic)
    return type(f"{spec.model.__name__}Form", (RecordForm,), attributes)


@dataclass(frozen=True)
class Table:
    """A child table edited inline: ``field`` as the request body names it, one form per row."""

    field: str
    label: Any  # a lazy translation: drawn in the reader's language
    form: type[RecordForm]
    # The row's values as the service takes them (a contact's links, for one).
    parse: Callable[[dict[str, Any]], dict[str, Any]] = dataclasses.field(
        default=lambda values: values
    )

    @property
    def columns(self) -> list[str]:
        return [str(field.label) for field in self.form.base_fields.values()]

    def formset_class(self, extra: int = 0) -> type[forms.BaseFormSet]:
        return forms.formset_factory(self.form, extra=extra, can_delete=True)


def child_table(spec: Spec, child: Child) -> Table:
    """A child table of ``spec`` as its columns declare it (links as choices)."""
    links = {link.name: link for link in child.links}
    attributes: dict[str, Any] = {}
    link_fields: dict[str, tuple[Link, bool]] = {}
    dynamic: dict[str, Callable[[], Choices]] = {}
    for column in child.columns:
        if column in links:
            attributes[column], required = _link_field(child.model, links[column])
            link_fields[column] = (links[column], required)
        else:
            attributes[column] = scalar_field(child.model, column, normalised=False)
            if column == "month":
                dynamic[column] = _month_choices
    attributes.update(links=link_fields, dynamic=dynamic)
    form = type(f"{child.model.__name__}RowForm", (RecordForm,), attributes)
    return Table(child.field, TABLE_LABELS.get(child.field, capfirst(child.field)), form)


@dataclass
class Editor:
    """A record's form and its child tables, bound to a request or showing a record.

    ``initial`` is the record as the API answers it (links by code, child rows as lists),
    so one dictionary fills both the form and its tables.
    """

    form_class: type[RecordForm]
    tables: tuple[Table, ...] = ()
    data: Mapping[str, Any] | None = None
    initial: Mapping[str, Any] | None = None
    readonly: bool = False
    choices: ChoiceCache = dataclasses.field(default_factory=ChoiceCache)
    # The table that gets one more blank row (“Add a row” without JavaScript).
    extra_row: str = ""
    table_errors: dict[str, list[str]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        initial = dict(self.initial or {})
        self.form = self.form_class(self.data, initial=initial, choices=self.choices)
        self.formsets = {
            table.field: table.formset_class(extra=self._blank_rows(table, initial))(
                self.data,
                initial=initial.get(table.field) or None,
                prefix=table.field,
                form_kwargs={"choices": self.choices},
            )
            for table in self.tables
        }
        if self.readonly:
            for form in self.all_forms():
                for bound in form.fields.values():
                    bound.disabled = True

    def _blank_rows(self, table: Table, initial: Mapping[str, Any]) -> int:
        """One blank row to type in where a table is asked for one, or shown empty to a
        writer; a sent form has exactly the rows it sent."""
        if table.field == self.extra_row:
            return 1
        return int(self.data is None and not self.readonly and not initial.get(table.field))

    def all_forms(self) -> list[forms.Form]:
        return [self.form, *(f for formset in self.formsets.values() for f in formset.forms)]

    @property
    def table_views(self) -> list[dict[str, Any]]:
        """What the template draws for each table: its label, rows and errors."""
        return [
            {
                "table": table,
                "formset": self.formsets[table.field],
                "errors": self.table_errors.get(table.field, []),
            }
            for table in self.tables
        ]

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        return all([valid, *(formset.is_valid() for formset in self.formsets.values())])

    def values(self) -> dict[str, Any]:
        """The input for the service: the form's fields, and every table whole (rows left
        blank or marked for removal dropped)."""
        data = self.form.values()
        for table in self.tables:
            formset = self.formsets[table.field]
            rows = []
            for index, form in enumerate(formset.forms):
                blank = index >= formset.initial_form_count() and not form.has_changed()
                if blank or form.cleaned_data.get("DELETE"):
                    continue
                values = {k: v for k, v in form.values().items() if k != "DELETE"}
                rows.append(table.parse(values))
            data[table.field] = rows
        return data

    def add_errors(self, error: DomainError) -> None:
        """The service's field errors next to their inputs, a row's on its cell; what has
        no input of its own is said above the form."""
        if not error.errors:
            self.form.add_error(None, error.message)
        kept = self._kept_rows()
        for path, messages in error.errors.items():
            for message in messages:
                self._add_error(path, message, kept)

    def _kept_rows(self) -> dict[str, list[forms.Form]]:
        """The rows sent to the service, by table, in order: its ``terms[1]`` is the second
        of them, whatever blank or removed rows stood between."""
        kept: dict[str, list[forms.Form]] = {}
        for table in self.tables:
            formset = self.formsets[table.field]
            kept[table.field] = [
                form
                for index, form in enumerate(formset.forms)
                if not (index >= formset.initial_form_count() and not form.has_changed())
                and not form.cleaned_data.get("DELETE")
            ]
        return kept

    def _add_error(self, path: str, message: str, kept: dict[str, list[forms.Form]]) -> None:
        match = ROW_PATH.match(path)
        if match and match["table"] in kept and int(match["index"]) < len(kept[match["table"]]):
            row = kept[match["table"]][int(match["index"])]
            column = match["column"]
            row.add_error(column if column in row.fields else None, message)
        elif path in self.formsets:
            self.table_errors.setdefault(path, []).append(message)
        else:
            self.form.add_error(path if path in self.form.fields else None, message)

    def with_row(self, table: str) -> "Editor":
        """The form as typed so far, not checked yet, with one more blank row in ``table``
        (the plain-HTML “Add a row”); rows left blank or marked for removal are dropped."""
        initial: dict[str, Any] = {name: self.form[name].value() for name in self.form.fields}
        for each in self.tables:
            formset = self.formsets[each.field]
            initial[each.field] = [
                {name: form[name].value() for name in form.fields if name != "DELETE"}
                for index, form in enumerate(formset.forms)
                if not form["DELETE"].value()
                and (index < formset.initial_form_count() or form.has_changed())
            ]
        return Editor(
            self.form_class, self.tables, initial=initial, choices=self.choices, extra_row=table
        )

    @property
    def has_errors(self) -> bool:
        return bool(self.table_errors) or any(form.errors for form in self.all_forms())


def new_row(table: Table, index: int, choices: ChoiceCache | None = None) -> forms.Form:
    """A blank row at ``index`` of ``table``, as its formset draws its rows (with the
    “Delete” box), for “Add a row”."""
    formset = table.formset_class()(prefix=table.field, form_kwargs={"choices": choices})
    form = table.form(
        prefix=formset.add_prefix(index),
        empty_permitted=True,
        use_required_attribute=False,
        choices=choices,
    )
    formset.add_fields(form, None)
    return form
