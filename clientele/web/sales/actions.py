"""A document's actions from its page: submit, cancel (asked first), amend, delete a
draft (asked first), close an order (asked first) or re-open it, and make a follow-on
(“Créer → …”). Each calls the sales app's service with the API's roles; a refusal shows
on the page as the service words it, nothing written."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clientele.core.errors import DomainError
from clientele.sales import closing, follow_on, lifecycle, payments
from clientele.sales.documents import document_delete
from clientele.sales.selectors import document_get, document_header
from clientele.web.records_support import redirect_to, require
from clientele.web.sales import Screen, screen_of
from clientele.web.sales.documents import refused
from clientele.web.sales.page import CREDIT_NOTE
from clientele.web.sales.payments import payment_allocation
from clientele.web.support import acting_user, is_htmx

Run = Callable[..., Any]


def _runs(screen: Screen) -> dict[str, Run]:
    """Each action of this kind, taking the document and the user."""
    doctype = screen.doctype
    if screen.is_payment:
        return {
            "submit": lambda doc, user: payments.payment_submit(payment=doc, user=user),
            "cancel": lambda doc, user: payments.payment_cancel(payment=doc, user=user),
            "amend": lambda doc, user: payments.payment_amend(payment=doc, user=user),
            "delete": lambda doc, user: document_delete(document=doc, user=user),
        }
    runs: dict[str, Run] = {}
    if screen.key == "sales_order":
        runs = {
            "close": lambda doc, user: closing.order_close(order=doc, user=user),
            "reopen": lambda doc, user: closing.order_reopen(order=doc, user=user),
        }
    return runs | {
        "submit": lambda doc, user: lifecycle.document_submit(
            doctype=doctype, document=doc, user=user
        ),
        "cancel": lambda doc, user: lifecycle.document_cancel(
            doctype=doctype, document=doc, user=user
        ),
        "amend": lambda doc, user: lifecycle.document_amend(
            doctype=doctype, document=doc, user=user
        ),
        "delete": lambda doc, user: document_delete(document=doc, user=user),
    }


DONE = {
    "submit": gettext_lazy("“%(name)s” was submitted."),
    "cancel": gettext_lazy("“%(name)s” was cancelled."),
    "amend": gettext_lazy("“%(name)s” is the amendment: a draft to change, then submit."),
    "delete": gettext_lazy("“%(name)s” was deleted."),
    "close": gettext_lazy("“%(name)s” was closed: nothing more will be delivered or billed."),
    "reopen": gettext_lazy("“%(name)s” was re-opened."),
}


@login_required
def document_action(request: HttpRequest, path: str, name: str, action: str) -> HttpResponse:
    """A post does it; a cancellation, a deletion or closing an order is asked first (a
    dialog, or a page without JavaScript)."""
    screen = screen_of(path)
    runs = _runs(screen)
    if action not in runs:
        raise Http404(action)
    require(request, screen.doctype.writers)
    document = document_header(screen.doctype, name)
    if request.method != "POST":
        return _confirm(request, screen, document, action)
    try:
        result = runs[action](document, acting_user(request))
    except DomainError as error:
        return refused(request, screen, name, error)
    shown = result if action == "amend" else document
    messages.success(request, str(DONE[action]) % {"name": shown.name})
    return redirect_to(request, screen.list_url if action == "delete" else screen.url(shown.name))


@dataclass(frozen=True)
class Asked:
    """What a confirmation says: its question, what doing it means, its button."""

    title: Promise
    explanation: Promise
    button: Promise


ASKED = {
    "cancel": Asked(
        gettext_lazy("Cancel %(name)s?"),
        gettext_lazy(
            "A cancelled document stays for the record; its postings and what it counted for "
            "are taken back. It can then be amended."
        ),
        gettext_lazy("Cancel the document"),
    ),
    "delete": Asked(
        gettext_lazy("Delete the draft %(name)s?"),
        gettext_lazy("The draft is removed for good."),
        gettext_lazy("Delete the draft"),
    ),
    "close": Asked(
        gettext_lazy("Close %(name)s?"),
        gettext_lazy(
            "Nothing more will be delivered or billed from this order, and what it has not "
            "billed leaves the customer's credit exposure. It can be re-opened later."
        ),
        gettext_lazy("Close the order"),
    ),
}


def _confirm(request: HttpRequest, screen: Screen, document: Any, action: str) -> HttpResponse:
    """The question before an action that cannot simply be undone: a dialog over the page
    (htmx), or a page of its own without JavaScript."""
    if action not in ASKED:
        raise Http404(action)
    context = {
        "document": document,
        "asked": ASKED[action],
        "title": str(ASKED[action].title) % {"name": document.name},
        "action_url": screen.url(document.name, action),
        "page_url": screen.url(document.name),
        "in_dialog": is_htmx(request),
    }
    template = "web/sales/confirm.html" + ("#dialog" if is_htmx(request) else "")
    return render(request, template, context)


@login_required
@require_POST
def document_make(request: HttpRequest, path: str, name: str, target: str) -> HttpResponse:
    """A draft follow-on from a submitted document, then its page to check and submit (a
    credit note's quantities are edited there before it is submitted)."""
    screen = screen_of(path)
    credit_note = target == CREDIT_NOTE and screen.key == "sales_invoice"
    made_screen = screen if credit_note else screen_of(target)
    require(request, made_screen.doctype.writers)
    source = document_get(screen.doctype, name)
    user = acting_user(request)
    try:
        if credit_note:
            made = follow_on.credit_note_make(invoice=source, user=user)
        elif made_screen.is_payment and screen.key == "sales_invoice":
            made = payments.payment_make(invoice=source, user=user)
        else:
            made = follow_on.document_make(
                source=screen.doctype, document=source, target_key=made_screen.key, user=user
            )
    except DomainError as error:
        return refused(request, screen, name, error)
    messages.success(
        request, _("“%(name)s” was made: check it, then submit it.") % {"name": made.name}
    )
    return redirect_to(request, made_screen.url(made.name))


@login_required
def advance_allocate(request: HttpRequest, name: str) -> HttpResponse:
    """A submitted payment's advance allocated to the customer's unpaid invoices."""
    screen = screen_of("payment-entries")
    require(request, screen.doctype.writers)
    return payment_allocation(request, screen, name)
