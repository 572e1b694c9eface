"""Credit control (SPEC §3.5): the running exposure of a customer to a company, and the
check a submission makes against the customer's credit limit.

Exposure = unpaid invoices + unbilled part of submitted orders + unbilled deliveries not
made against an order, in the company's currency. It is one row per customer and company,
changed by each submit and cancel by exactly what that document adds or takes away, so a
check reads one row whatever the customer's history. Every submission and cancellation
locks that row first, before its own document (``FOR UPDATE`` on PostgreSQL; SQLite runs
one writer at a time): concurrent ones for the same customer and company queue, each
judged on what the previous ones did.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import connections, router
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict
from clientele.core.meta import column_of, model_field
from clientele.core.rows.reads import returned_instance, returning_columns
from clientele.core.rows.statements import execute, prepared
from clientele.core.rows.updates import fields_saved
from clientele.core.typing import User
from clientele.customers.defaults import customer_credit_rule
from clientele.sales.accounts import may_exceed_credit_limit
from clientele.sales.amounts import ZERO
from clientele.sales.models import AccountsSettings, CreditExposure


@dataclass
class Delta:
    """What a submission adds to (a cancellation takes from) each part of the exposure."""

    unpaid_invoices: Decimal = ZERO
    unbilled_orders: Decimal = ZERO
    unbilled_deliveries: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.unpaid_invoices + self.unbilled_orders + self.unbilled_deliveries

    def __add__(self, other: "Delta") -> "Delta":
        return Delta(*(a + b for a, b in zip(_parts(self), _parts(other), strict=True)))

    def __neg__(self) -> "Delta":
        return Delta(*(-part for part in _parts(self)))


def _parts(delta: Delta) -> tuple[Decimal, Decimal, Decimal]:
    return delta.unpaid_invoices, delta.unbilled_orders, delta.unbilled_deliveries


def exposure_first(document: Any) -> CreditExposure:
    """The exposure row of ``document``'s customer and company, locked BEFORE the document
    itself: every submission, cancellation, closing and payment of one customer with one
    company takes this lock first, so they run one after the other whole. Taken after the
    document, a follower (a payment, a credit note) that holds the exposure and waits for
    the invoice it settles, and the invoice's cancellation that holds the invoice and waits
    for the exposure, would wait for each other; and a cancellation would check “nothing
    follows me” before a follower about to commit. The caller checks, once the document is
    locked, that it still names that customer and company (:func:`refuse_if_moved`)."""
    return exposure_locked(customer_id=document.customer_id, company_id=document.company_id)


def refuse_if_moved(document: Any, exposure: CreditExposure) -> None:
    """A draft whose customer or company was changed between its reading and its lock
    (by someone editing it meanwhile) is not submitted on the wrong exposure."""
    if (document.customer_id, document.company_id) != (exposure.customer_id, exposure.company_id):
        raise Conflict(
            _("“%(name)s” was changed while being submitted: open it again and retry.")
            % {"name": document.name}
        )


def exposure_locked(*, customer_id: int, company_id: int) -> CreditExposure:
    """The exposure row of a customer and company, created at 0 if missing, locked until
    the transaction ends, in one statement: an upsert that finds the row takes its lock
    on PostgreSQL (as ``FOR UPDATE``; a concurrent creator's row is waited for, then
    taken as it is); SQLite runs one writer at a time."""
    db = connections[router.db_for_write(CreditExposure)]
    with db.cursor() as cursor, prepared(db):
        execute(cursor, _exposure_upsert_sql(db.alias), [customer_id, company_id])
        row = cursor.fetchone()
    return returned_instance(CreditExposure, row, using=db.alias)


@cache
def _exposure_upsert_sql(alias: str) -> str:
    db = connections[alias]
    quote = db.ops.quote_name
    meta = CreditExposure._meta
    customer, company = (column_of(model_field(CreditExposure, n)) for n in ("customer", "company"))
    amounts = ("unpaid_invoices", "unbilled_orders", "unbilled_deliveries")
    columns = ", ".join(quote(c) for c in (customer, company, *amounts))
    return (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES (%s, %s, 0, 0, 0)"
        f" ON CONFLICT ({quote(customer)}, {quote(company)})"
        f" DO UPDATE SET {quote(customer)} = excluded.{quote(customer)}"
        f" RETURNING {returning_columns(CreditExposure, db)}"
    )


def exposure_merge(source: Any, target: Any) -> None:
    """A merged customer's exposure joins the survivor's, company by company (its
    documents move to the survivor, so what they owe must too)."""
    rows = CreditExposure.objects.select_for_update().filter(customer=source).order_by("pk")
    for row in rows:
        survivor = exposure_locked(customer_id=target.pk, company_id=row.company_id)
        exposure_apply(
            survivor, Delta(row.unpaid_invoices, row.unbilled_orders, row.unbilled_deliveries)
        )
        row.delete()


def exposure_apply(exposure: CreditExposure, delta: Delta) -> None:
    exposure.unpaid_invoices += delta.unpaid_invoices
    exposure.unbilled_orders += delta.unbilled_orders
    exposure.unbilled_deliveries += delta.unbilled_deliveries
    fields_saved(exposure, ["unpaid_invoices", "unbilled_orders", "unbilled_deliveries"])


def credit_check(
    *,
    document: Any,
    exposure: CreditExposure,
    delta: Delta,
    order_stage: bool,
    user: User | None,
    settings: AccountsSettings,
) -> None:
    """Refuse (409, nothing written) a submission that takes the exposure past the limit.

    Only a submission that adds to the exposure is checked; a row's
    ``bypass_credit_limit_check`` skips the check for orders only; the credit controller
    role of the accounts settings may exceed the limit.
    """
    if delta.total <= 0 or may_exceed_credit_limit(user, settings):
        return
    rule = customer_credit_rule(customer=document.customer, company=document.company)
    if rule.limit is None or (rule.bypass and order_stage):
        return
    if exposure.total + delta.total > rule.limit:
        raise _refusal(document, exposure, delta, rule.limit)


def _money(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, force_grouping=True)


def _refusal(document: Any, exposure: CreditExposure, delta: Delta, limit: Decimal) -> Conflict:
    figures = {
        "customer": document.customer.name,
        "company": document.company.name,
        "limit": _money(limit),
        "exposure": _money(exposure.total),
        "unpaid": _money(exposure.unpaid_invoices),
        "orders": _money(exposure.unbilled_orders),
        "deliveries": _money(exposure.unbilled_deliveries),
        "amount": _money(delta.total),
        "after": _money(exposure.total + delta.total),
    }
    message = (
        _(
            "Credit limit exceeded for %(customer)s with %(company)s: limit %(limit)s, exposure "
            "%(exposure)s (unpaid invoices %(unpaid)s, unbilled orders %(orders)s, unbilled "
            "deliveries %(deliveries)s), this document %(amount)s, %(after)s in all. Ask a "
            "credit controller to submit it, raise the credit limit, or wait for payments."
        )
        % figures
    )
    return Conflict(
        message,
        errors={
            "credit_limit": [
                _("Limit: %(limit)s") % figures,
                _("Unpaid invoices: %(unpaid)s") % figures,
                _("Unbilled orders: %(orders)s") % figures,
                _("Unbilled deliveries: %(deliveries)s") % figures,
                _("This document: %(amount)s") % figures,
            ]
        },
    )
