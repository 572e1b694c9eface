"""Link fields: the type-ahead's options, and "+ créer" a linked record from the form."""

import html
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clientele.classification import services as selling
from clientele.core.audit import CREATION
from clientele.core.models import ChangeLog
from clientele.core.records import record_create
from clientele.crm.models import Lead
from clientele.customers.tests.builders import (
    OTHER_COMPANY,
    OTHER_RECEIVABLE,
    RECEIVABLE,
    SPECIAL_RECEIVABLE,
    build_refs,
)
from clientele.masters import services as masters
from clientele.masters.models import Account, Industry, PaymentTermsTemplate, PriceList
from clientele.operations.seed import COMPANY

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def refs(db):
    return build_refs()


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(user)
    return client


def options(response) -> list[tuple[str, str]]:
    assert response.status_code == 200
    found = re.findall(r'<option value="([^"]*)">([^<]*)</option>', response.content.decode())
    return [(html.unescape(value), html.unescape(label)) for value, label in found]


# --- type-ahead -------------------------------------------------------------------------


def test_price_lists_offered_are_the_enabled_selling_ones(sales_user, refs):
    client = signed_in(sales_user)

    response = client.get(
        "/lookup/price-lists/", {"field": "default_price_list", "default_price_list": "tarif"}
    )

    assert options(response) == [
        ("Tarif Export", "Tarif Export — USD"),
        ("Tarif Revendeurs", "Tarif Revendeurs — EUR"),
    ]
    assert options(client.get("/lookup/price-lists/")) == [
        ("Standard Selling", "Standard Selling — EUR"),
        ("Tarif Export", "Tarif Export — USD"),
        ("Tarif Revendeurs", "Tarif Revendeurs — EUR"),
    ]


def test_customer_groups_offered_are_leaves_found_by_their_french_label_too(sales_user):
    selling_group = record_create(
        selling.CUSTOMER_GROUP, {"name": "Administrations locales", "is_group": True}, user=None
    )
    record_create(
        selling.CUSTOMER_GROUP,
        {"name": "Mairies", "parent_customer_group": selling_group.name},
        user=None,
    )
    client = signed_in(sales_user)

    # "Administration" is the French label of the seeded "Government" group
    found = options(client.get("/lookup/customer-groups/", {"q": "administr"}))

    assert found == [("Government", "Administration")]
    assert options(client.get("/lookup/customer-groups/", {"q": "mair"})) == [("Mairies", "")]


def test_receivable_accounts_offered_are_those_of_the_rows_company(sales_user, refs):
    client = signed_in(sales_user)

    of_row = {"field": "accounts-0-account", "accounts-0-account": "", "accounts-0-company": ""}
    everywhere = options(client.get("/lookup/accounts/", of_row))
    in_lyon = options(
        client.get("/lookup/accounts/", of_row | {"accounts-0-company": OTHER_COMPANY})
    )

    assert [value for value, _label in everywhere] == [
        RECEIVABLE,
        OTHER_RECEIVABLE,
        SPECIAL_RECEIVABLE,
        "419100 - Clients - Avances reçues - CD",
    ]
    assert in_lyon == [(OTHER_RECEIVABLE, "")]


def test_users_offered_are_the_active_ones(sales_user, refs):
    found = options(signed_in(sales_user).get("/lookup/users/", {"q": "a"}))

    assert [value for value, _label in found] == ["amelie", "sally"]


def test_leads_offered_are_those_not_converted_yet(sales_user, refs):
    Lead.objects.create(name="CRM-LEAD-2026-00008", company_name="Déjà client", status="Converted")

    found = options(signed_in(sales_user).get("/lookup/leads/", {"q": "crm-lead"}))

    assert found == [("CRM-LEAD-2026-00007", "CRM-LEAD-2026-00007 — Jeanne Dupont")]


def _lookup_queries(client: Client, q: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        found = options(client.get("/lookup/industries/", {"q": q}))
    return len(found), len(queries)


def test_a_lookup_offers_at_most_20_records_in_a_fixed_number_of_queries(sales_user):
    for number in range(30):
        record_create(masters.INDUSTRY, {"name": f"Artisanat {number:02d}"}, user=None)
    client = signed_in(sales_user)
    client.get("/lookup/industries/")  # the session's first read

    assert _lookup_queries(client, "Artisanat 0") == (10, 3)
    assert _lookup_queries(client, "Artisanat 1") == (10, 3)
    assert _lookup_queries(client, "Artisanat") == (20, 3)
    assert _lookup_queries(client, "Retail") == (1, 3)


def test_an_unknown_kind_is_404_and_anonymous_visitors_sign_in_first(sales_user):
    assert signed_in(sales_user).get("/lookup/planets/").status_code == 404
    response = Client().get("/lookup/industries/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/login/?next=/lookup/industries/",
    )
    response = Client().post("/lookup/industries/new/", {"name": "Intrus"})
    assert response.status_code == 302
    assert not Industry.objects.filter(name="Intrus").exists()


# --- "+ créer" --------------------------------------------------------------------------


def test_the_create_dialog_asks_for_what_the_record_needs(master_manager):
    response = signed_in(master_manager).get(
        "/lookup/price-lists/new/?field=id_default_price_list", **HTMX
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert '<dialog data-modal aria-labelledby="lookup-new-title">' in page
    assert '<h2 id="lookup-new-title">Nouvelle liste de prix</h2>' in page
    assert '<label for="new-name">Nom</label>' in page
    assert '<label for="new-currency">Devise</label>' in page


def test_create_puts_the_new_record_into_the_field_that_asked(master_manager):
    response = signed_in(master_manager).post(
        "/lookup/industries/new/?field=id_industry", {"name": " Boulangerie "}, **HTMX
    )

    assert response.status_code == 201
    assert response["HX-Reswap"] == "none"
    assert json.loads(response["HX-Trigger"]) == {
        "lookupCreated": {
            "field": "id_industry",
            "value": "Boulangerie",
            "message": "“Boulangerie” créé.",
        }
    }
    assert Industry.objects.filter(name="Boulangerie").exists()


def test_create_through_the_records_service_with_its_fixed_values(master_manager, admin):
    client = signed_in(admin)

    answer = client.post(
        "/lookup/price-lists/new/?field=id_default_price_list",
        {"name": "Tarif Boulangeries", "currency": "EUR"},
        **HTMX,
    )
    terms = client.post(
        "/lookup/payment-terms-templates/new/?field=id_payment_terms",
        {"name": "Net 15", "credit_days": "15"},
        **HTMX,
    )
    account = client.post(
        "/lookup/accounts/new/?field=id_accounts-0-account",
        {
            "name": "411200 - Clients export - CD",
            "account_name": "Clients export",
            "company": COMPANY,
            "parent_account": "Actif - CD",
        },
        **HTMX,
    )

    assert (answer.status_code, terms.status_code, account.status_code) == (201, 201, 201)
    price_list = PriceList.objects.get(name="Tarif Boulangeries")
    assert (price_list.currency.name, price_list.selling, price_list.buying) == ("EUR", True, False)
    template = PaymentTermsTemplate.objects.get(name="Net 15")
    assert [(t.invoice_portion, t.credit_days) for t in template.terms.all()] == [
        (Decimal("100.000"), 15)
    ]
    created = Account.objects.get(name="411200 - Clients export - CD")
    assert (
        created.account_type,
        created.root_type,
        created.is_group,
        created.parent.name,
        created.company.name,
    ) == ("Receivable", "Asset", False, "Actif - CD", COMPANY)


def test_a_refused_creation_shows_its_errors_in_the_dialog_and_writes_nothing(master_manager):
    client = signed_in(master_manager)
    count = Industry.objects.count()

    empty = client.post("/lookup/industries/new/?field=id_industry", {"name": ""}, **HTMX)
    taken = client.post("/lookup/industries/new/?field=id_industry", {"name": "retail"}, **HTMX)

    assert Industry.objects.count() == count
    assert empty.status_code == 422
    assert taken.status_code == 409
    for response, message in (
        (empty, "Ce champ est obligatoire."),
        (taken, "Ce code est déjà pris."),
    ):
        page = response.content.decode()
        assert page.lstrip().startswith('<form method="post"')
        assert 'aria-invalid="true"' in re.search(r'<input[^>]*id="new-name"[^>]*>', page)[0]
        assert f'<ul class="errorlist" id="new-name_error"><li>{message}</li></ul>' in page


def test_an_unknown_link_of_the_new_record_is_shown_on_its_field(master_manager):
    response = signed_in(master_manager).post(
        "/lookup/price-lists/new/?field=id_default_price_list",
        {"name": "Tarif Suédois", "currency": "XXX"},
        **HTMX,
    )

    assert response.status_code == 422
    assert not PriceList.objects.filter(name="Tarif Suédois").exists()
    assert "Introuvable\xa0: devise “XXX”." in response.content.decode()


def test_only_the_apis_writers_may_create_a_record(sales_user, reader):
    count = Industry.objects.count()
    client = signed_in(sales_user)

    assert client.get("/lookup/industries/new/?field=id_industry", **HTMX).status_code == 403
    response = client.post("/lookup/industries/new/", {"name": "Forgée"}, **HTMX)

    assert response.status_code == 403
    assert Industry.objects.count() == count
    # leads are created by those who create customers
    lead = client.post("/lookup/leads/new/?field=id_lead_name", {"company_name": "Fournil"}, **HTMX)
    assert lead.status_code == 201
    assert Lead.objects.get(company_name="Fournil").status == "Open"
    assert signed_in(reader).post("/lookup/leads/new/", {"company_name": "X"}).status_code == 403
    assert not Lead.objects.filter(company_name="X").exists()


def test_without_javascript_the_dialog_is_a_page_that_creates_the_record(master_manager):
    client = signed_in(master_manager)

    page = client.get("/lookup/market-segments/new/")
    created = client.post("/lookup/market-segments/new/", {"name": "Artisans"})

    assert page.status_code == 200
    assert "<h1>Nouvelle part de marché</h1>" in page.content.decode()
    assert created.status_code == 201
    assert "“Artisans” créé." in created.content.decode()


def test_the_records_are_created_by_who_asked(master_manager):
    signed_in(master_manager).post("/lookup/industries/new/", {"name": "Boulangerie"}, **HTMX)

    change = ChangeLog.objects.filter(entity="industry").latest("id")
    assert (change.action, change.user) == (CREATION, User.objects.get(username="manon"))


def test_a_new_customer_group_is_a_leaf_under_the_group_chosen(master_manager):
    record_create(
        selling.CUSTOMER_GROUP, {"name": "Administrations locales", "is_group": True}, user=None
    )
    client = signed_in(master_manager)
    parents = options(client.get("/lookup/customer-group-parents/", {"q": "admin"}))

    response = client.post(
        "/lookup/customer-groups/new/?field=id_customer_group",
        {"name": "Mairies", "parent_customer_group": "Administrations locales"},
        **HTMX,
    )

    assert parents == [("Administrations locales", "")]
    assert response.status_code == 201
    group = selling.CUSTOMER_GROUP.model.objects.get(name="Mairies")
    assert (group.is_group, group.parent.name) == (False, "Administrations locales")


def test_sales_persons_offered_are_enabled_leaves(sales_user, refs):
    found = options(signed_in(sales_user).get("/lookup/sales-persons/"))

    assert [value for value, _label in found] == ["Alice", "Bruno", "Chloé", "Denise"]
