"""The master records a customer links to (companies, currencies, price lists, payment
terms…): one list, one form and one delete for every kind, driven by the REST API's own
table of them (``clientele.masters.api.ROUTES``): the same record, rules, writers, request
body and list as ``/api/v1/<kind>/``. Trees (accounts, sales persons, item groups) have
screens of their own.
"""

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from ninja import Schema

from clientele.core import identifiers
from clientele.core.errors import DomainError
from clientele.core.labels import label_of
from clientele.core.routes import Routes, spec_routes
from clientele.masters.api import ROUTES
from clientele.pricing.api import ROUTES as PRICING_ROUTES
from clientele.pricing.models import Item
from clientele.web.records_forms import (
    Editor,
    Table,
    child_table,
    model_field,
    new_row,
    record_form,
)
from clientele.web.records_support import Pager, list_query, redirect_to, require
from clientele.web.support import acting_user, can, is_htmx
from clientele.web.templatetags.web_format import number, when

# Columns a list shows besides the code: enough to tell records apart, not the whole form.
MAX_COLUMNS = 4
# Where the first columns would not tell the records apart (an item price by its code).
LIST_COLUMNS = {
    "item-prices": ("item", "price_list", "price_list_rate", "valid_from", "valid_upto"),
}
# Links to records too many to offer in a list: typed, with the look-up of their kind.
TYPEAHEAD = {Item: "items"}


@dataclass(frozen=True)
class Kind:
    """One kind of record as the API serves it at ``/api/v1/<path>/``."""

    path: str
    routes: Routes
    schema_in: type[Schema]

    @property
    def spec(self):
        return self.routes.spec

    @property
    def model(self) -> type[models.Model]:
        return self.routes.spec.model

    @property
    def writers(self) -> tuple[str, ...]:
        return self.routes.writers

    @property
    def plural(self) -> str:
        return capfirst(str(self.model._meta.verbose_name_plural))

    @property
    def singular(self) -> str:
        return capfirst(str(self.model._meta.verbose_name))

    @property
    def list_url(self) -> str:
        return reverse("web:record-list", args=[self.path])

    @property
    def row_url(self) -> str:
        return reverse("web:record-row", args=[self.path])

    def url(self, name: str, action: str = "edit") -> str:
        return reverse(f"web:record-{action}", args=[self.path, name])

    @functools.cached_property
    def form_class(self):
        typeahead = {
            link.name: TYPEAHEAD[link.model] for link in self.spec.links if link.model in TYPEAHEAD
        }
        return record_form(self.spec, self.schema_in, typeahead=typeahead)

    @functools.cached_property
    def tables(self) -> tuple[Table, ...]:
        return tuple(child_table(self.spec, child) for child in self.spec.children)

    def editor(self, **kwargs) -> Editor:
        return Editor(self.form_class, self.tables, **kwargs)

    @functools.cached_property
    def columns(self) -> list[tuple[str, str]]:
        """(field, heading) of the list: the first own fields (long texts left out) and
        links, then each child table's number of rows."""
        names = [
            name
            for name in self.spec.fields
            if name != "name" and not isinstance(model_field(self.model, name), models.TextField)
        ]
        names += [link.name for link in self.spec.links]
        names = list(LIST_COLUMNS.get(self.path, names[:MAX_COLUMNS]))
        fields = {link.name: link.field for link in self.spec.links}
        shown = [
            (name, capfirst(model_field(self.model, fields.get(name, name)).verbose_name))
            for name in names
        ]
        return shown + [(table.field, table.label) for table in self.tables]

    def fetch(self, name: str) -> models.Model:
        record = self.routes.queryset().filter(name=name).first()
        if record is None:
            raise Http404(name)
        return record

    def answer(self, record: models.Model) -> dict[str, Any]:
        """The record as the API answers it: links by code, child rows as lists."""
        return self.routes.answer([record])[0]

    def page(self, q: str, pager: Pager) -> tuple[int, list[dict[str, Any]]]:
        """One page of the list, through the API's own list (search by code)."""
        params = self.routes.params(q=q or None, limit=pager.per_page, offset=pager.offset)
        count, records = self.routes.lister(self.routes.queryset(), params)
        return count, [self.row(answer) for answer in self.routes.answer(records)]

    def row(self, answer: dict[str, Any]) -> dict[str, Any]:
        cells = [(heading, self.cell(name, answer.get(name))) for name, heading in self.columns]
        return {"name": answer["name"], "url": self.url(answer["name"]), "cells": cells}

    def cell(self, name: str, value: Any) -> str:
        """A value as people read it: yes or no, numbers and dates in their language, a
        country or a choice by its name, a child table by its number of rows."""
        if isinstance(value, list):
            return number(len(value))
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if isinstance(value, Decimal | int):
            return number(value)
        if isinstance(value, date):
            return when(value)
        if name == "country":
            return identifiers.country_name(value)
        field = self.model._meta.get_field(name) if name in self.spec.fields else None
        choices = dict(getattr(field, "choices", None) or ())
        return str(choices.get(value, value))


def _kind(path: str, spec, tag: str, writers, schema_in, schema_out) -> Kind:
    """A record's screens over the routes the API builds for it (``masters.api.routers``)."""
    routes = spec_routes(
        spec, tag=tag, writers=writers, label=label_of, schema_in=schema_in, schema_out=schema_out
    )
    return Kind(path, routes, schema_in)


KINDS = {entry[0]: _kind(*entry) for entry in ROUTES if not entry[1].is_tree} | {
    path: Kind(path, routes, routes.schema_in) for path, routes in PRICING_ROUTES
}


def kind_of(path: str) -> Kind:
    if path not in KINDS:
        raise Http404(path)
    return KINDS[path]


@login_required
def record_list(request: HttpRequest, kind: str) -> HttpResponse:
    found, (q, page) = kind_of(kind), list_query(request)
    count, rows = found.page(q, Pager(0, page))
    context = {
        "kind": found,
        "rows": rows,
        "pager": Pager(count, page, q),
        "q": q,
        "can_write": can(request, found.writers),
    }
    template = "web/records/list.html" + ("#results" if is_htmx(request) else "")
    return render(request, template, context)


@login_required
def record_new(request: HttpRequest, kind: str) -> HttpResponse:
    found = kind_of(kind)
    require(request, found.writers)
    if request.method != "POST":
        return _form_page(request, found, found.editor())
    return _save(request, found, None)


@login_required
def record_edit(request: HttpRequest, kind: str, name: str) -> HttpResponse:
    found = kind_of(kind)
    record = found.fetch(name)
    if request.method != "POST":
        readonly = not can(request, found.writers)
        editor = found.editor(initial=found.answer(record), readonly=readonly)
        return _form_page(request, found, editor, record)
    require(request, found.writers)
    return _save(request, found, record)


@login_required
def record_row(request: HttpRequest, kind: str) -> HttpResponse:
    """One blank row of a child table, for “Add a row” (htmx)."""
    found = kind_of(kind)
    require(request, found.writers)
    return table_row(request, found.tables)


def table_row(request: HttpRequest, tables: tuple[Table, ...]) -> HttpResponse:
    """A blank row of the table the request names, after the rows it already has."""
    table = next((t for t in tables if t.field == request.GET.get("table")), None)
    if table is None:
        raise Http404("table")
    try:
        index = max(0, int(request.GET.get(f"{table.field}-TOTAL_FORMS", "0")))
    except ValueError:
        index = 0
    form = new_row(table, index)
    context = {"form": form, "table": table, "number": index + 1, "total": index + 1}
    return render(request, "web/records/table.html#new-row", context)


@login_required
def record_delete(request: HttpRequest, kind: str, name: str) -> HttpResponse:
    found = kind_of(kind)
    record = found.fetch(name)
    require(request, found.writers)
    context: dict[str, Any] = {"kind": found, "record": record}
    if request.method == "POST":
        try:
            found.routes.delete(record, user=acting_user(request))
        except DomainError as error:
            return _delete_page(request, context | {"error": error}, status=error.status)
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
        return redirect_to(request, found.list_url)
    return _delete_page(request, context)


def _delete_page(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    template = "web/records/delete.html" + ("#dialog" if is_htmx(request) else "")
    return render(request, template, context, status=status)


def _form_page(
    request: HttpRequest,
    kind: Kind,
    editor: Editor,
    record: models.Model | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "kind": kind,
        "editor": editor,
        "record": record,
        "can_write": can(request, kind.writers),
        "row_url": kind.row_url,
    }
    return render(request, "web/records/form.html", context, status=status)


def _save(request: HttpRequest, kind: Kind, record: models.Model | None) -> HttpResponse:
    """Check the form, then hand it to the API's own create or update; every refusal
    comes back next to its input and nothing is written."""
    initial = kind.answer(record) if record is not None else None
    editor = kind.editor(data=request.POST, initial=initial)
    if table := request.POST.get("add_row"):
        return _form_page(request, kind, editor.with_row(table), record)
    if not editor.is_valid():
        return _form_page(request, kind, editor, record, status=422)
    try:
        user = acting_user(request)
        if record is None:
            saved = kind.routes.create(data=editor.values(), user=user)
        else:
            saved = kind.routes.update(record, data=editor.values(), user=user)
    except DomainError as error:
        editor.add_errors(error)
        return _form_page(request, kind, editor, record, status=error.status)
    messages.success(request, _("“%(name)s” was saved.") % {"name": getattr(saved, "name", "")})
    return redirect_to(request, kind.list_url)
