"""What a document's page shows besides its form: its status in words, the buttons its
status and the reader's roles allow, the follow-on documents it may make, its print
links, and its tables as stored."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clientele.core.specs import rows_of
from clientele.sales.follow_on import make_targets
from clientele.sales.models import DocStatus
from clientele.sales.selectors import fiscal_year_of
from clientele.web.sales import BY_KEY, Screen, print_urls
from clientele.web.sales.statement import statement_url
from clientele.web.support import can

# The statuses the sales app gives documents, in the reader's language.
STATUSES: dict[str, Promise] = {
    "Draft": _("Draft"),
    "Submitted": _("Submitted"),
    "Cancelled": _("Cancelled"),
    "Open": _("Open"),
    "Partially Ordered": _("Partially Ordered"),
    "Ordered": _("Ordered"),
    "To Deliver and Bill": _("To Deliver and Bill"),
    "To Deliver": _("To Deliver"),
    "To Bill": _("To Bill"),
    "Completed": _("Completed"),
    "Unpaid": _("Unpaid"),
    "Partly Paid": _("Partly Paid"),
    "Paid": _("Paid"),
    "Return": _("Return"),
    "Credit Note Issued": _("Credit Note Issued"),
}
BADGES = {DocStatus.DRAFT: "draft", DocStatus.SUBMITTED: "ok", DocStatus.CANCELLED: "off"}


def status_label(status: str) -> str:
    return str(STATUSES.get(status, status))


@dataclass(frozen=True)
class Action:
    """A button of the page: what it does (``submit``…), its words, whether it asks first."""

    action: str
    label: Promise
    confirm: bool = False


ACTIONS = {
    DocStatus.DRAFT: (Action("submit", _("Submit")), Action("delete", _("Delete"), True)),
    DocStatus.SUBMITTED: (Action("cancel", _("Cancel"), True),),
    DocStatus.CANCELLED: (Action("amend", _("Amend")),),
}


@dataclass(frozen=True)
class Make:
    """“Créer → Commande client”: a follow-on document the reader may make."""

    target: Screen
    label: str


def makes(request: HttpRequest, screen: Screen, document: Any) -> list[Make]:
    """The follow-ons the sales app's rules allow from this kind, once submitted, for
    those who may write the follow-on; a payment while an invoice still owes."""
    if document.docstatus != DocStatus.SUBMITTED:
        return []
    keys = list(make_targets(screen.key))
    if screen.key == "sales_invoice" and document.outstanding_amount > 0:
        keys.append("payment_entry")
    targets = [BY_KEY[key] for key in keys if can(request, BY_KEY[key].doctype.writers)]
    return [
        Make(target, str(_("Create → %(kind)s")) % {"kind": target.title}) for target in targets
    ]


def _statement_url(screen: Screen, document: Any) -> str | None:
    """A submitted invoice's or payment's customer statement with its company over the
    fiscal year of its date: where it stands among the customer's postings."""
    if screen.key not in ("sales_invoice", "payment_entry") or document.docstatus == 0:
        return None
    start, end = fiscal_year_of(document.posting_date)
    customer, company = document.customer.name, document.company.name
    return statement_url(customer, company, from_date=start, to_date=end)


def document_view(request: HttpRequest, screen: Screen, document: Any) -> dict[str, Any]:
    """The page's context: status, buttons by status and role, follow-ons, print links."""
    writer = can(request, screen.doctype.writers)
    context: dict[str, Any] = {
        "status": status_label(document.status),
        "badge": BADGES.get(document.docstatus, ""),
        "actions": ACTIONS.get(document.docstatus, ()) if writer else (),
        "makes": makes(request, screen, document),
        "print_links": print_urls(screen, document.name),
        "page_url": screen.url(document.name),
        "statement_url": _statement_url(screen, document),
    }
    if not screen.is_payment:
        context |= {
            table: list(rows_of(document, table))
            for table in ("items", "taxes", "payment_schedule", "sales_team")
        }
    return context
