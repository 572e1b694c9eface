"""The customer list (issue 10 §2): one search box, filters and sorting in the URL, pages.

The filters are a GET form, so a filtered list is a link one can bookmark or send; htmx only
swaps the results (``list.html#results``) and pushes the same URL. The rows come from
``customers.selectors.customer_page``, the selector the REST API lists with.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

import phonenumbers
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from clientele.classification.models import CustomerGroup, Territory
from clientele.core.naming import code_key
from clientele.core.roles import CUSTOMER_WRITERS, EXPORTERS, IMPORTERS
from clientele.customers.models import Customer
from clientele.customers.selectors import NEWEST, ORDERS, customer_page
from clientele.web.customers import customer_url
from clientele.web.support import can, is_htmx

StrOrPromise = str | Promise
PER_PAGE = 20
MAX_PAGE = 10**9 // PER_PAGE
# Up to this many nodes a tree is offered as an indented select; a bigger one (10,000
# groups) as a text field suggesting the nodes whose name starts with what is typed.
SELECT_LIMIT = 200
Tree = type[CustomerGroup] | type[Territory]
TREES: dict[str, Tree] = {"customer-group": CustomerGroup, "territory": Territory}
FIELD_OF_TREE = {"customer-group": "customer_group", "territory": "territory"}
SUGGESTIONS = 20

# URL value -> (label, what the selector filters on)
DISABLED = {
    "": (_("Hidden"), False),
    "all": (_("Included"), None),
    "only": (_("Only them"), True),
}
FROZEN = {
    "": (_("Included"), None),
    "hide": (_("Hidden"), False),
    "only": (_("Only them"), True),
}
TYPES = (
    ("", _("All")),
    (Customer.CustomerType.COMPANY, _("Company")),
    (Customer.CustomerType.INDIVIDUAL, pgettext_lazy("customer type", "Individual")),
)


class TreeNodeField(forms.CharField):
    """A node of a tree named by its code, whatever the case (as codes compare); an unknown
    one is a field error."""

    def __init__(self, model: Tree, unknown: StrOrPromise, **kwargs):
        super().__init__(required=False, max_length=140, **kwargs)
        self.model, self.unknown = model, unknown

    def clean(self, value):
        name = super().clean(value)
        if not name:
            return None
        node = self.model.objects.filter(code_key=code_key(name)).first()
        if node is None:
            raise forms.ValidationError(self.unknown % {"name": name})
        return node


class ListFilters(forms.Form):
    """The list's query string; every field may be left out."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    customer_group = TreeNodeField(
        CustomerGroup, _("No customer group “%(name)s”."), label=_("Customer Group")
    )
    territory = TreeNodeField(Territory, _("No territory “%(name)s”."), label=_("Territory"))
    customer_type = forms.ChoiceField(label=_("Type"), required=False, choices=TYPES)
    disabled = forms.ChoiceField(
        label=_("Disabled customers"),
        required=False,
        choices=[(key, label) for key, (label, _value) in DISABLED.items()],
    )
    frozen = forms.ChoiceField(
        label=_("Frozen customers"),
        required=False,
        choices=[(key, label) for key, (label, _value) in FROZEN.items()],
    )
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in ORDERS])
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def node_name(self, field: str) -> str:
        """The chosen node as the tree spells it (the URL may say ``distribution``)."""
        node = self.cleaned_data.get(field) if self.is_valid() else None
        return node.name if node else (self[field].value() or "")

    def selection(self) -> dict:
        """The selector's arguments (a form with errors selects nothing, see the view)."""
        data = self.cleaned_data if self.is_valid() else {}
        page = data.get("page") or 1
        return {
            "q": data.get("q") or None,
            "customer_group": data.get("customer_group"),
            "territory": data.get("territory"),
            "customer_type": data.get("customer_type") or None,
            "disabled": DISABLED[data.get("disabled") or ""][1],
            "is_frozen": FROZEN[data.get("frozen") or ""][1],
            "sort": data.get("sort") or NEWEST,
            "limit": PER_PAGE,
            "offset": (page - 1) * PER_PAGE,
        }


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    depth: int
    selectable: bool


def tree_choices(model: Tree, *, leaves_only: bool = False) -> list[Choice] | None:
    """The tree's nodes in tree order below the root, indented by depth, or ``None`` when
    the tree is too big for a select (then a text field suggests names as one types).
    ``leaves_only``: groups stay in the list, to show where each leaf stands, but cannot be
    picked."""
    nodes = list(
        model.objects.filter(depth__gt=1)
        .order_by("path")
        .values_list("name", "depth", "is_group")[: SELECT_LIMIT + 1]
    )
    if len(nodes) > SELECT_LIMIT:
        return None
    return [
        Choice(name, "\u00a0\u00a0" * (depth - 2) + name, depth, not (leaves_only and is_group))
        for name, depth, is_group in nodes
    ]


def _phone(number: str) -> str:
    """A French number as the French write it (06 12 34 56 78), others internationally."""
    try:
        parsed = phonenumbers.parse(number, "FR")
    except phonenumbers.NumberParseException:
        return number
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(parsed) == "FR"
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, style)


def _row(item: dict) -> dict:
    created = item["created_at"]
    return item | {
        "url": customer_url(item["name"]),
        "mobile_shown": _phone(item["mobile_no"]) if item["mobile_no"] else "",
        "created_on": timezone.localtime(created).date() if created else None,
    }


def _query(params: QueryDict, **changes: str | int | None) -> str:
    """The list's query string with ``changes``, in the order of the form's fields (as a
    browser sends the form); empty values are left out."""
    merged = {key: params.get(key, "") for key in ListFilters.base_fields} | changes
    return urlencode({key: value for key, value in merged.items() if value not in ("", None)})


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    query: str
    aria_sort: str | None


def _next_sort(key: str, sort: str) -> str:
    """A click on a column sorts by it, a second one reverses; dates start newest first."""
    if sort == key:
        return f"-{key}"
    if sort == f"-{key}":
        return key
    return f"-{key}" if key == "created" else key


def _columns(params: QueryDict, sort: str) -> list[Column]:
    columns = []
    for key, label in (("code", _("Code")), ("name", _("Name")), ("created", _("Created on"))):
        direction = {key: "ascending", f"-{key}": "descending"}.get(sort)
        following = _next_sort(key, sort)
        wanted = None if following == NEWEST else following
        columns.append(Column(key, str(label), _query(params, sort=wanted, page=None), direction))
    return columns


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap (…)
    query: str
    current: bool


def _pages(params: QueryDict, page: int, count: int) -> list[PageLink]:
    """The first, the last and the pages around the current one, with gaps between."""
    last = max(1, -(-count // PER_PAGE))
    shown = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    links: list[PageLink] = []
    for number in shown:
        if links and (links[-1].number or 0) < number - 1:
            links.append(PageLink(None, "", False))
        query = _query(params, page=None if number == 1 else number)
        links.append(PageLink(number, query, number == page))
    return links


def list_context(request: HttpRequest, filters: ListFilters) -> dict:
    """What the list page and its results fragment show."""
    selection = filters.selection()
    count, items = customer_page(**selection) if filters.is_valid() else (0, [])
    page = selection["offset"] // PER_PAGE + 1
    last = max(1, -(-count // PER_PAGE))
    params = request.GET
    return {
        "filters": filters,
        "group_value": filters.node_name("customer_group"),
        "territory_value": filters.node_name("territory"),
        "count": count,
        "rows": [_row(item) for item in items],
        "columns": _columns(params, selection["sort"]),
        "sort": "" if selection["sort"] == NEWEST else selection["sort"],
        "page": page,
        "pages": _pages(params, page, count),
        "previous": _query(params, page=None if page == 2 else page - 1) if page > 1 else None,
        "next": _query(params, page=page + 1) if page < last else None,
    }


def _fragment(request: HttpRequest) -> bool:
    """htmx asks for the results alone, except when it restores a page from history."""
    return is_htmx(request) and request.headers.get("HX-History-Restore-Request") != "true"


@login_required
@require_GET
@vary_on_headers("HX-Request")
def customer_list(request: HttpRequest) -> HttpResponse:
    filters = ListFilters(request.GET)
    context = list_context(request, filters)
    status = 200 if filters.is_valid() else 422
    if _fragment(request):
        context["fragment"] = True
        return render(request, "web/customers/list.html#results", context, status=status)
    context |= {
        "may_create": can(request, CUSTOMER_WRITERS),
        "may_export": can(request, EXPORTERS),
        "may_import": can(request, IMPORTERS),
        "group_choices": tree_choices(CustomerGroup),
        "territory_choices": tree_choices(Territory),
    }
    return render(request, "web/customers/list.html", context, status=status)


@login_required
@require_GET
def tree_suggestions(request: HttpRequest, kind: str) -> HttpResponse:
    """The nodes whose name starts with what was typed, for a big tree's text field."""
    model = TREES.get(kind)
    if model is None:
        raise Http404(kind)
    typed = request.GET.get(FIELD_OF_TREE[kind], "").strip()
    nodes = model.objects.filter(depth__gt=1, code_key__startswith=code_key(typed))
    if request.GET.get("leaves"):
        nodes = nodes.filter(is_group=False)
    names = list(nodes.order_by("code_key").values_list("name", flat=True)[:SUGGESTIONS])
    return render(request, "web/customers/list_tree_field.html#suggestions", {"names": names})
