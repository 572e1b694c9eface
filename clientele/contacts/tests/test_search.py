"""``q`` on the contact and address lists, through the REST API."""

from urllib.parse import quote

import pytest

from clientele.contacts import selectors
from clientele.contacts.models import Address, AddressSearch, Contact, ContactSearch
from clientele.core.rows import document_words

pytestmark = pytest.mark.django_db


def _names(api, what: str, q: str | None = None, **params) -> list[str]:
    response = api.get(f"/{what}/", params={"q": q, **params} if q is not None else params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["items"])
    return [item["name"] for item in body["items"]]


def _contact(api, first: str, last: str = "", *, emails=(), phones=()) -> dict:
    response = api.post(
        "/contacts/",
        json={
            "first_name": first,
            "last_name": last,
            "emails": [{"email_id": email} for email in emails],
            "phones": [{"phone": phone} for phone in phones],
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def _address(api, line1: str, city: str, pincode: str, country: str) -> dict:
    body = {"address_line1": line1, "city": city, "pincode": pincode, "country": country}
    response = api.post("/addresses/", json=body)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def people(api):
    _contact(
        api,
        "Jean",
        "Dupont",
        emails=["jean.dupont@exemple.fr", "jd@atelier-dupont.com"],
        phones=["06 12 34 56 78", "01 42 68 53 00"],
    )
    _contact(api, "Éloïse", "Lefèvre", emails=["eloise@boulangerie-martin.fr"])
    _contact(api, "Claire", "Martin", emails=["claire@martin.fr"], phones=["06 98 76 54 32"])


@pytest.mark.parametrize(
    "typed",
    [
        "jean.dupont@exemple.fr",
        "JEAN.DUPONT@EXEMPLE.FR",
        "jean.dupont@",
        "jean.dupont",
        "exemple.fr",
        "jd@atelier-dupont.com",
        "atelier-dupont.com",
    ],
)
def test_contact_is_found_by_any_of_its_emails_whole_or_in_part(api, people, typed):
    assert _names(api, "contacts", typed) == ["Jean Dupont"]


@pytest.mark.parametrize(
    "typed", ["06 12 34 56 78", "+33 6 12 34 56 78", "0612345678", "06.12.34", "01 42 68 53 00"]
)
def test_contact_is_found_by_any_of_its_phones_however_typed(api, people, typed):
    assert _names(api, "contacts", typed) == ["Jean Dupont"]


@pytest.mark.parametrize("typed", ["Éloïse", "eloise", "LEFEVRE", "lefèvre", "elo lef", "Lef"])
def test_contact_is_found_by_name_words_with_or_without_accents(api, people, typed):
    assert _names(api, "contacts", typed) == ["Éloïse Lefèvre"]


def test_every_word_typed_must_match_and_matches_come_by_code(api, people):
    assert _names(api, "contacts", "martin") == ["Claire Martin", "Éloïse Lefèvre"]
    assert _names(api, "contacts", "martin claire") == ["Claire Martin"]
    assert _names(api, "contacts", "martin dupont") == []


@pytest.mark.parametrize("typed", ["!!!", "@", "----", "....", "( )", "%", "_"])
def test_a_query_of_symbols_only_matches_nothing(api, people, typed):
    assert _names(api, "contacts", typed) == []
    assert _names(api, "addresses", typed) == []


def test_blank_query_lists_everyone_by_code(api, people):
    assert _names(api, "contacts") == ["Claire Martin", "Jean Dupont", "Éloïse Lefèvre"]
    assert _names(api, "contacts", "  ") == ["Claire Martin", "Jean Dupont", "Éloïse Lefèvre"]


def test_an_update_replaces_the_tokens(api, people):
    # when
    response = api.patch(
        "/contacts/Jean Dupont",
        json={"first_name": "Jacques", "emails": [{"email_id": "jacques@nouveau.fr"}]},
    )
    # then
    assert response.status_code == 200, response.text
    assert _names(api, "contacts", "jean.dupont@exemple.fr") == []
    assert _names(api, "contacts", "jean") == ["Jean Dupont"]  # by its code, which stays
    assert _names(api, "contacts", "jacques@nouveau.fr") == ["Jean Dupont"]
    assert _names(api, "contacts", "jacques") == ["Jean Dupont"]
    # phones were not sent: they stay, and so do their tokens
    assert _names(api, "contacts", "06 12 34 56 78") == ["Jean Dupont"]


def test_delete_removes_the_tokens(api, people):
    pk = Contact.objects.get(name="Jean Dupont").pk
    # when
    assert api.delete("/contacts/Jean Dupont").status_code == 204
    # then
    assert document_words(ContactSearch, pk) == set()
    assert not ContactSearch.objects.filter(contact_id=pk).exists()
    assert _names(api, "contacts", "dupont") == []


@pytest.mark.parametrize("big_subset", [900, 1])
def test_pages_and_count_are_the_same_whether_few_or_many_match(api, monkeypatch, big_subset):
    """Beyond ``BIG_SUBSET`` matches the page is found by walking contacts by code."""
    monkeypatch.setattr(selectors, "BIG_SUBSET", big_subset)
    for first in ("Anne", "Bruno", "Chloé", "Denis", "Emma"):
        _contact(api, first, "Martin" if first != "Bruno" else "Bernard")

    def page(q: str, **params) -> tuple[int, list[str]]:
        body = api.get("/contacts/", params={"q": q, "limit": 2, **params}).json()
        return body["count"], [item["name"] for item in body["items"]]

    assert page("martin") == (4, ["Anne Martin", "Chloé Martin"])
    assert page("martin", offset=2) == (4, ["Denis Martin", "Emma Martin"])
    assert page("martin", offset=4) == (4, [])
    assert page("mar e") == (1, ["Emma Martin"])
    assert page("bernard") == (1, ["Bruno Bernard"])


@pytest.mark.parametrize("count", [2, 20])
def test_a_search_costs_the_same_queries_for_2_or_20_matches(
    api, django_assert_max_num_queries, count
):
    for index in range(count):
        _contact(api, f"Contact {index:02d}", emails=[f"c{index}@alpha.fr"], phones=["0612345678"])
    api.get("/contacts/")  # the token's last use is recorded once
    # the API token, the count, the matching ids, the page, then its e-mails, phones and
    # links
    with django_assert_max_num_queries(7):
        response = api.get("/contacts/", params={"q": "alpha.fr", "limit": 50})
    assert response.json()["count"] == count


# --- addresses ---------------------------------------------------------------------------


@pytest.fixture
def places(api):
    _address(api, "12 avenue Jean Jaurès", "Lyon", "69002", "FR")
    _address(api, "Unter den Linden 1", "Berlin", "10117", "Allemagne")
    _address(api, "3 place Vendôme", "Paris", "75001", "fr")


LYON, BERLIN, PARIS = (
    "12 avenue Jean Jaurès-Billing",
    "Unter den Linden 1-Billing",
    "3 place Vendôme-Billing",
)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("lyon", [LYON]),
        ("LYON", [LYON]),
        ("69002", [LYON]),
        ("690", [LYON]),
        ("75001", [PARIS]),
        ("vendome", [PARIS]),
        ("Jaurès", [LYON]),
        ("avenue jaures", [LYON]),
        ("berlin 10117", [BERLIN]),
        ("fr", [LYON, PARIS]),
        ("france", [LYON, PARIS]),
        ("de", [BERLIN]),
        ("Allemagne", [BERLIN]),
        ("germany", [BERLIN]),
        ("Royaume-Uni", []),
    ],
)
def test_address_is_found_by_line_city_postal_code_or_country(api, places, typed, found):
    assert _names(api, "addresses", typed) == found


def test_address_update_replaces_its_tokens_and_delete_removes_them(api, places):
    response = api.patch(f"/addresses/{quote(LYON)}", json={"city": "Villeurbanne"})
    assert response.status_code == 200, response.text
    assert _names(api, "addresses", "lyon") == []
    assert _names(api, "addresses", "villeurbanne") == [LYON]
    pk = Address.objects.get(name=LYON).pk
    assert api.delete(f"/addresses/{quote(LYON)}").status_code == 204
    assert _names(api, "addresses", "villeurbanne") == []
    assert not AddressSearch.objects.filter(address_id=pk).exists()


def test_quick_entry_contact_and_address_are_searchable(api):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Boulangerie Martin",
            "contact": {"full_name": "Claire Martin", "email_id": "claire@martin.fr"},
            "address": {"address_line1": "1 rue X", "city": "Nantes", "country": "france"},
        },
    )
    assert response.status_code == 201, response.text
    assert _names(api, "contacts", "claire@martin.fr") == ["Claire Martin"]
    assert _names(api, "addresses", "nantes") == ["1 rue X-Billing"]
