"""The customer list: paging, filters with subtrees, and ``q`` search (SPEC §4 Lists)."""

from typing import Unpack

import pytest

from clientele.core.errors import InvalidInput
from clientele.customers import selectors
from clientele.customers.models import Customer
from clientele.customers.search import search_tokens_refresh
from clientele.customers.services import customer_create, customer_update
from clientele.customers.tests.builders import group_create, series_code, territory_create
from clientele.customers.types import CustomerCreateData


def _names(api, **params) -> list[str]:
    response = api.get("/customers/", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["items"]) or "limit" in params or "offset" in params
    return [item["name"] for item in body["items"]]


def _make(code: str, name: str, /, **data: Unpack[CustomerCreateData]) -> Customer:
    return customer_create(data={"name": code, "customer_name": name, **data}, user=None)


def _contact_mirror(customer: Customer, *, email: str = "", mobile: str = "") -> None:
    """What quick entry will copy from the primary contact; no service writes it yet."""
    Customer.objects.filter(pk=customer.pk).update(email_id=email, mobile_no=mobile)
    customer.refresh_from_db()
    search_tokens_refresh([customer])


@pytest.fixture
def tree(db):
    """Groups: All > Distribution > {Grossistes, Détaillants}; territories: All > Europe > ..."""
    group_create(name="Distribution", is_group=True)
    group_create(name="Grossistes", parent_customer_group="Distribution")
    group_create(name="Détaillants", parent_customer_group="Distribution")
    territory_create(name="Europe", is_group=True)
    territory_create(name="Europe de l'Ouest", is_group=True, parent_territory="Europe")
    territory_create(name="Portugal", parent_territory="Europe de l'Ouest")
    territory_create(name="Pologne", parent_territory="Europe")


def test_list_is_newest_first_with_count_and_summary_fields(api):
    customer_create(data={"customer_name": "Premier", "tax_id": "FR40303265045"}, user=None)
    customer_create(data={"customer_name": "Second", "customer_type": "Individual"}, user=None)
    response = api.get("/customers/")
    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "items": [
            {
                "name": series_code(2),
                "customer_name": "Second",
                "customer_type": "Individual",
                "customer_group": "Commercial",
                "territory": "France",
                "tax_id": "",
                "email_id": "",
                "mobile_no": "",
                "disabled": False,
                "is_frozen": False,
            },
            {
                "name": series_code(1),
                "customer_name": "Premier",
                "customer_type": "Company",
                "customer_group": "Commercial",
                "territory": "France",
                "tax_id": "FR40303265045",
                "email_id": "",
                "mobile_no": "",
                "disabled": False,
                "is_frozen": False,
            },
        ],
    }


def test_limit_and_offset_page_through_and_count_stays_total(api):
    for i in range(7):
        customer_create(data={"customer_name": f"Client {i}"}, user=None)
    page = api.get("/customers/", params={"limit": 3, "offset": 2}).json()
    assert page["count"] == 7
    assert [c["name"] for c in page["items"]] == [series_code(5), series_code(4), series_code(3)]
    last = api.get("/customers/", params={"limit": 3, "offset": 6}).json()
    assert [c["name"] for c in last["items"]] == [series_code(1)]
    assert api.get("/customers/", params={"offset": 10}).json() == {"count": 7, "items": []}


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "x"}, {"customer_type": "Alien"}],
)
def test_bad_paging_or_filter_values_are_422(api, params):
    response = api.get("/customers/", params=params)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == list(params)


def test_filter_by_group_includes_its_subtree(api, tree):
    _make("G1", "Gros", customer_group="Grossistes")
    _make("D1", "Détail", customer_group="Détaillants")
    _make("C1", "Commerce", customer_group="Commercial")
    assert _names(api, customer_group="Distribution") == ["D1", "G1"]
    assert _names(api, customer_group="Grossistes") == ["G1"]
    assert _names(api, customer_group="All Customer Groups") == ["C1", "D1", "G1"]
    assert api.get("/customers/", params={"customer_group": "Nope"}).status_code == 404


def test_filter_by_territory_includes_its_subtree(api, tree):
    _make("P1", "Lisbonne", territory="Portugal")
    _make("P2", "Varsovie", territory="Pologne")
    _make("F1", "Paris", territory="France")
    assert _names(api, territory="Europe") == ["P2", "P1"]
    assert _names(api, territory="Europe de l'Ouest") == ["P1"]
    assert _names(api, territory="All Territories") == ["F1", "P2", "P1"]
    assert api.get("/customers/", params={"territory": "Nope"}).status_code == 404


def test_filters_combine(api, tree):
    _make("A", "Alpha", customer_group="Grossistes", territory="Portugal")
    _make("B", "Beta", customer_group="Grossistes", territory="France", disabled=True)
    _make("C", "Gamma", customer_group="Détaillants", territory="Portugal")
    _make(
        "D", "Delta", customer_group="Grossistes", territory="Pologne", customer_type="Individual"
    )
    assert _names(api, customer_group="Distribution", territory="Europe") == ["D", "C", "A"]
    assert _names(api, customer_group="Grossistes", disabled=True) == ["B"]
    assert _names(api, customer_group="Grossistes", disabled=False) == ["D", "A"]
    assert _names(api, customer_type="Individual") == ["D"]
    assert _names(api, customer_type="Company", territory="Portugal") == ["C", "A"]
    assert _names(api, disabled=False) == ["D", "C", "A"]
    assert _names(api, customer_type="Company", disabled=False) == ["C", "A"]
    assert _names(api, q="beta", disabled=False) == []
    assert _names(api, q="beta", disabled=True) == ["B"]
    first = api.get("/customers/", params={"disabled": False, "limit": 1}).json()
    assert (first["count"], [i["name"] for i in first["items"]]) == (3, ["D"])


def test_q_finds_by_code(api):
    _make("ACME-001", "Acme Industries")
    _make("BETA-002", "Beta")
    assert _names(api, q="ACME-001") == ["ACME-001"]
    assert _names(api, q="acme") == ["ACME-001"]
    assert _names(api, q="beta-0") == ["BETA-002"]


def test_q_matches_name_words_by_prefix_ignoring_accents_and_case(api):
    _make("C1", "Éloïse Dupré SARL")
    _make("C2", "Boulangerie Élodie")
    _make("C3", "Dupont & Fils")
    assert _names(api, q="elo") == ["C2", "C1"]
    assert _names(api, q="ELOISE") == ["C1"]
    assert _names(api, q="dupre eloïse") == ["C1"]
    assert _names(api, q="dup") == ["C3", "C1"]
    assert _names(api, q="fils dupont") == ["C3"]
    assert _names(api, q="upont") == []
    assert _names(api, q="dupont boulangerie") == []


def test_q_follows_a_customer_name_change(api):
    customer = _make("C1", "Ancien Nom")
    customer_update(customer=customer, data={"customer_name": "Nouveau Nom"}, user=None)
    assert _names(api, q="ancien") == []
    assert _names(api, q="nouveau") == ["C1"]


def test_q_finds_by_email(api):
    _contact_mirror(_make("C1", "Durand"), email="jean.durand@exemple.fr")
    _contact_mirror(_make("C2", "Martin"), email="contact@martin.fr")
    assert _names(api, q="jean.durand@exemple.fr") == ["C1"]
    assert _names(api, q="JEAN.DURAND@") == ["C1"]
    assert _names(api, q="martin.fr") == []
    assert _names(api, q="martin") == ["C2"]


def test_q_finds_an_email_with_hyphens_typed_whole_or_in_part(api):
    _contact_mirror(_make("C1", "Traiteur"), email="contact@traiteur-de-evreux.fr")
    _contact_mirror(_make("C2", "Evreux"), email="contact@evreux.fr")
    assert _names(api, q="contact@traiteur-de-evreux.fr") == ["C1"]
    assert _names(api, q="Contact@Traiteur-de") == ["C1"]
    assert _names(api, q="contact@") == ["C2", "C1"]


@pytest.mark.parametrize("typed", ["06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "06.12"])
def test_q_finds_by_phone_however_it_is_typed(api, typed):
    _contact_mirror(_make("C1", "Durand"), mobile="+33612345678")
    _contact_mirror(_make("C2", "Martin"), mobile="+33698765432")
    assert _names(api, q=typed) == ["C1"]


@pytest.mark.parametrize("typed", ["FR40303265045", "fr403", "FR 40 303 265 045", "fr40.3032.65"])
def test_q_finds_by_tax_id(api, typed):
    _make("C1", "Durand", tax_id="FR40303265045")
    _make("C2", "Martin", tax_id="732829320")
    assert _names(api, q=typed) == ["C1"]


def test_q_matches_nothing_for_unknown_words_and_everything_for_blank(api):
    _make("C1", "Durand")
    assert _names(api, q="zzz") == []
    assert _names(api, q="   ") == ["C1"]


@pytest.mark.parametrize("q", ["!!!", "%", "🚀", "\u200b"])
def test_q_of_symbols_only_matches_nothing_rather_than_everyone(api, q):
    _make("C1", "Durand")
    response = api.get("/customers/", params={"q": q})
    assert response.status_code == 200
    assert response.json() == {"count": 0, "items": []}


def test_deleted_customer_leaves_no_search_tokens(api, manager_api):
    _make("C1", "Durand")
    assert manager_api.delete("/customers/C1").status_code == 204
    assert _names(api, q="durand") == []


def test_q_finds_a_siren_typed_with_spaces(api):
    _make("C1", "Durand", tax_id="FR40303265045")
    _make("C2", "Martin", tax_id="732829320")
    assert _names(api, q="732 829 320") == ["C2"]


def test_q_pages_count_the_whole_match_even_past_the_last_page(api):
    for number in range(1, 4):
        _make(f"C{number}", f"Durand {number}")
    _make("C9", "Martin")
    first = api.get("/customers/", params={"q": "durand", "limit": 2}).json()
    assert (first["count"], [i["name"] for i in first["items"]]) == (3, ["C3", "C2"])
    last = api.get("/customers/", params={"q": "durand", "limit": 2, "offset": 2}).json()
    assert (last["count"], [i["name"] for i in last["items"]]) == (3, ["C1"])
    beyond = api.get("/customers/", params={"q": "durand", "limit": 2, "offset": 10}).json()
    assert (beyond["count"], beyond["items"]) == (3, [])
    none = api.get("/customers/", params={"q": "zzz", "offset": 10}).json()
    assert (none["count"], none["items"]) == (0, [])


@pytest.mark.parametrize("big_subset", [1000, 2])
def test_q_gives_the_same_pages_whether_few_or_many_customers_match(api, monkeypatch, big_subset):
    """Beyond ``BIG_SUBSET`` matches the page is found another way (walking customers
    newest first): the count, the order and the pages stay the same."""
    monkeypatch.setattr(selectors, "BIG_SUBSET", big_subset)
    for number in range(1, 6):
        _make(f"C{number}", f"Martin Durand {number}" if number % 2 else f"Martin {number}")
    _make("C9", "Bernard")

    def page(q: str, **params) -> tuple[int, list[str]]:
        body = api.get("/customers/", params={"q": q, "limit": 2, **params}).json()
        return body["count"], [item["name"] for item in body["items"]]

    assert page("martin") == (5, ["C5", "C4"])
    assert page("martin", offset=2) == (5, ["C3", "C2"])
    assert page("martin", offset=4) == (5, ["C1"])
    assert page("martin", offset=9) == (5, [])
    assert page("durand mart") == (3, ["C5", "C3"])
    assert page("durand mart", offset=2) == (3, ["C1"])
    assert page("bernard") == (1, ["C9"])


@pytest.mark.parametrize("path", ["/customers/", "/industries/", "/contacts/"])
def test_an_offset_past_any_list_is_refused_not_sent_to_the_database(api, path):
    response = api.get(path, params={"offset": 2**63})
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"offset": ["Input should be less than or equal to 1000000000"]},
    )
    assert api.get(path, params={"offset": 10**9}).json()["items"] == []


def test_filter_by_frozen_alone_and_combined(api, tree):
    _make("A", "Alpha", is_frozen=True)
    _make("B", "Beta", customer_group="Grossistes", is_frozen=True, disabled=True)
    _make("C", "Gamma", customer_group="Grossistes")
    _make("D", "Delta")
    assert _names(api, is_frozen=True) == ["B", "A"]
    assert _names(api, is_frozen=False) == ["D", "C"]
    assert _names(api, is_frozen=True, disabled=False) == ["A"]
    assert _names(api, is_frozen=False, disabled=False) == ["D", "C"]
    assert _names(api, is_frozen=True, customer_group="Distribution") == ["B"]
    assert _names(api, is_frozen=True, q="alpha") == ["A"]
    assert _names(api, is_frozen=False, q="alpha") == []
    page = api.get("/customers/", params={"is_frozen": True, "limit": 1}).json()
    assert (page["count"], [i["name"] for i in page["items"]]) == (2, ["B"])
    assert api.get("/customers/", params={"is_frozen": "peut-être"}).status_code == 422


def test_the_api_list_keeps_its_fields(api):
    _make("A", "Alpha")
    [item] = api.get("/customers/").json()["items"]
    assert "created_at" not in item


def _sorted(sort: str, **filters) -> tuple[int, list[str]]:
    count, items = selectors.customer_page(sort=sort, limit=3, offset=0, **filters)
    return count, [item["name"] for item in items]


def test_pages_sort_by_creation_code_or_name_ignoring_case_accents_and_legal_forms(db):
    _make("B-2", "éloïse Dupré")
    _make("C-3", "SARL Zèbre")
    _make("A-1", "Alpha")
    _make("D-4", "bravo")
    assert _sorted("-created") == (4, ["D-4", "A-1", "C-3"])
    assert _sorted("created") == (4, ["B-2", "C-3", "A-1"])
    assert _sorted("code") == (4, ["A-1", "B-2", "C-3"])
    assert _sorted("-code") == (4, ["D-4", "C-3", "B-2"])
    assert _sorted("name") == (4, ["A-1", "D-4", "B-2"])
    assert _sorted("-name") == (4, ["C-3", "B-2", "D-4"])
    # and with a search or a filter
    assert _sorted("code", q="a") == (1, ["A-1"])
    assert _sorted("-name", disabled=False) == (4, ["C-3", "B-2", "D-4"])


def test_an_unknown_sort_is_a_field_error(db):
    with pytest.raises(InvalidInput) as refused:
        selectors.customer_page(sort="id; drop table", limit=3, offset=0)
    assert refused.value.errors == {"sort": ["Unknown sort order “id; drop table”."]}
