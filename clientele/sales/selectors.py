"""Reads: one document with its tables, a page of documents, a customer's dashboard and
statement."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.http import Http404
from django.utils import timezone

from clientele.core.api_support import field_value, serialize
from clientele.core.replica import on_replica
from clientele.core.rows.reads import Reader
from clientele.core.specs import Child, Link, rows_of
from clientele.customers.models import Customer
from clientele.masters.models import Account, Company, FiscalYear, SalesPerson
from clientele.pricing.models import Item
from clientele.sales.amounts import ZERO
from clientele.sales.doctypes import ALL, PAYMENT_ENTRY, SELLING, DocType
from clientele.sales.documents import line_output
from clientele.sales.models import (
    CreditExposure,
    DocStatus,
    LedgerEntry,
    PaymentEntryReference,
    SalesInvoice,
)
from clientele.sales.payments import PAYMENT
from clientele.sales.specs import (
    LINE_COLUMNS,
    SCHEDULE_COLUMNS,
    SOURCE_LINES,
    SPECS,
    TAX_COLUMNS,
    TEAM_COLUMNS,
)

COMPUTED = (
    "docstatus",
    "status",
    "total_qty",
    "total",
    "net_total",
    "total_taxes_and_charges",
    "grand_total",
    "base_total",
    "base_net_total",
    "base_total_taxes_and_charges",
    "base_grand_total",
    "total_commission",
)
OWN_COMPUTED = {
    "sales_order": ("per_delivered", "per_billed"),
    "delivery_note": ("per_billed",),
    "sales_invoice": ("outstanding_amount", "base_outstanding_amount"),
}
LINE_AMOUNTS = ("amount", "net_rate", "net_amount", "base_rate", "base_amount", "base_net_amount")
LINE_PROGRESS = {
    "quotation": ("ordered_qty",),
    "sales_order": ("delivered_qty", "billed_amt"),
    "delivery_note": ("billed_amt",),
    "sales_invoice": ("returned_qty",),
}
TAX_AMOUNTS = ("tax_amount", "total", "base_tax_amount", "base_total")
SCHEDULE_AMOUNTS = ("payment_amount", "base_payment_amount")
TEAM_AMOUNTS = ("allocated_amount",)
TAX_LINKS = (Link("account_head", Account),)
TEAM_LINKS = (Link("sales_person", SalesPerson),)


def document_get(doctype: DocType, name: str) -> Any:
    """One document by number with its tables, in one statement (``core.rows``): its
    customer and company whole, every other link by its code, each table as one JSON
    array. With a dozen links joined, PostgreSQL took 20 to 40 ms to plan the read alone;
    404 if none."""
    if doctype is PAYMENT_ENTRY:
        return _payment_get(name)
    document = _READERS[doctype.key].one(name)
    if document is None:
        raise Http404(name)
    return document


def _document_reader(doctype: DocType) -> Reader:
    """The read of one kind, written from its spec: what the API answers and the screens
    show, no more."""
    assert doctype.line and doctype.tax and doctype.schedule and doctype.team
    spec = SPECS[doctype.key]
    whole = ("customer", "company")
    links = [link.field for link in spec.links if link.field not in whole]
    stubs = {name: "name" for name in (*links, "price_list_currency", "amended_from")}
    line_columns = (
        "id",
        *LINE_COLUMNS,
        *LINE_AMOUNTS,
        *LINE_PROGRESS[doctype.key],
        *(f"{source}_id" for source in SOURCE_LINES[doctype.key]),
    )
    children = (
        Child("items", doctype.line, line_columns, links=(Link("item", Item),)),
        Child("taxes", doctype.tax, (*TAX_COLUMNS, *TAX_AMOUNTS), links=TAX_LINKS),
        Child("payment_schedule", doctype.schedule, (*SCHEDULE_COLUMNS, *SCHEDULE_AMOUNTS)),
        Child("sales_team", doctype.team, (*TEAM_COLUMNS, *TEAM_AMOUNTS), links=TEAM_LINKS),
    )
    return Reader(doctype.model, "name", related=whole, stubs=stubs, children=children)


_READERS = {doctype.key: _document_reader(doctype) for doctype in SELLING}


# A payment with its references, in one statement as the other kinds (see ``document_get``):
# its six links joined, PostgreSQL took 10 ms to plan the read.
_PAYMENT_READER = Reader(
    PAYMENT_ENTRY.model,
    "name",
    related=("customer", "company"),
    stubs={name: "name" for name in ("currency", "amended_from", "paid_from", "paid_to")},
    children=(
        Child(
            "references",
            PaymentEntryReference,
            ("id", "sales_invoice", "allocated_amount", "base_allocated_amount"),
            links=(Link("sales_invoice", SalesInvoice),),
        ),
    ),
)


def _payment_get(name: str) -> Any:
    payment = _PAYMENT_READER.one(name)
    if payment is None:
        raise Http404(name)
    return payment


# The header alone by number, one statement written once per kind (``core.rows``): the
# ORM took longer to write this read of sixty columns than the database to answer it.
_HEADERS = {doctype.key: Reader(doctype.model, "name") for doctype in ALL}


def document_header(doctype: DocType, name: str) -> Any:
    """The header alone, for an action that reads the document again under its lock."""
    document = _HEADERS[doctype.key].one(name)
    if document is None:
        raise Http404(name)
    return document


def document_output(doctype: DocType, document: Any) -> dict[str, Any]:
    """A document as the API answers it: its input fields, then what was computed."""
    if doctype is PAYMENT_ENTRY:
        return payment_output(document)
    data = serialize(SPECS[doctype.key], document)
    data["amended_from"] = document.amended_from.name if document.amended_from_id else None
    data["price_list_currency"] = field_value(document, "price_list_currency")
    for name in (*COMPUTED, *OWN_COMPUTED.get(doctype.key, ())):
        data[name] = field_value(document, name)
    data["items"] = [
        line_output(doctype, line)
        | {"id": line.pk}
        | {name: field_value(line, name) for name in (*LINE_AMOUNTS, *LINE_PROGRESS[doctype.key])}
        for line in rows_of(document, "items")
    ]
    for table, columns in (
        ("taxes", TAX_AMOUNTS),
        ("payment_schedule", SCHEDULE_AMOUNTS),
        ("sales_team", TEAM_AMOUNTS),
    ):
        for row, obj in zip(data[table], rows_of(document, table), strict=True):
            row.update({name: field_value(obj, name) for name in columns})
    return data


def payment_output(payment: Any) -> dict[str, Any]:
    data = serialize(PAYMENT, payment)
    data["amended_from"] = payment.amended_from.name if payment.amended_from_id else None
    data |= {
        name: field_value(payment, name)
        for name in (
            "docstatus",
            "status",
            "customer_name",
            "base_paid_amount",
            "unallocated_amount",
            "base_unallocated_amount",
            "difference_amount",
        )
    }
    for row, obj in zip(data["references"], rows_of(payment, "references"), strict=True):
        row["base_allocated_amount"] = field_value(obj, "base_allocated_amount")
    return data


# How a page of documents may be sorted (``-`` first: the other way round).
SORTS = ("date", "name", "customer", "total")


@on_replica
def document_page(
    doctype: DocType, params: Any, sort: str = "-date"
) -> tuple[int, list[dict[str, Any]]]:
    """Newest first (or by ``sort``: ``name``, ``customer``, ``total``, ``-`` first to
    reverse), filtered by customer, company, status and date range."""
    rows = doctype.model._default_manager.all()
    date_field = doctype.model.DATE_FIELD  # type: ignore[attr-defined]
    filters = {
        "customer__name": params.customer,
        "company__name": params.company,
        "status": params.status,
        "docstatus": params.docstatus,
        f"{date_field}__gte": params.from_date,
        f"{date_field}__lte": params.to_date,
    }
    rows = rows.filter(**{key: value for key, value in filters.items() if value is not None})
    columns = [
        "name",
        "customer__name",
        "customer_name",
        "company__name",
        "currency__name",
        date_field,
        "docstatus",
        "status",
    ]
    columns.append("paid_amount" if doctype is PAYMENT_ENTRY else "grand_total")
    page = rows.order_by(*_ordering(doctype, sort)).values(*columns)[
        params.offset : params.offset + params.limit
    ]
    items = [{key.replace("__name", ""): value for key, value in row.items()} for row in page]
    return rows.count(), items


def _ordering(doctype: DocType, sort: str) -> tuple[str, str]:
    date_field = doctype.model.DATE_FIELD  # type: ignore[attr-defined]
    total = "paid_amount" if doctype is PAYMENT_ENTRY else "grand_total"
    columns = {"date": date_field, "name": "name", "customer": "customer_name", "total": total}
    column = columns.get(sort.removeprefix("-"))
    if column is None:
        return f"-{date_field}", "-id"
    sign = "-" if sort.startswith("-") else ""
    return f"{sign}{column}", f"{sign}id"


def unpaid_invoices(*, customer: Customer, company: Company) -> list[SalesInvoice]:
    """The submitted invoices of ``customer`` with ``company`` that still owe something,
    oldest first: what a payment is allocated to."""
    rows = SalesInvoice.objects.filter(
        customer=customer,
        company=company,
        docstatus=DocStatus.SUBMITTED,
        is_return=False,
        outstanding_amount__gt=0,
    )
    return list(rows.select_related("currency").order_by("posting_date", "id"))


def fiscal_year_of(day: date) -> tuple[date, date]:
    """The fiscal year holding ``day``, else its calendar year."""
    year = FiscalYear.objects.filter(year_start_date__lte=day, year_end_date__gte=day).first()
    if year is None:
        return date(day.year, 1, 1), date(day.year, 12, 31)
    return year.year_start_date, year.year_end_date


def customer_dashboard(*, customer: Customer, today: date | None = None) -> dict[str, Any]:
    """Documents per kind, and per company what was billed this fiscal year and what is
    still unpaid (the ledger's balance): one query per kind, two for the figures."""
    counts = {
        doctype.path: doctype.model._default_manager.filter(customer=customer).count()
        for doctype in ALL
    }
    return {
        "customer": customer.name,
        "counts": counts,
        **customer_balances(customer=customer, today=today),
    }


def customer_balances(*, customer: Customer, today: date | None = None) -> dict[str, Any]:
    """Per company, what was billed this fiscal year and what is still unpaid (the
    dashboard's figures without its counts): three queries."""
    start, end = fiscal_year_of(today or timezone.localdate())
    return {"fiscal_year": [start, end], "companies": _billed_and_unpaid(customer, start, end)}


def _billed_and_unpaid(customer: Customer, start: date, end: date) -> list[dict[str, Any]]:
    """One entry per company that billed the customer (ERPNext's dashboard figures)."""
    in_year = Q(posting_date__gte=start, posting_date__lte=end)
    billed = (
        SalesInvoice.objects.filter(customer=customer, docstatus=DocStatus.SUBMITTED)
        .values("company__name", "company__default_currency__name")
        .annotate(billed=Sum("base_grand_total", filter=in_year))
        .order_by("company__name")
    )
    unpaid = dict(
        LedgerEntry.objects.filter(customer=customer, is_cancelled=False)
        .values("company__name")
        .annotate(balance=Sum("debit") - Sum("credit"))
        .values_list("company__name", "balance")
    )
    return [
        {
            "company": row["company__name"],
            "currency": row["company__default_currency__name"],
            "billing_this_year": _cents(row["billed"]),
            "total_unpaid": _cents(unpaid.get(row["company__name"])),
        }
        for row in billed
    ]


def _cents(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(Decimal("0.01"))


def customer_statement(
    *, customer: Customer, company: Company, from_date: date, to_date: date
) -> dict[str, Any]:
    """The customer's receivable account with a company over a period: the balance
    brought forward, each posting with the running balance, the balance at the end."""
    rows = LedgerEntry.objects.filter(customer=customer, company=company, is_cancelled=False)
    opening = rows.filter(posting_date__lt=from_date).aggregate(b=Sum("debit") - Sum("credit"))["b"]
    balance = _cents(opening)
    entries = []
    period = rows.filter(posting_date__gte=from_date, posting_date__lte=to_date)
    for entry in period.order_by("posting_date", "id"):
        balance += entry.debit - entry.credit
        entries.append(
            {
                "posting_date": entry.posting_date,
                "voucher_type": entry.voucher_type,
                "voucher_no": entry.voucher_no,
                "against_voucher_no": entry.against_voucher_no,
                "debit": entry.debit,
                "credit": entry.credit,
                "balance": balance,
            }
        )
    return {
        "customer": customer.name,
        "company": company.name,
        "from_date": from_date,
        "to_date": to_date,
        "opening_balance": _cents(opening),
        "entries": entries,
        "closing_balance": balance,
    }


@on_replica
def receivables_page(
    *, company: Company | None, limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    """The customers who owe something (or hold a credit), per company, largest balance
    first: the receivable balance each customer's running exposure keeps (its unpaid
    invoices less its advances, written in the transaction of every posting, and proven
    equal to the ledger by ``check_ledger``), not the ledger summed. Two queries (the
    count and the page) on the index of the balances, whatever the ledger holds."""
    rows = CreditExposure.objects.exclude(unpaid_invoices=0)
    if company is not None:
        rows = rows.filter(company=company)
    ordered = rows.order_by("-unpaid_invoices", "customer_id", "company_id")
    # The page's rows found on the index alone, then joined: a far page skips index
    # entries, not joined rows.
    wanted = ordered.values("pk")[offset : offset + limit]
    page = ordered.filter(pk__in=wanted).values(
        "customer__name",
        "customer__customer_name",
        "company__name",
        "company__default_currency__name",
        "unpaid_invoices",
    )
    items = [
        {
            "customer": row["customer__name"],
            "customer_name": row["customer__customer_name"],
            "company": row["company__name"],
            "currency": row["company__default_currency__name"],
            "balance": _cents(row["unpaid_invoices"]),
        }
        for row in page
    ]
    return rows.count(), items
