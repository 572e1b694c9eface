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
from clientele.sales.returns import left_to_return
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
    "Closed": _("Closed"),
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
    link: bool = False  # a page of its own (allocating an advance), not a post


ACTIONS = {
    DocStatus.DRAFT: (Action("submit", _("Submit")), Action("delete", _("Delete"), True)),
    DocStatus.SUBMITTED: (Action("cancel", _("Cancel"), True),),
    DocStatus.CANCELLED: (Action("amend", _("Amend")),),
}


# A submitted sales order's own buttons: close it, or re-open it once closed.
ORDER_ACTIONS = {
    "open": (Action("close", _("Close"), True),),
    "Closed": (Action("reopen", _("Re-open")),),
}


ALLOCATE = Action("allocate", _("Allocate the advance"), link=True)


def actions_of(screen: Screen, document: Any) -> tuple[Action, ...]:
    """The buttons a document's status gives it (a completed order has nothing to close)."""
    found = ACTIONS.get(document.docstatus, ())
    if screen.is_payment and document.docstatus == DocStatus.SUBMITTED:
        return found + (ALLOCATE,) * (document.unallocated_amount > 0)
    if screen.key != "sales_order" or document.docstatus != DocStatus.SUBMITTED:
        return found
    if document.status == "Closed":
        return ORDER_ACTIONS["Closed"]
    return found + (ORDER_ACTIONS["open"] if document.status != "Completed" else ())


@dataclass(frozen=True)
class Make:
    """“Créer → Commande client”: a follow-on document the reader may make; ``slug``
    names it in the address when it is not the target's collection (a credit note)."""

    target: Screen
    label: str
    slug: str = ""

    @property
    def path(self) -> str:
        return self.slug or self.target.path


CREDIT_NOTE = "credit-note"


def makes(request: HttpRequest, screen: Screen, document: Any) -> list[Make]:
    """The follow-ons the sales app's rules allow from this kind, once submitted, for
    those who may write the follow-on; a payment while an invoice still owes."""
    if document.docstatus != DocStatus.SUBMITTED or document.status == "Closed":
        return []
    keys = list(make_targets(screen.key))
    if screen.key == "sales_invoice" and document.outstanding_amount > 0:
        keys.append("payment_entry")
    targets = [BY_KEY[key] for key in keys if can(request, BY_KEY[key].doctype.writers)]
    found = [
        Make(target, str(_("Create → %(kind)s")) % {"kind": target.title}) for target in targets
    ]
    return found + _credit_note(request, screen, document)


def _credit_note(request: HttpRequest, screen: Screen, document: Any) -> list[Make]:
    """“Créer → Avoir” while some of a submitted invoice's lines are not returned yet."""
    if (
        screen.key != "sales_invoice"
        or document.is_return
        or not can(request, screen.doctype.writers)
    ):
        return []
    if not any(left_to_return(line) > 0 for line in rows_of(document, "items")):
        return []
    label = str(_("Create → %(kind)s")) % {"kind": _("Credit Note")}
    return [Make(screen, label, CREDIT_NOTE)]


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
        "actions": actions_of(screen, document) if writer else (),
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
