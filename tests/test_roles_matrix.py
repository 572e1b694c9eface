"""The roles matrix: who may read, create, edit, delete, submit, merge, import and export
each kind of record, tried through the real API with a bearer token (and the customer
screens through Django's client), one user per role, each cell and user a test of its own.

``MATRIX`` is the README's table, rendered by ``matrix_markdown`` (a test holds the two
equal): a rule changed in ``clientele/core/roles.py`` changes the table and these tests
together. The table says what the roles may do, the tests that the code agrees: an allowed
user gets the route's exact status, any other 403 with nothing written.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.contrib.auth.models import User
from django.test import Client

from clientele.classification.models import CustomerGroup, Territory
from clientele.classification.services import selling_settings_get
from clientele.contacts.models import Address, Contact
from clientele.contacts.services import contact_create
from clientele.core.models import ApiToken, NamingSeries, SeriesCounter
from clientele.core.records import record_create
from clientele.core.roles import (
    ACCOUNTS_MANAGER,
    ACCOUNTS_USER,
    SALES_MANAGER,
    SALES_MASTER_MANAGER,
    SALES_USER,
    SYSTEM_MANAGER,
)
from clientele.core.tokens import token_issue
from clientele.crm.models import Lead
from clientele.crm.services import lead_create
from clientele.customers.models import Customer
from clientele.customers.tests.builders import territory_create
from clientele.jobs.models import Job
from clientele.masters import services as masters
from clientele.masters.models import Industry, PriceList, TaxCategory
from clientele.operations.seed import COMPANY
from clientele.pricing import services as pricing
from clientele.pricing.models import Item, ItemPrice
from clientele.sales.accounts import accounts_settings_get
from clientele.sales.models import PaymentEntry, Quotation, SalesInvoice, SalesOrder
from clientele.sales.tests.builders import build_world, cancel, customer, draft, submit
from clientele.transfer.models import Import
from conftest import client_for, make_user
from tests.web.settings_helpers import signed_in

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parent.parent / "README.md"

# The roles by the abbreviations of the README's table.
ROLES = {
    "SU": SALES_USER,
    "SM": SALES_MANAGER,
    "SMM": SALES_MASTER_MANAGER,
    "AU": ACCOUNTS_USER,
    "AM": ACCOUNTS_MANAGER,
    "SysM": SYSTEM_MANAGER,
}
# Who the tests sign in as: one user per role, one with no role, a superuser.
USERS = (*ROLES, "none", "superuser")
ACTIONS = ("Read", "Create", "Edit", "Delete", "Submit / cancel", "Merge", "Import", "Export")
ANYONE = "all"  # any signed-in user, whatever their roles
NOBODY = "—"  # no such action on that record


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: dict[str, str]

    def cell(self, action: str) -> str:
        return self.cells.get(action, NOBODY)


SELLERS = "SU SMM SysM"
MASTERS = "SMM SysM"
ACCOUNTANTS = "AM SysM"
MATRIX = (
    Row(
        "customers",
        "Customers (edit: also rename)",
        {
            "Read": ANYONE,
            "Create": SELLERS,
            "Edit": SELLERS,
            "Delete": MASTERS,
            "Merge": MASTERS,
            "Import": MASTERS,
            "Export": MASTERS,
        },
    ),
    Row(
        "trees",
        "Customer groups, territories (edit: also move)",
        {
            "Read": ANYONE,
            "Create": MASTERS,
            "Edit": MASTERS,
            "Delete": MASTERS,
            "Import": MASTERS,
            "Export": MASTERS,
        },
    ),
    Row(
        "parties",
        "Contacts, addresses",
        {
            "Read": ANYONE,
            "Create": SELLERS,
            "Edit": SELLERS,
            "Delete": SELLERS,
            "Import": MASTERS,
            "Export": MASTERS,
        },
    ),
    Row(
        "leads",
        "Leads (create: also convert to a customer)",
        {"Read": ANYONE, "Create": SELLERS, "Edit": SELLERS, "Delete": SELLERS},
    ),
    Row(
        "selling-masters",
        "Price lists, sales persons, sales partners, loyalty programs, industries, "
        "market segments, item groups, monthly distributions",
        {"Read": ANYONE, "Create": MASTERS, "Edit": MASTERS, "Delete": MASTERS},
    ),
    Row(
        "accounting-masters",
        "Companies, currencies, accounts, bank accounts, payment terms, tax categories, "
        "tax withholding categories, fiscal years, exchange rates, sales taxes templates",
        {"Read": ANYONE, "Create": ACCOUNTANTS, "Edit": ACCOUNTANTS, "Delete": ACCOUNTANTS},
    ),
    Row(
        "items",
        "Items, item prices",
        {"Read": ANYONE, "Create": MASTERS, "Edit": MASTERS, "Delete": MASTERS},
    ),
    Row(
        "selling-settings",
        "Selling settings, naming series and their counters",
        {"Read": ANYONE, "Create": MASTERS, "Edit": MASTERS},
    ),
    Row("accounts-settings", "Accounts settings", {"Read": ANYONE, "Edit": ACCOUNTANTS}),
    Row(
        "selling-documents",
        "Quotations, sales orders, delivery notes (drafts; submit / cancel: also amend, "
        "close, reopen)",
        {
            "Read": ANYONE,
            "Create": "SU SM AM SysM",
            "Edit": "SU SM AM SysM",
            "Delete": "SU SM AM SysM",
            "Submit / cancel": "SU SM AM SysM",
        },
    ),
    Row(
        "billing-documents",
        "Sales invoices, credit notes, payment entries (as above; also allocate)",
        {
            "Read": ANYONE,
            "Create": "SM AU AM SysM",
            "Edit": "SM AU AM SysM",
            "Delete": "SM AU AM SysM",
            "Submit / cancel": "SM AU AM SysM",
        },
    ),
    Row(
        "personal-data",
        "A person's data, GDPR: an individual customer, a contact, a lead (read: as one "
        "document; delete: erase by anonymisation)",
        {"Read": ANYONE, "Delete": "SysM"},
    ),
    Row(
        "tokens",
        "One's own API tokens",
        {"Read": ANYONE, "Create": ANYONE, "Delete": ANYONE},
    ),
)


def matrix_markdown() -> str:
    """The table as the README shows it."""
    lines = [
        "| Record | " + " | ".join(ACTIONS) + " |",
        "|" + "---|" * (len(ACTIONS) + 1),
    ]
    for line in MATRIX:
        lines.append(f"| {line.label} | " + " | ".join(line.cell(a) for a in ACTIONS) + " |")
    return "\n".join(lines)


def allowed(cell: str, who: str) -> bool:
    return who == "superuser" or cell == ANYONE or who in cell.split()


# Probes: one call each, what it needs made first through the services.


@dataclass(frozen=True)
class Probe:
    """``given`` builds what ``call`` needs (it may use the acting user) and answers what
    ``call`` takes; ``state`` reads what the call writes, unchanged when it is refused."""

    call: Callable[[Any, Any], Any]
    status: int
    state: Callable[[], Any] = lambda: None
    given: Callable[[User], Any] = lambda user: None


def _customers() -> list:
    return sorted(Customer.objects.values_list("name", "customer_name"))


def _two_customers(user: User) -> tuple[str, str]:
    return customer("Matrice Une").name, customer("Matrice Deux").name


def _territories() -> list:
    return sorted(Territory.objects.values_list("name", "parent__name"))


def _groups() -> list:
    return sorted(CustomerGroup.objects.values_list("name", flat=True))


def _territory_and_zone(user: User) -> str:
    territory_create(name="Zone", is_group=True)
    return territory_create(name="Matrice").name


def _contacts() -> list:
    return sorted(Contact.objects.values_list("name", "first_name"))


def _leads() -> tuple:
    return sorted(Lead.objects.values_list("name", "lead_name", "status")), _customers()


def _imports() -> tuple[int, int]:
    return Import.objects.count(), Job.objects.count()


def _jobs() -> int:
    return Job.objects.count()


def _upload(name: str, text: str) -> Callable[[Any, Any], Any]:
    files = [("files", (name, text.encode("utf-8"), "text/csv"))]
    return lambda api, _given: api.post("/imports/", files=files, data={"dry_run": "true"})


def _export(kind: str) -> Probe:
    return Probe(lambda api, _: api.post("/exports/", json={"kind": kind}), 202, _jobs)


def _read(*paths: str) -> tuple[Probe, ...]:
    return tuple(Probe(lambda api, _, path=path: api.get(path), 200) for path in paths)


def _industries() -> list:
    return sorted(Industry.objects.values_list("name", flat=True))


def _tax_categories() -> list:
    return sorted(TaxCategory.objects.values_list("name", "disabled"))


def _item_group() -> None:
    record_create(masters.ITEM_GROUP, {"name": "Produits", "is_group": False}, user=None)


def _an_item(user: User) -> str:
    _item_group()
    data = {"name": "GADGET", "item_name": "Gadget", "item_group": "Produits"}
    return record_create(pricing.ITEM, data, user=None).name


def _items() -> tuple:
    return sorted(Item.objects.values_list("name", "item_name")), ItemPrice.objects.count()


def _a_counter(user: User) -> str:
    code = customer("Matrice").name
    return SeriesCounter.objects.get(prefix=code.rstrip("0123456789")).prefix


def _a_buyer(user: User) -> str:
    build_world()
    return customer("Client Matrice").name


def _body(who: str, qty: int = 1) -> dict[str, Any]:
    return {"customer": who, "company": COMPANY, "items": [{"item": "WIDGET", "qty": qty}]}


def _draft_of(key: str, *, submitted: bool = False, cancelled: bool = False):
    """A document of ``key``'s kind: a draft, else submitted, else submitted and cancelled."""

    def given(user: User) -> str:
        build_world()
        document = draft(key, customer("Client Matrice"), ("WIDGET", "1"))
        if submitted or cancelled:
            document = submit(document)
        return (cancel(document) if cancelled else document).name

    return given


def _selling() -> list:
    return [
        sorted(model.objects.values_list("name", "docstatus", "grand_total"))
        for model in (Quotation, SalesOrder)
    ]


def _billing() -> list:
    invoices = sorted(SalesInvoice.objects.values_list("name", "docstatus", "grand_total"))
    return [invoices, PaymentEntry.objects.count()]


def _tokens() -> int:
    return ApiToken.objects.count()


def _own_token(user: User) -> int:
    token_issue(user=user, label="to revoke")
    return ApiToken.objects.get(user=user, label="to revoke").pk


CUSTOMERS_CSV = (
    "Customer Name,Customer Group,Territory\r\nBoulangerie Matrice,Commercial,France\r\n"
)
TERRITORIES_CSV = "Territory Name,Parent Territory\r\nOuest,All Territories\r\n"
CONTACTS_CSV = "First Name,Last Name,Email Address\r\nPaul,Martin,paul@martin.fr\r\n"
ADDRESS = {"address_line1": "1 rue de Rivoli", "city": "Paris", "country": "FR"}

PROBES: dict[tuple[str, str], tuple[Probe, ...]] = {
    ("customers", "Read"): _read("/customers/"),
    ("customers", "Create"): (
        Probe(
            lambda api, _: api.post("/customers/", json={"customer_name": "Matrice"}),
            201,
            _customers,
        ),
    ),
    ("customers", "Edit"): (
        Probe(
            lambda api, name: api.patch(f"/customers/{name}", json={"customer_name": "Bis"}),
            200,
            _customers,
            lambda user: customer("Matrice").name,
        ),
        Probe(
            lambda api, name: api.post(f"/customers/{name}/rename", json={"new_name": "MATRICE"}),
            200,
            _customers,
            lambda user: customer("Matrice").name,
        ),
    ),
    ("customers", "Delete"): (
        Probe(
            lambda api, name: api.delete(f"/customers/{name}"),
            204,
            _customers,
            lambda user: customer("Matrice").name,
        ),
    ),
    ("customers", "Merge"): (
        Probe(
            lambda api, pair: api.post(f"/customers/{pair[0]}/merge", json={"into": pair[1]}),
            200,
            _customers,
            _two_customers,
        ),
    ),
    ("customers", "Import"): (Probe(_upload("customers.csv", CUSTOMERS_CSV), 202, _imports),),
    ("customers", "Export"): (_export("customers"),),
    ("trees", "Read"): _read("/customer-groups/", "/territories/"),
    ("trees", "Create"): (
        Probe(lambda api, _: api.post("/customer-groups/", json={"name": "Matrice"}), 201, _groups),
        Probe(
            lambda api, _: api.post("/territories/", json={"name": "Matrice"}), 201, _territories
        ),
    ),
    ("trees", "Edit"): (
        Probe(
            lambda api, name: api.patch(f"/territories/{name}", json={"name": "Matrice bis"}),
            200,
            _territories,
            _territory_and_zone,
        ),
        Probe(
            lambda api, name: api.post(f"/territories/{name}/move", json={"parent": "Zone"}),
            200,
            _territories,
            _territory_and_zone,
        ),
    ),
    ("trees", "Delete"): (
        Probe(
            lambda api, name: api.delete(f"/territories/{name}"),
            204,
            _territories,
            _territory_and_zone,
        ),
    ),
    ("trees", "Import"): (Probe(_upload("territories.csv", TERRITORIES_CSV), 202, _imports),),
    ("trees", "Export"): (_export("customer-groups"), _export("territories")),
    ("parties", "Read"): _read("/contacts/", "/addresses/"),
    ("parties", "Create"): (
        Probe(lambda api, _: api.post("/contacts/", json={"first_name": "Zoe"}), 201, _contacts),
        Probe(
            lambda api, _: api.post("/addresses/", json=ADDRESS),
            201,
            lambda: Address.objects.count(),
        ),
    ),
    ("parties", "Edit"): (
        Probe(
            lambda api, name: api.patch(f"/contacts/{name}", json={"first_name": "Zoa"}),
            200,
            _contacts,
            lambda user: contact_create(data={"first_name": "Zoe"}, user=None).name,
        ),
    ),
    ("parties", "Delete"): (
        Probe(
            lambda api, name: api.delete(f"/contacts/{name}"),
            204,
            _contacts,
            lambda user: contact_create(data={"first_name": "Zoe"}, user=None).name,
        ),
    ),
    ("parties", "Import"): (Probe(_upload("contacts.csv", CONTACTS_CSV), 202, _imports),),
    ("parties", "Export"): (_export("contacts"), _export("addresses")),
    ("leads", "Read"): _read("/leads/"),
    ("leads", "Create"): (
        Probe(
            lambda api, _: api.post("/leads/", json={"lead_name": "Sophie Garnier"}), 201, _leads
        ),
        Probe(
            lambda api, name: api.post(f"/leads/{name}/convert", json={}),
            201,
            _leads,
            lambda user: lead_create(data={"lead_name": "Sophie Garnier"}, user=None).name,
        ),
    ),
    ("leads", "Edit"): (
        Probe(
            lambda api, name: api.patch(f"/leads/{name}", json={"lead_name": "Sophie Martin"}),
            200,
            _leads,
            lambda user: lead_create(data={"lead_name": "Sophie Garnier"}, user=None).name,
        ),
    ),
    ("leads", "Delete"): (
        Probe(
            lambda api, name: api.delete(f"/leads/{name}"),
            204,
            _leads,
            lambda user: lead_create(data={"lead_name": "Sophie Garnier"}, user=None).name,
        ),
    ),
    ("selling-masters", "Read"): _read("/industries/", "/price-lists/"),
    ("selling-masters", "Create"): (
        Probe(lambda api, _: api.post("/industries/", json={"name": "Energie"}), 201, _industries),
        Probe(
            lambda api, _: api.post("/price-lists/", json={"name": "Export", "currency": "USD"}),
            201,
            lambda: sorted(PriceList.objects.values_list("name", flat=True)),
        ),
    ),
    ("selling-masters", "Edit"): (
        Probe(
            lambda api, name: api.patch(f"/industries/{name}", json={"name": "Eau"}),
            200,
            _industries,
            lambda user: record_create(masters.INDUSTRY, {"name": "Energie"}, user=None).name,
        ),
    ),
    ("selling-masters", "Delete"): (
        Probe(
            lambda api, name: api.delete(f"/industries/{name}"),
            204,
            _industries,
            lambda user: record_create(masters.INDUSTRY, {"name": "Energie"}, user=None).name,
        ),
    ),
    ("accounting-masters", "Read"): _read("/tax-categories/", "/companies/"),
    ("accounting-masters", "Create"): (
        Probe(
            lambda api, _: api.post("/tax-categories/", json={"name": "Autoliquidation"}),
            201,
            _tax_categories,
        ),
    ),
    ("accounting-masters", "Edit"): (
        Probe(
            lambda api, name: api.patch(f"/tax-categories/{name}", json={"disabled": True}),
            200,
            _tax_categories,
            lambda user: record_create(masters.TAX_CATEGORY, {"name": "Autoliq"}, user=None).name,
        ),
    ),
    ("accounting-masters", "Delete"): (
        Probe(
            lambda api, name: api.delete(f"/tax-categories/{name}"),
            204,
            _tax_categories,
            lambda user: record_create(masters.TAX_CATEGORY, {"name": "Autoliq"}, user=None).name,
        ),
    ),
    ("items", "Read"): _read("/items/", "/item-prices/"),
    ("items", "Create"): (
        Probe(
            lambda api, _: api.post(
                "/items/", json={"name": "GADGET", "item_name": "Gadget", "item_group": "Produits"}
            ),
            201,
            _items,
            lambda user: _item_group(),
        ),
        Probe(
            lambda api, item: api.post(
                "/item-prices/",
                json={"item": item, "price_list": "Standard Selling", "price_list_rate": "9.50"},
            ),
            201,
            _items,
            _an_item,
        ),
    ),
    ("items", "Edit"): (
        Probe(
            lambda api, item: api.patch(f"/items/{item}", json={"item_name": "Bidule"}),
            200,
            _items,
            _an_item,
        ),
    ),
    ("items", "Delete"): (
        Probe(lambda api, item: api.delete(f"/items/{item}"), 204, _items, _an_item),
    ),
    ("selling-settings", "Read"): _read("/selling-settings/", "/naming-series/"),
    ("selling-settings", "Create"): (
        Probe(
            lambda api, _: api.post("/naming-series/", json={"name": "CLI-.YY.-"}),
            201,
            lambda: sorted(NamingSeries.objects.values_list("name", flat=True)),
        ),
    ),
    ("selling-settings", "Edit"): (
        Probe(
            lambda api, _: api.patch("/selling-settings/", json={"sales_order_required": True}),
            200,
            lambda: selling_settings_get().sales_order_required,
        ),
        Probe(
            lambda api, prefix: api.put(f"/naming-series/counters/{prefix}", json={"current": 42}),
            200,
            lambda: sorted(SeriesCounter.objects.values_list("prefix", "current")),
            _a_counter,
        ),
    ),
    ("accounts-settings", "Read"): _read("/accounts-settings/"),
    ("accounts-settings", "Edit"): (
        Probe(
            lambda api, _: api.patch(
                "/accounts-settings/", json={"credit_controller": ACCOUNTS_MANAGER}
            ),
            200,
            lambda: accounts_settings_get().credit_controller_id,
        ),
    ),
    ("selling-documents", "Read"): _read("/quotations/", "/sales-orders/", "/delivery-notes/"),
    ("selling-documents", "Create"): (
        Probe(lambda api, who: api.post("/quotations/", json=_body(who)), 201, _selling, _a_buyer),
        Probe(
            lambda api, who: api.post("/sales-orders/", json=_body(who)), 201, _selling, _a_buyer
        ),
    ),
    ("selling-documents", "Edit"): (
        Probe(
            lambda api, name: api.patch(
                f"/quotations/{name}", json={"items": [{"item": "WIDGET", "qty": 2}]}
            ),
            200,
            _selling,
            _draft_of("quotation"),
        ),
    ),
    ("selling-documents", "Delete"): (
        Probe(
            lambda api, name: api.delete(f"/quotations/{name}"),
            204,
            _selling,
            _draft_of("quotation"),
        ),
    ),
    ("selling-documents", "Submit / cancel"): (
        Probe(
            lambda api, name: api.post(f"/sales-orders/{name}/submit"),
            200,
            _selling,
            _draft_of("sales_order"),
        ),
        Probe(
            lambda api, name: api.post(f"/sales-orders/{name}/cancel"),
            200,
            _selling,
            _draft_of("sales_order", submitted=True),
        ),
        Probe(
            lambda api, name: api.post(f"/sales-orders/{name}/close"),
            200,
            lambda: sorted(SalesOrder.objects.values_list("name", "status")),
            _draft_of("sales_order", submitted=True),
        ),
    ),
    ("billing-documents", "Read"): _read("/sales-invoices/", "/payment-entries/"),
    ("billing-documents", "Create"): (
        Probe(
            lambda api, who: api.post("/sales-invoices/", json=_body(who)), 201, _billing, _a_buyer
        ),
        Probe(
            lambda api, name: api.post(f"/sales-invoices/{name}/make/payment_entry"),
            201,
            _billing,
            _draft_of("sales_invoice", submitted=True),
        ),
    ),
    ("billing-documents", "Edit"): (
        Probe(
            lambda api, name: api.patch(
                f"/sales-invoices/{name}", json={"items": [{"item": "WIDGET", "qty": 2}]}
            ),
            200,
            _billing,
            _draft_of("sales_invoice"),
        ),
    ),
    ("billing-documents", "Delete"): (
        Probe(
            lambda api, name: api.delete(f"/sales-invoices/{name}"),
            204,
            _billing,
            _draft_of("sales_invoice"),
        ),
    ),
    ("billing-documents", "Submit / cancel"): (
        Probe(
            lambda api, name: api.post(f"/sales-invoices/{name}/submit"),
            200,
            _billing,
            _draft_of("sales_invoice"),
        ),
        Probe(
            lambda api, name: api.post(f"/sales-invoices/{name}/cancel"),
            200,
            _billing,
            _draft_of("sales_invoice", submitted=True),
        ),
        Probe(
            lambda api, name: api.post(f"/sales-invoices/{name}/amend"),
            201,
            _billing,
            _draft_of("sales_invoice", cancelled=True),
        ),
    ),
    ("personal-data", "Read"): (
        Probe(
            lambda api, name: api.get(f"/privacy/contact/{name}/export"),
            200,
            given=lambda user: contact_create(data={"first_name": "Zoe"}, user=None).name,
        ),
    ),
    ("personal-data", "Delete"): (
        Probe(
            lambda api, name: api.post(f"/privacy/contact/{name}/erase"),
            200,
            _contacts,
            lambda user: contact_create(data={"first_name": "Zoe"}, user=None).name,
        ),
    ),
    ("tokens", "Read"): _read("/auth/tokens"),
    ("tokens", "Create"): (
        Probe(
            lambda api, username: api.post(
                "/auth/token", json={"username": username, "password": "s3cret-Pass!"}
            ),
            200,
            _tokens,
            lambda user: user.username,
        ),
    ),
    ("tokens", "Delete"): (
        Probe(lambda api, pk: api.delete(f"/auth/tokens/{pk}"), 204, _tokens, _own_token),
    ),
}

QUICK_ENTRY = {
    "customer_name": "Atelier Matrice",
    "customer_type": "Company",
    "customer_group": "Commercial",
    "territory": "France",
    "address-country": "France",
}
HTMX = {"HX-Request": "true"}

# The customer screens: the same rules as the API's (``web.support.role_required``).
WEB_PROBES: dict[tuple[str, str], tuple[Probe, ...]] = {
    ("customers", "Read"): (Probe(lambda web, _: web.get("/customers/"), 200),),
    ("customers", "Create"): (
        Probe(lambda web, _: web.post("/customers/quick/", QUICK_ENTRY), 303, _customers),
    ),
    ("customers", "Edit"): (
        Probe(
            lambda web, name: web.post(
                f"/customer/{name}/rename/", {"new_name": "MATRICE"}, headers=HTMX
            ),
            200,
            _customers,
            lambda user: customer("Matrice").name,
        ),
    ),
    ("customers", "Merge"): (
        Probe(
            lambda web, pair: web.post(
                f"/customer/{pair[0]}/merge/", {"into": pair[1]}, headers=HTMX
            ),
            200,
            _customers,
            _two_customers,
        ),
    ),
    ("customers", "Delete"): (
        Probe(
            lambda web, name: web.post(f"/customer/{name}/delete/", headers=HTMX),
            200,
            _customers,
            lambda user: customer("Matrice").name,
        ),
    ),
    ("customers", "Import"): (Probe(lambda web, _: web.get("/imports/new/"), 200),),
    ("customers", "Export"): (
        Probe(
            lambda web, _: web.post("/customers/export/", {"format": "csv"}, headers=HTMX),
            202,
            _jobs,
        ),
    ),
}


def _user(who: str) -> User:
    if who == "superuser":
        return make_user("root", superuser=True)
    return make_user(f"user-{who.lower()}", *([ROLES[who]] if who in ROLES else []))


def _cases(probes: dict[tuple[str, str], tuple[Probe, ...]]) -> list:
    cases = []
    for line in MATRIX:
        for action in ACTIONS:
            for index, probe in enumerate(probes.get((line.key, action), ())):
                slug = action.lower().replace(" / ", "-")
                cases += [
                    pytest.param(
                        line.cell(action), probe, who, id=f"{line.key}-{slug}{index}-{who}"
                    )
                    for who in USERS
                ]
    return cases


@pytest.fixture(autouse=True)
def _quick(settings, tmp_path):
    """A quick password hash (one user is made per test) and a folder for the uploads."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.JOB_FILES_DIR = tmp_path / "jobs"


def _check(cell: str, probe: Probe, who: str, actor: Callable[[User], Any]) -> Any:
    # given a user of the role, signed in, and what the call needs
    user = _user(who)
    client, given = actor(user), probe.given(user)
    before = probe.state()
    # when
    response = probe.call(client, given)
    # then an allowed user gets the route's answer and the write is done
    if allowed(cell, who):
        assert response.status_code == probe.status, response.content[:500]
        if before is not None:
            assert probe.state() != before
        return response
    # and any other is refused with nothing written
    assert response.status_code == 403, response.content[:500]
    assert probe.state() == before
    return response


@pytest.mark.parametrize(("cell", "probe", "who"), _cases(PROBES))
def test_the_api_grants_what_the_matrix_says(cell, probe, who):
    response = _check(cell, probe, who, client_for)
    if response.status_code == 403:
        assert isinstance(response, httpx.Response)
        assert response.json()["detail"].startswith("This needs one of these roles: ")


@pytest.mark.parametrize(("cell", "probe", "who"), _cases(WEB_PROBES))
def test_the_customer_screens_grant_what_the_matrix_says(cell, probe, who):
    response = _check(cell, probe, who, lambda user: signed_in(Client(), user))
    if response.status_code == 403:
        assert "Your roles do not allow this." in response.content.decode()


def test_every_cell_granted_to_someone_is_tried():
    granted = {(line.key, a) for line in MATRIX for a in ACTIONS if line.cell(a) != NOBODY}
    assert set(PROBES) == granted
    assert set(WEB_PROBES) <= granted


def test_the_cells_name_only_known_roles():
    for line in MATRIX:
        for action in ACTIONS:
            cell = line.cell(action)
            assert cell in (ANYONE, NOBODY) or set(cell.split()) <= set(ROLES), (line.key, cell)


def test_the_readme_shows_this_matrix():
    assert matrix_markdown() in README.read_text(encoding="utf-8")


@pytest.mark.parametrize(("who", "shown"), [("SU", False), ("SM", False), ("SMM", True)])
def test_the_customer_list_offers_import_and_export_to_those_who_may(who, shown):
    # when
    html = signed_in(Client(), _user(who)).get("/customers/").content.decode()
    # then the buttons show exactly where the matrix grants them
    assert ('action="/customers/export/"' in html, 'href="/imports/new/"' in html) == (
        shown,
        shown,
    )
