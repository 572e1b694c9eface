"""The screens of the sales documents: a list, a form with lines and a page per kind of
document (quotation, sales order, delivery note, sales invoice, payment entry), over the
services and selectors of ``clientele.sales`` and its registry of kinds (``doctypes``).

Addresses follow the API's collections: ``/sales/quotations/``, ``/sales/quotations/new/``,
``/sales/quotations/<number>/`` (a draft's page is its form), and its actions below it.
"""

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clientele.sales.doctypes import (
    DELIVERY_NOTE,
    PAYMENT_ENTRY,
    QUOTATION,
    SALES_INVOICE,
    SALES_ORDER,
    DocType,
)


@dataclass(frozen=True)
class Screen:
    """A kind of document as its screens name it (the guide's words)."""

    doctype: DocType
    title: Promise  # “Devis”: the list's title, as the guide's navigation says
    new_label: Promise  # “Nouveau devis”

    @property
    def path(self) -> str:
        return self.doctype.path

    @property
    def key(self) -> str:
        return self.doctype.key

    @property
    def is_payment(self) -> bool:
        return self.doctype is PAYMENT_ENTRY

    @property
    def list_url(self) -> str:
        return reverse("web:sales-list", args=[self.path])

    @property
    def new_url(self) -> str:
        return reverse("web:sales-new", args=[self.path])

    def url(self, name: str, action: str = "") -> str:
        if action:
            return reverse("web:sales-action", args=[self.path, name, action])
        return reverse("web:sales-page", args=[self.path, name])


SCREENS: dict[str, Screen] = {
    screen.path: screen
    for screen in (
        Screen(QUOTATION, _("Quotation"), _("New quotation")),
        Screen(SALES_ORDER, _("Sales Order"), _("New sales order")),
        Screen(DELIVERY_NOTE, _("Delivery Note"), _("New delivery note")),
        Screen(SALES_INVOICE, _("Sales Invoice"), _("New sales invoice")),
        Screen(PAYMENT_ENTRY, _("Payment Entry"), _("New payment entry")),
    )
}
BY_KEY = {screen.key: screen for screen in SCREENS.values()}


def screen_of(path: str) -> Screen:
    if path not in SCREENS:
        raise Http404(path)
    return SCREENS[path]


def print_urls(screen: Screen, name: str) -> tuple[str, str] | None:
    """The print preview and the PDF of a document, once the printing screens exist
    (``web:sales-print``); ``None`` until then, and the page shows no such links."""
    if screen.is_payment:
        return None
    try:
        preview = reverse("web:sales-print", args=[screen.path, name])
    except NoReverseMatch:
        return None
    return preview, f"{preview}?format=pdf"


def new_initial(request: HttpRequest, screen: Screen) -> dict[str, Any]:
    """A new document dated today, for the customer and company its address names (the
    customer page's “+”)."""
    date_field = screen.doctype.model.DATE_FIELD  # type: ignore[attr-defined]
    wanted = {k: v for k, v in request.GET.items() if k in ("customer", "company")}
    return {date_field: timezone.localdate(), **wanted}
