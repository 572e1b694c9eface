"""Leads (“Prospects”): the list, a lead's page, its form, and “Convertir en client”.

Written through the leads' services (``crm.services``) and converted as the API's
``POST /leads/{name}/convert`` does: ``lead_customer_data`` then ``customer_create``.
"""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clientele.classification.services import selling_settings_get
from clientele.contacts.selectors import party_addresses, party_contacts
from clientele.core.api_support import serialize
from clientele.core.errors import DomainError
from clientele.core.roles import CUSTOMER_WRITERS
from clientele.crm import selectors
from clientele.crm.models import Lead
from clientele.crm.schemas import LeadIn
from clientele.crm.services import LEAD, lead_create, lead_update
from clientele.crm.types import LeadData
from clientele.customers.conversion import lead_customer_data
from clientele.customers.models import Customer
from clientele.customers.schemas import ConvertIn
from clientele.customers.services import CUSTOMER, customer_create
from clientele.customers.types import CustomerCreateData
from clientele.web.customers import customer_url
from clientele.web.records_forms import Editor, record_form
from clientele.web.records_support import PER_PAGE, Pager, list_query, redirect_to, require
from clientele.web.support import acting_user, can, is_htmx, role_required

LeadForm = record_form(LEAD, LeadIn)
LeadForm.base_fields["name"].required = False
LeadForm.base_fields["name"].help_text = gettext_lazy(
    "Left empty, the next code of the leads' series."
)
LeadEditForm = record_form(LEAD, LeadIn, exclude=("name",))
ConvertForm = record_form(
    CUSTOMER, ConvertIn, only=("customer_type", "customer_group", "territory")
)
ConvertForm.base_fields["customer_group"].required = True
ConvertForm.base_fields["territory"].required = True


def _lead(name: str) -> Lead:
    lead = selectors.leads_queryset().filter(name=name).first()
    if lead is None:
        raise Http404(name)
    return lead


@login_required
def lead_list(request: HttpRequest) -> HttpResponse:
    q, page = list_query(request)
    count, leads = selectors.lead_page(q=q, limit=PER_PAGE, offset=Pager(0, page).offset)
    context = {
        "leads": leads,
        "pager": Pager(count, page, q),
        "q": q,
        "can_write": can(request, CUSTOMER_WRITERS),
    }
    template = "web/leads/list.html" + ("#results" if is_htmx(request) else "")
    return render(request, template, context)


@login_required
def lead_detail(request: HttpRequest, name: str) -> HttpResponse:
    lead = _lead(name)
    customer = Customer.objects.filter(lead=lead).only("name", "customer_name").first()
    context = {
        "lead": lead,
        "customer": customer,
        "customer_link": customer_url(customer.name) if customer else None,
        "contacts": list(party_contacts(party_type="lead", party_id=lead.pk)),
        "addresses": list(party_addresses(party_type="lead", party_id=lead.pk)),
        "can_write": can(request, CUSTOMER_WRITERS),
    }
    return render(request, "web/leads/page.html", context)


@login_required
@role_required(CUSTOMER_WRITERS)
def lead_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _form_page(request, Editor(LeadForm))
    return _save(request, Editor(LeadForm, data=request.POST), None)


@login_required
def lead_edit(request: HttpRequest, name: str) -> HttpResponse:
    lead = _lead(name)
    writer = can(request, CUSTOMER_WRITERS)
    if request.method != "POST":
        editor = Editor(LeadEditForm, initial=serialize(LEAD, lead), readonly=not writer)
        return _form_page(request, editor, lead)
    require(request, CUSTOMER_WRITERS)
    editor = Editor(LeadEditForm, data=request.POST, initial=serialize(LEAD, lead))
    return _save(request, editor, lead)


def _form_page(
    request: HttpRequest, editor: Editor, lead: Lead | None = None, status: int = 200
) -> HttpResponse:
    context = {"editor": editor, "lead": lead, "can_write": can(request, CUSTOMER_WRITERS)}
    return render(request, "web/leads/form.html", context, status=status)


def _save(request: HttpRequest, editor: Editor, lead: Lead | None) -> HttpResponse:
    if not editor.is_valid():
        return _form_page(request, editor, lead, status=422)
    data = cast(LeadData, editor.values())  # the fields of LeadIn
    try:
        if lead is None:
            lead = lead_create(data=data, user=acting_user(request))
        else:
            lead = lead_update(record=lead, data=data, user=acting_user(request))
    except DomainError as error:
        editor.add_errors(error)
        return _form_page(request, editor, lead, status=error.status)
    messages.success(request, _("The lead %(name)s was saved.") % {"name": lead.name})
    return redirect_to(request, reverse("web:lead-page", args=[lead.name]))


def convert_initial(lead: Lead) -> dict[str, Any]:
    """What the new customer would take: the lead's type and territory, else the
    selling settings' defaults (as the conversion itself fills them)."""
    settings = selling_settings_get()
    territory = lead.territory or settings.territory
    return {
        "customer_type": Customer.CustomerType.COMPANY
        if lead.company_name
        else Customer.CustomerType.INDIVIDUAL,
        "customer_group": settings.customer_group.name if settings.customer_group else "",
        "territory": territory.name if territory else "",
    }


@login_required
@role_required(CUSTOMER_WRITERS)
def lead_convert(request: HttpRequest, name: str) -> HttpResponse:
    """“Convertir en client”: the customer is created from the lead, then shown."""
    lead = _lead(name)
    if request.method != "POST":
        return _convert_page(request, lead, Editor(ConvertForm, initial=convert_initial(lead)))
    editor = Editor(ConvertForm, data=request.POST, initial=convert_initial(lead))
    if not editor.is_valid():
        return _convert_page(request, lead, editor, status=422)
    try:
        customer = lead_convert_to_customer(lead, editor.values(), request)
    except DomainError as error:
        editor.add_errors(error)
        return _convert_page(request, lead, editor, status=error.status)
    return redirect_to(request, customer_url(customer.name))


def lead_convert_to_customer(lead: Lead, values: dict[str, Any], request: HttpRequest) -> Customer:
    """As the API's conversion: the lead's data with the user's choices, one creation;
    the likely duplicates it finds are said, not blocking."""
    overrides = cast(CustomerCreateData, values)  # the fields of ConvertIn
    customer = customer_create(
        data=lead_customer_data(lead, overrides), user=acting_user(request), report_duplicates=True
    )
    messages.success(
        request,
        _("The lead %(lead)s is now the customer %(customer)s.")
        % {"lead": lead.name, "customer": customer.name},
    )
    if duplicates := getattr(customer, "duplicates", None):
        names = ", ".join(f"{d.customer_name} ({d.name})" for d in duplicates)
        messages.warning(request, _("Possible duplicates: %(names)s.") % {"names": names})
    return customer


def _convert_page(
    request: HttpRequest, lead: Lead, editor: Editor, status: int = 200
) -> HttpResponse:
    in_dialog = is_htmx(request)
    context = {"lead": lead, "editor": editor, "in_dialog": in_dialog}
    template = "web/leads/convert.html" + ("#dialog" if in_dialog else "")
    return render(request, template, context, status=status)
