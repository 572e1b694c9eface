"""The customer's full form (guide §2.3): a new customer, or editing one, on one page.

A new customer is created through the quick entry's service (with its primary contact and
address when given), so "Modifier en pleine page" loses nothing typed there; an edit goes
through ``customer_update``. A table's "add a row" and "remove" buttons post the form back
and get the table again (htmx swaps it; without JavaScript the whole page comes back), so
nothing typed elsewhere is lost and nothing is saved until "Enregistrer".
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from clientele.classification.services import selling_settings_get
from clientele.contacts.selectors import party_addresses, party_contacts
from clientele.core.api_support import serialize
from clientele.core.errors import DomainError
from clientele.core.roles import CUSTOMER_WRITERS
from clientele.customers import selectors
from clientele.customers.models import Customer
from clientele.customers.quick_entry import customer_quick_create
from clientele.customers.services import CUSTOMER, customer_update
from clientele.web.customers import customer_url
from clientele.web.customers.form_entry import CustomerEntry
from clientele.web.customers.form_fields import PRINT_LANGUAGES
from clientele.web.lookup import creatable_kinds
from clientele.web.support import acting_user, is_htmx, role_required

TEMPLATE = "web/customers/form.html"
Save = Callable[[CustomerEntry], Customer]


def _page(
    request: HttpRequest,
    entry: CustomerEntry,
    *,
    status: int = 200,
    customer: Customer | None = None,
) -> HttpResponse:
    page = customer_url(customer.name) if customer else None
    context = {
        "entry": entry,
        "problems": entry.problems(),
        "customer": customer,
        "customer_page": page,
        "cancel_url": page or _list_url(),
        "print_languages": PRINT_LANGUAGES,
    }
    return render(request, TEMPLATE, context, status=status)


def _list_url() -> str:
    """The customer list, once that screen is there; the home page until then."""
    try:
        return reverse("web:customer-list")
    except NoReverseMatch:
        return reverse("web:home")


def _submit(
    request: HttpRequest, entry: CustomerEntry, save: Save, customer: Customer | None = None
) -> HttpResponse:
    """A table's button gets the table again; "Enregistrer" saves, or shows every error
    next to its field (422) with what was typed."""
    if action := request.POST.get("_row"):
        table = entry.row_action(action)
        if table is not None and is_htmx(request):
            return render(request, f"{TEMPLATE}#table", {"table": table, "focus": True})
        return _page(request, entry, customer=customer)
    if not entry.is_valid():
        return _page(request, entry, status=422, customer=customer)
    try:
        customer = save(entry)
    except DomainError as error:
        entry.service_errors(error)
        return _page(request, entry, status=error.status, customer=customer)
    _saved(request, customer)
    return redirect(customer_url(customer.name))


def _saved(request: HttpRequest, customer: Customer) -> None:
    messages.success(request, _("Customer “%(name)s” saved.") % {"name": customer.customer_name})
    duplicates = getattr(customer, "duplicates", None)
    if duplicates:
        names = ", ".join(f"{c.customer_name} ({c.name})" for c in duplicates)
        messages.warning(request, _("Possible duplicates: %(names)s.") % {"names": names})


@login_required
@role_required(CUSTOMER_WRITERS)
def customer_new(request: HttpRequest) -> HttpResponse:
    """Empty, or filled from the quick entry's "Modifier en pleine page" (query string)."""
    creatable = creatable_kinds(request.user)
    if request.method != "POST":
        initial = selling_defaults() | request.GET.dict()
        return _page(request, CustomerEntry(new=True, initial=initial, creatable=creatable))
    entry = CustomerEntry(request.POST, new=True, creatable=creatable)
    return _submit(request, entry, lambda e: _create(e, request))


def selling_defaults() -> dict[str, str]:
    """A new customer's group and territory, as the selling settings set them."""
    settings = selling_settings_get()
    return {
        field: getattr(settings, field).name
        for field in ("customer_group", "territory")
        if getattr(settings, field) is not None
    }


def _create(entry: CustomerEntry, request: HttpRequest) -> Customer:
    return customer_quick_create(
        data=entry.customer_data(),
        contact=entry.contact_data(),
        address=entry.address_data(),
        user=acting_user(request),
        report_duplicates=True,
    )


@login_required
@role_required(CUSTOMER_WRITERS)
def customer_edit(request: HttpRequest, name: str) -> HttpResponse:
    customer = selectors.customer_detail(name)
    if customer is None:
        raise Http404(name)
    entry = _entry(request, customer)
    if request.method != "POST":
        return _page(request, entry, customer=customer)
    return _submit(request, entry, lambda e: _update(e, customer, request), customer=customer)


def _update(entry: CustomerEntry, customer: Customer, request: HttpRequest) -> Customer:
    return customer_update(customer=customer, data=entry.update_data(), user=acting_user(request))


def _entry(request: HttpRequest, customer: Customer) -> CustomerEntry:
    """The form of a stored customer: its values, its own contacts and addresses to choose
    the primary ones among."""
    contacts = party_contacts(party_type="customer", party_id=customer.pk)
    addresses = party_addresses(party_type="customer", party_id=customer.pk)
    return CustomerEntry(
        request.POST if request.method == "POST" else None,
        new=False,
        initial=serialize(CUSTOMER, customer),
        creatable=creatable_kinds(request.user),
        contacts=[
            (code, full or code)
            for code, full in contacts.order_by("name").values_list("name", "full_name")
        ],
        addresses=[
            (code, f"{line}, {city}")
            for code, line, city in addresses.order_by("name").values_list(
                "name", "address_line1", "city"
            )
        ],
    )
