"""The arithmetic of a selling document, in ``Decimal`` with ROUND_HALF_UP: line amounts,
taxes on the net total, totals in the document's and the company's currency, the sales
team's shares and the payment schedule. Pure functions of what the document holds."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from clientele.masters.models import PaymentTerm

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


def round_money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def discounted(price_list_rate: Decimal, discount_percentage: Decimal) -> Decimal:
    return round_money(price_list_rate * (HUNDRED - discount_percentage) / HUNDRED)


def line_compute(line: Any, conversion_rate: Decimal) -> None:
    """A line's amounts from its quantity and rate (no header discount: net = gross)."""
    line.amount = round_money(line.qty * line.rate)
    line.net_rate, line.net_amount = line.rate, line.amount
    line.base_rate = round_money(line.rate * conversion_rate)
    line.base_amount = round_money(line.amount * conversion_rate)
    line.base_net_amount = line.base_amount


@dataclass
class Totals:
    total_qty: Decimal = ZERO
    total: Decimal = ZERO
    net_total: Decimal = ZERO
    total_taxes_and_charges: Decimal = ZERO
    grand_total: Decimal = ZERO
    base_total: Decimal = ZERO
    base_net_total: Decimal = ZERO
    base_total_taxes_and_charges: Decimal = ZERO
    base_grand_total: Decimal = ZERO


def taxes_compute(taxes: list, net_total: Decimal, rate: Decimal) -> None:
    """Each tax on the net total, and the running total after it."""
    running = net_total
    for tax in taxes:
        tax.tax_amount = round_money(net_total * tax.rate / HUNDRED)
        running += tax.tax_amount
        tax.total = running
        tax.base_tax_amount = round_money(tax.tax_amount * rate)
        tax.base_total = round_money(running * rate)


def document_compute(document: Any, lines: list, taxes: list, team: list) -> None:
    """Every amount of ``document`` from its lines and tax rates: lines first, then each
    tax on the net total, then the totals; company-currency totals are the document's
    converted once (not a sum of converted lines), so they match what is posted."""
    rate = document.conversion_rate
    for line in lines:
        line_compute(line, rate)
    totals = Totals(
        total_qty=sum((line.qty for line in lines), ZERO),
        total=sum((line.amount for line in lines), ZERO),
        net_total=sum((line.net_amount for line in lines), ZERO),
    )
    taxes_compute(taxes, totals.net_total, rate)
    totals.total_taxes_and_charges = sum((tax.tax_amount for tax in taxes), ZERO)
    totals.grand_total = totals.net_total + totals.total_taxes_and_charges
    totals.base_total = round_money(totals.total * rate)
    totals.base_net_total = round_money(totals.net_total * rate)
    totals.base_total_taxes_and_charges = sum((tax.base_tax_amount for tax in taxes), ZERO)
    totals.base_grand_total = totals.base_net_total + totals.base_total_taxes_and_charges
    for name, value in vars(totals).items():
        setattr(document, name, value)
    for member in team:
        member.allocated_amount = round_money(
            totals.net_total * member.allocated_percentage / HUNDRED
        )
    document.total_commission = round_money(totals.net_total * document.commission_rate / HUNDRED)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_due_date(term: PaymentTerm, start: date) -> date:
    """When one term falls due (ERPNext's ``get_due_date_from_template``); never before
    ``start``."""
    basis = PaymentTerm.DueDateBasis
    if term.due_date_based_on == basis.DAYS_AFTER_MONTH_END:
        due = month_end(start) + timedelta(days=term.credit_days)
    elif term.due_date_based_on == basis.MONTHS_AFTER_MONTH_END:
        due = month_end(add_months(start, term.credit_months))
    else:
        due = start + timedelta(days=term.credit_days)
    return max(due, start)


def schedule_amounts(rows: list, grand_total: Decimal, base_grand_total: Decimal) -> None:
    """Each instalment's share of the grand total; the last takes what rounding left, so
    the schedule adds up to the total exactly."""
    left, base_left = grand_total, base_grand_total
    for index, row in enumerate(rows):
        if index == len(rows) - 1:
            row.payment_amount, row.base_payment_amount = left, base_left
            break
        row.payment_amount = round_money(grand_total * row.invoice_portion / HUNDRED)
        row.base_payment_amount = round_money(base_grand_total * row.invoice_portion / HUNDRED)
        left -= row.payment_amount
        base_left -= row.base_payment_amount
