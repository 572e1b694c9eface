"""The customer list: search, filters with subtrees, sorting, pages, all in the URL."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clientele.customers.models import Customer
from clientele.customers.quick_entry import customer_quick_create
from clientele.customers.services import customer_create
from clientele.customers.tests.builders import group_create, series_code, territory_create
from clientele.web.customers import listing

HTMX = {"HX-Request": "true"}


@pytest.fixture
def seller(sales_user) -> Client:
    client = Client()
    client.force_login(sales_user)
    return client


@pytest.fixture
def tree(db):
    """Groups: Distribution > {Grossistes, Détaillants}; territories: Europe > {Portugal}."""
    group_create(name="Distribution", is_group=True)
    group_create(name="Grossistes", parent_customer_group="Distribution")
    group_create(name="Détaillants", parent_customer_group="Distribution")
    territory_create(name="Europe", is_group=True)
    territory_create(name="Portugal", parent_territory="Europe")


def _make(code: str, name: str, **data) -> Customer:
    return customer_create(data={"name": code, "customer_name": name, **data}, user=None)


def _codes(response) -> list[str]:
    """The codes of the rows shown, in order."""
    return re.findall(r'<td data-label="Code" class="code">([^<]*)</td>', response.text)


def _listed(client: Client, **params) -> list[str]:
    response = client.get("/customers/", params)
    assert response.status_code == 200, response.text
    return _codes(response)


def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(db):
    response = Client().get("/customers/?q=martin")

    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/login/?next=/customers/%3Fq%3Dmartin",
    )


def test_each_row_shows_code_name_group_territory_primary_contact_and_state(seller):
    # given a customer with a primary contact, and a frozen one
    customer_quick_create(
        data={"name": "BM", "customer_name": "Boulangerie Martin", "customer_group": "Government"},
        contact={"first_name": "Claire", "email_id": "claire@martin.fr", "mobile_no": "0612345678"},
        address=None,
        user=None,  # type: ignore[arg-type]
    )
    _make("DU", "Dupont & Fils", territory="Belgium", is_frozen=True)

    # when
    response = seller.get("/customers/")

    # then
    assert response.status_code == 200
    rows = re.findall(r"<tr>(.*?)</tr>", response.text, flags=re.S)[1:]
    cells = [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        for row in rows
    ]
    assert [cell[:6] for cell in cells] == [
        ["DU", "Dupont & Fils", "Commercial", "Belgium", "", "Gelé"],
        [
            "BM",
            "Boulangerie Martin",
            "Government",
            "France",
            "claire@martin.fr · 06 12 34 56 78",
            "",
        ],
    ]
    assert '<a href="/customer/DU/">Dupont &amp; Fils</a>' in response.text
    assert '<a href="tel:+33612345678">06 12 34 56 78</a>' in response.text
    assert "2 clients" in response.text
    assert "<h1>Client</h1>" in response.text
    assert '<table class="cards customer-list">' in response.text
    assert 'data-label="E-mail / Mobile"' in response.text


def test_the_add_button_opens_the_quick_entry_and_a_reader_does_not_see_it(seller, reader):
    button = (
        '<a href="/customers/quick/" role="button" hx-get="/customers/quick/" '
        'hx-target="#dialog-slot">+ Ajouter Client</a>'
    )
    assert button in seller.get("/customers/").text

    client = Client()
    client.force_login(reader)
    response = client.get("/customers/")
    assert response.status_code == 200
    assert "+ Ajouter Client" not in response.text


def test_the_search_box_finds_by_code_name_email_phone_vat_and_city(seller):
    customer_quick_create(
        data={"name": "BM", "customer_name": "Boulangerie Martin", "tax_id": "FR40303265045"},
        contact={"email_id": "claire@martin.fr", "mobile_no": "06 12 34 56 78"},
        address={"address_line1": "2 quai Rambaud", "city": "Lyon", "country": "France"},
        user=None,  # type: ignore[arg-type]
    )
    _make("DU", "Dupont", tax_id="732829320")

    for typed in ("bm", "boulang", "claire@martin", "06 12 34", "FR403", "lyon"):
        assert _listed(seller, q=typed) == ["BM"], typed
    assert _listed(seller, q="dupont") == ["DU"]
    assert _listed(seller, q="zzz") == []
    assert "Aucun client ne correspond." in seller.get("/customers/", {"q": "zzz"}).text


def test_a_group_or_territory_filter_takes_its_subtree(seller, tree):
    _make("G1", "Gros", customer_group="Grossistes")
    _make("D1", "Détail", customer_group="Détaillants", territory="Portugal")
    _make("C1", "Commerce")

    assert _listed(seller, customer_group="Distribution") == ["D1", "G1"]
    assert _listed(seller, customer_group="Grossistes") == ["G1"]
    assert _listed(seller, customer_group="grossistes") == ["G1"]
    assert _listed(seller, territory="Europe") == ["D1"]
    assert _listed(seller, customer_group="Distribution", territory="France") == ["G1"]
    # the labels say so, and the select shows the tree indented
    page = seller.get("/customers/", {"customer_group": "distribution"}).text
    assert "Groupe de clients (sous-groupes inclus)" in page
    assert "Région (sous-régions incluses)" in page
    assert '<option value="Distribution" selected>Distribution</option>' in page
    assert '<option value="Grossistes">\u00a0\u00a0Grossistes</option>' in page


def test_an_unknown_group_is_a_field_error_listing_nothing(seller):
    _make("C1", "Commerce")

    response = seller.get("/customers/", {"customer_group": "Nulle part"})

    assert response.status_code == 422
    assert _codes(response) == []
    assert "Aucun groupe de clients “Nulle part”." in response.text
    assert 'aria-invalid="true" aria-describedby="list-group-error"' in response.text


def test_type_disabled_and_frozen_filters(seller):
    _make("A", "Alpha")
    _make("B", "Beta", customer_type="Individual")
    _make("C", "Gamma", disabled=True)
    _make("D", "Delta", is_frozen=True)

    # disabled customers are hidden unless asked for
    assert _listed(seller) == ["D", "B", "A"]
    assert _listed(seller, disabled="all") == ["D", "C", "B", "A"]
    assert _listed(seller, disabled="only") == ["C"]
    assert _listed(seller, frozen="only") == ["D"]
    assert _listed(seller, frozen="hide") == ["B", "A"]
    assert _listed(seller, customer_type="Individual") == ["B"]
    assert _listed(seller, customer_type="Company", disabled="all", frozen="hide") == ["C", "A"]
    page = seller.get("/customers/", {"disabled": "only"}).text
    assert '<option value="only" selected>Uniquement eux</option>' in page
    assert '<span class="badge off">Désactivé</span>' in page
    assert '<option value="Individual">Individuel</option>' in page


def test_sorting_by_a_column_header_and_back(seller):
    _make("B-2", "éloïse")
    _make("A-1", "Zoé")
    _make("C-3", "Alpha")

    assert _listed(seller) == ["C-3", "A-1", "B-2"]
    assert _listed(seller, sort="code") == ["A-1", "B-2", "C-3"]
    assert _listed(seller, sort="-code") == ["C-3", "B-2", "A-1"]
    assert _listed(seller, sort="name") == ["C-3", "B-2", "A-1"]
    assert _listed(seller, sort="created") == ["B-2", "A-1", "C-3"]
    # the header says how the list is sorted and links to the reverse order, filters kept
    page = seller.get("/customers/", {"sort": "code", "q": "a", "page": "1"}).text
    assert '<th scope="col" aria-sort="ascending">' in page
    assert 'href="/customers/?q=a&amp;sort=-code"' in page
    assert 'href="/customers/?q=a&amp;sort=name"' in page
    assert 'id="sort-created" href="/customers/?q=a"' in page  # newest first: the default
    assert '<input type="hidden" name="sort" id="list-sort" value="code">' in page


def test_twenty_customers_a_page_with_links_to_the_others(seller):
    for number in range(1, 26):
        customer_create(data={"customer_name": f"Client {number}"}, user=None)

    first = seller.get("/customers/")
    second = seller.get("/customers/", {"page": 2})

    assert _codes(first) == [series_code(n) for n in range(25, 5, -1)]
    assert _codes(second) == [series_code(n) for n in range(5, 0, -1)]
    assert "25 clients" in first.text and "25 clients" in second.text
    assert 'id="page-1" href="/customers/" ' in first.text
    assert 'hx-push-url="true" aria-current="page">1</a>' in first.text
    assert 'id="page-next" href="/customers/?page=2"' in first.text
    assert 'id="page-previous" href="/customers/"' in second.text
    assert 'id="page-next"' not in second.text
    assert _codes(seller.get("/customers/", {"page": 9})) == []
    assert seller.get("/customers/", {"page": "zéro"}).status_code == 422


def test_the_count_reads_in_french_with_a_thousands_separator(seller, monkeypatch):
    monkeypatch.setattr(listing, "customer_page", lambda **_: (1240, []))

    assert "1\u202f240 clients" in seller.get("/customers/").text


def test_htmx_gets_the_results_alone_with_the_sort_and_an_announcement(seller):
    _make("A", "Alpha")

    response = seller.get("/customers/", {"sort": "name"}, headers=HTMX)

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="results"')
    assert "<html" not in response.text
    assert '<input type="hidden" name="sort" id="list-sort" value="name" hx-swap-oob="true">' in (
        response.text
    )
    assert '<div id="live" hx-swap-oob="innerHTML">1 client</div>' in response.text
    assert response.headers["Vary"].count("HX-Request") == 1
    # a page htmx restores from history is whole
    restored = seller.get("/customers/", headers=HTMX | {"HX-History-Restore-Request": "true"})
    assert "<html" in restored.text


def test_the_filters_form_works_without_javascript(seller):
    page = seller.get("/customers/").text

    assert '<form method="get" action="/customers/"' in page
    assert 'hx-trigger="input changed delay:300ms, search"' in page
    assert '<label for="list-q">Rechercher</label>' in page
    assert '<button type="submit" class="secondary">Filtrer</button>' in page


@pytest.mark.parametrize("who", ["seller", "reader"])
def test_the_list_costs_the_same_queries_for_2_or_25_customers(who, seller, reader, tree):
    client = seller
    if who == "reader":
        client = Client()
        client.force_login(reader)
    counts = {}
    for size in (2, 25):
        while Customer.objects.count() < size:
            number = Customer.objects.count()
            customer_quick_create(
                data={"customer_name": f"Client {number}", "customer_group": "Grossistes"},
                contact={"email_id": f"c{number}@exemple.fr", "mobile_no": "0612345678"},
                address=None,
                user=None,  # type: ignore[arg-type]
            )
        for params in ({}, {"q": "client"}, {"customer_group": "Distribution", "sort": "name"}):
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/customers/", params).status_code == 200
            counts[(size, str(params))] = len(queries)
    assert {size: [n for (s, _p), n in counts.items() if s == size] for size in (2, 25)} == {
        2: [8, 7, 10],
        25: [8, 7, 10],
    }


def test_a_big_tree_is_typed_with_suggestions_instead_of_a_select(seller, tree, monkeypatch):
    # given more territories (eight seeded, Europe, Portugal) than a select holds
    monkeypatch.setattr(listing, "SELECT_LIMIT", 9)

    page = seller.get("/customers/", {"territory": "Portugal"}).text
    suggestions = seller.get("/customers/tree-suggestions/territory/", {"territory": "port"})
    leaves = seller.get(
        "/customers/tree-suggestions/customer-group/", {"customer_group": "d", "leaves": "1"}
    )

    assert (
        '<input type="text" id="list-territory" name="territory" value="Portugal" '
        'class="list-filter" list="list-territory-suggestions"'
    ) in page
    assert 'hx-get="/customers/tree-suggestions/territory/"' in page
    assert '<select id="list-group"' in page  # seven groups: still a select
    assert suggestions.text.split() == ["<option", 'value="Portugal"></option>']
    assert re.findall(r'value="([^"]+)"', leaves.text) == ["Détaillants"]
    assert seller.get("/customers/tree-suggestions/nope/").status_code == 404
