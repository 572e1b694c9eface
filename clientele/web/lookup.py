"""Link fields: type-ahead over the linked records, and "+ créer" a linked record in a dialog.

``/lookup/<kind>/`` answers the ``<option>``s of a ``<datalist>`` (at most ``LIMIT``, one
query); ``/lookup/<kind>/new/`` is the dialog creating a record of that kind through the
same service and with the same roles as the REST API, then handing its code back to the
field that asked (an ``HX-Trigger`` event ``form.js`` handles). The value typed in a link
field is still checked by the service that saves the form: the options only help.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clientele.classification.models import CustomerGroup, Territory
from clientele.classification.services import CUSTOMER_GROUP, TERRITORY
from clientele.core.errors import DomainError
from clientele.core.labels import SEEDED_LABELS, label_of
from clientele.core.naming import code_key
from clientele.core.records import Named, record_create
from clientele.core.roles import CUSTOMER_WRITERS, MASTER_WRITERS, has_role
from clientele.core.specs import Row, Spec
from clientele.core.typing import User
from clientele.crm.models import Lead
from clientele.crm.services import lead_create
from clientele.crm.types import LeadData
from clientele.masters.api import ROUTES
from clientele.masters.models import (
    Account,
    BankAccount,
    Company,
    Currency,
    Industry,
    LoyaltyProgram,
    MarketSegment,
    PaymentTermsTemplate,
    PriceList,
    SalesPartner,
    SalesPerson,
    TaxCategory,
    TaxWithholdingCategory,
)
from clientele.pricing.models import Item
from clientele.web import lookup_forms as lf
from clientele.web.support import acting_user, is_htmx

LIMIT = 20


@dataclass(frozen=True)
class Kind:
    """Records a link field may name: which, searched how, shown how.

    ``filters`` keep those a customer may take (leaf nodes, selling price lists, enabled
    records); ``company`` names the column filtered by the company of the same row.
    ``prefix`` names the indexed lookup key of a kind too numerous to scan (``code_key``):
    what is typed then matches the start of the code, through that index.
    """

    model: type[models.Model]
    filters: Q = field(default_factory=Q)
    key: str = "name"
    search: tuple[str, ...] = ("name",)
    describe: tuple[str, ...] = ()
    company: str = ""
    seeded: bool = False
    prefix: str = ""


LEAF = Q(is_group=False)
ENABLED = Q(enabled=True)
RECEIVABLE = Q(is_group=False, disabled=False, account_type=Account.AccountType.RECEIVABLE)

KINDS: dict[str, Kind] = {
    "customer-groups": Kind(CustomerGroup, LEAF, seeded=True),
    "territories": Kind(Territory, LEAF, seeded=True),
    "customer-group-parents": Kind(CustomerGroup, Q(is_group=True), seeded=True),
    "territory-parents": Kind(Territory, Q(is_group=True), seeded=True),
    "currencies": Kind(
        Currency, ENABLED, search=("name", "currency_name"), describe=("currency_name",)
    ),
    "price-lists": Kind(PriceList, Q(enabled=True, selling=True), describe=("currency__name",)),
    "payment-terms-templates": Kind(PaymentTermsTemplate),
    "companies": Kind(Company, search=("name", "abbr")),
    "accounts": Kind(Account, RECEIVABLE, search=("name", "account_name"), company="company"),
    "advance-accounts": Kind(
        Account,
        Q(is_group=False, disabled=False),
        search=("name", "account_name"),
        company="company",
    ),
    "ledger-accounts": Kind(
        Account,
        Q(is_group=False, disabled=False),
        search=("name", "account_name"),
        company="company",
    ),
    "account-parents": Kind(Account, Q(is_group=True, disabled=False), company="company"),
    "sales-persons": Kind(SalesPerson, Q(is_group=False, enabled=True), seeded=True),
    "sales-person-parents": Kind(SalesPerson, Q(is_group=True), seeded=True),
    "sales-partners": Kind(SalesPartner, ENABLED),
    "loyalty-programs": Kind(LoyaltyProgram, ENABLED),
    "tax-categories": Kind(TaxCategory, Q(disabled=False)),
    "tax-withholding-categories": Kind(TaxWithholdingCategory),
    "industries": Kind(Industry),
    "market-segments": Kind(MarketSegment),
    "bank-accounts": Kind(
        BankAccount,
        Q(is_company_account=True, disabled=False),
        search=("name", "account_name", "iban"),
        describe=("account_name",),
    ),
    "leads": Kind(
        Lead,
        ~Q(status=Lead.Status.CONVERTED),
        search=("name", "lead_name", "company_name"),
        describe=("company_name", "lead_name"),
    ),
    "items": Kind(Item, Q(disabled=False), describe=("item_name",), prefix="code_key"),
    "users": Kind(
        get_user_model(),
        Q(is_active=True),
        key="username",
        search=("username", "first_name", "last_name"),
        describe=("first_name", "last_name"),
    ),
}


def _seeded_codes(q: str) -> list[str]:
    """Seeded tree codes stay English; a French user types their French label."""
    needle = q.casefold()
    return [code for code, label in SEEDED_LABELS.items() if needle in str(label).casefold()]


def lookup_options(kind: Kind, *, q: str, company: str = "") -> list[tuple[str, str]]:
    """(value, label) of at most ``LIMIT`` records of ``kind`` matching ``q``, by code; one
    query whatever the number of records.

    Found anywhere in the code (“lyon” finds “Agence de Lyon”), hence a scan: the records a
    link names are few (a 10,000-node group tree: 6 ms on PostgreSQL). Customers, the one
    table that grows without bound, are never looked up here; items, which may be a
    million, are matched by the start of their code only (``Kind.prefix``)."""
    rows = kind.model._default_manager.filter(kind.filters)
    q = q.strip()
    if q and kind.prefix:
        rows = rows.filter(**{f"{kind.prefix}__startswith": code_key(q)}).order_by(kind.prefix)
        found = rows.values_list(kind.key, *kind.describe)[:LIMIT]
        return [(value, _option_label(kind, value, extra)) for value, *extra in found]
    if q:
        matching = Q()
        for column in kind.search:
            matching |= Q(**{f"{column}__icontains": q})
        if kind.seeded:
            matching |= Q(name__in=_seeded_codes(q))
        rows = rows.filter(matching)
    if company and kind.company:
        rows = rows.filter(**{f"{kind.company}__name": company})
    found = rows.order_by(kind.key).values_list(kind.key, *kind.describe)[:LIMIT]
    return [(value, _option_label(kind, value, extra)) for value, *extra in found]


def _option_label(kind: Kind, value: str, extra: list) -> str:
    shown = label_of(value) if kind.seeded else value
    details = " ".join(str(e) for e in extra if e)
    return f"{shown} — {details}" if details else shown


def _query(request: HttpRequest) -> tuple[str, str]:
    """What was typed and the row's company: a link input sends its own value under its
    name (``field`` says which), with its row's inputs (``…-company``) when it asks."""
    params = request.GET.dict()
    q = params.get("q") or params.get(params.get("field", ""), "")
    company = next((v for k, v in params.items() if k.endswith("company") and v), "")
    return q, company


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404(kind)
    return KINDS[kind]


@login_required
def lookup(request: HttpRequest, kind: str) -> HttpResponse:
    q, company = _query(request)
    options = lookup_options(_kind(kind), q=q, company=company)
    return render(request, "web/lookup.html#options", {"options": options})


# "+ créer": what each kind asks, who may create it (the API's writers), and how.
Create = Callable[[Row, User], models.Model]


def _record(spec: Spec, **fixed) -> Create:
    return lambda data, user: record_create(spec, {**data, **fixed}, user=user)


def _lead(data: Row, user: User) -> models.Model:
    return lead_create(data=cast(LeadData, data), user=user)


@dataclass(frozen=True)
class Creator:
    title: Promise
    writers: tuple[str, ...]
    form: type[lf.CreateForm]
    create: Create


_MASTERS = {path: (spec, writers) for path, spec, _tag, writers, *_ in ROUTES}


def _master(path: str, title: Promise, form: type[lf.CreateForm], **fixed) -> Creator:
    spec, writers = _MASTERS[path]
    return Creator(title, writers, form, _record(spec, **fixed))


CREATORS: dict[str, Creator] = {
    "customer-groups": Creator(
        gettext_lazy("New customer group"),
        MASTER_WRITERS,
        lf.CustomerGroupForm,
        _record(CUSTOMER_GROUP, is_group=False),
    ),
    "territories": Creator(
        gettext_lazy("New territory"),
        MASTER_WRITERS,
        lf.TerritoryForm,
        _record(TERRITORY, is_group=False),
    ),
    "currencies": _master("currencies", gettext_lazy("New currency"), lf.CurrencyForm),
    "price-lists": _master(
        "price-lists", gettext_lazy("New price list"), lf.PriceListForm, selling=True
    ),
    "payment-terms-templates": _master(
        "payment-terms-templates", gettext_lazy("New payment terms template"), lf.PaymentTermsForm
    ),
    "accounts": _master(
        "accounts",
        gettext_lazy("New receivable account"),
        lf.AccountForm,
        root_type=Account.RootType.ASSET,
        account_type=Account.AccountType.RECEIVABLE,
        is_group=False,
    ),
    "bank-accounts": _master(
        "bank-accounts",
        gettext_lazy("New bank account"),
        lf.BankAccountForm,
        is_company_account=True,
    ),
    "sales-persons": _master(
        "sales-persons", gettext_lazy("New sales person"), lf.SalesPersonForm, is_group=False
    ),
    "sales-partners": _master(
        "sales-partners", gettext_lazy("New sales partner"), lf.SalesPartnerForm
    ),
    "loyalty-programs": _master(
        "loyalty-programs", gettext_lazy("New loyalty program"), lf.LoyaltyProgramForm
    ),
    "tax-categories": _master("tax-categories", gettext_lazy("New tax category"), lf.NameForm),
    "tax-withholding-categories": _master(
        "tax-withholding-categories",
        gettext_lazy("New tax withholding category"),
        lf.TaxWithholdingForm,
    ),
    "industries": _master("industries", gettext_lazy("New industry"), lf.NameForm),
    "market-segments": _master("market-segments", gettext_lazy("New market segment"), lf.NameForm),
    "leads": Creator(gettext_lazy("New lead"), CUSTOMER_WRITERS, lf.LeadForm, _lead),
}


def creatable_kinds(user) -> frozenset[str]:
    """The kinds ``user`` may create from a link field: their "+ créer" buttons show."""
    return frozenset(kind for kind, creator in CREATORS.items() if has_role(user, creator.writers))


def _creator(request: HttpRequest, kind: str) -> Creator:
    if kind not in CREATORS:
        raise Http404(kind)
    creator = CREATORS[kind]
    if not has_role(request.user, creator.writers):
        raise PermissionDenied
    return creator


def _created(request: HttpRequest, creator: Creator, form: lf.CreateForm, record) -> HttpResponse:
    """htmx: no swap, an event carrying the new code to the field that asked; a plain
    browser: the same dialog as a page, with a message saying what was created."""
    value = cast(Named, record).name
    message = _("“%(name)s” created.") % {"name": value}
    if not is_htmx(request):
        messages.success(request, message)
        context = {"title": creator.title, "created": value}
        return render(request, "web/lookup.html", context, status=201)
    detail = {"field": form.target, "value": value, "message": message}
    response = HttpResponse(status=201)
    response.headers["HX-Trigger"] = json.dumps({"lookupCreated": detail})
    response.headers["HX-Reswap"] = "none"
    return response


def _dialog(request: HttpRequest, creator: Creator, form: lf.CreateForm, status: int):
    """The dialog (htmx asking for it), its form again with errors (htmx posting it), or
    the same as a page (no JavaScript)."""
    template = "web/lookup.html"
    if is_htmx(request):
        template += "#dialog-form" if request.method == "POST" else "#dialog"
    context = {"form": form, "title": creator.title, "in_dialog": is_htmx(request)}
    return render(request, template, context, status=status)


@login_required
def lookup_new(request: HttpRequest, kind: str) -> HttpResponse:
    creator = _creator(request, kind)
    form = creator.form(request.POST or None, target=request.GET.get("field", ""))
    if not form.is_bound:
        return _dialog(request, creator, form, 200)
    if not form.is_valid():
        return _dialog(request, creator, form, 422)
    try:
        record = creator.create(form.data_for_service(), acting_user(request))
    except DomainError as error:
        form.service_errors(error)
        return _dialog(request, creator, form, error.status)
    return _created(request, creator, form, record)
