"""Close and re-open a sales order (ERPNext's “Closed” status).

Closing a submitted order says that what it has not delivered or billed yet never will
be: no follow-on is made from it any more, and its unbilled amount leaves the customer's
credit exposure. Re-opening brings that amount back, checked against the credit limit
as a new order would be (ERPNext's ``SalesOrder.update_status`` checks the limit on
re-opening too): the customer may have used the room it left meanwhile, and an order
re-opened past the limit would let deliveries and invoices follow it unchecked.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict
from clientele.core.specs import rows_of
from clientele.core.typing import User
from clientele.sales.accounts import accounts_settings_get
from clientele.sales.credit import credit_check, exposure_apply, exposure_first, refuse_if_moved
from clientele.sales.doctypes import SALES_ORDER
from clientele.sales.lifecycle import document_locked
from clientele.sales.models import CreditExposure, DocStatus, SalesOrder
from clientele.sales.progress import CLOSED, own_exposure, progress_set


def _locked(order: SalesOrder) -> tuple[SalesOrder, list[Any], CreditExposure]:
    """The customer's exposure row locked, then the order read again under its lock (the
    submissions' order of locks)."""
    exposure = exposure_first(order)
    locked = document_locked(SALES_ORDER, order.pk)
    refuse_if_moved(locked, exposure)
    if locked.docstatus != DocStatus.SUBMITTED:
        raise Conflict(
            _("Only a submitted order is closed or re-opened; “%(name)s” is not.")
            % {"name": locked.name}
        )
    return locked, list(rows_of(locked, "items")), exposure


@transaction.atomic
def order_close(*, order: SalesOrder, user: User | None) -> SalesOrder:
    """What is left to deliver and bill of ``order`` never will be: its unbilled amount
    leaves the exposure; refused for an order already closed or completed."""
    order, lines, exposure = _locked(order)
    if order.status in (CLOSED, "Completed"):
        raise Conflict(
            _("“%(name)s” is %(status)s: there is nothing left to close.")
            % {"name": order.name, "status": _status_word(order.status)}
        )
    exposure_apply(exposure, -own_exposure(SALES_ORDER.key, order, lines))
    order.status = CLOSED
    order.save(update_fields=["status", "modified_at"])
    return order


@transaction.atomic
def order_reopen(*, order: SalesOrder, user: User | None) -> SalesOrder:
    """A closed order open again: its unbilled amount comes back into the exposure, under
    the credit check of an order (its bypass flag and the credit controller included)."""
    order, lines, exposure = _locked(order)
    if order.status != CLOSED:
        raise Conflict(_("“%(name)s” is not closed.") % {"name": order.name})
    delta = own_exposure(SALES_ORDER.key, order, lines)
    credit_check(
        document=order,
        exposure=exposure,
        delta=delta,
        order_stage=True,
        user=user,
        settings=accounts_settings_get(),
    )
    exposure_apply(exposure, delta)
    order.status = ""
    progress_set(order, lines)
    order.save(update_fields=["status", "modified_at"])
    return order


def _status_word(status: str) -> str:
    return _("closed") if status == CLOSED else _("completed")
