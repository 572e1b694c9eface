"""Payment entries: money received from a customer, allocated to its invoices.

A payment is received in the invoices' currency; submitting it lowers each invoice's
outstanding amount, never below 0, and credits the receivable at the invoice's own
exchange rate, so that an invoice paid in full leaves nothing on the ledger. The bank is
debited at the payment's own rate; the difference is an exchange gain or loss, posted to
the company's accounts for them. What is allocated to no invoice is an advance (ERPNext's
unallocated amount): a credit on the receivable account against the payment itself, which
lowers the customer's exposure and is allocated to invoices later (``advances``).
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.core.api_support import serialize
from clientele.core.errors import Conflict, FieldErrors, InvalidInput
from clientele.core.naming import series_next
from clientele.core.records import record_prepare
from clientele.core.rows import Reader, fields_saved, insert_objects
from clientele.core.specs import Child, Link, Rows, Spec, rows_known, rows_of
from clientele.core.typing import User
from clientele.customers.models import Customer
from clientele.masters.models import Account, Company, Currency
from clientele.masters.services import first_leaf_account, ledger_account, receivable_ledger
from clientele.pricing.selectors import exchange_rate
from clientele.sales.accounts import accounts_settings_get
from clientele.sales.amounts import ZERO, round_money
from clientele.sales.credit import Delta, exposure_apply, exposure_first, refuse_if_moved
from clientele.sales.defaults import document_defaults
from clientele.sales.doctypes import PAYMENT_ENTRY
from clientele.sales.documents import refuse_unless_amendable, refuse_unless_draft
from clientele.sales.ledger import entries_post, entries_reverse, payment_entries
from clientele.sales.lifecycle import amended_name
from clientele.sales.models import DocStatus, PaymentEntry, PaymentEntryReference, SalesInvoice
from clientele.sales.naming import document_series, refuse_series_change
from clientele.sales.progress import invoice_status
from clientele.sales.rules import frozen_check, party_check


def _bank_or_cash(account: Account) -> str | None:
    if problem := ledger_account(account):
        return problem
    if account.account_type not in (Account.AccountType.BANK, Account.AccountType.CASH):
        return _("“%(account)s” is not a bank or cash account.") % {"account": account.name}
    return None


PAYMENT = Spec(
    PaymentEntry,
    "payment_entry",
    fields=(
        "naming_series",
        "posting_date",
        "paid_amount",
        "source_exchange_rate",
        "reference_no",
        "reference_date",
        "remarks",
    ),
    links=(
        Link("customer", Customer),
        Link("company", Company),
        Link("currency", Currency),
        Link("paid_from", Account, check=receivable_ledger),
        Link("paid_to", Account, check=_bank_or_cash),
    ),
    children=(
        Child(
            "references",
            PaymentEntryReference,
            ("sales_invoice", "allocated_amount"),
            links=(Link("sales_invoice", SalesInvoice),),
            unique=("sales_invoice",),
        ),
    ),
    audited=False,
)


def _first_bank(company: Company) -> Account | None:
    return first_leaf_account(company, (Account.AccountType.BANK, Account.AccountType.CASH))


def _fill(payment: PaymentEntry, data: Mapping[str, Any], rows: Rows, errors: FieldErrors) -> None:
    """The receivable account from the customer, the bank from the company, the currency
    and amount from the invoices; then every reference checked."""
    if payment.customer_id is None or payment.company_id is None:
        return
    payment.customer_name = payment.customer.customer_name
    references = rows["references"]
    first = references[0].sales_invoice if references and references[0].sales_invoice_id else None
    if payment.paid_from_id is None:
        # The account the invoices were posted to, else the customer's default one.
        payment.paid_from = _by_pk(_ACCOUNTS, first.debit_to_id) if first else _receivable(payment)
    if payment.paid_to_id is None:
        payment.paid_to = _first_bank(payment.company)
    if payment.currency_id is None:
        payment.currency = _by_pk(
            _CURRENCIES, first.currency_id if first else payment.company.default_currency_id
        )
    references_check(payment, references, data, errors)
    _amounts(payment, data, references, errors)
    _rate(payment, data, errors)
    for field_name in ("paid_from", "paid_to"):
        if getattr(payment, f"{field_name}_id") is None:
            errors.add(field_name, _("Required: none could be found for this company."))


def _amounts(payment: PaymentEntry, data: Mapping[str, Any], references: list, errors) -> None:
    """The paid amount is the allocations' sum unless typed; typed above it, the rest is
    an advance (unallocated); below it, an error."""
    allocated = sum((Decimal(ref.allocated_amount or 0) for ref in references), ZERO)
    if "paid_amount" not in data and (payment.pk is None or "references" in data):
        payment.paid_amount = allocated
    if Decimal(payment.paid_amount) < allocated:
        errors.add(
            "paid_amount",
            _("The amounts allocated to invoices (%(allocated)s) exceed the paid amount.")
            % {"allocated": allocated},
        )
    payment.unallocated_amount = Decimal(payment.paid_amount) - allocated


def _rate(payment: PaymentEntry, data: Mapping[str, Any], errors: FieldErrors) -> None:
    """The payment's exchange rate to the company's currency: 1 in that currency, else the
    one typed, else the rate recorded for the payment's date (never a silent 1)."""
    if payment.currency_id == payment.company.default_currency_id:
        payment.source_exchange_rate = Decimal(1)
        return
    if data.get("source_exchange_rate") is not None:
        return
    company_currency = payment.company.default_currency
    currency = Currency.objects.get(pk=payment.currency_id)
    on = payment.posting_date
    rate = exchange_rate(from_currency=currency.name, to_currency=company_currency.name, on=on)
    if rate is None:
        errors.add(
            "source_exchange_rate",
            _(
                "No exchange rate from %(source)s to %(target)s on or before %(date)s: record "
                "one (currency exchange) or type the rate."
            )
            % {"source": currency.name, "target": company_currency.name, "date": on.isoformat()},
        )
    else:
        payment.source_exchange_rate = rate


def _receivable(payment: PaymentEntry) -> Account | None:
    return document_defaults(customer=payment.customer, company=payment.company).values["debit_to"]


# An account and a currency a payment takes from its invoice or company, read whole by key
# (its answer names them): written once (``core.rows``), cheaper than the ORM's lazy read.
_ACCOUNTS = Reader(Account, "id")
_CURRENCIES = Reader(Currency, "id")


def _by_pk(reader: Reader, pk: int | None) -> Any:
    return reader.one(pk, using=router.db_for_write(reader.model)) if pk is not None else None


def references_check(
    payment: PaymentEntry, references: list, data: Mapping[str, Any], errors: FieldErrors
) -> None:
    if not references and not Decimal(data.get("paid_amount") or payment.paid_amount or 0) > 0:
        errors.add(
            "references",
            _(
                "Allocate the payment to at least one invoice, or type the amount received "
                "as an advance."
            ),
        )
    for index, ref in enumerate(references):
        invoice = ref.sales_invoice if ref.sales_invoice_id else None
        path = f"references[{index}]."
        if invoice is None:
            continue
        if (invoice.customer_id, invoice.company_id) != (payment.customer_id, payment.company_id):
            errors.add(path + "sales_invoice", _("An invoice of another customer or company."))
        elif invoice.currency_id != payment.currency_id:
            errors.add(path + "sales_invoice", _("An invoice in another currency."))
        elif invoice.docstatus != DocStatus.SUBMITTED or invoice.is_return:
            errors.add(path + "sales_invoice", _("Not a submitted invoice."))
        elif invoice.debit_to_id != payment.paid_from_id:
            errors.add(
                path + "sales_invoice", _("An invoice posted to another receivable account.")
            )
        if Decimal(ref.allocated_amount or 0) <= 0:
            errors.add(path + "allocated_amount", _("The amount must be more than 0."))


def _prepare(payment: PaymentEntry, data: Mapping[str, Any], stored: Rows) -> Rows:
    rows, errors = record_prepare(
        PAYMENT,
        payment,
        data,
        exclude=("name", "naming_series", "paid_from", "paid_to", "currency"),
    )
    rows.setdefault("references", stored.get("references", []))
    if not errors:
        _fill(payment, data, rows, errors)
    errors.raise_if_any()
    return rows


def _store(payment: PaymentEntry, rows: Rows, *, new: bool) -> None:
    """The header and its references written; a new payment by ``insert_objects``, as a
    new document (statements written once per shape, not compiled on every call)."""
    if new:
        insert_objects(PaymentEntry, [payment])
    else:
        payment.save()
        PaymentEntryReference.objects.filter(parent=payment).delete()
    for ref in rows["references"]:
        ref.parent, ref.pk = payment, None
    insert_objects(PaymentEntryReference, rows["references"])
    rows_known(payment, {"references": rows["references"]})


@transaction.atomic
def payment_create(
    *, data: Mapping[str, Any], user: User | None, name: str = "", amended_from: Any = None
) -> PaymentEntry:
    data = {**data, "posting_date": data.get("posting_date") or timezone.localdate()}
    payment = PaymentEntry(amended_from=amended_from)
    rows = _prepare(payment, data, {})
    payment.naming_series = (
        amended_from.naming_series
        if amended_from is not None
        else document_series(
            kind=PAYMENT_ENTRY.key, standard=PAYMENT_ENTRY.series, chosen=data.get("naming_series")
        )
    )
    payment.name = name or series_next(template=payment.naming_series, today=payment.posting_date)
    _store(payment, rows, new=True)
    return payment


@transaction.atomic
def payment_update(*, payment: PaymentEntry, data: Mapping[str, Any], user: User) -> PaymentEntry:
    refuse_unless_draft(payment)
    if "name" in data:
        raise InvalidInput.single("name", _("A document's number cannot change."))
    refuse_series_change(payment, data)
    rows = _prepare(payment, data, {"references": list(rows_of(payment, "references"))})
    _store(payment, rows, new=False)
    return payment


# The payment under its row lock, with its customer and company, and its references: two
# statements written once (``core.rows``), prepared on PostgreSQL.
_LOCKED = Reader(PaymentEntry, "id", related=("customer", "company"))
_REFERENCES = Reader(PaymentEntryReference, "parent")


def payment_locked(pk: int) -> PaymentEntry:
    payment = _LOCKED.locked(pk)
    if payment is None:
        raise PaymentEntry.DoesNotExist(pk)
    using = router.db_for_write(PaymentEntryReference)
    references = sorted(_REFERENCES.all(pk, using=using), key=lambda ref: ref.idx)
    rows_known(payment, {"references": references})
    return payment


# The invoices a payment settles, locked in key order: one statement written once.
_INVOICES = Reader(SalesInvoice, "id")


def invoices_locked(references: list) -> dict[int, SalesInvoice]:
    ids = sorted({ref.sales_invoice_id for ref in references})
    return {invoice.pk: invoice for invoice in _INVOICES.locked_among(ids)}


def rows_saved(rows: list[Any], fields: list[str]) -> None:
    """``fields`` of each of ``rows`` written: a lone row by its own ``UPDATE`` (the
    usual payment settles one invoice, and ``bulk_update``'s ``CASE`` for one row costs
    Django a millisecond of Python; see ``fields_saved``), more in one statement."""
    if len(rows) == 1:
        fields_saved(rows[0], fields)
    elif rows:
        type(rows[0])._default_manager.bulk_update(rows, fields)


def allocate(references: list, invoices: dict[int, SalesInvoice], sign: int) -> Decimal:
    """Each invoice's outstanding lowered (``sign`` 1) or restored (-1) by its allocation;
    returns the total in the company's currency."""
    total = ZERO
    for index, ref in enumerate(references):
        invoice = invoices[ref.sales_invoice_id]
        if sign > 0:
            ref.base_allocated_amount = _base_allocated(ref, invoice, index)
        invoice.outstanding_amount -= sign * ref.allocated_amount
        invoice.base_outstanding_amount -= sign * ref.base_allocated_amount
        invoice.status = invoice_status(invoice)
        total += ref.base_allocated_amount
    rows_saved(list(invoices.values()), ["outstanding_amount", "base_outstanding_amount", "status"])
    return total


def _base_allocated(ref: Any, invoice: SalesInvoice, index: int) -> Decimal:
    if invoice.docstatus != DocStatus.SUBMITTED:
        raise InvalidInput.single(
            f"references[{index}].sales_invoice", _("Not a submitted invoice.")
        )
    if ref.allocated_amount > invoice.outstanding_amount:
        raise InvalidInput.single(
            f"references[{index}].allocated_amount",
            _("“%(invoice)s” owes %(outstanding)s: allocate at most that.")
            % {"invoice": invoice.name, "outstanding": invoice.outstanding_amount},
        )
    if ref.allocated_amount == invoice.outstanding_amount:
        return invoice.base_outstanding_amount
    return round_money(ref.allocated_amount * invoice.conversion_rate)


# What a submission or cancellation writes on the payment itself, and only that (a full
# ``save()`` writes every column).
_AMOUNTS_IN_BASE = ("base_paid_amount", "base_unallocated_amount", "difference_amount")
_STATUS = ("docstatus", "status", "modified_at")


@transaction.atomic
def payment_submit(*, payment: PaymentEntry, user: User | None) -> PaymentEntry:
    exposure = exposure_first(payment)
    payment = payment_locked(payment.pk)
    refuse_if_moved(payment, exposure)
    refuse_unless_draft(payment)
    party_check(key="payment_entry", document=payment, user=user, settings=accounts_settings_get())
    references = list(rows_of(payment, "references"))
    invoices = invoices_locked(references)
    allocated = allocate(references, invoices, sign=1)
    rows_saved(references, ["base_allocated_amount"])
    for ref in references:
        ref.sales_invoice = invoices[ref.sales_invoice_id]
    rate = payment.source_exchange_rate
    payment.base_paid_amount = round_money(payment.paid_amount * rate)
    payment.base_unallocated_amount = round_money(payment.unallocated_amount * rate)
    payment.difference_amount = (
        payment.base_paid_amount - allocated - payment.base_unallocated_amount
    )
    entries_post(payment_entries(payment, references))
    exposure_apply(exposure, Delta(unpaid_invoices=-(allocated + payment.base_unallocated_amount)))
    payment.docstatus, payment.status = DocStatus.SUBMITTED, "Submitted"
    fields_saved(payment, [*_AMOUNTS_IN_BASE, *_STATUS])
    return payment


@transaction.atomic
def payment_cancel(*, payment: PaymentEntry, user: User | None) -> PaymentEntry:
    exposure = exposure_first(payment)
    payment = payment_locked(payment.pk)
    if payment.docstatus != DocStatus.SUBMITTED:
        raise Conflict(_("Only a submitted payment can be cancelled."))
    settings = accounts_settings_get()
    frozen_check(key="payment_entry", customer=payment.customer, user=user, settings=settings)
    references = list(rows_of(payment, "references"))
    allocated = allocate(references, invoices_locked(references), sign=-1)
    entries_reverse(voucher_type="Payment Entry", voucher_no=payment.name)
    exposure_apply(exposure, Delta(unpaid_invoices=allocated + payment.base_unallocated_amount))
    payment.docstatus, payment.status = DocStatus.CANCELLED, "Cancelled"
    fields_saved(payment, _STATUS)
    return payment


def payment_input(payment: PaymentEntry) -> dict[str, Any]:
    data = serialize(PAYMENT, payment)
    data.pop("name")
    return data


def payment_make(*, invoice: SalesInvoice, user: User | None) -> PaymentEntry:
    """A draft payment of what the invoice still owes."""
    if invoice.docstatus != DocStatus.SUBMITTED or invoice.outstanding_amount <= 0:
        raise Conflict(_("“%(name)s” owes nothing.") % {"name": invoice.name})
    data = {
        "customer": invoice.customer.name,
        "company": invoice.company.name,
        "currency": invoice.currency.name,
        "references": [
            {"sales_invoice": invoice.name, "allocated_amount": invoice.outstanding_amount}
        ],
    }
    return payment_create(data=data, user=user)


@transaction.atomic
def payment_amend(*, payment: PaymentEntry, user: User | None) -> PaymentEntry:
    """A draft copy of a cancelled payment, numbered after it, that replaces it."""
    refuse_unless_amendable(payment)
    return payment_create(
        data=payment_input(payment), user=user, name=amended_name(payment), amended_from=payment
    )
