"""Postings on the receivables ledger: an invoice or credit note debits (credits) the
customer's receivable account and credits income and taxes; a payment debits the bank
and credits the receivable, against each invoice it settles. Debits equal credits in the
company's currency; a cancellation reverses the postings of its voucher."""

from decimal import Decimal
from typing import Any

from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict
from clientele.core.rows import insert_objects
from clientele.customers.models import Customer
from clientele.masters.models import Account, Company
from clientele.masters.services import first_leaf_account
from clientele.sales.amounts import ZERO
from clientele.sales.models import DocStatus, LedgerEntry, PaymentEntry, SalesInvoice

Key = tuple[int, int]  # (customer id, company id)


def _sides(amount: Decimal) -> tuple[Decimal, Decimal]:
    """A debit for a positive amount, a credit for a negative one."""
    return (amount, ZERO) if amount >= 0 else (ZERO, -amount)


def income_account(company: Any) -> Account:
    """The company's income ledger account (items carry none yet)."""
    account = first_leaf_account(company, (Account.AccountType.INCOME,))
    if account is None:
        raise Conflict(
            _("“%(company)s” has no income account to post sales to: add one to its chart.")
            % {"company": company.name}
        )
    return account


def _entry(
    voucher: Any, voucher_type: str, account_id: int, amount: Decimal, **more
) -> LedgerEntry:
    debit, credit = _sides(amount)
    return LedgerEntry(
        posting_date=voucher.posting_date,
        company_id=voucher.company_id,
        account_id=account_id,
        debit=debit,
        credit=credit,
        voucher_type=voucher_type,
        voucher_no=voucher.name,
        **more,
    )


def invoice_entries(invoice: Any, taxes: list[Any]) -> list[LedgerEntry]:
    against = invoice.return_against.name if invoice.return_against_id else invoice.name
    party = {"customer_id": invoice.customer_id, "against_voucher_type": "Sales Invoice"}
    entries = [
        _entry(
            invoice,
            "Sales Invoice",
            invoice.debit_to_id,
            invoice.base_grand_total,
            against_voucher_no=against,
            **party,
        ),
        _entry(
            invoice, "Sales Invoice", income_account(invoice.company).pk, -invoice.base_net_total
        ),
    ]
    entries += [
        _entry(invoice, "Sales Invoice", tax.account_head_id, -tax.base_tax_amount)
        for tax in taxes
        if tax.base_tax_amount
    ]
    return entries


def payment_entries(payment: Any, references: list[Any]) -> list[LedgerEntry]:
    """The bank debited at the payment's rate; the receivable credited against each
    invoice at that invoice's rate, and against the payment itself for what is allocated
    to no invoice (an advance); the exchange difference to the company's gain or loss."""
    party = {"customer_id": payment.customer_id, "against_voucher_type": "Sales Invoice"}
    entries = [_entry(payment, "Payment Entry", payment.paid_to_id, payment.base_paid_amount)]
    entries += [
        _entry(
            payment,
            "Payment Entry",
            payment.paid_from_id,
            -reference.base_allocated_amount,
            against_voucher_no=reference.sales_invoice.name,
            **party,
        )
        for reference in references
    ]
    if payment.base_unallocated_amount:
        entries.append(advance_entry(payment, -payment.base_unallocated_amount))
    return entries + exchange_entries(payment, payment.difference_amount)


def advance_entry(payment: Any, amount: Decimal) -> LedgerEntry:
    """The receivable against the payment itself: an advance credited (or, allocated
    later, debited back)."""
    return _entry(
        payment,
        "Payment Entry",
        payment.paid_from_id,
        amount,
        customer_id=payment.customer_id,
        against_voucher_type="Payment Entry",
        against_voucher_no=payment.name,
    )


def exchange_entries(payment: Any, difference: Decimal) -> list[LedgerEntry]:
    """What the bank received in the company's currency beyond what the receivable was
    cleared of is a gain (credited to the company's gain account); short of it, a loss
    (debited to its loss account)."""
    if not difference:
        return []
    account = exchange_account(payment.company, gain=difference > 0)
    return [_entry(payment, "Payment Entry", account.pk, -difference)]


def exchange_account(company: Any, *, gain: bool) -> Account:
    account_id = company.exchange_gain_account_id if gain else company.exchange_loss_account_id
    account = Account.objects.filter(pk=account_id).first() if account_id else None
    if account is not None:
        return account
    if gain:
        message = _(
            "“%(company)s” has no exchange gain account to post this payment's exchange gain "
            "to: set one on the company (French chart: 766000)."
        )
    else:
        message = _(
            "“%(company)s” has no exchange loss account to post this payment's exchange loss "
            "to: set one on the company (French chart: 666000)."
        )
    raise Conflict(message % {"company": company.name})


def entries_post(entries: list[LedgerEntry]) -> None:
    debit = sum((entry.debit for entry in entries), ZERO)
    credit = sum((entry.credit for entry in entries), ZERO)
    if debit != credit:  # the amounts module builds totals so that this cannot happen
        raise ValueError(f"Unbalanced postings: debit {debit}, credit {credit}.")
    # Written once per shape (``core.rows``): ``bulk_create`` compiles every value, every time.
    insert_objects(LedgerEntry, entries)


def entries_reverse(*, voucher_type: str, voucher_no: str) -> None:
    """Mark the voucher's postings cancelled and write their mirror, also marked: the
    balance leaves them out, the trail keeps both."""
    originals = list(
        LedgerEntry.objects.filter(
            voucher_type=voucher_type, voucher_no=voucher_no, is_cancelled=False
        )
    )
    for entry in originals:
        entry.pk, entry.debit, entry.credit = None, entry.credit, entry.debit
        entry.is_cancelled = True
    LedgerEntry.objects.filter(voucher_type=voucher_type, voucher_no=voucher_no).update(
        is_cancelled=True
    )
    insert_objects(LedgerEntry, originals)


def ledger_problems() -> list[str]:
    """Where the ledger and the documents disagree: a voucher whose postings do not
    balance, or a customer whose outstanding invoices differ from its ledger balance."""
    problems = []
    unbalanced = (
        LedgerEntry.objects.values("voucher_type", "voucher_no")
        .annotate(debit=Sum("debit"), credit=Sum("credit"))
        .exclude(debit=F("credit"))
    )
    for row in unbalanced:
        problems.append(
            _("%(type)s %(no)s: debit %(debit)s, credit %(credit)s.")
            % {"type": row["voucher_type"], "no": row["voucher_no"], **row}
        )
    return problems + _outstanding_problems()


def party_names(keys: set[Key]) -> dict[Key, tuple[str, str]]:
    """The customer's and the company's codes of each key, for people reading a problem."""
    customers = dict(Customer.objects.filter(pk__in={k[0] for k in keys}).values_list("pk", "name"))
    companies = dict(Company.objects.filter(pk__in={k[1] for k in keys}).values_list("pk", "name"))
    return {key: (customers.get(key[0], "?"), companies.get(key[1], "?")) for key in keys}


def _balances() -> dict[tuple[int, int], Decimal]:
    rows = (
        LedgerEntry.objects.filter(is_cancelled=False, customer__isnull=False)
        .values("customer_id", "company_id")
        .annotate(balance=Sum("debit") - Sum("credit"))
    )
    return {(row["customer_id"], row["company_id"]): row["balance"] for row in rows}


def _outstanding() -> dict[tuple[int, int], Decimal]:
    """What each customer owes each company: its invoices' outstanding less its advances
    (payments' unallocated amounts)."""
    rows = (
        SalesInvoice.objects.filter(docstatus=DocStatus.SUBMITTED)
        .values("customer_id", "company_id")
        .annotate(outstanding=Sum("base_outstanding_amount"))
    )
    found = {(row["customer_id"], row["company_id"]): row["outstanding"] for row in rows}
    for key, advance in advances().items():
        found[key] = found.get(key, ZERO) - advance
    return found


def advances() -> dict[Key, Decimal]:
    """The unallocated amounts of the submitted payments, per customer and company."""
    rows = (
        PaymentEntry.objects.filter(docstatus=DocStatus.SUBMITTED, base_unallocated_amount__gt=0)
        .values("customer_id", "company_id")
        .annotate(advance=Sum("base_unallocated_amount"))
    )
    return {(row["customer_id"], row["company_id"]): row["advance"] for row in rows}


def _outstanding_problems() -> list[str]:
    ledger, invoices = _balances(), _outstanding()
    problems = []
    keys = set(ledger) | set(invoices)
    names = party_names(keys)
    for key in sorted(keys):
        on_ledger, owed = ledger.get(key, ZERO), invoices.get(key, ZERO)
        if on_ledger != owed:
            problems.append(
                _(
                    "%(customer)s with %(company)s: ledger balance %(ledger)s, outstanding "
                    "invoices %(owed)s."
                )
                % {
                    "customer": names[key][0],
                    "company": names[key][1],
                    "ledger": f"{on_ledger:.2f}",
                    "owed": f"{owed:.2f}",
                }
            )
    return problems


def ledger_balance(*, customer_id: int, company_id: int) -> Decimal:
    total = LedgerEntry.objects.filter(
        Q(customer_id=customer_id) & Q(company_id=company_id) & Q(is_cancelled=False)
    ).aggregate(balance=Sum("debit") - Sum("credit"))["balance"]
    return total if total is not None else ZERO
