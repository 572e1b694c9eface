"""A customer group's and a territory's own pages: their defaults, the territory's manager
and targets, saved with exact values; every refusal on its field or its row's cell."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clientele.classification.models import (
    CustomerGroup,
    CustomerGroupAccount,
    CustomerGroupCreditLimit,
    Territory,
    TerritoryTarget,
)
from clientele.classification.services import CUSTOMER_GROUP, TERRITORY
from clientele.core.models import ChangeLog
from clientele.core.records import record_create, record_update
from clientele.customers.services import customer_create
from clientele.masters.services import MONTHLY_DISTRIBUTION, SALES_PERSON

COMPANY = "Clientèle Démo SAS"
RECEIVABLE = "411000 - Clients - CD"
ADVANCES = "419100 - Clients - Avances reçues - CD"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def pme(db):
    """Entreprises (group) > PME (leaf)."""
    record_create(CUSTOMER_GROUP, {"name": "Entreprises", "is_group": True}, user=None)
    return record_create(
        CUSTOMER_GROUP, {"name": "PME", "parent_customer_group": "Entreprises"}, user=None
    )


def cell_error(html: str, field: str) -> str:
    """The error shown under a field (a row's cell), which the field names as its description."""
    assert f'aria-describedby="id_{field}_error"' in html
    return re.search(rf'<ul class="errorlist" id="id_{field}_error"><li>(.*?)</li>', html)[1]


def management(prefix: str, total: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def group_post(**rows) -> dict[str, str]:
    """The group page as sent: its fields, then each table's rows (``credit_limits=[…]``)."""
    data = {"default_price_list": "Standard Selling", "payment_terms": "Net 30"}
    for table in ("credit_limits", "accounts"):
        given = rows.get(table, [])
        data.update(management(table, len(given) + 1))  # and the blank row a page always has
        for index, row in enumerate(given):
            data.update({f"{table}-{index}-{key}": value for key, value in row.items()})
    return data


def test_the_group_page_shows_its_place_and_its_customers(reader, pme, admin):
    customer_create(
        data={
            "customer_name": "Boulangerie Martin",
            "customer_group": "PME",
            "territory": "France",
        },
        user=admin,
    )

    html = page(signed_in(reader).get("/customer-groups/Entreprises/"))

    assert "<h1>Entreprises</h1>" in html
    assert '<li><a href="/customer-groups/">Groupe de clients</a></li>' in html
    assert '<a href="/customers/?customer_group=Entreprises">1 client</a>' in html
    assert "(sous-groupes inclus)" in html
    assert "Noeud de groupe" in html


def test_the_group_page_saves_its_defaults_with_exact_values(master_manager, pme):
    client = signed_in(master_manager)
    data = group_post(
        credit_limits=[
            {"company": COMPANY, "credit_limit": "20000.50", "bypass_credit_limit_check": "on"}
        ],
        accounts=[{"company": COMPANY, "account": RECEIVABLE, "advance_account": ADVANCES}],
    )

    response = client.post("/customer-groups/PME/", data)

    assert response.status_code == 302
    assert response.url == "/customer-groups/PME/"
    stored = CustomerGroup.objects.get(name="PME")
    assert (stored.default_price_list.name, stored.payment_terms.name, stored.is_group) == (
        "Standard Selling",
        "Net 30",
        False,
    )
    assert list(
        CustomerGroupCreditLimit.objects.filter(parent=stored).values_list(
            "company__name", "credit_limit", "bypass_credit_limit_check", "idx"
        )
    ) == [(COMPANY, Decimal("20000.50"), True, 1)]
    assert list(
        CustomerGroupAccount.objects.filter(parent=stored).values_list(
            "company__name", "account__name", "advance_account__name"
        )
    ) == [(COMPANY, RECEIVABLE, ADVANCES)]
    # the page then shows what is stored, and says it is saved
    html = page(client.get("/customer-groups/PME/"))
    assert "Enregistré." in html
    assert '<option value="Standard Selling" selected>' in html
    shown = re.search(r'name="credit_limits-0-credit_limit" value="([^"]+)"', html)[1]
    assert Decimal(shown) == Decimal("20000.50")
    assert f'<option value="{RECEIVABLE}" selected>' in html


def test_a_row_marked_for_removal_is_removed(master_manager, pme):
    record_update(
        CUSTOMER_GROUP,
        pme,
        {"credit_limits": [{"company": COMPANY, "credit_limit": "500"}]},
        user=None,
    )
    data = group_post(credit_limits=[{"company": COMPANY, "credit_limit": "500", "DELETE": "on"}])

    assert signed_in(master_manager).post("/customer-groups/PME/", data).status_code == 302
    assert not CustomerGroupCreditLimit.objects.filter(parent=pme).exists()


def test_add_a_row_keeps_what_was_typed_and_saves_nothing(master_manager, pme):
    data = group_post(credit_limits=[{"company": COMPANY, "credit_limit": "750"}])
    data["add_row"] = "credit_limits"

    response = signed_in(master_manager).post("/customer-groups/PME/", data)

    assert response.status_code == 200
    html = page(response)
    assert 'name="credit_limits-TOTAL_FORMS" value="3"' in html
    assert 'value="750"' in html and 'id="id_credit_limits-2-company"' in html
    assert not CustomerGroupCreditLimit.objects.exists()
    assert CustomerGroup.objects.get(name="PME").default_price_list is None


def test_a_refused_row_shows_its_error_in_its_cell_and_nothing_is_written(master_manager, pme):
    history = ChangeLog.objects.count()
    data = group_post(
        credit_limits=[
            {"company": COMPANY, "credit_limit": "100"},
            {"company": COMPANY, "credit_limit": "200"},
        ],
        accounts=[{"company": COMPANY, "account": "512000 - Banque - CD"}],
    )

    response = signed_in(master_manager).post("/customer-groups/PME/", data)

    assert response.status_code == 422
    html = page(response).replace("&#x27;", "'")
    # the second row's company cell, the first account row's account cell
    assert (
        'aria-describedby="id_credit_limits-1-company_error" id="id_credit_limits-1-company"'
        in html
        or 'id="id_credit_limits-1-company" aria-invalid="true"' in html
    )
    assert cell_error(html, "credit_limits-1-company") == "La ligne 1 a déjà cette valeur."
    assert cell_error(html, "accounts-0-account") == (
        "“512000 - Banque - CD” n'est pas un compte débiteur."
    )
    # nothing typed is lost
    assert 'value="200"' in html and '<option value="512000 - Banque - CD" selected>' in html
    assert 'role="alert"' in html
    stored = CustomerGroup.objects.get(name="PME")
    assert stored.default_price_list is None
    assert not CustomerGroupCreditLimit.objects.exists()
    assert ChangeLog.objects.count() == history


def test_a_value_that_is_not_a_number_is_refused_by_the_form(master_manager, pme):
    data = group_post(credit_limits=[{"company": COMPANY, "credit_limit": "beaucoup"}])

    response = signed_in(master_manager).post("/customer-groups/PME/", data)

    assert response.status_code == 422
    assert 'id="id_credit_limits-0-credit_limit_error"' in page(response)
    assert 'value="beaucoup"' in page(response)
    assert not CustomerGroupCreditLimit.objects.exists()


def test_a_group_with_children_cannot_become_a_leaf(master_manager, pme):
    data = group_post()  # "Group Node" unchecked

    response = signed_in(master_manager).post("/customer-groups/Entreprises/", data)

    assert response.status_code == 422
    assert 'id="id_is_group_error"' in page(response)
    assert CustomerGroup.objects.get(name="Entreprises").is_group


@pytest.mark.parametrize("who", ["reader", "sales_user"])
def test_without_the_role_the_page_is_read_only_and_a_post_is_forbidden(request, pme, who):
    client = signed_in(request.getfixturevalue(who))

    html = page(client.get("/customer-groups/PME/"))
    response = client.post("/customer-groups/PME/", group_post())

    assert 'name="default_price_list" disabled' in html or "disabled" in html
    assert "Enregistrer" not in html and "Ajouter une ligne" not in html
    assert response.status_code == 403
    assert CustomerGroup.objects.get(name="PME").default_price_list is None


def test_anonymous_visitors_are_sent_to_sign_in(pme):
    response = Client().get("/customer-groups/PME/")

    assert response.status_code == 302 and response.url == "/login/?next=/customer-groups/PME/"


def test_an_unknown_group_or_a_tree_without_pages_is_not_found(reader, pme):
    client = signed_in(reader)

    assert client.get("/customer-groups/Nulle part/").status_code == 404
    assert client.get("/sales-persons/Sales Team/").status_code == 404


# -------------------------------------------------------------------------- territory


@pytest.fixture
def bretagne(db):
    record_create(SALES_PERSON, {"name": "Léa Martin"}, user=None)
    record_create(
        MONTHLY_DISTRIBUTION,
        {
            "name": "Saisonnière",
            "percentages": [{"month": m, "percentage_allocation": "10"} for m in range(1, 11)],
        },
        user=None,
    )
    return record_create(TERRITORY, {"name": "Bretagne"}, user=None)


def territory_post(targets: list[dict[str, str]], manager: str = "Léa Martin") -> dict[str, str]:
    data = {"territory_manager": manager, **management("targets", len(targets) + 1)}
    for index, row in enumerate(targets):
        data.update({f"targets-{index}-{key}": value for key, value in row.items()})
    return data


def test_the_territory_page_saves_its_manager_and_targets(master_manager, bretagne):
    client = signed_in(master_manager)
    html = page(client.get("/territories/Bretagne/"))
    assert 'for="id_territory_manager">Responsable de territoire<' in html
    assert '<h2 id="table-targets">Objectifs de vente</h2>' in html
    for column in (
        "Groupe d&#x27;articles",
        "Exercice fiscal",
        "Qté cible",
        "Montant cible",
        "Distribution cible",
    ):
        assert f'<th scope="col">{column}</th>' in html

    response = client.post(
        "/territories/Bretagne/",
        territory_post(
            [
                {
                    "item_group": "All Item Groups",
                    "fiscal_year": "2026",
                    "target_qty": "120.5",
                    "target_amount": "50000",
                    "distribution": "Saisonnière",
                },
                {"fiscal_year": "2026", "target_amount": "1000.25"},
            ]
        ),
    )

    assert response.status_code == 302
    stored = Territory.objects.get(name="Bretagne")
    assert stored.territory_manager.name == "Léa Martin"
    assert list(
        TerritoryTarget.objects.filter(parent=stored).values_list(
            "idx",
            "item_group__name",
            "fiscal_year__name",
            "target_qty",
            "target_amount",
            "distribution__name",
        )
    ) == [
        (1, "All Item Groups", "2026", Decimal("120.500"), Decimal("50000.00"), "Saisonnière"),
        (2, None, "2026", Decimal("0.000"), Decimal("1000.25"), None),
    ]


def test_a_target_without_a_goal_is_refused_in_its_row(master_manager, bretagne):
    response = signed_in(master_manager).post(
        "/territories/Bretagne/", territory_post([{"fiscal_year": "2026"}])
    )

    assert response.status_code == 422
    assert cell_error(page(response), "targets-0-target_qty") == (
        "La quantité cible ou le montant cible est requis."
    )
    stored = Territory.objects.get(name="Bretagne")
    assert stored.territory_manager is None
    assert not TerritoryTarget.objects.exists()


def test_a_territory_post_without_the_role_is_forbidden(reader, bretagne):
    response = signed_in(reader).post("/territories/Bretagne/", territory_post([]))

    assert response.status_code == 403
    assert Territory.objects.get(name="Bretagne").territory_manager is None


# ------------------------------------------------------------------------ query counts


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [2, 20])
def test_the_pages_cost_the_same_queries_whatever_their_rows(master_manager, admin, bretagne, size):
    record_create(CUSTOMER_GROUP, {"name": "Entreprises", "is_group": True}, user=None)
    for number in range(size):
        name = f"PME {number:02d}"
        record_create(
            CUSTOMER_GROUP, {"name": name, "parent_customer_group": "Entreprises"}, user=None
        )
        customer_create(
            data={
                "customer_name": f"Client {number}",
                "customer_group": name,
                "territory": "Bretagne",
            },
            user=admin,
        )
    targets = [{"fiscal_year": "2026", "target_amount": str(n + 1)} for n in range(size)]
    record_update(TERRITORY, bretagne, {"targets": targets}, user=None)
    client = signed_in(master_manager)

    # session, user, roles; the node with its rows, its ancestors, its customers; the
    # records each link may point to (price lists, terms, companies, accounts / sales
    # persons, item groups, fiscal years, distributions)
    assert _queries(client, "/customer-groups/Entreprises/") == 10
    assert _queries(client, "/territories/Bretagne/") == 10
