"""How far a document has been followed: ordered, delivered, billed per line and per
document, never past 100 % (SPEC issue 11 §2), and what that changes in the exposure.

A follow-on document's lines point to their source lines; submitting it adds its
quantities (or amounts) to those lines, locked first, and cancelling takes them away.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict, InvalidInput
from clientele.sales.amounts import HUNDRED, ZERO, round_money
from clientele.sales.credit import Delta
from clientele.sales.models import (
    DeliveryNote,
    DeliveryNoteItem,
    DocStatus,
    PaymentEntryReference,
    Quotation,
    QuotationItem,
    SalesInvoice,
    SalesInvoiceItem,
    SalesOrder,
    SalesOrderItem,
)

# A submitted order closed by hand (``closing``): nothing more follows it.
CLOSED = "Closed"


@dataclass(frozen=True)
class Track:
    """A target line's ``link`` to a ``source`` line, whose ``counter`` grows by the
    target line's ``measure``; ``exposure`` names the part of the exposure it moves."""

    link: str
    source: type[models.Model]
    counter: str
    measure: str
    exposure: str = ""


TRACKS: dict[str, tuple[Track, ...]] = {
    "quotation": (),
    "sales_order": (Track("quotation_item", QuotationItem, "ordered_qty", "qty"),),
    "delivery_note": (Track("so_detail", SalesOrderItem, "delivered_qty", "qty"),),
    "sales_invoice": (
        Track("so_detail", SalesOrderItem, "billed_amt", "amount", "unbilled_orders"),
        Track("dn_detail", DeliveryNoteItem, "billed_amt", "amount", "unbilled_deliveries"),
    ),
}
FOLLOWERS: tuple[tuple[type[models.Model], str], ...] = (
    (SalesOrderItem, "quotation_item"),
    (DeliveryNoteItem, "so_detail"),
    (SalesInvoiceItem, "so_detail"),
    (SalesInvoiceItem, "dn_detail"),
)


def unbilled(line: Any, document: Any) -> Decimal:
    """The company-currency amount, taxes included, of what of ``line`` is not billed yet:
    its share of the document's grand total."""
    if not document.net_total:
        return ZERO
    left = line.amount - line.billed_amt
    return round_money(left * document.base_grand_total / document.net_total)


def own_exposure(key: str, document: Any, lines: Iterable[Any]) -> Delta:
    """What a document adds to the exposure by itself when submitted: an order its
    unbilled total, a delivery its lines made without an order, an invoice its total."""
    if key == "sales_order":
        return Delta(unbilled_orders=sum((unbilled(ln, document) for ln in lines), ZERO))
    if key == "delivery_note":
        free = [line for line in lines if line.so_detail_id is None]
        return Delta(unbilled_deliveries=sum((unbilled(ln, document) for ln in free), ZERO))
    if key == "sales_invoice":
        return Delta(unpaid_invoices=document.base_grand_total)
    return Delta()


@dataclass(frozen=True)
class Move:
    """``change`` added to the counter of the source line ``source_id``, for the line of
    the document at ``path`` (where a refusal is said)."""

    path: str
    source_id: int
    change: Decimal


def sources_update(key: str, document: Any, lines: list[Any], *, sign: int) -> Delta:
    """Add (``sign`` 1) or take back (-1) this document's lines on their source lines,
    locked; returns what that moves in the exposure (an order or delivery billed)."""
    delta = Delta()
    for track in TRACKS[key]:
        moves = [
            Move(f"items[{index}].{track.link}", source_id, sign * getattr(line, track.measure))
            for index, line in enumerate(lines)
            if (source_id := getattr(line, f"{track.link}_id"))
        ]
        if moves:
            delta = delta + _track_update(track, document, moves, following=sign > 0)
    return delta


def billing_given_back(credit_note: Any, given_back: list[tuple[Any, Decimal]]) -> Delta:
    """What a credit note changes in what the invoice lines it returns bill of their
    order and delivery lines (``given_back``: each invoice line with that change, negative
    on submit, positive on cancel), on those lines, locked; returns what that moves in the
    exposure: the unbilled part of an open order or a delivery made without one comes
    back (ERPNext lowers ``billed_amt`` and ``per_billed`` so too)."""
    delta = Delta()
    for track in TRACKS["sales_invoice"]:
        moves = [
            Move("items", source_id, change)
            for line, change in given_back
            if change and (source_id := getattr(line, f"{track.link}_id"))
        ]
        if moves:
            delta = delta + _track_update(track, credit_note, moves, following=False)
    return delta


def _locked_sources(track: Track, ids: set[int]) -> dict[int, Any]:
    rows = track.source._default_manager.select_for_update().filter(pk__in=ids)
    return {row.pk: row for row in rows.select_related("parent").order_by("pk")}


def _track_update(track: Track, document: Any, moves: list[Move], *, following: bool) -> Delta:
    """Each move on its source line, locked. ``following``: the document follows its
    sources (a submission), which must be submitted, of its customer and not closed; no
    counter may pass its line's measure."""
    sources = _locked_sources(track, {move.source_id for move in moves})
    delta = Delta()
    for move in moves:
        source = sources.get(move.source_id)
        if source is None or (following and not _source_fits(source.parent, document)):
            raise InvalidInput.single(move.path, _("No submitted line of this customer to follow."))
        if following and source.parent.status == CLOSED:
            raise _closed(source.parent)
        counts = (
            track.exposure
            and not getattr(source, "so_detail_id", None)
            and source.parent.status != CLOSED
        )
        before = unbilled(source, source.parent) if counts else ZERO
        setattr(source, track.counter, getattr(source, track.counter) + move.change)
        if move.change > 0 and getattr(source, track.counter) > getattr(source, track.measure):
            raise _beyond_100(track, source, move.path) if following else _billed_again(source)
        if counts:
            delta = delta + Delta(**{track.exposure: unbilled(source, source.parent) - before})
    track.source._default_manager.bulk_update(list(sources.values()), [track.counter])
    parents_refresh(track.source, {source.parent_id for source in sources.values()})
    return delta


def _source_fits(source: Any, document: Any) -> bool:
    return (
        source.docstatus == DocStatus.SUBMITTED
        and source.customer_id == document.customer_id
        and source.company_id == document.company_id
    )


def _closed(order: Any) -> Conflict:
    return Conflict(
        _(
            "Sales order “%(name)s” is closed: nothing more is delivered or billed from it. "
            "Re-open it first."
        )
        % {"name": order.name},
        errors={"items": [_("From a closed order.")]},
    )


def refuse_if_closed(document: Any) -> None:
    """A closed order is re-opened before it is cancelled: its exposure left on closing."""
    if isinstance(document, SalesOrder) and document.status == CLOSED:
        raise Conflict(
            _("“%(name)s” is closed: re-open it before cancelling it.") % {"name": document.name}
        )


def _beyond_100(track: Track, source: Any, path: str) -> InvalidInput:
    message = _(
        "Line %(idx)s of %(source)s would go past 100 %% (%(done)s of %(whole)s): lower the "
        "quantity or amount."
    ) % {
        "idx": source.idx,
        "source": source.parent.name,
        "done": getattr(source, track.counter),
        "whole": getattr(source, track.measure),
    }
    return InvalidInput.single(path, message)


def _billed_again(source: Any) -> Conflict:
    """A credit note cancelled after what it gave back was billed again: the line would
    be billed twice."""
    return Conflict(
        _(
            "Cancelling this credit note would bill line %(idx)s of “%(source)s” past 100 %% "
            "(%(done)s of %(whole)s): it was billed again since. Cancel that invoice first."
        )
        % {
            "idx": source.idx,
            "source": source.parent.name,
            "done": source.billed_amt,
            "whole": source.amount,
        },
        errors={"items": [_("Billed again since this credit note.")]},
    )


def _percent(done: Decimal, whole: Decimal) -> Decimal:
    if not whole:
        return ZERO
    return min(HUNDRED, (done * HUNDRED / whole).quantize(Decimal("0.000001")))


def parents_refresh(line_model: type[models.Model], parent_ids: set[int]) -> None:
    """Each source document's percentages and status from all its lines (one query for
    the lines, one update per document)."""
    lines: dict[int, list[Any]] = {}
    found: Any = line_model._default_manager.filter(parent_id__in=parent_ids).order_by("idx")
    for line in found:
        lines.setdefault(line.parent_id, []).append(line)
    parent_model: Any = line_model._meta.get_field("parent").related_model
    for parent in parent_model._default_manager.filter(pk__in=parent_ids):
        progress_set(parent, lines.get(parent.pk, []))
        fields = ["status", *(f for f in ("per_delivered", "per_billed") if hasattr(parent, f))]
        parent.save(update_fields=fields)


def progress_set(document: Any, lines: list[Any]) -> None:
    """Percentages from the lines, then the status they give."""
    if isinstance(document, SalesOrder):
        document.per_delivered = _percent(
            sum((min(ln.delivered_qty, ln.qty) for ln in lines), ZERO), document.total_qty
        )
    if isinstance(document, SalesOrder | DeliveryNote):
        document.per_billed = _percent(
            sum((min(ln.billed_amt, ln.amount) for ln in lines), ZERO), document.total
        )
    document.status = status_of(document, lines)


def status_of(document: Any, lines: list[Any]) -> str:
    if document.docstatus == DocStatus.DRAFT:
        return "Draft"
    if document.docstatus == DocStatus.CANCELLED:
        return "Cancelled"
    if isinstance(document, Quotation):
        ordered = [ln.ordered_qty >= ln.qty for ln in lines]
        return (
            "Ordered"
            if all(ordered)
            else "Partially Ordered"
            if any(ln.ordered_qty for ln in lines)
            else "Open"
        )
    if isinstance(document, SalesOrder) and document.status == CLOSED:
        return CLOSED
    if isinstance(document, SalesOrder):
        to_deliver, to_bill = document.per_delivered < HUNDRED, document.per_billed < HUNDRED
        return {
            (True, True): "To Deliver and Bill",
            (True, False): "To Deliver",
            (False, True): "To Bill",
        }.get((to_deliver, to_bill), "Completed")
    if isinstance(document, DeliveryNote):
        return "To Bill" if document.per_billed < HUNDRED else "Completed"
    if isinstance(document, SalesInvoice):
        return invoice_status(document)
    return "Submitted"


def invoice_status(invoice: Any) -> str:
    if invoice.is_return:
        return "Return"
    if invoice.outstanding_amount <= 0:
        return "Paid"
    if invoice.outstanding_amount < invoice.grand_total:
        return "Partly Paid"
    return "Unpaid"


def refuse_if_followed(document: Any) -> None:
    """A document that submitted ones follow (an order delivered, an invoice paid…) is
    cancelled only after them: cancelling it first would leave them pointing to nothing."""
    names: set[str] = set()
    line_model = document._meta.get_field("items").related_model
    for model, link in FOLLOWERS:
        if model._meta.get_field(link).related_model is not line_model:
            continue
        found = model._default_manager.filter(
            **{f"{link}__parent": document, "parent__docstatus": DocStatus.SUBMITTED}
        ).values_list("parent__name", flat=True)
        names.update(found)
    names.update(_invoice_followers(document))
    if names:
        raise Conflict(
            _("Cancel first the documents made from “%(name)s”: %(names)s.")
            % {"name": document.name, "names": ", ".join(sorted(names))},
            errors={"references": sorted(names)},
        )


def _invoice_followers(document: Any) -> list[str]:
    if not isinstance(document, SalesInvoice):
        return []
    paid = PaymentEntryReference.objects.filter(
        sales_invoice=document, parent__docstatus=DocStatus.SUBMITTED
    ).values_list("parent__name", flat=True)
    returns = SalesInvoice.objects.filter(
        return_against=document, docstatus=DocStatus.SUBMITTED
    ).values_list("name", flat=True)
    return [*paid, *returns]
