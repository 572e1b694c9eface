"""An advance allocated to invoices after it was received (ERPNext's payment
reconciliation, in one step): part or all of a submitted payment's unallocated amount
settles invoices of the same customer, company, currency and receivable account.

The payment gets a reference per invoice, as if it had been allocated when received; the
receivable is debited back against the payment (the advance used, at the payment's rate)
and credited against each invoice (at the invoice's rate), the difference being an
exchange gain or loss. Cancelling the payment takes all of it back.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict, FieldErrors
from clientele.core.specs import rows_of
from clientele.core.typing import User
from clientele.sales.accounts import accounts_settings_get
from clientele.sales.amounts import ZERO, round_money
from clientele.sales.credit import Delta, exposure_apply, exposure_first
from clientele.sales.ledger import advance_entry, entries_post, exchange_entries
from clientele.sales.models import (
    DocStatus,
    LedgerEntry,
    PaymentEntry,
    PaymentEntryReference,
    SalesInvoice,
)
from clientele.sales.payments import (
    allocate,
    invoices_locked,
    payment_locked,
    references_check,
)
from clientele.sales.rules import frozen_check


def _references(payment: PaymentEntry, rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    """Unsaved references from ``{"sales_invoice": name, "allocated_amount": …}`` rows,
    numbered after the payment's own; every one checked as a payment's reference is."""
    names = [str(row.get("sales_invoice") or "") for row in rows]
    found = {inv.name: inv for inv in SalesInvoice.objects.filter(name__in=names)}
    errors = FieldErrors()
    if not rows:
        errors.add("references", _("Allocate the advance to at least one invoice."))
    start = len(rows_of(payment, "references"))
    built = []
    for index, (name, row) in enumerate(zip(names, rows, strict=True)):
        if name not in found:
            errors.add(
                f"references[{index}].sales_invoice",
                _("No sales invoice named “%(name)s”.") % {"name": name},
            )
            continue
        built.append(
            PaymentEntryReference(
                parent=payment,
                idx=start + index + 1,
                sales_invoice=found[name],
                allocated_amount=Decimal(row.get("allocated_amount") or 0),
            )
        )
    references_check(payment, built, {"paid_amount": payment.paid_amount}, errors)
    errors.raise_if_any()
    return built


def _refuse_beyond_advance(payment: PaymentEntry, references: list[Any]) -> Decimal:
    total = sum((ref.allocated_amount for ref in references), ZERO)
    if total > payment.unallocated_amount:
        raise Conflict(
            _(
                "“%(payment)s” has %(left)s left to allocate; %(total)s was asked: allocate at "
                "most what is left."
            )
            % {
                "payment": payment.name,
                "left": f"{payment.unallocated_amount:.2f}",
                "total": f"{total:.2f}",
            },
            errors={"references": [_("More than the payment's unallocated amount.")]},
        )
    return total


def _released(payment: PaymentEntry, total: Decimal) -> Decimal:
    """What of the advance's company-currency amount ``total`` uses: all that is left
    when it uses all the rest, so an advance used up leaves nothing behind."""
    if total == payment.unallocated_amount:
        return payment.base_unallocated_amount
    return round_money(total * payment.source_exchange_rate)


@transaction.atomic
def payment_allocate(
    *,
    payment: PaymentEntry,
    references: Sequence[Mapping[str, Any]],
    user: User | None,
    on: date | None = None,
) -> PaymentEntry:
    """Allocate what a submitted payment left unallocated to invoices, posted on ``on``
    (today by default); refused past what is left or what an invoice owes."""
    exposure = exposure_first(payment)
    payment = payment_locked(payment.pk)
    if payment.docstatus != DocStatus.SUBMITTED:
        raise Conflict(_("Submit “%(name)s” first.") % {"name": payment.name})
    settings = accounts_settings_get()
    frozen_check(key="payment_entry", customer=payment.customer, user=user, settings=settings)
    built = _references(payment, references)
    total = _refuse_beyond_advance(payment, built)
    invoices = invoices_locked(built)
    cleared = allocate(built, invoices, sign=1)
    released = _released(payment, total)
    PaymentEntryReference.objects.bulk_create(built)
    _post(payment, built, invoices, released, cleared, on or timezone.localdate())
    payment.unallocated_amount -= total
    payment.base_unallocated_amount -= released
    payment.difference_amount += released - cleared
    payment.save(
        update_fields=["unallocated_amount", "base_unallocated_amount", "difference_amount"]
    )
    exposure_apply(exposure, Delta(unpaid_invoices=released - cleared))
    return payment


def _post(payment, built, invoices, released: Decimal, cleared: Decimal, on: date) -> None:
    """The advance used debited back, each invoice credited, the difference to the gain
    or loss account: one balanced set of postings of the payment, dated ``on``."""
    entries: list[LedgerEntry] = [advance_entry(payment, released)]
    for ref in built:
        entry = advance_entry(payment, -ref.base_allocated_amount)
        entry.against_voucher_type = "Sales Invoice"
        entry.against_voucher_no = invoices[ref.sales_invoice_id].name
        entries.append(entry)
    entries += exchange_entries(payment, released - cleared)
    for entry in entries:
        entry.posting_date = on
    entries_post(entries)
