"""What ``clientele check_ledger`` proves: the ledger balances, each customer's
outstanding invoices equal its ledger balance, and the running exposure equals the one
recomputed from the documents (so it was never summed wrong)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from clientele.sales.amounts import ZERO
from clientele.sales.credit import Delta
from clientele.sales.ledger import Key, ledger_problems, party_names
from clientele.sales.models import (
    CreditExposure,
    DeliveryNoteItem,
    DocStatus,
    SalesInvoice,
    SalesOrderItem,
)
from clientele.sales.progress import unbilled


def _add(found: dict[Key, Delta], key: Key, delta: Delta) -> None:
    found[key] = found.get(key, Delta()) + delta


def exposure_recomputed() -> dict[Key, Delta]:
    """The exposure of every customer and company, summed over the documents."""
    found: dict[Key, Delta] = {}
    invoices = SalesInvoice.objects.filter(docstatus=DocStatus.SUBMITTED)
    for invoice in invoices.only("customer_id", "company_id", "base_outstanding_amount"):
        key = (invoice.customer_id, invoice.company_id)
        _add(found, key, Delta(unpaid_invoices=invoice.base_outstanding_amount))
    submitted = {"parent__docstatus": DocStatus.SUBMITTED}
    for line in SalesOrderItem.objects.filter(**submitted).select_related("parent"):
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


def sales_problems() -> list[str]:
    return ledger_problems() + exposure_problems()
