"""The customer page: everything that matters about one customer on one screen.

Identity, primary contact and address, billing essentials, the resolved defaults per
company with where each comes from, contacts and addresses, the latest changes, likely
duplicates and the linked documents of the guide §3. Its writes (contacts and addresses,
rename, merge, delete) live in ``page_contacts`` and ``page_actions``.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode

from clientele.core.roles import CUSTOMER_DELETERS, CUSTOMER_WRITERS
from clientele.customers.services import duplicates_lookup
from clientele.web.customers import customer_url
from clientele.web.customers.page_common import customer_or_404
from clientele.web.customers.page_documents import creatable
from clientele.web.customers.page_read import (
    customer_sheet,
    defaults_panel,
    duplicate_rows,
    history_pages,
)
from clientele.web.support import can, is_htmx

PAGE = "web/customers/page.html"


@login_required
def customer_page(request: HttpRequest, name: str) -> HttpResponse:
    sheet = customer_sheet(name=name, company=request.GET.get("company"))
    if sheet is None:
        raise Http404(name)
    return render(
        request,
        PAGE,
        {
            "sheet": sheet,
            "customer": sheet.customer,
            "page_url": customer_url(name),
            "creatable": creatable(sheet.documents),
            "can_write": can(request, CUSTOMER_WRITERS),
            "can_delete": can(request, CUSTOMER_DELETERS),
        },
    )


@login_required
def customer_defaults(request: HttpRequest, name: str) -> HttpResponse:
    """The defaults panel for another company (htmx); without JavaScript, the whole page."""
    company = request.GET.get("company", "")
    if not is_htmx(request):
        return redirect(f"{customer_url(name)}?{urlencode({'company': company})}")
    panel = defaults_panel(customer=customer_or_404(name), company=company)
    return render(request, f"{PAGE}#defaults-values", {"panel": panel})


@login_required
def customer_history(request: HttpRequest, name: str) -> HttpResponse:
    """The whole history, newest first, a page at a time (``?page=``)."""
    customer = customer_or_404(name)
    pages = history_pages(customer, request.GET.get("page", ""))
    context = {"customer": customer, "page_url": customer_url(name), "pages": pages}
    return render(request, "web/customers/page_history.html", context)


@login_required
def customer_duplicates(request: HttpRequest, name: str) -> HttpResponse:
    customer = customer_or_404(name)
    context = {
        "customer": customer,
        "page_url": customer_url(name),
        "duplicates": duplicate_rows(duplicates_lookup(customer).candidates()),
        "can_delete": can(request, CUSTOMER_DELETERS),
    }
    return render(request, "web/customers/page_duplicates.html", context)
