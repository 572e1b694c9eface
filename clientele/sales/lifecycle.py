"""Submit, cancel and amend a selling document.

A submission locks the document, then the customer's exposure row (every submission for
that customer and company queues there, see ``credit``), then the source lines it
follows; it checks the customer's rules and the credit limit, posts to the ledger, and
moves the exposure by exactly what the document adds. A cancellation takes back exactly
that, once no submitted document follows it. Anything refused writes nothing.
"""

import re
from decimal import Decimal
from typing import Any

from django.db import router, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict
from clientele.core.rows import Reader, fields_saved
from clientele.core.specs import rows_known, rows_known_of, rows_of
from clientele.core.typing import User
from clientele.sales.accounts import accounts_settings_get
from clientele.sales.credit import (
    Delta,
    credit_check,
    exposure_apply,
    exposure_first,
    refuse_if_moved,
)
from clientele.sales.doctypes import SELLING, DocType
from clientele.sales.documents import (
    document_create,
    document_input,
    refuse_unless_amendable,
    refuse_unless_draft,
)
from clientele.sales.ledger import entries_post, entries_reverse, invoice_entries
from clientele.sales.models import DocStatus, SalesInvoice, SalesInvoiceTax
from clientele.sales.progress import (
    billing_given_back,
    invoice_status,
    own_exposure,
    progress_set,
    refuse_if_closed,
    refuse_if_followed,
    sources_update,
)
from clientele.sales.returns import refuse_source_links, refuse_stray_links, returns_update
from clientele.sales.rules import frozen_check, party_check, source_required_check


def document_locked(doctype: DocType, pk: int) -> Any:
    """The document read again under its row lock, with its customer, its company and its
    lines: a second submission of it waits, then sees it submitted. Statements written
    once per kind (``core.rows``); the customer's groups are read only if its credit limit
    comes from them."""
    header, lines = _LOCKED[doctype.key]
    document = header.locked(pk)
    if document is None:
        raise Http404(str(pk))
    found = sorted(lines.all(pk, using=router.db_for_write(doctype.model)), key=_by_idx)
    rows_known(document, {"items": found})
    return document


def _by_idx(line: Any) -> int:
    return line.idx


def _locked_readers(doctype: DocType) -> tuple[Reader, Reader]:
    assert doctype.line is not None
    related = ("item", "dn_detail") if doctype.key == "sales_invoice" else ("item",)
    header = Reader(doctype.model, "id", related=("customer", "company"))
    return header, Reader(doctype.line, "parent", related=related)


_LOCKED = {doctype.key: _locked_readers(doctype) for doctype in SELLING}


def _upward(document: Any) -> bool:
    """An amendment is checked against the credit limit only when it asks for more than
    the document it replaces (SPEC §3.5: amended upward)."""
    if document.amended_from_id is None:
        return True
    original = type(document)._default_manager.get(pk=document.amended_from_id)
    return document.base_grand_total > original.base_grand_total


@transaction.atomic
def document_submit(*, doctype: DocType, document: Any, user: User | None) -> Any:
    exposure = None if doctype.key == "quotation" else exposure_first(document)
    document = document_locked(doctype, document.pk)
    refuse_unless_draft(document)
    settings = accounts_settings_get()
    party_check(key=doctype.key, document=document, user=user, settings=settings)
    lines = rows_of(document, "items")
    source_required_check(key=doctype.key, document=document, lines=lines)
    document.docstatus = DocStatus.SUBMITTED
    if exposure is None:
        progress_set(document, lines)
        _status_saved(document)
        return document
    refuse_if_moved(document, exposure)
    delta = own_exposure(doctype.key, document, lines) + _follow(doctype, document, lines, 1)
    if not _is_return(document) and _upward(document):
        credit_check(
            document=document,
            exposure=exposure,
            delta=delta,
            order_stage=doctype.key == "sales_order",
            user=user,
            settings=settings,
        )
    if isinstance(document, SalesInvoice):
        _invoice_post(document, lines)
    exposure_apply(exposure, delta)
    progress_set(document, lines)
    _status_saved(document)
    return document


def _status_saved(document: Any) -> None:
    """What a submission or cancellation changes on the document itself written, and only
    that: its status, its progress and what an invoice owes. Why: a full ``save()`` writes
    every column (sixty on an invoice), and its statement costs Django more Python than
    the database takes to run it (so does ``save(update_fields=…)``: see ``fields_saved``)."""
    fields = ["docstatus", "status", "modified_at"]
    fields += [name for name in ("per_delivered", "per_billed") if hasattr(document, name)]
    if isinstance(document, SalesInvoice):
        fields += ["outstanding_amount", "base_outstanding_amount"]
    fields_saved(document, fields)


def _is_return(document: Any) -> bool:
    """A credit note: it is never checked against the credit limit (it lowers what is
    owed, and the order billing it gives back was accepted when submitted)."""
    return isinstance(document, SalesInvoice) and document.is_return


def _follow(doctype: DocType, document: Any, lines: list[Any], sign: int) -> Delta:
    """What the document counts on the lines it follows (``sign`` 1 on submit, -1 on
    cancel), and what that moves in the exposure. A credit note follows the invoice it
    returns, never an order or delivery line directly: what it gives back of those
    follows from the invoice's lines."""
    if not _is_return(document):
        return sources_update(doctype.key, document, lines, sign=sign)
    refuse_source_links(lines)
    if document.return_against_id is None:
        return Delta()
    return _returned_move(document, lines, sign=sign)


def _invoice_post(invoice: SalesInvoice, lines: list[Any]) -> None:
    """An invoice owes its total; a credit note (its quantities given back first) owes
    nothing itself. Then the postings."""
    invoice.outstanding_amount = invoice.grand_total
    invoice.base_outstanding_amount = invoice.base_grand_total
    if invoice.return_against_id is None:
        refuse_stray_links(lines)
    else:
        invoice.outstanding_amount = invoice.base_outstanding_amount = 0
    entries_post(invoice_entries(invoice, _taxes_of(invoice)))


# An invoice's tax rows, read by the invoice when it posts: written once (``core.rows``).
_INVOICE_TAXES = Reader(SalesInvoiceTax, "parent")


def _taxes_of(invoice: SalesInvoice) -> list[Any]:
    """The rows it was read or written with, else read now (the locked invoice's)."""
    if "taxes" in rows_known_of(invoice):
        return list(rows_of(invoice, "taxes"))
    using = router.db_for_write(SalesInvoiceTax)
    return sorted(_INVOICE_TAXES.all(invoice.pk, using=using), key=_by_idx)


def _returned_move(credit_note: SalesInvoice, lines: list[Any], *, sign: int) -> Delta:
    """The invoice a credit note returns (locked) gets its quantities back per line and
    owes its amount less (``sign`` 1 on submit, -1 on cancel); what those lines billed of
    their order and delivery lines goes down as much. Returns what that moves in the
    exposure (the order's unbilled part back)."""
    rows = SalesInvoice.objects.select_for_update()
    original = rows.get(pk=credit_note.return_against_id or 0)
    fits = original.docstatus == DocStatus.SUBMITTED and (
        original.customer_id == credit_note.customer_id
        and original.company_id == credit_note.company_id
        and not original.is_return
    )
    if sign > 0 and not fits:
        raise Conflict(
            _("A credit note returns a submitted invoice of the same customer and company."),
            errors={"return_against": [_("Not a submitted invoice of this customer.")]},
        )
    given_back = returns_update(credit_note, lines, sign=sign)
    if sign > 0:
        _returns_within(original, credit_note)
    original.outstanding_amount += sign * credit_note.grand_total
    original.base_outstanding_amount += sign * credit_note.base_grand_total
    original.status = _status_after_return(original, credit_note, sign)
    original.save(update_fields=["outstanding_amount", "base_outstanding_amount", "status"])
    return billing_given_back(credit_note, given_back)


def _status_after_return(original: SalesInvoice, credit_note: SalesInvoice, sign: int) -> str:
    """“Credit Note Issued” while a submitted credit note returns it, else as paid."""
    others = SalesInvoice.objects.filter(return_against=original, docstatus=DocStatus.SUBMITTED)
    if sign > 0 or others.exclude(pk=credit_note.pk).exists():
        return "Credit Note Issued"
    return invoice_status(original)


def _returns_within(original: SalesInvoice, credit_note: SalesInvoice) -> None:
    """What credit notes give back never exceeds what the invoice billed (checked with the
    invoice locked, so two credit notes at once cannot both pass)."""
    returned = SalesInvoice.objects.filter(
        return_against=original, docstatus=DocStatus.SUBMITTED
    ).aggregate(total=Sum("grand_total"))["total"] or Decimal(0)
    if original.grand_total + returned + credit_note.grand_total < 0:
        raise Conflict(
            _(
                "“%(invoice)s” billed %(billed)s and %(returned)s was already credited: this "
                "credit note of %(amount)s would give back more than was billed."
            )
            % {
                "invoice": original.name,
                "billed": original.grand_total,
                "returned": -returned,
                "amount": -credit_note.grand_total,
            },
            errors={"return_against": [_("More than the invoice billed.")]},
        )


@transaction.atomic
def document_cancel(*, doctype: DocType, document: Any, user: User | None) -> Any:
    exposure = None if doctype.key == "quotation" else exposure_first(document)
    document = document_locked(doctype, document.pk)
    if document.docstatus != DocStatus.SUBMITTED:
        raise Conflict(
            _("Only a submitted document can be cancelled; “%(name)s” is not.")
            % {"name": document.name}
        )
    refuse_if_closed(document)
    refuse_if_followed(document)
    frozen_check(
        key=doctype.key, customer=document.customer, user=user, settings=accounts_settings_get()
    )
    lines = rows_of(document, "items")
    document.docstatus = DocStatus.CANCELLED
    if exposure is not None:
        delta = -own_exposure(doctype.key, document, lines)
        exposure_apply(exposure, delta + _follow(doctype, document, lines, -1))
    if isinstance(document, SalesInvoice):
        document.outstanding_amount = document.base_outstanding_amount = 0
        entries_reverse(voucher_type="Sales Invoice", voucher_no=document.name)
    progress_set(document, lines)
    _status_saved(document)
    return document


def amended_name(document: Any) -> str:
    """``SAL-ORD-2026-00001`` → ``…-00001-1``; amending ``…-1`` gives ``…-2``."""
    if document.amended_from_id is not None and (
        match := re.fullmatch(r"(.*)-(\d+)", document.name)
    ):
        return f"{match.group(1)}-{int(match.group(2)) + 1}"
    return f"{document.name}-1"


@transaction.atomic
def document_amend(*, doctype: DocType, document: Any, user: User | None) -> Any:
    """A draft copy of a cancelled document, numbered after it, that replaces it."""
    refuse_unless_amendable(document)
    data = document_input(doctype, document)
    return document_create(
        doctype=doctype, data=data, user=user, name=amended_name(document), amended_from=document
    )
