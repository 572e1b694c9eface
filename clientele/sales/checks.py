"""What ``clientele check_ledger`` proves: the ledger balances, each customer's
outstanding invoices equal its ledger balance, and the running exposure equals the one
recomputed from the documents (so it was never summed wrong), as do the returned
quantities of invoice lines and the billed amounts of order and delivery lines.

The exposure's unpaid invoices are the customer's receivable balance (the receivables
page reads them): proving them equal to the outstanding invoices less the advances,
themselves proven equal to the ledger, proves them equal to the ledger."""

from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from clientele.sales.amounts import ZERO
from clientele.sales.credit import Delta
from clientele.sales.ledger import Key, advances, ledger_problems, party_names
from clientele.sales.models import (
    CreditExposure,
    DeliveryNoteItem,
    DocStatus,
    SalesInvoice,
    SalesInvoiceItem,
    SalesOrderItem,
)
from clientele.sales.progress import CLOSED, unbilled
from clientele.sales.returns import billed_share


def _add(found: dict[Key, Delta], key: Key, delta: Delta) -> None:
    found[key] = found.get(key, Delta()) + delta


def exposure_recomputed() -> dict[Key, Delta]:
    """The exposure of every customer and company, summed over the documents."""
    found: dict[Key, Delta] = {}
    invoices = SalesInvoice.objects.filter(docstatus=DocStatus.SUBMITTED)
    for invoice in invoices.only("customer_id", "company_id", "base_outstanding_amount"):
        key = (invoice.customer_id, invoice.company_id)
        _add(found, key, Delta(unpaid_invoices=invoice.base_outstanding_amount))
    for key, advance in advances().items():
        _add(found, key, Delta(unpaid_invoices=-advance))
    submitted = {"parent__docstatus": DocStatus.SUBMITTED}
    open_orders = SalesOrderItem.objects.filter(**submitted).exclude(parent__status=CLOSED)
    for line in open_orders.select_related("parent"):
        key = (line.parent.customer_id, line.parent.company_id)
        _add(found, key, Delta(unbilled_orders=unbilled(line, line.parent)))
    free = DeliveryNoteItem.objects.filter(**submitted, so_detail__isnull=True)
    for free_line in free.select_related("parent"):
        key = (free_line.parent.customer_id, free_line.parent.company_id)
        _add(found, key, Delta(unbilled_deliveries=unbilled(free_line, free_line.parent)))
    return found


def exposure_problems() -> list[str]:
    expected = exposure_recomputed()
    kept = {(row.customer_id, row.company_id): row for row in CreditExposure.objects.all()}
    problems = []
    keys = set(expected) | set(kept)
    names = party_names(keys)
    for key in sorted(keys):
        want = expected.get(key, Delta())
        row = kept.get(key)
        have = (
            Delta(row.unpaid_invoices, row.unbilled_orders, row.unbilled_deliveries)
            if row
            else Delta()
        )
        if have != want:
            problems.append(
                _(
                    "%(customer)s with %(company)s: credit exposure kept %(have)s, from the "
                    "documents %(want)s (unpaid invoices / unbilled orders / unbilled deliveries)."
                )
                % {
                    "customer": names[key][0],
                    "company": names[key][1],
                    "have": _text(have),
                    "want": _text(want),
                }
            )
    return problems


def _text(delta: Delta) -> str:
    parts: tuple[Decimal, ...] = (
        delta.unpaid_invoices,
        delta.unbilled_orders,
        delta.unbilled_deliveries,
    )
    return " / ".join(f"{part or ZERO:.2f}" for part in parts)


def returns_problems() -> list[str]:
    """Each invoice line's returned quantity is what the submitted credit notes give back
    of it."""
    given = dict(
        SalesInvoiceItem.objects.filter(
            parent__docstatus=DocStatus.SUBMITTED, sales_invoice_item__isnull=False
        )
        .values("sales_invoice_item")
        .annotate(qty=Sum("qty"))
        .values_list("sales_invoice_item", "qty")
    )
    kept = SalesInvoiceItem.objects.filter(Q(returned_qty__gt=0) | Q(pk__in=list(given)))
    problems = []
    for line in kept.select_related("parent").order_by("pk"):
        want = -given.get(line.pk, ZERO)
        if line.returned_qty != want:
            problems.append(
                _(
                    "%(invoice)s line %(idx)s: returned quantity kept %(have)s, from the "
                    "credit notes %(want)s."
                )
                % {
                    "invoice": line.parent.name,
                    "idx": line.idx,
                    "have": f"{line.returned_qty:.3f}",
                    "want": f"{want:.3f}",
                }
            )
    return problems


def billed_recomputed() -> dict[tuple[str, int], Decimal]:
    """What each order and delivery line was billed, from the submitted invoices' lines
    made from it, less what credit notes gave back of them (``billed_share``)."""
    found: dict[tuple[str, int], Decimal] = {}
    lines = SalesInvoiceItem.objects.filter(
        Q(so_detail__isnull=False) | Q(dn_detail__isnull=False),
        parent__docstatus=DocStatus.SUBMITTED,
        parent__is_return=False,
    )
    for line in lines.only("qty", "amount", "returned_qty", "so_detail_id", "dn_detail_id"):
        share = billed_share(line, line.returned_qty)
        for kind, source_id in (("order", line.so_detail_id), ("delivery", line.dn_detail_id)):
            if source_id is not None:
                found[(kind, source_id)] = found.get((kind, source_id), ZERO) + share
    return found


def billed_problems() -> list[str]:
    """Each order and delivery line's billed amount is what the invoices recomputed give
    (a line of a cancelled document billed nothing)."""
    expected = billed_recomputed()
    problems = []
    for kind, model in (("order", SalesOrderItem), ("delivery", DeliveryNoteItem)):
        lines = model._default_manager.filter(
            Q(parent__docstatus=DocStatus.SUBMITTED) | ~Q(billed_amt=0)
        )
        for line in lines.select_related("parent").order_by("pk"):
            problems += _billed_problem(line, expected.get((kind, line.pk), ZERO))
    return problems


def _billed_problem(line: Any, want: Decimal) -> list[str]:
    if line.billed_amt == want:
        return []
    message = _(
        "%(document)s line %(idx)s: billed amount kept %(have)s, from the invoices %(want)s."
    )
    return [
        message
        % {
            "document": line.parent.name,
            "idx": line.idx,
            "have": f"{line.billed_amt:.2f}",
            "want": f"{want:.2f}",
        }
    ]


def sales_problems() -> list[str]:
    return ledger_problems() + exposure_problems() + returns_problems() + billed_problems()
