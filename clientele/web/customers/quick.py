"""Quick entry (issue 10 §3): a new customer with its primary contact and address, from a
dialog over the list (a page of its own without JavaScript).

Likely duplicates are shown as one types and again on saving: the service is asked to
refuse them (``block_on_duplicates``) until the person confirms with "Save anyway".
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clientele.classification.models import CustomerGroup, Territory
from clientele.core.errors import DomainError
from clientele.core.roles import CUSTOMER_WRITERS
from clientele.customers.quick_entry import customer_quick_create
from clientele.web.customers import customer_url
from clientele.web.customers.listing import tree_choices
from clientele.web.customers.quick_forms import QuickEntry, duplicate_rows
from clientele.web.support import acting_user, is_htmx, role_required

FULL_FORM = "/customers/new/"
CONFIRM = "confirm_duplicates"


def _render(request: HttpRequest, entry: QuickEntry, *, status: int = 200) -> HttpResponse:
    """The dialog (htmx, first time), the form alone (htmx, after a refusal: it replaces
    itself in the open dialog), or the whole page (no JavaScript)."""
    context = {
        "entry": entry,
        "full_form": FULL_FORM,
        "confirm": CONFIRM,
        "group_choices": tree_choices(CustomerGroup, leaves_only=True),
        "territory_choices": tree_choices(Territory, leaves_only=True),
    }
    part = "#form" if request.method == "POST" else "#dialog"
    template = "web/customers/quick.html" + (part if is_htmx(request) else "")
    return render(request, template, context, status=status)


def _created(request: HttpRequest, code: str) -> HttpResponse:
    """To the new customer's page: htmx follows ``HX-Redirect``, a browser a 303."""
    messages.success(request, _("Customer created: %(code)s") % {"code": code})
    if is_htmx(request):
        return HttpResponse(headers={"HX-Redirect": customer_url(code)})
    return HttpResponseRedirect(customer_url(code), status=303)


@login_required
@role_required(CUSTOMER_WRITERS)
@require_http_methods(["GET", "POST"])
def customer_quick(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render(request, QuickEntry())
    entry = QuickEntry(request.POST)
    if not entry.is_valid():
        return _render(request, entry, status=422)
    try:
        customer = customer_quick_create(
            **entry.service_input(),
            user=acting_user(request),
            block_on_duplicates=request.POST.get(CONFIRM) != "1",
        )
    except DomainError as error:
        entry.refuse(error)
        return _render(request, entry, status=error.status)
    return _created(request, customer.name)


@login_required
@role_required(CUSTOMER_WRITERS)
@require_GET
def quick_duplicates(request: HttpRequest) -> HttpResponse:
    """As one types: the customers that look like the one being entered."""
    found = QuickEntry(request.GET).typed_duplicates()
    return render(
        request, "web/customers/quick.html#duplicates", {"duplicates": duplicate_rows(found)}
    )
