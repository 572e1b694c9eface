"""Postings on the receivables ledger: an invoice or credit note debits (credits) the
customer's receivable account and credits income and taxes; a payment debits the bank
and credits the receivable, against each invoice it settles. Debits equal credits in the
company's currency; a cancellation reverses the postings of its voucher."""

from decimal import Decimal
from typing import Any

from django.db.models import F, Q, Sum
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict
from clientele.customers.models import Customer
from clientele.masters.models import Account, Company
from clientele.sales.amounts import ZERO
from clientele.sales.models import DocStatus, LedgerEntry, SalesInvoice

Key = tuple[int, int]  # (customer id, company id)


def _sides(amount: Decimal) -> tuple[Decimal, Decimal]:
    """A debit for a positive amount, a credit for a negative one."""
    return (amount, ZERO) if amount >= 0 else (ZERO, -amount)


def income_account(company: Any) -> Account:
    """The company's income ledger account (items carry none yet)."""
    account = (
        Account.objects.filter(
            company=company, account_type=Account.AccountType.INCOME, disabled=False
        )
        .exclude(numchild__gt=0)
        .order_by("path")
        .first()
    )
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
    entries = [_entry(payment, "Payment Entry", payment.paid_to_id, payment.base_paid_amount)]
    entries += [
        _entry(
            payment,
            "Payment Entry",
            payment.paid_from_id,
            -reference.base_allocated_amount,
            customer_id=payment.customer_id,
            against_voucher_type="Sales Invoice",
            against_voucher_no=reference.sales_invoice.name,
        )
        for reference in references
    ]
    return entries


def entries_post(entries: list[LedgerEntry]) -> None:
    debit = sum((entry.debit for entry in entries), ZERO)
    credit = sum((entry.credit for entry in entries), ZERO)
    if debit != credit:  # the amounts module builds totals so that this cannot happen
        raise ValueError(f"Unbalanced postings: debit {debit}, credit {credit}.")
    LedgerEntry.objects.bulk_create(entries)


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
    LedgerEntry.objects.bulk_create(originals)


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
    rows = (
        SalesInvoice.objects.filter(docstatus=DocStatus.SUBMITTED)
        .values("customer_id", "company_id")
        .annotate(outstanding=Sum("base_outstanding_amount"))
    )
    return {(row["customer_id"], row["company_id"]): row["outstanding"] for row in rows}


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
