"""The receivables: who owes what to which company (“Comptes clients”), and a customer's
statement for a company and a period (“Relevé de compte”): the balance brought forward,
each posting with its voucher and the running balance, the balance at the end.

Everything is in the address (``?customer=&company=&from_date=&to_date=``), so a
statement is a link to keep or send; both read the ledger through the sales app's
selectors (``receivables_page``, ``customer_statement``), the API's own.
"""

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from clientele.customers.models import Customer
from clientele.masters.models import Company
from clientele.sales.doctypes import ALL
from clientele.sales.models import LedgerEntry
from clientele.sales.selectors import customer_statement, fiscal_year_of, receivables_page
from clientele.web.records_support import Pager
from clientele.web.sales import BY_KEY
from clientele.web.sales.entry import CustomerInput

# A ledger entry's voucher type (as ERPNext names it) in the reader's language.
VOUCHERS: dict[str, Promise] = {
    "Sales Invoice": _("Sales Invoice"),
    "Payment Entry": _("Payment Entry"),
}
SCREEN_OF_VOUCHER = {doctype.label: BY_KEY[doctype.key] for doctype in ALL}


def _companies() -> list[tuple[str, str]]:
    return [(c, c) for c in Company.objects.order_by("name").values_list("name", flat=True)]


def statement_url(customer: str, company: str, **dates: date | None) -> str:
    """A statement's address; the period left out is the current fiscal year to date."""
    query = {"customer": customer, "company": company}
    query |= {key: value.isoformat() for key, value in dates.items() if value}
    return f"{reverse('web:sales-statement')}?{urlencode(query)}"


class StatementQuery(forms.Form):
    customer = forms.CharField(
        label=_("Customer"), max_length=140, widget=CustomerInput("customers")
    )
    company = forms.ChoiceField(label=_("Company"), required=False)
    from_date = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    to_date = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["company"]).choices = _companies()
        self.fields["customer"].widget.attrs["id"] = "id_customer"

    def clean_customer(self) -> Customer:
        code = self.cleaned_data["customer"].strip()
        customer = Customer.objects.filter(name=code).first()
        if customer is None:
            raise forms.ValidationError(_("No customer with the code “%(code)s”.") % {"code": code})
        return customer

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from_date"), data.get("to_date")
        if start and end and start > end:
            self.add_error("to_date", _("The end of the period comes before its start."))
        return data


@dataclass(frozen=True)
class Line:
    """A posting as the statement shows it: its voucher, what it settles, its amounts."""

    posting_date: date
    kind: str
    voucher: str
    voucher_url: str | None
    against: str
    against_url: str | None
    debit: Decimal
    credit: Decimal
    balance: Decimal


def _voucher_url(voucher_type: str, number: str) -> str | None:
    screen = SCREEN_OF_VOUCHER.get(voucher_type)
    return screen.url(number) if screen and number else None


def _kind(entry: dict[str, Any]) -> str:
    """An invoice's own posting, a credit note (an invoice posted against another), a
    payment, or an advance (a payment posted against itself) received or allocated, in
    words. An advance is what was paid, VAT included: no VAT is posted on it, the
    invoice it is allocated to carries the VAT (docs/architecture.md, “Advances”)."""
    if (
        entry["voucher_type"] == "Payment Entry"
        and entry["against_voucher_no"] == (entry["voucher_no"])
    ):
        return str(_("Advance received, VAT included") if entry["credit"] else _("Advance used"))
    returned = entry["voucher_type"] == "Sales Invoice" and entry["against_voucher_no"] not in (
        "",
        entry["voucher_no"],
    )
    if returned:
        return str(_("Credit note"))
    return str(VOUCHERS.get(entry["voucher_type"], entry["voucher_type"]))


def _line(entry: dict[str, Any]) -> Line:
    against = entry["against_voucher_no"]
    if against == entry["voucher_no"]:
        against = ""
    return Line(
        posting_date=entry["posting_date"],
        kind=_kind(entry),
        voucher=entry["voucher_no"],
        voucher_url=_voucher_url(entry["voucher_type"], entry["voucher_no"]),
        against=against,
        against_url=_voucher_url("Sales Invoice", against),
        debit=entry["debit"],
        credit=entry["credit"],
        balance=entry["balance"],
    )


def _company_for(customer: Customer, chosen: str) -> Company | None:
    """The company asked for, else the one the customer has postings with, else the
    first one."""
    if chosen:
        return Company.objects.filter(name=chosen).first()
    used = LedgerEntry.objects.filter(customer=customer).values("company_id")[:1]
    return Company.objects.filter(pk__in=used).first() or Company.objects.order_by("name").first()


def _statement(data: dict[str, Any]) -> dict[str, Any] | None:
    customer: Customer = data["customer"]
    company = _company_for(customer, data.get("company") or "")
    if company is None:
        return None
    today = timezone.localdate()
    start = data.get("from_date") or fiscal_year_of(today)[0]
    end = data.get("to_date") or max(today, start)
    found = customer_statement(customer=customer, company=company, from_date=start, to_date=end)
    found["lines"] = [_line(entry) for entry in found["entries"]]
    found["currency"] = company.default_currency.name if company.default_currency_id else "EUR"
    found["customer_name"] = customer.customer_name
    found["debit"] = sum((line.debit for line in found["lines"]), Decimal(0))
    found["credit"] = sum((line.credit for line in found["lines"]), Decimal(0))
    return found


def _csv(statement: dict[str, Any]) -> HttpResponse:
    """The statement as a spreadsheet reads it: ISO dates, plain decimals, one posting a
    row between the opening and the closing balance."""
    name = f"statement-{statement['customer']}-{statement['to_date'].isoformat()}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["date", "voucher_type", "voucher_no", "against", "debit", "credit", "balance"])
    opening = statement["opening_balance"]
    writer.writerow([statement["from_date"].isoformat(), "Opening", "", "", "", "", opening])
    for line, entry in zip(statement["lines"], statement["entries"], strict=True):
        row = [line.posting_date.isoformat(), entry["voucher_type"], line.voucher, line.against]
        writer.writerow([*row, line.debit, line.credit, line.balance])
    closing = [statement["debit"], statement["credit"], statement["closing_balance"]]
    writer.writerow([statement["to_date"].isoformat(), "Closing", "", "", *closing])
    return response


@login_required
@require_GET
def statement_page(request: HttpRequest) -> HttpResponse:
    """The statement the address asks for (``format=csv``: to download), or the form
    asking for it."""
    query = StatementQuery(request.GET or None)
    statement = _statement(query.cleaned_data) if query.is_valid() else None
    if statement is not None and request.GET.get("format") == "csv":
        return _csv(statement)
    if statement is not None:  # the form shows the period and company actually read
        query = StatementQuery(
            initial={
                "customer": statement["customer"],
                "company": statement["company"],
                "from_date": statement["from_date"],
                "to_date": statement["to_date"],
            }
        )
    status = 422 if query.is_bound and query.errors else 200
    context: dict[str, Any] = {"query": query, "statement": statement}
    if statement is not None:
        context["csv_url"] = (
            statement_url(
                statement["customer"],
                statement["company"],
                from_date=statement["from_date"],
                to_date=statement["to_date"],
            )
            + "&format=csv"
        )
    return render(request, "web/sales/statement.html", context, status=status)


class ReceivablesQuery(forms.Form):
    company = forms.ChoiceField(label=_("Company"), required=False)
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["company"]).choices = [("", _("All")), *_companies()]


PER_PAGE = 50


@login_required
@require_GET
def receivables(request: HttpRequest) -> HttpResponse:
    """Who owes what, largest balance first, each with a link to their statement."""
    query = ReceivablesQuery(request.GET)
    data = query.cleaned_data if query.is_valid() else {}
    company = Company.objects.filter(name=data.get("company") or "").first()
    page = data.get("page") or 1
    count, rows = receivables_page(company=company, limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    for row in rows:
        row["statement_url"] = statement_url(row["customer"], row["company"])
    pager = Pager(count=count, page=page, per_page=PER_PAGE)
    filters = {"company": company.name} if company else {}
    context = {
        "query": query,
        "rows": rows,
        "pager": pager,
        "previous": _page_query(filters, page - 1) if page > 1 else None,
        "next": _page_query(filters, page + 1) if page < pager.pages else None,
    }
    return render(request, "web/sales/receivables.html", context)


def _page_query(filters: dict[str, str], page: int) -> str:
    return urlencode({**filters, **({"page": page} if page > 1 else {})})
