"""Follow-on documents (``make``): an order from a quotation, a delivery or an invoice
from an order, an invoice from a delivery; each line takes what is left of its source
line, and points to it, so submitting it counts against the source (``progress``)."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict
from clientele.core.specs import rows_known, rows_of
from clientele.core.typing import User
from clientele.sales.doctypes import BY_KEY, SALES_INVOICE, DocType
from clientele.sales.documents import document_create, document_input
from clientele.sales.models import DocStatus
from clientele.sales.progress import CLOSED
from clientele.sales.returns import left_to_return
from clientele.sales.specs import SOURCE_LINES

QTY = Decimal("0.001")


def _left_to_order(line: Any) -> Decimal:
    return line.qty - line.ordered_qty


def _left_to_deliver(line: Any) -> Decimal:
    return line.qty - line.delivered_qty


def _left_to_bill(line: Any) -> Decimal:
    if not line.rate:
        return line.qty if not line.billed_amt else Decimal(0)
    return ((line.amount - line.billed_amt) / line.rate).quantize(QTY)


# (source, target) → (quantity left on a source line, the target line's links to it)
MAKES: dict[tuple[str, str], tuple[Callable[[Any], Decimal], Callable[[Any], dict]]] = {
    ("quotation", "sales_order"): (_left_to_order, lambda ln: {"quotation_item": ln.pk}),
    ("sales_order", "delivery_note"): (_left_to_deliver, lambda ln: {"so_detail": ln.pk}),
    ("sales_order", "sales_invoice"): (_left_to_bill, lambda ln: {"so_detail": ln.pk}),
    ("delivery_note", "sales_invoice"): (
        _left_to_bill,
        lambda ln: {"dn_detail": ln.pk, "so_detail": ln.so_detail_id},
    ),
}
# Header fields of the source that are its own, not the target's.
NOT_COPIED = ("transaction_date", "posting_date", "valid_till", "delivery_date", "due_date")


def make_targets(source_key: str) -> list[str]:
    return [target for source, target in MAKES if source == source_key]


@transaction.atomic
def document_make(*, source: DocType, document: Any, target_key: str, user: User | None) -> Any:
    """A draft ``target_key`` from the submitted ``document``, dated today, with what is
    left of each line; refused when nothing is left."""
    if (source.key, target_key) not in MAKES:
        raise Conflict(
            _("No %(target)s can be made from a document of the kind “%(source)s”.")
            % {"target": _kind(target_key), "source": source.model._meta.verbose_name}
        )
    if document.docstatus != DocStatus.SUBMITTED:
        raise Conflict(_("Submit “%(name)s” first.") % {"name": document.name})
    if document.status == CLOSED:
        raise Conflict(
            _("“%(name)s” is closed: nothing more is made from it. Re-open it first.")
            % {"name": document.name}
        )
    left, links = MAKES[(source.key, target_key)]
    rows_known(document, {})  # its lines read afresh: what was made from it counts
    data = {k: v for k, v in document_input(source, document).items() if k not in NOT_COPIED}
    data["items"] = [
        {**row, **links(line), "qty": left(line), "rate": line.rate}
        for row, line in zip(data["items"], rows_of(document, "items"), strict=True)
        if left(line) > 0
    ]
    if not data["items"]:
        raise Conflict(
            _("Nothing is left of “%(name)s” to make a new “%(target)s” from.")
            % {"name": document.name, "target": _kind(target_key)}
        )
    data[BY_KEY[target_key].model.DATE_FIELD] = timezone.localdate()  # type: ignore[attr-defined]
    for source_only in ("quotation_item", "so_detail", "dn_detail"):
        if source_only not in _target_links(target_key):
            for row in data["items"]:
                row.pop(source_only, None)
    return document_create(doctype=BY_KEY[target_key], data=data, user=user)


def _kind(key: str) -> str:
    return str(BY_KEY[key].model._meta.verbose_name) if key in BY_KEY else key


def _target_links(target_key: str) -> set[str]:
    return set(SOURCE_LINES[target_key])


@transaction.atomic
def credit_note_make(*, invoice: Any, user: User | None) -> Any:
    """A draft credit note giving back what of a submitted invoice is not returned yet,
    dated today: each line that has some left, its quantity negative, at the invoice's
    rate, naming the invoice line it returns; refused when everything was returned."""
    if invoice.docstatus != DocStatus.SUBMITTED or invoice.is_return:
        raise Conflict(_("Submit “%(name)s” first.") % {"name": invoice.name})
    rows_known(invoice, {})
    data = {k: v for k, v in document_input(SALES_INVOICE, invoice).items() if k not in NOT_COPIED}
    data["items"] = [
        {**row, "qty": -left_to_return(line), "rate": line.rate, "sales_invoice_item": line.pk}
        | {"so_detail": None, "dn_detail": None}
        for row, line in zip(data["items"], rows_of(invoice, "items"), strict=True)
        if left_to_return(line) > 0
    ]
    if not data["items"]:
        raise Conflict(
            _("Everything “%(name)s” billed was already returned: no credit note is left to make.")
            % {"name": invoice.name}
        )
    data |= {"is_return": True, "return_against": invoice.name, "payment_schedule": []}
    data["posting_date"] = timezone.localdate()
    return document_create(doctype=SALES_INVOICE, data=data, user=user)
