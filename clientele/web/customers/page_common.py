"""What the customer page's views share: the customer by its code, a dialog answered as a
modal (htmx) or as a page of its own (no JavaScript), and the way back after a write."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import escape_uri_path

from clientele.core.errors import DomainError
from clientele.customers.models import Customer
from clientele.customers.selectors import customer_detail
from clientele.web.customers import customer_url
from clientele.web.support import errors_onto_form, is_htmx

MODAL = "web/customers/page_modal.html"
FULL_PAGE = "web/customers/page_full.html"


def customer_or_404(name: str) -> Customer:
    customer = customer_detail(name)
    if customer is None:
        raise Http404(name)
    return customer


def dialog(
    request: HttpRequest, template: str, context: dict, *, status: int = 200
) -> HttpResponse:
    """The dialog in ``template``: a modal swapped into the page by htmx, or, for a browser
    without JavaScript, a page with a link back to the customer."""
    customer = context["customer"]
    context = {
        "layout": MODAL if is_htmx(request) else FULL_PAGE,
        "modal": is_htmx(request),
        "page_url": customer_url(customer.name),
        "action": escape_uri_path(request.path),
        **context,
    }
    return render(request, template, context, status=status)


def done(request: HttpRequest, url: str, message: str) -> HttpResponse:
    """After a write: the message, then the page at ``url`` (htmx reloads the whole page,
    as what changed shows in several places)."""
    messages.success(request, message)
    if is_htmx(request):
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


def refusal_text(error: DomainError) -> str:
    """A service's refusal in one sentence: its field messages, else its message."""
    details = [message for messages_ in error.errors.values() for message in messages_]
    return " ".join(str(m) for m in details) or error.message


def posted(request: HttpRequest):
    """What a form sent, or ``None`` when the dialog is only being opened."""
    return request.POST if request.method == "POST" else None


def form_dialog(
    request: HttpRequest,
    template: str,
    context: dict,
    form: forms.Form,
    act: Callable[[dict], tuple[str, str]],
) -> HttpResponse:
    """A dialog's form: shown, or once what was sent is valid, handed to ``act`` (which
    calls the service and says where to go next and what to tell); a refusal comes back
    onto the form's fields, with the service's status (422, 409)."""
    status = 200
    if form.is_bound:
        status = 422
        if form.is_valid():
            try:
                return done(request, *act(form.cleaned_data))
            except DomainError as error:
                errors_onto_form(form, error)
                status = error.status
    return dialog(request, template, {**context, "form": form}, status=status)
