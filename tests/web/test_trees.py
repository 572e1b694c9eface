"""The tree screens: levels on demand with their subtree counts, search, and the actions
on a node (add a child, rename, move, delete) with every refusal and its reason."""

import json
import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clientele.classification.models import CustomerGroup, Territory
from clientele.classification.services import CUSTOMER_GROUP, TERRITORY
from clientele.core.models import ChangeLog
from clientele.core.records import record_create
from clientele.customers.models import Customer
from clientele.customers.services import customer_create
from clientele.masters.models import Account, SalesPerson
from clientele.masters.services import SALES_PERSON

HTMX = {"HTTP_HX_REQUEST": "true"}


def group(name: str, parent: str = "All Customer Groups", *, is_group: bool = False):
    data = {"name": name, "parent_customer_group": parent, "is_group": is_group}
    return record_create(CUSTOMER_GROUP, data, user=None)


def customers(user, group_name: str, count: int, territory: str = "France") -> None:
    for number in range(count):
        customer_create(
            data={
                "customer_name": f"{group_name} client {number}",
                "customer_group": group_name,
                "territory": territory,
            },
            user=user,
        )


@pytest.fixture
def companies(admin):
    """Entreprises (group) > PME (group) > PME Sud (2 customers), PME Nord (1); and
    Grands comptes (3 customers)."""
    group("Entreprises", is_group=True)
    group("PME", "Entreprises", is_group=True)
    group("PME Sud", "PME")
    group("PME Nord", "PME")
    group("Grands comptes", "Entreprises")
    customers(admin, "PME Sud", 2)
    customers(admin, "PME Nord", 1)
    customers(admin, "Grands comptes", 3)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def rows(html: str) -> list[tuple[str, int]]:
    """Each drawn node (its code) with the customer count shown next to it."""
    found = re.findall(
        r'data-name="([^"]+)".*?class="tree-count"><span aria-hidden="true">([^<]+)<',
        html,
        re.S,
    )
    return [(name, int(re.sub(r"\D", "", count))) for name, count in found]


def page(response) -> str:
    return response.content.decode()


def changed(response) -> dict:
    assert response.status_code == 204
    return json.loads(response.headers["HX-Trigger"])["tree-changed"]


# ------------------------------------------------------------------- tree page and levels


def test_anonymous_visitors_are_sent_to_sign_in(db):
    for url in (
        "/customer-groups/",
        "/customer-groups/Commercial/children/",
        "/customer-groups/Commercial/rename/",
        "/territories/France/",
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response.url.startswith("/login/?next=")


def test_the_tree_opens_on_its_root_with_the_first_level_and_its_counts(reader, companies):
    response = signed_in(reader).get("/customer-groups/")

    assert response.status_code == 200
    html = page(response)
    assert "<h1>Groupe de clients</h1>" in html
    # the root is named as the seed names it, in French, and counts every customer
    assert ">Tous les groupes de clients</a>" in html
    # in reading order: the seeded codes by their French names
    assert rows(html) == [
        ("All Customer Groups", 6),
        ("Government", 0),  # Administration
        ("Non Profit", 0),  # Association
        ("Commercial", 0),
        ("Entreprises", 6),
        ("Individual", 0),  # Particulier
    ]
    # Entreprises is closed: its children are not drawn
    assert 'data-name="PME"' not in html
    assert 'aria-controls="children-' in html and 'aria-expanded="false"' in html


def test_expand_returns_exactly_the_children_with_their_subtree_counts(reader, companies):
    response = signed_in(reader).get("/customer-groups/Entreprises/children/", **HTMX)

    assert response.status_code == 200
    assert rows(page(response)) == [("Grands comptes", 3), ("PME", 3)]
    # one level only: PME's own children wait until it is opened
    assert 'data-name="PME Sud"' not in page(response)


def test_the_open_levels_in_the_address_are_drawn_open(reader, companies):
    response = signed_in(reader).get(
        "/customer-groups/?open=All+Customer+Groups&open=Entreprises&open=PME"
    )

    assert rows(page(response)) == [
        ("All Customer Groups", 6),
        ("Government", 0),
        ("Non Profit", 0),
        ("Commercial", 0),
        ("Entreprises", 6),
        ("Grands comptes", 3),
        ("PME", 3),
        ("PME Nord", 1),
        ("PME Sud", 2),
        ("Individual", 0),
    ]


def test_a_level_with_many_children_shows_a_page_of_them_and_how_many_more(reader, db):
    group("Familles", is_group=True)
    for number in range(60):
        group(f"Famille {number:02d}", "Familles")
    client = signed_in(reader)

    first = page(client.get("/customer-groups/Familles/children/", **HTMX))
    second = page(client.get("/customer-groups/Familles/children/?offset=50", **HTMX))

    assert [name for name, _count in rows(first)] == [f"Famille {n:02d}" for n in range(50)]
    assert "Afficher la suite (10 restants)" in first
    assert 'hx-get="/customer-groups/Familles/children/?offset=50"' in first
    assert [name for name, _count in rows(second)] == [f"Famille {n:02d}" for n in range(50, 60)]
    assert "Afficher la suite" not in second


def test_search_finds_nodes_anywhere_with_their_path(reader, companies):
    client = signed_in(reader)

    response = client.get("/customer-groups/?q=pme", **HTMX)

    html = page(response)
    assert "3 nœuds correspondent à « pme »" in html
    hits = re.findall(r"<li>(.*?)</li>", html)
    texts = [re.sub(r"<[^>]+>", "", hit) for hit in hits]
    assert texts == [
        "Entreprises › PME",
        "Entreprises › PME › PME Nord",
        "Entreprises › PME › PME Sud",
    ]
    # each hit opens the tree down to it
    assert (
        'href="/customer-groups/?open=All+Customer+Groups&amp;open=Entreprises&amp;open=PME'
        '&amp;focus=PME+Sud"' in html
    )
    # without htmx the search is a plain page
    assert "Entreprises › PME" in re.sub(
        r"<[^>]+>", "", page(client.get("/customer-groups/?q=pme"))
    )


def test_a_node_shown_by_a_search_is_drawn_even_past_the_first_page(reader, db):
    group("Familles", is_group=True)
    for number in range(60):
        group(f"Famille {number:02d}", "Familles")

    html = page(
        signed_in(reader).get(
            "/customer-groups/?open=All+Customer+Groups&open=Familles&focus=Famille+57"
        )
    )

    assert 'data-name="Famille 57" data-focus' in html
    assert [n for n, _c in rows(html)].count("Famille 57") == 1


def test_the_other_trees_open_too(reader, admin, db):
    record_create(SALES_PERSON, {"name": "Nord", "is_group": True}, user=None)
    record_create(SALES_PERSON, {"name": "Léa", "parent_sales_person": "Nord"}, user=None)
    client = signed_in(reader)

    record_create(SALES_PERSON, {"name": "Marc", "parent_sales_person": "Nord"}, user=None)
    team = [
        {"sales_person": "Léa", "allocated_percentage": "50"},
        {"sales_person": "Marc", "allocated_percentage": "50"},
    ]
    customer_create(
        data={"customer_name": "Duo", "customer_group": "Commercial", "sales_team": team},
        user=admin,
    )

    people = page(client.get("/sales-persons/?open=Sales+Team&open=Nord"))
    assert ">Équipe commerciale<" in people
    # a customer in two people's team counts once for the branch above them
    assert rows(people) == [("Sales Team", 1), ("Nord", 1), ("Léa", 1), ("Marc", 1)]
    assert "Tous les groupes d&#x27;articles" in page(client.get("/item-groups/"))
    accounts = page(client.get("/accounts/"))
    assert "<h1>Plan comptable</h1>" in accounts
    # one root per company's side of the chart
    assert 'data-name="Actif - CD"' in accounts and 'data-name="Passif - CD"' in accounts


def test_the_seeded_territories_read_in_french(reader, db):
    territories = page(signed_in(reader).get("/territories/"))

    for french in ("Toutes les régions", "Belgique", "Allemagne", "Royaume-Uni", "États-Unis"):
        assert f">{french}<" in territories


def test_a_reader_sees_no_action_and_cannot_drag(reader, companies):
    html = page(signed_in(reader).get("/customer-groups/"))

    for word in ("Ajouter un enfant", "Renommer", "Déplacer", "Supprimer", "draggable"):
        assert word not in html


def test_a_writer_sees_the_actions_each_node_allows(master_manager, companies):
    html = page(signed_in(master_manager).get("/customer-groups/"))

    root = html[
        html.index('data-name="All Customer Groups"') : html.index('data-name="Government"')
    ]
    leaf = html[html.index('data-name="Commercial"') : html.index('data-name="Entreprises"')]
    # the root takes children but is neither renamed, moved nor deleted
    assert "Ajouter un enfant" in root and "Renommer" not in root and "draggable" not in root
    # a leaf takes no children, and can be dragged
    assert "Ajouter un enfant" not in leaf
    assert all(word in leaf for word in ("Renommer", "Déplacer", "Supprimer", 'draggable="true"'))


# --------------------------------------------------------------------------- actions


@pytest.mark.parametrize("is_group", [True, False])
def test_add_a_child(master_manager, companies, is_group):
    client = signed_in(master_manager)
    dialog = page(client.get("/customer-groups/Entreprises/add/", **HTMX))
    assert "Ajouter un enfant à « Entreprises »" in dialog
    assert 'for="id_name">Nom du groupe de clients<' in dialog
    assert "Noeud de groupe" in dialog and "Créer nouveau" in dialog

    data = {"name": "ETI", **({"is_group": "on"} if is_group else {})}
    response = client.post("/customer-groups/Entreprises/add/", data, **HTMX)

    assert changed(response) == {"open": ["Entreprises"], "focus": "ETI", "renamed": ""}
    created = CustomerGroup.objects.get(name="ETI")
    assert (created.parent.name, created.is_group, created.depth) == ("Entreprises", is_group, 3)


def test_add_without_htmx_comes_back_to_the_tree_showing_the_new_node(master_manager, companies):
    response = signed_in(master_manager).post("/customer-groups/PME/add/", {"name": "PME Est"})

    assert response.status_code == 302
    assert response.url == "/customer-groups/?open=PME&focus=PME+Est"
    assert CustomerGroup.objects.get(name="PME Est").parent.name == "PME"


def test_add_refused_shows_why_and_writes_nothing(master_manager, companies):
    client = signed_in(master_manager)
    before = CustomerGroup.objects.count()

    empty = client.post("/customer-groups/Entreprises/add/", {"name": " "}, **HTMX)
    taken = client.post("/customer-groups/Entreprises/add/", {"name": "pme"}, **HTMX)
    under_leaf = client.post("/customer-groups/Commercial/add/", {"name": "Sous"}, **HTMX)

    assert empty.status_code == 422
    assert 'aria-invalid="true"' in page(empty) and "Ce champ est obligatoire." in page(empty)
    assert taken.status_code == 409
    assert "Ce code est déjà pris." in page(taken)
    assert 'value="pme"' in page(taken)  # what was typed stays
    assert under_leaf.status_code == 422
    assert "n&#x27;est pas un nœud de groupe" in page(under_leaf)
    assert CustomerGroup.objects.count() == before


def test_rename(master_manager, companies):
    client = signed_in(master_manager)
    assert 'value="PME"' in page(client.get("/customer-groups/PME/rename/", **HTMX))

    response = client.post("/customer-groups/PME/rename/", {"name": "Petites entreprises"}, **HTMX)

    assert changed(response) == {"open": [], "focus": "Petites entreprises", "renamed": "PME"}
    renamed = CustomerGroup.objects.get(name="Petites entreprises")
    assert renamed.numchild == 2
    assert Customer.objects.filter(customer_group__parent=renamed).count() == 3


def test_rename_to_a_taken_name_is_refused(master_manager, companies):
    response = signed_in(master_manager).post(
        "/customer-groups/PME/rename/", {"name": "Grands comptes"}, **HTMX
    )

    assert response.status_code == 409
    assert "Ce code est déjà pris." in page(response)
    assert CustomerGroup.objects.filter(name="PME").exists()


def test_move_through_the_dialog(master_manager, companies):
    client = signed_in(master_manager)
    dialog = page(client.get("/customer-groups/PME/move/", **HTMX))
    assert 'for="id_parent">Nouveau parent<' in dialog
    # the group nodes it can go under, not its own subtree
    options = re.findall(r'<option value="([^"]+)"', dialog)
    assert options == ["All Customer Groups", "Entreprises"]

    response = client.post("/customer-groups/PME/move/", {"parent": "All Customer Groups"}, **HTMX)

    assert changed(response) == {"open": ["All Customer Groups"], "focus": "PME", "renamed": ""}
    moved = CustomerGroup.objects.get(name="PME")
    assert (moved.parent.name, moved.depth) == ("All Customer Groups", 2)
    assert CustomerGroup.objects.get(name="PME Sud").depth == 3
    assert rows(page(client.get("/customer-groups/"))) == [
        ("All Customer Groups", 6),
        ("Government", 0),
        ("Non Profit", 0),
        ("Commercial", 0),
        ("Entreprises", 3),
        ("Individual", 0),
        ("PME", 3),
    ]


def test_the_move_dialog_lists_the_group_nodes_matching_what_is_typed(master_manager, companies):
    group("Export", is_group=True)

    answer = signed_in(master_manager).get("/customer-groups/PME Sud/move/?parent=ex", **HTMX)

    assert re.findall(r'<option value="([^"]+)"', page(answer)) == ["Export"]


@pytest.mark.parametrize(
    ("node", "parent", "reason"),
    [
        ("Entreprises", "PME", "Un nœud ne peut pas être déplacé sous lui-même ni sous l'un"),
        ("PME", "Commercial", "« Commercial » n'est pas un nœud de groupe"),
        ("PME", "Nulle part", "Nulle part"),
    ],
)
def test_move_refused_shows_the_services_reason(master_manager, companies, node, parent, reason):
    before = list(CustomerGroup.objects.order_by("path").values_list("name", "path"))

    response = signed_in(master_manager).post(
        f"/customer-groups/{node}/move/", {"parent": parent}, **HTMX
    )

    assert response.status_code == 422
    html = page(response).replace("&#x27;", "'").replace("“", "« ").replace("”", " »")
    assert reason in html
    assert 'id="id_parent_error"' in html and 'aria-invalid="true"' in html
    assert list(CustomerGroup.objects.order_by("path").values_list("name", "path")) == before


def test_delete(master_manager, companies):
    group("Vide", "Entreprises")
    client = signed_in(master_manager)
    assert "Supprimer « Vide » ?" in page(client.get("/customer-groups/Vide/delete/", **HTMX))

    response = client.post("/customer-groups/Vide/delete/", **HTMX)

    assert changed(response) == {"open": ["Entreprises"], "focus": "Entreprises", "renamed": ""}
    assert not CustomerGroup.objects.filter(name="Vide").exists()


def test_delete_refused_when_the_node_has_children(master_manager, companies):
    response = signed_in(master_manager).post("/customer-groups/PME/delete/", **HTMX)

    assert response.status_code == 409
    html = page(response)
    assert "Suppression impossible." in html
    assert "a des nœuds enfants" in html
    assert CustomerGroup.objects.filter(name="PME").exists()


def test_delete_refused_when_customers_use_it_lists_them_with_a_link(master_manager, companies):
    response = signed_in(master_manager).post("/customer-groups/PME Sud/delete/", **HTMX)

    assert response.status_code == 409
    html = page(response)
    assert '<a href="/customers/?customer_group=PME+Sud">2 clients utilisent ce groupe</a>' in html
    assert CustomerGroup.objects.filter(name="PME Sud").exists()


def test_delete_refused_for_a_territory_names_every_user(master_manager, admin, db):
    record_create(TERRITORY, {"name": "Bretagne"}, user=None)
    customers(admin, "Commercial", 1, territory="Bretagne")

    html = page(signed_in(master_manager).post("/territories/Bretagne/delete/", **HTMX))

    assert '<a href="/customers/?territory=Bretagne">1 client utilise cette région</a>' in html
    assert Territory.objects.filter(name="Bretagne").exists()


def test_an_account_child_takes_its_parents_company_and_root_type(admin, db):
    client = signed_in(admin)

    response = client.post(
        "/accounts/Actif - CD/add/", {"name": "411100 - Clients export - CD"}, **HTMX
    )

    assert response.status_code == 204
    account = Account.objects.get(name="411100 - Clients export - CD")
    assert (account.company.name, account.root_type, account.parent.name) == (
        "Clientèle Démo SAS",
        "Asset",
        "Actif - CD",
    )


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/customer-groups/Entreprises/add/", {"name": "Interdit"}),
        ("/customer-groups/PME/rename/", {"name": "Interdit"}),
        ("/customer-groups/PME/move/", {"parent": "All Customer Groups"}),
        ("/customer-groups/Grands comptes/delete/", {}),
        ("/sales-persons/Sales Team/add/", {"name": "Interdit"}),
        ("/accounts/Actif - CD/add/", {"name": "Interdit"}),
    ],
)
@pytest.mark.parametrize("who", ["reader", "sales_user"])
def test_writes_are_forbidden_without_the_role_and_write_nothing(
    request, companies, url, data, who
):
    client = signed_in(request.getfixturevalue(who))
    before = [
        list(model.objects.order_by("path").values_list("name", "path"))
        for model in (CustomerGroup, SalesPerson, Account)
    ]
    history = ChangeLog.objects.count()

    assert client.post(url, data, **HTMX).status_code == 403
    assert client.get(url, **HTMX).status_code == 403

    after = [
        list(model.objects.order_by("path").values_list("name", "path"))
        for model in (CustomerGroup, SalesPerson, Account)
    ]
    assert after == before
    assert ChangeLog.objects.count() == history


def test_the_accounts_need_the_accounting_role(master_manager, db):
    client = signed_in(master_manager)

    assert "Ajouter un enfant" not in page(client.get("/accounts/"))
    assert client.post("/accounts/Actif - CD/add/", {"name": "X"}, **HTMX).status_code == 403


def test_an_unknown_node_is_not_found(master_manager, db):
    client = signed_in(master_manager)

    assert client.get("/customer-groups/Nulle part/children/", **HTMX).status_code == 404
    assert client.get(f"/customer-groups/{quote('Nulle part')}/rename/", **HTMX).status_code == 404


# ------------------------------------------------------------------------ query counts


def _level_of(children: int, admin) -> None:
    """A group of ``children`` nodes, half groups, half leaves with a customer each."""
    group("Familles", is_group=True)
    for number in range(children):
        group(f"Famille {number:02d}", "Familles", is_group=number % 2 == 0)
        if number % 2:
            customers(admin, f"Famille {number:02d}", 1)


def _queries(client: Client, url: str) -> int:
    client.get(url)  # the session and the user's roles, read alike by every request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("children", [3, 30])
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # session, user, roles; roots, open nodes, their children, the counts
        ("/customer-groups/?open=All+Customer+Groups&open=Familles", 7),
        ("/customer-groups/", 6),
        # session, user, roles; the node, its children, their counts
        ("/customer-groups/Familles/children/", 6),
        # and the search: its count, its page, the paths of what it found
        ("/customer-groups/?q=famille", 9),
        ("/customer-groups/?open=Familles&focus=Famille+01", 7),
    ],
)
def test_a_tree_page_and_an_expand_cost_the_same_queries_whatever_the_size(
    master_manager, admin, children, url, expected
):
    _level_of(children, admin)

    assert _queries(signed_in(master_manager), url) == expected
