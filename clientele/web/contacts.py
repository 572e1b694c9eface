"""Contacts and addresses: their lists (the API's search), each one's page and form.

Written through ``contacts.services`` as the API does; the parties a contact or an address
belongs to are shown with a link to their page (a customer's at ``/customer/<code>/``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clientele.contacts import selectors, services
from clientele.contacts.parties import PARTY_TYPES, party_names
from clientele.contacts.schemas import AddressIn, ContactIn
from clientele.core.api_support import serialize
from clientele.core.errors import DomainError
from clientele.core.roles import CUSTOMER_WRITERS
from clientele.core.specs import Spec
from clientele.web.customers import customer_url
from clientele.web.records import table_row
from clientele.web.records_forms import Editor, RecordForm, Table, child_table, record_form
from clientele.web.records_support import PER_PAGE, Pager, list_query, redirect_to, require
from clientele.web.support import acting_user, can, is_htmx, role_required


class LinkRowForm(RecordForm):
    """One party the contact or address belongs to: its kind and its code."""

    party_type = forms.ChoiceField(label=gettext_lazy("Party type"))
    party_name = forms.CharField(label=gettext_lazy("Party code"), max_length=140)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [
            (key, capfirst(kind.model._meta.verbose_name)) for key, kind in PARTY_TYPES.items()
        ]
        field = cast(forms.ChoiceField, self.fields["party_type"])
        field.choices = sorted(kinds, key=lambda pair: str(pair[1]))


LINKS = Table("links", gettext_lazy("Linked to"), LinkRowForm)


def party_url(party_type: str, name: str) -> str | None:
    """The page of a linked party: a customer's, a lead's, a company's or a partner's."""
    if party_type == "customer":
        return customer_url(name)
    if party_type == "lead":
        return reverse("web:lead-page", args=[name])
    kinds = {"company": "companies", "sales_partner": "sales-partners"}
    if party_type in kinds:
        return reverse("web:record-edit", args=[kinds[party_type], name])
    return None


def parties_of(records: Iterable[Any]) -> dict[int, list[dict[str, Any]]]:
    """The parties each record (a contact or an address, links prefetched) is linked to,
    their codes read once per kind of party, whatever the number of records."""
    records = list(records)
    names = party_names([link for record in records for link in record.links.all()])
    return {
        record.pk: [
            {
                "party_type": link.party_type,
                "party_name": names.get((link.party_type, link.party_id), ""),
                "kind": capfirst(PARTY_TYPES[link.party_type].model._meta.verbose_name),
                "url": party_url(link.party_type, names.get((link.party_type, link.party_id), "")),
            }
            for link in record.links.all()
        ]
        for record in records
    }


@dataclass(frozen=True)
class Linkable:
    """What differs between the contact screens and the address screens."""

    key: str  # contact | address
    spec: Spec
    form: type[RecordForm]
    tables: tuple[Table, ...]
    queryset: Callable[[], models.QuerySet]
    page: Callable[..., tuple[int, list]]
    create: Callable[..., models.Model]
    update: Callable[..., models.Model]

    def fetch(self, name: str) -> models.Model:
        record = self.queryset().filter(name=name).first()
        if record is None:
            raise Http404(name)
        return record

    def answer(self, record: models.Model) -> dict[str, Any]:
        """The record as the API answers it (``contact_out``, ``address_out``)."""
        data = serialize(self.spec, record)
        data["links"] = [
            {"party_type": p["party_type"], "party_name": p["party_name"]}
            for p in parties_of([record])[record.pk]
        ]
        return data

    def editor(self, request: HttpRequest, record: models.Model | None = None, **kw) -> Editor:
        initial = self.answer(record) if record is not None else None
        return Editor(self.form, self.tables, initial=initial, **kw)

    def url(self, record: models.Model, action: str = "page") -> str:
        return reverse(f"web:{self.key}-{action}", args=[record.name])  # type: ignore[attr-defined]


CONTACTS = Linkable(
    "contact",
    services.CONTACT,
    record_form(services.CONTACT, ContactIn),
    (*(child_table(services.CONTACT, c) for c in services.CONTACT.children), LINKS),
    selectors.contacts_queryset,
    selectors.contact_page,
    lambda *, data, user: services.contact_create(data=data, user=user),
    lambda record, *, data, user: services.contact_update(contact=record, data=data, user=user),
)
ADDRESSES = Linkable(
    "address",
    services.ADDRESS,
    record_form(services.ADDRESS, AddressIn),
    (LINKS,),
    selectors.addresses_queryset,
    selectors.address_page,
    lambda *, data, user: services.address_create(data=data, user=user),
    lambda record, *, data, user: services.address_update(address=record, data=data, user=user),
)


def _list(request: HttpRequest, kind: Linkable) -> HttpResponse:
    q, page = list_query(request)
    count, records = kind.page(q=q, limit=PER_PAGE, offset=Pager(0, page).offset)
    parties = parties_of(records)
    context = {
        "rows": [(record, parties[record.pk]) for record in records],
        "pager": Pager(count, page, q),
        "q": q,
        "can_write": can(request, CUSTOMER_WRITERS),
    }
    template = f"web/contacts/{kind.key}_list.html" + ("#results" if is_htmx(request) else "")
    return render(request, template, context)


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    return _list(request, CONTACTS)


@login_required
def address_list(request: HttpRequest) -> HttpResponse:
    return _list(request, ADDRESSES)


def _page(request: HttpRequest, kind: Linkable, name: str) -> HttpResponse:
    record = kind.fetch(name)
    context = {
        "record": record,
        "parties": parties_of([record])[record.pk],
        "can_write": can(request, CUSTOMER_WRITERS),
    }
    return render(request, f"web/contacts/{kind.key}.html", context)


@login_required
def contact_page(request: HttpRequest, name: str) -> HttpResponse:
    return _page(request, CONTACTS, name)


@login_required
def address_page(request: HttpRequest, name: str) -> HttpResponse:
    return _page(request, ADDRESSES, name)


def _form(request: HttpRequest, kind: Linkable, name: str | None) -> HttpResponse:
    """A contact's or address's form (a new one without ``name``): readers see it, the
    writers of the API's contacts save it."""
    record = kind.fetch(name) if name is not None else None
    if request.method != "POST":
        readonly = not can(request, CUSTOMER_WRITERS)
        return _form_page(request, kind, kind.editor(request, record, readonly=readonly), record)
    require(request, CUSTOMER_WRITERS)
    editor = kind.editor(request, record, data=request.POST)
    if table := request.POST.get("add_row"):
        return _form_page(request, kind, editor.with_row(table), record)
    return _save(request, kind, editor, record)


def _save(
    request: HttpRequest, kind: Linkable, editor: Editor, record: models.Model | None
) -> HttpResponse:
    if not editor.is_valid():
        return _form_page(request, kind, editor, record, status=422)
    data = cast(Any, editor.values())  # the fields of ContactIn / AddressIn
    try:
        if record is None:
            saved = kind.create(data=data, user=acting_user(request))
        else:
            saved = kind.update(record, data=data, user=acting_user(request))
    except DomainError as error:
        editor.add_errors(error)
        return _form_page(request, kind, editor, record, status=error.status)
    messages.success(request, _("“%(name)s” was saved.") % {"name": saved.name})  # type: ignore[attr-defined]
    return redirect_to(request, kind.url(saved))


def _form_page(
    request: HttpRequest,
    kind: Linkable,
    editor: Editor,
    record: models.Model | None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "kind": kind.key,
        "editor": editor,
        "record": record,
        "can_write": can(request, CUSTOMER_WRITERS),
        "row_url": reverse(f"web:{kind.key}-row"),
    }
    return render(request, "web/contacts/form.html", context, status=status)


@login_required
def contact_new(request: HttpRequest) -> HttpResponse:
    return _form(request, CONTACTS, None)


@login_required
def contact_edit(request: HttpRequest, name: str) -> HttpResponse:
    return _form(request, CONTACTS, name)


@login_required
def address_new(request: HttpRequest) -> HttpResponse:
    return _form(request, ADDRESSES, None)


@login_required
def address_edit(request: HttpRequest, name: str) -> HttpResponse:
    return _form(request, ADDRESSES, name)


@login_required
@role_required(CUSTOMER_WRITERS)
def contact_row(request: HttpRequest) -> HttpResponse:
    return table_row(request, CONTACTS.tables)


@login_required
@role_required(CUSTOMER_WRITERS)
def address_row(request: HttpRequest) -> HttpResponse:
    return table_row(request, ADDRESSES.tables)
