"""A customer group's and a territory's own pages: what their customers inherit.

A group's page holds its default price list and payment terms, and per company its credit
limit and receivable accounts (the guide's Groupe de clients §2); a territory's page its
manager and its sales targets (Région de vente §2). Saved through the REST API's write
path (``core.records.record_update``) with the same roles; a refusal comes back onto the
field or the row's cell it names, with everything typed kept.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clientele.core.errors import DomainError
from clientele.core.records import record_update
from clientele.core.specs import Spec, rows_of
from clientele.core.tree_reads import subtree_count, tree_ancestors
from clientele.core.trees import TreeNode
from clientele.masters.models import (
    Account,
    Company,
    FiscalYear,
    ItemGroup,
    MonthlyDistribution,
    PaymentTermsTemplate,
    PriceList,
    SalesPerson,
)
from clientele.web.support import acting_user, can
from clientele.web.tree_forms import (
    AccountRowForm,
    CreditLimitRowForm,
    CustomerGroupForm,
    Page,
    RowForm,
    Table,
    TargetRowForm,
    TerritoryForm,
    TreeForm,
    choices_onto,
)
from clientele.web.tree_kinds import KINDS, TreeKind
from clientele.web.trees import node_or_404


def _names(model: type[models.Model], **filters: Any) -> list[str]:
    return list(
        model._default_manager.filter(**filters).order_by("name").values_list("name", flat=True)
    )


def _group_choices() -> dict[str, list[str]]:
    """The records a group's links may point to: one statement each."""
    receivable = _names(Account, account_type=Account.AccountType.RECEIVABLE, is_group=False)
    return {
        "default_price_list": _names(PriceList, selling=True, enabled=True),
        "payment_terms": _names(PaymentTermsTemplate),
        "company": _names(Company),
        "account": receivable,
        "advance_account": receivable,
    }


def _territory_choices() -> dict[str, list[str]]:
    return {
        "territory_manager": _names(SalesPerson, is_group=False, enabled=True),
        "item_group": _names(ItemGroup),
        "fiscal_year": _names(FiscalYear),
        "distribution": _names(MonthlyDistribution),
    }


@dataclass(frozen=True)
class TableKind:
    field: str
    form: type[RowForm]
    title: Any


@dataclass(frozen=True)
class NodePage:
    tree: TreeKind
    form: type[TreeForm]
    tables: tuple[TableKind, ...]
    choices: Callable[[], dict[str, list[str]]]
    help: Any

    @property
    def spec(self) -> Spec:
        return self.tree.spec


GROUP_PAGE = NodePage(
    KINDS["customer-groups"],
    CustomerGroupForm,
    (
        TableKind("credit_limits", CreditLimitRowForm, gettext_lazy("Credit Limit")),
        TableKind("accounts", AccountRowForm, gettext_lazy("Default Receivable Accounts")),
    ),
    _group_choices,
    gettext_lazy(
        "The customers of this group, and of the groups below it, take these defaults in "
        "their sales unless they have their own."
    ),
)
TERRITORY_PAGE = NodePage(
    KINDS["territories"],
    TerritoryForm,
    (TableKind("targets", TargetRowForm, gettext_lazy("Sales Targets")),),
    _territory_choices,
    gettext_lazy("Who is in charge of selling in this territory, and what they aim for."),
)


def _value(spec: Spec, record: models.Model, name: str) -> Any:
    """A field's stored value as the form shows it: a link by its code."""
    if any(link.field == name for link in spec.links):
        linked = getattr(record, name)
        return linked.name if linked is not None else ""
    return getattr(record, name)


def _row_initial(spec: Spec, table: str, row: models.Model) -> dict[str, Any]:
    child = spec.child(table)
    values = {}
    for column in child.columns:
        value = getattr(row, column)
        values[column] = (value.name if value else "") if child.link(column) else value
    return values


def page_form(kind: NodePage, node: TreeNode, data: QueryDict | None, *, editable: bool) -> Page:
    """The page's form: bound to what was sent, else filled from the stored node."""
    choices = kind.choices()
    form = kind.form(
        data, initial={name: _value(kind.spec, node, name) for name in kind.form.base_fields}
    )
    choices_onto(form, choices, editable=editable)
    tables = [
        Table(
            table.field,
            table.form,
            data=data,
            initial=[
                _row_initial(kind.spec, table.field, row) for row in rows_of(node, table.field)
            ],
            choices=choices,
            editable=editable,
        )
        for table in kind.tables
    ]
    return Page(form, tables)


def _with_a_row(data: QueryDict) -> QueryDict:
    """Add a row: the table named by the button gets one more empty row."""
    data = data.copy()
    total = f"{data['add_row']}-TOTAL_FORMS"
    count = str(data.get(total, ""))
    if count.isdigit():
        data[total] = str(int(count) + 1)
    return data


def _save(request: HttpRequest, kind: NodePage, node: TreeNode, page: Page) -> int:
    """Saved: 0; refused: the status of the refusal, its errors on the page."""
    if not page.is_valid():
        return 422
    try:
        record_update(kind.spec, node, page.data(), user=acting_user(request))
    except DomainError as error:
        page.refused(error)
        return error.status
    return 0


def node_page(request: HttpRequest, kind: NodePage, name: str) -> HttpResponse:
    node = node_or_404(kind.tree, name)
    editable = can(request, kind.tree.writers)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    adding = request.method == "POST" and "add_row" in request.POST
    data = _with_a_row(request.POST) if adding else request.POST or None
    page = page_form(kind, node, data, editable=editable)
    status = _save(request, kind, node, page) if data is not None and not adding else 200
    if status == 0:
        messages.success(request, _("Saved."))
        return redirect(kind.tree.node_url(node.name))
    return render(
        request, "web/trees/node.html", _context(kind, node, page, editable), status=status
    )


def _context(kind: NodePage, node: TreeNode, page: Page, editable: bool) -> dict[str, Any]:
    tree = kind.tree
    ancestors = tree_ancestors(node)
    return {
        "tree": tree,
        "node": node,
        "label": tree.label(node),
        "ancestors": [(tree.label(a), tree.node_url(a.name)) for a in ancestors],
        "tree_url": tree.tree_url(opened=[a.name for a in ancestors], focus=node.name),
        "customers": subtree_count(node, tree.counted) if tree.counted else None,
        "customers_url": tree.customers_url(node.name),
        "page": page,
        "tables": list(zip(kind.tables, page.tables, strict=True)),
        "editable": editable,
        "help": kind.help,
    }


@login_required
def customer_group_page(request: HttpRequest, name: str) -> HttpResponse:
    return node_page(request, GROUP_PAGE, name)


@login_required
def territory_page(request: HttpRequest, name: str) -> HttpResponse:
    return node_page(request, TERRITORY_PAGE, name)
