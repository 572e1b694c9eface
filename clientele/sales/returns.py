"""Credit notes checked per line: a credit note gives back quantities of the lines of the
invoice it returns, and each of those lines keeps how much of it the submitted credit
notes returned (``returned_qty``), so all of them together never return more than the
line billed. Cancelling a credit note gives its quantities back. What an invoice line
bills of the order or delivery line it was made from goes down with what it returns
(``billed_share``; ``progress.billing_given_back`` writes it on those lines).

A credit note's line names the invoice line it returns (``sales_invoice_item``); one
typed without that link is matched by its item to the invoice's first line of that item
with enough left (ERPNext matches unlinked return lines by item too). The invoice's lines
are locked first, so two credit notes submitted at once are judged one after the other.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from clientele.core.errors import InvalidInput
from clientele.sales.amounts import round_money
from clientele.sales.models import SalesInvoiceItem


def _returned(line: Any) -> Decimal:
    """What a credit note's line gives back, as a positive quantity."""
    return -Decimal(line.qty)


def left_to_return(line: Any) -> Decimal:
    """What of an invoice line no submitted credit note has given back yet."""
    return line.qty - line.returned_qty


def _locked_lines(invoice_id: int) -> dict[int, Any]:
    rows = SalesInvoiceItem.objects.select_for_update().filter(parent_id=invoice_id)
    return {row.pk: row for row in rows.select_related("item", "parent").order_by("pk")}


def _match(line: Any, sources: dict[int, Any], index: int) -> Any:
    """The invoice line a credit note's line returns: the one it names, else the first
    line of its item with enough left, else the first line of its item."""
    if line.sales_invoice_item_id is not None:
        source = sources.get(line.sales_invoice_item_id)
        if source is None:
            raise InvalidInput.single(
                f"items[{index}].sales_invoice_item",
                _("Not a line of the invoice this credit note returns."),
            )
        return source
    same_item = [row for row in sources.values() if row.item_id == line.item_id]
    if not same_item:
        raise InvalidInput.single(f"items[{index}].item", _not_billed(line, sources))
    fits = [row for row in same_item if left_to_return(row) >= _returned(line)]
    chosen = (fits or same_item)[0]
    line.sales_invoice_item_id = chosen.pk
    return chosen


def _not_billed(line: Any, sources: dict[int, Any]) -> str:
    invoice = next(iter(sources.values())).parent.name if sources else ""
    return _(
        "Item “%(item)s” is not on the invoice “%(invoice)s”: a credit note gives back only "
        "what the invoice billed. Remove this line."
    ) % {"item": line.item.name, "invoice": invoice}


def _beyond_billed(source: Any, line: Any, index: int) -> InvalidInput:
    figures = {
        "item": source.item.name,
        "idx": source.idx,
        "invoice": source.parent.name,
        "billed": _qty(source.qty),
        "returned": _qty(source.returned_qty - _returned(line)),
        "asked": _qty(_returned(line)),
        "left": _qty(source.qty - source.returned_qty + _returned(line)),
    }
    message = (
        _(
            "Item “%(item)s” (line %(idx)s of “%(invoice)s”): %(billed)s billed, %(returned)s "
            "already returned, this credit note returns %(asked)s. At most %(left)s can still "
            "be returned: lower the quantity."
        )
        % figures
    )
    return InvalidInput({f"items[{index}].qty": [message]}, message)


def _qty(value: Decimal) -> str:
    """A quantity without its trailing zeros (``2``, ``1.5``)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def billed_share(line: Any, returned_qty: Decimal) -> Decimal:
    """What an invoice line still bills of its order or delivery line once
    ``returned_qty`` of it is given back: its amount less the returned part at its own
    rate, rounded on the whole returned so far, so the credit notes of a line add up to
    its amount exactly whatever their number."""
    return line.amount - round_money(line.amount * returned_qty / line.qty)


def returns_update(credit_note: Any, lines: list[Any], *, sign: int) -> list[tuple[Any, Decimal]]:
    """Add (``sign`` 1, on submit) or take back (-1, on cancel) what the credit note's
    lines return on the invoice's lines, locked; refused past what a line billed. Returns
    each invoice line returned with the change in what it bills (``billed_share``)."""
    sources = _locked_lines(credit_note.return_against_id)
    before = {pk: source.returned_qty for pk, source in sources.items()}
    linked = []
    for index, line in enumerate(lines):
        was_linked = line.sales_invoice_item_id is not None
        source = _match(line, sources, index)
        source.returned_qty += sign * _returned(line)
        if sign > 0 and source.returned_qty > source.qty:
            raise _beyond_billed(source, line, index)
        if not was_linked:
            linked.append(line)
    SalesInvoiceItem.objects.bulk_update(list(sources.values()), ["returned_qty"])
    if linked:
        SalesInvoiceItem.objects.bulk_update(linked, ["sales_invoice_item"])
    return [
        (source, billed_share(source, source.returned_qty) - billed_share(source, before[pk]))
        for pk, source in sources.items()
        if source.returned_qty != before[pk]
    ]


def refuse_source_links(lines: list[Any]) -> None:
    """A credit note's line names the invoice line it gives back, never an order or
    delivery line: what it gives back of those follows from the invoice line's."""
    for index, line in enumerate(lines):
        for link in ("so_detail", "dn_detail"):
            if getattr(line, f"{link}_id") is not None:
                raise InvalidInput.single(
                    f"items[{index}].{link}",
                    _(
                        "A credit note's line gives back an invoice line, not an order's or "
                        "a delivery's."
                    ),
                )


def refuse_stray_links(lines: list[Any]) -> None:
    """Only a credit note's lines name an invoice line they give back."""
    for index, line in enumerate(lines):
        if line.sales_invoice_item_id is not None:
            raise InvalidInput.single(
                f"items[{index}].sales_invoice_item",
                _("Only a credit note's line gives back an invoice line."),
            )
