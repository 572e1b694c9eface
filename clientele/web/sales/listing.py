"""The list of each kind of document: filters by customer (typed), status, dates and
company, sorting, pages and the count, all in the address (a filtered list is a link).
Rows come from ``sales.selectors.document_page``, the selector the REST API lists with:
two queries whatever the number of documents."""

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from clientele.core.api_support import MAX_OFFSET
from clientele.customers.selectors import customer_page
from clientele.masters.models import Company
from clientele.sales.selectors import SORTS, document_page
from clientele.web.sales import Screen, screen_of
from clientele.web.sales.entry import CustomerInput
from clientele.web.sales.page import STATUSES, status_label
from clientele.web.support import can, is_htmx

PER_PAGE = 20
# The statuses each kind can have, as the sales app sets them.
KIND_STATUSES = {
    "quotation": ("Draft", "Open", "Partially Ordered", "Ordered", "Cancelled"),
    "sales_order": (
        "Draft",
        "To Deliver and Bill",
        "To Deliver",
        "To Bill",
        "Completed",
        "Closed",
        "Cancelled",
    ),
    "delivery_note": ("Draft", "To Bill", "Completed", "Cancelled"),
    "sales_invoice": (
        "Draft",
        "Unpaid",
        "Partly Paid",
        "Paid",
        "Return",
        "Credit Note Issued",
        "Cancelled",
    ),
    "payment_entry": ("Draft", "Submitted", "Cancelled"),
}
SORT_CHOICES = [(key, key) for key in SORTS] + [(f"-{key}", f"-{key}") for key in SORTS]
COLUMNS = (
    ("name", _("Number")),
    ("customer", _("Customer")),
    ("date", _("Date")),
    ("total", _("Total")),
)


class Filters(forms.Form):
    customer = forms.CharField(
        label=_("Customer"), required=False, max_length=140, widget=CustomerInput("customers")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    from_date = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    to_date = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    company = forms.ChoiceField(label=_("Company"), required=False)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, widget=forms.HiddenInput)
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_OFFSET // PER_PAGE, widget=forms.HiddenInput
    )

    def __init__(self, *args, screen: Screen, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = KIND_STATUSES[screen.key]
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("All"))] + [
            (s, STATUSES[s]) for s in statuses
        ]
        companies = Company.objects.order_by("name").values_list("name", flat=True)
        cast(forms.ChoiceField, self.fields["company"]).choices = [("", _("All"))] + [
            (c, c) for c in companies
        ]
        self.fields["customer"].widget.attrs["id"] = "id_customer"


@dataclass(frozen=True)
class Params:
    """``document_page``'s parameters, as the API's query string gives them."""

    customer: str | None
    company: str | None
    status: str | None
    from_date: Any
    to_date: Any
    limit: int = PER_PAGE
    offset: int = 0
    docstatus: int | None = None


def _query(request: HttpRequest, **changes: Any) -> str:
    merged = {key: request.GET.get(key, "") for key in Filters.base_fields} | changes
    return urlencode({k: v for k, v in merged.items() if v not in ("", None)})


def _next_sort(key: str, sort: str) -> str:
    """A click on a heading sorts by it, a second one the other way; dates newest first."""
    if sort == key:
        return f"-{key}"
    if sort == f"-{key}":
        return key
    return "-date" if key == "date" else key


def _columns(request: HttpRequest, sort: str) -> list[dict[str, Any]]:
    return [
        {
            "key": key,
            "label": label,
            "query": _query(request, sort=_next_sort(key, sort), page=None),
            "aria_sort": {key: "ascending", f"-{key}": "descending"}.get(sort),
        }
        for key, label in COLUMNS
    ]


def list_context(request: HttpRequest, screen: Screen) -> dict[str, Any]:
    filters = Filters(request.GET, screen=screen)
    data = filters.cleaned_data if filters.is_valid() else {}
    page = data.get("page") or 1
    sort = data.get("sort") or "-date"
    params = Params(
        customer=data.get("customer") or None,
        company=data.get("company") or None,
        status=data.get("status") or None,
        from_date=data.get("from_date"),
        to_date=data.get("to_date"),
        limit=PER_PAGE,
        offset=(page - 1) * PER_PAGE,
    )
    count, rows = (
        document_page(screen.doctype, params, sort=sort) if filters.is_valid() else (0, [])
    )
    last = max(1, -(-count // PER_PAGE))
    return {
        "screen": screen,
        "filters": filters,
        "count": count,
        "rows": [_row(screen, row) for row in rows],
        "columns": _columns(request, sort),
        "page": page,
        "last": last,
        "previous": _query(request, page=page - 1 if page > 2 else None) if page > 1 else None,
        "next": _query(request, page=page + 1) if page < last else None,
    }


def _row(screen: Screen, row: dict[str, Any]) -> dict[str, Any]:
    date_field = screen.doctype.model.DATE_FIELD  # type: ignore[attr-defined]
    total = row.get("paid_amount", row.get("grand_total"))
    return row | {
        "url": screen.url(row["name"]),
        "date": row[date_field],
        "total": total,
        "status_label": status_label(row["status"]),
    }


@login_required
@require_GET
def document_list(request: HttpRequest, path: str) -> HttpResponse:
    screen = screen_of(path)
    context = list_context(request, screen)
    status = 200 if context["filters"].is_valid() else 422
    if is_htmx(request) and request.headers.get("HX-History-Restore-Request") != "true":
        return render(request, "web/sales/list.html#results", context, status=status)
    context["may_create"] = can(request, screen.doctype.writers)
    return render(request, "web/sales/list.html", context, status=status)


@login_required
@require_GET
def customer_options(request: HttpRequest) -> HttpResponse:
    """The customers matching what is typed (the customer search of the list and API:
    code, name, e-mail, phone, VAT number), enabled ones only, as ``<option>``s."""
    typed = (request.GET.get(request.GET.get("field", ""), "") or request.GET.get("q", "")).strip()
    if not typed:
        return render(request, "web/lookup.html#options", {"options": []})
    _count, items = customer_page(q=typed, disabled=False, limit=20, offset=0)
    options = [(item["name"], f"{item['name']} — {item['customer_name']}") for item in items]
    return render(request, "web/lookup.html#options", {"options": options})
