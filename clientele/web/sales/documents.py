"""A selling document's screens: the form of a new one, a draft's page (its form, with
“Valider”), a submitted or cancelled one's page, and the live preview of the form.

Views parse, call one service of ``clientele.sales`` and render; a refusal (credit limit,
frozen customer, missing price…) comes back as the service words it, nothing written.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clientele.core.errors import DomainError
from clientele.core.typing import User
from clientele.sales.documents import document_create, document_update
from clientele.sales.models import DocStatus
from clientele.sales.selectors import document_get, document_output
from clientele.web.records_forms import new_row
from clientele.web.records_support import redirect_to, require
from clientele.web.sales import Screen, new_initial, screen_of
from clientele.web.sales.entry import TABLES, DocumentEntry, previewed, stored_entry
from clientele.web.sales.page import document_view
from clientele.web.sales.payments import payment_invoices, payment_new, payment_page
from clientele.web.support import acting_user, can

FORM = "web/sales/form.html"


def form_page(
    request: HttpRequest,
    screen: Screen,
    entry: DocumentEntry,
    *,
    document: Any = None,
    status: int = 200,
    refusal: DomainError | None = None,
) -> HttpResponse:
    context = {
        "screen": screen,
        "entry": entry,
        "document": document,
        "action_url": screen.url(document.name) if document else screen.new_url,
        "refusal": refusal,
    }
    if document is not None:
        context |= document_view(request, screen, document)
    return render(request, FORM, context, status=status)


@login_required
def document_new(request: HttpRequest, path: str) -> HttpResponse:
    screen = screen_of(path)
    require(request, screen.doctype.writers)
    if screen.is_payment:
        return payment_new(request, screen)
    if request.method != "POST":
        entry = DocumentEntry(screen, initial=new_initial(request, screen))
        return form_page(request, screen, entry)
    return _submit(request, screen, DocumentEntry(screen, request.POST), None)


def _submit(request: HttpRequest, screen: Screen, entry: DocumentEntry, document: Any):
    """“Recalculer” and “Ajouter une ligne” (a browser without JavaScript) show the form
    again; “Enregistrer” saves, or shows each error next to its field and cell."""
    if "_preview" in request.POST:
        return form_page(request, screen, previewed(entry), document=document)
    if request.POST.get("add_row") in ("items", *TABLES):
        entry.editor.is_valid()
        entry.editor = entry.editor.with_row(request.POST["add_row"])
        return form_page(request, screen, entry, document=document)
    if not entry.is_valid():
        return form_page(request, screen, entry, document=document, status=422)
    try:
        saved = _save(screen, entry, document, acting_user(request))
    except DomainError as error:
        entry.add_errors(error)
        return form_page(request, screen, entry, document=document, status=error.status)
    messages.success(request, _("“%(name)s” was saved.") % {"name": saved.name})
    return redirect_to(request, screen.url(saved.name))


def _save(screen: Screen, entry: DocumentEntry, document: Any, user: User) -> Any:
    data = entry.service_data()
    if document is None:
        return document_create(doctype=screen.doctype, data=data, user=user)
    return document_update(doctype=screen.doctype, document=document, data=data, user=user)


@login_required
@require_POST
def document_preview(request: HttpRequest, path: str) -> HttpResponse:
    """The form's computed parts (htmx, on each change): the filled header fields, each
    line's rate and amount, the taxes, totals and schedule; nothing is written."""
    screen = screen_of(path)
    require(request, screen.doctype.writers)
    if screen.is_payment:
        return payment_invoices(request, screen)
    entry = previewed(DocumentEntry(screen, request.POST))
    return render(request, f"{FORM}#computed", {"screen": screen, "entry": entry})


@login_required
def line_row(request: HttpRequest, path: str) -> HttpResponse:
    """A blank line after those the form has (“Ajouter une ligne”, htmx)."""
    screen = screen_of(path)
    require(request, screen.doctype.writers)
    try:
        index = max(0, int(request.GET.get("items-TOTAL_FORMS", "0")))
    except ValueError:
        index = 0
    entry = DocumentEntry(screen)
    form = entry.formset.empty_form
    form.prefix = entry.formset.add_prefix(index)
    context = {"screen": screen, "row": {"form": form, "number": index + 1}, "total": index + 1}
    return render(request, f"{FORM}#new-row", context)


@login_required
def table_row(request: HttpRequest, path: str, table: str) -> HttpResponse:
    """A blank row after those a tax, schedule or sales team table has (htmx)."""
    screen = screen_of(path)
    require(request, screen.doctype.writers)
    if table not in TABLES:
        raise Http404(table)
    try:
        index = max(0, int(request.GET.get(f"{table}-TOTAL_FORMS", "0")))
    except ValueError:
        index = 0
    row = {"form": new_row(TABLES[table], index), "number": index + 1}
    context = {"screen": screen, "row": row, "table": table, "total": index + 1}
    return render(request, f"{FORM}#new-table-row", context)


def draft_page(
    request: HttpRequest,
    screen: Screen,
    document: Any,
    *,
    refusal: DomainError | None = None,
) -> HttpResponse:
    """A draft's page is its form: stored values shown, what was filled told apart."""
    if request.method == "POST" and refusal is None:
        return _submit(request, screen, DocumentEntry(screen, request.POST), document)
    entry = stored_entry(screen, document, document_output(screen.doctype, document))
    status = refusal.status if refusal else 200
    return form_page(request, screen, entry, document=document, status=status, refusal=refusal)


def refused(request: HttpRequest, screen: Screen, name: str, error: DomainError) -> HttpResponse:
    """The document's page again with the service's refusal, its figures included."""
    if screen.is_payment:
        return payment_page(request, screen, name, refusal=error)
    document = document_get(screen.doctype, name)
    if document.docstatus == DocStatus.DRAFT and can(request, screen.doctype.writers):
        return draft_page(request, screen, document, refusal=error)
    context = {"screen": screen, "document": document, "refusal": error}
    context |= document_view(request, screen, document)
    return render(request, "web/sales/page.html", context, status=error.status)


@login_required
def document_page(request: HttpRequest, path: str, name: str) -> HttpResponse:
    """A draft's form for those who may change it; else the document as it stands. A
    post saves the draft (a document no longer draft refuses it, as the service says)."""
    screen = screen_of(path)
    if screen.is_payment:
        return payment_page(request, screen, name)
    document = document_get(screen.doctype, name)
    if request.method == "POST":
        require(request, screen.doctype.writers)
        return draft_page(request, screen, document)
    if document.docstatus == DocStatus.DRAFT and can(request, screen.doctype.writers):
        return draft_page(request, screen, document)
    context = {"screen": screen, "document": document} | document_view(request, screen, document)
    return render(request, "web/sales/page.html", context)
