"""A customer's contacts and addresses: shared with other parties, listed in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clientele.contacts.models import Contact, ContactLink
from clientele.customers.tests.party_builders import (
    address_post,
    contact_post,
    customer_post,
    emails,
    lead_post,
    link,
    mobile,
)
from clientele.operations.seed import COMPANY

pytestmark = pytest.mark.django_db

PARTNER = "Partenaire Sud"


@pytest.fixture
def parties(api, refs) -> dict[str, str]:
    """Two customers, a lead; the company and a sales partner come from the seed and refs."""
    return {
        "a": customer_post(api, customer_name="Alpha")["name"],
        "b": customer_post(api, customer_name="Beta")["name"],
        "lead": lead_post(api, lead_name="Luc Prospect")["name"],
    }


def _contact_names(api, customer: str) -> list[str]:
    response = api.get(f"/customers/{customer}/contacts")
    assert response.status_code == 200, response.text
    return [c["name"] for c in response.json()]


def _address_names(api, customer: str) -> list[str]:
    response = api.get(f"/customers/{customer}/addresses")
    assert response.status_code == 200, response.text
    return [a["name"] for a in response.json()]


def test_a_contact_links_to_customers_leads_companies_and_sales_partners(api, parties):
    # when
    body = contact_post(
        api,
        "Partagé",
        link("customer", parties["a"]),
        link("customer", parties["b"]),
        link("lead", parties["lead"]),
        link("company", COMPANY),
        link("sales_partner", PARTNER),
    )
    # then
    assert body["links"] == [
        link("customer", parties["a"]),
        link("customer", parties["b"]),
        link("lead", parties["lead"]),
        link("company", COMPANY),
        link("sales_partner", PARTNER),
    ]
    assert api.get("/contacts/Partagé").json()["links"] == body["links"]


def test_an_address_links_to_several_parties_too(api, parties):
    body = address_post(
        api,
        "5 quai Partagé",
        link("customer", parties["a"]),
        link("lead", parties["lead"]),
        link("company", COMPANY),
        link("sales_partner", PARTNER),
    )
    assert body["links"] == [
        link("customer", parties["a"]),
        link("lead", parties["lead"]),
        link("company", COMPANY),
        link("sales_partner", PARTNER),
    ]


def test_the_same_party_twice_is_linked_once(api, parties):
    body = contact_post(
        api, "Doublon", link("customer", parties["a"]), link("customer", parties["a"])
    )
    assert body["links"] == [link("customer", parties["a"])]
    assert ContactLink.objects.count() == 1


def test_customer_lists_exactly_its_own_contacts_and_addresses(api, parties):
    # given
    a, b, lead = parties["a"], parties["b"], parties["lead"]
    contact_post(api, "Anne", link("customer", a))
    contact_post(api, "Commun", link("customer", a), link("customer", b), link("lead", lead))
    contact_post(api, "Bruno", link("customer", b))
    contact_post(api, "Lucie", link("lead", lead))
    contact_post(api, "Compta", link("company", COMPANY))
    contact_post(api, "Libre")
    address_post(api, "1 rue A", link("customer", a))
    address_post(api, "2 rue Commune", link("customer", a), link("sales_partner", PARTNER))
    address_post(api, "3 rue B", link("customer", b))
    # when / then
    assert _contact_names(api, a) == ["Anne", "Commun"]
    assert _contact_names(api, b) == ["Bruno", "Commun"]
    assert _address_names(api, a) == ["1 rue A-Billing", "2 rue Commune-Billing"]
    assert _address_names(api, b) == ["3 rue B-Billing"]


def test_listed_contact_carries_its_details_and_every_link(api, parties):
    a, lead = parties["a"], parties["lead"]
    contact_post(
        api,
        "Claire",
        link("customer", a),
        link("lead", lead),
        last_name="Martin",
        designation="Gérante",
        emails=emails("claire@martin.fr"),
        phones=mobile("06 12 34 56 78"),
    )
    [listed] = api.get(f"/customers/{a}/contacts").json()
    assert listed == {
        "name": "Claire Martin",
        "salutation": "",
        "first_name": "Claire",
        "middle_name": "",
        "last_name": "Martin",
        "full_name": "Claire Martin",
        "designation": "Gérante",
        "department": "",
        "unsubscribed": False,
        "email_id": "claire@martin.fr",
        "phone": "+33612345678",
        "mobile_no": "+33612345678",
        "emails": [{"email_id": "claire@martin.fr", "is_primary": True}],
        "phones": [
            {"phone": "+33612345678", "is_primary_phone": True, "is_primary_mobile_no": True}
        ],
        "links": [link("customer", a), link("lead", lead)],
    }


def test_listed_address_carries_its_rendering_and_links(api, parties):
    a = parties["a"]
    address_post(
        api,
        "12 rue de la Paix",
        link("customer", a),
        address_line2="Bât. B",
        pincode="75002",
        address_type="Shipping",
        is_shipping_address=True,
        tax_category="Intra-EU",
    )
    [listed] = api.get(f"/customers/{a}/addresses").json()
    assert listed == {
        "name": "12 rue de la Paix-Shipping",
        "address_title": "",
        "address_type": "Shipping",
        "address_line1": "12 rue de la Paix",
        "address_line2": "Bât. B",
        "city": "Paris",
        "pincode": "75002",
        "state": "",
        "country": "FR",
        "tax_category": "Intra-EU",
        "is_primary_address": False,
        "is_shipping_address": True,
        "disabled": False,
        "display": "12 rue de la Paix\nBât. B\n75002 Paris\nFR",
        "country_name": "France",
        "links": [link("customer", a)],
    }


def test_listing_an_unknown_customer_is_404(api):
    assert api.get("/customers/NOPE/contacts").status_code == 404
    assert api.get("/customers/NOPE/addresses").status_code == 404


def test_listing_needs_a_login(anonymous, reader_api, parties):
    assert anonymous.get(f"/customers/{parties['a']}/contacts").status_code == 401
    assert reader_api.get(f"/customers/{parties['a']}/contacts").status_code == 200


def test_renaming_the_customer_keeps_its_links(api, parties):
    contact_post(api, "Anne", link("customer", parties["a"]))
    response = api.post(f"/customers/{parties['a']}/rename", json={"new_name": "ALPHA"})
    assert response.status_code == 200, response.text
    assert _contact_names(api, "ALPHA") == ["Anne"]
    assert api.get("/contacts/Anne").json()["links"] == [link("customer", "ALPHA")]


# --- one request, a constant number of queries --------------------------------------------

# Token, customer, rows, (contacts: e-mails, phones), links, then one per linked party type
# (customer, lead, company here).
LISTING_QUERIES = {"contacts": 9, "addresses": 8}


def _many(api, parties, count: int) -> None:
    """``count`` contacts and addresses, each linked to the customer, a lead and the company."""
    links = [
        link("customer", parties["a"]),
        link("lead", parties["lead"]),
        link("company", COMPANY),
    ]
    for index in range(count):
        contact_post(
            api,
            f"Contact {index:02d}",
            *links,
            emails=emails(f"c{index}@alpha.fr"),
            phones=mobile("06 12 34 56 78"),
        )
        address_post(api, f"{index} rue Longue", *links)


@pytest.mark.parametrize("count", [2, 20])
@pytest.mark.parametrize("what", ["contacts", "addresses"])
def test_listing_costs_the_same_queries_for_2_or_20_rows(
    api, parties, django_assert_max_num_queries, count, what
):
    # given
    _many(api, parties, count)
    api.get(f"/customers/{parties['a']}/{what}")  # the token's last use is recorded once
    # when
    with django_assert_max_num_queries(LISTING_QUERIES[what]):
        response = api.get(f"/customers/{parties['a']}/{what}")
    # then
    assert response.status_code == 200
    assert len(response.json()) == count
    assert {len(row["links"]) for row in response.json()} == {3}


@pytest.mark.parametrize("what", ["contacts", "addresses"])
def test_listing_query_count_does_not_grow_with_rows(api, parties, what):
    url = f"/customers/{parties['a']}/{what}"
    _many(api, parties, 2)
    api.get(url)
    with CaptureQueriesContext(connection) as two:
        api.get(url)
    _many_more = [link("customer", parties["a"]), link("sales_partner", PARTNER)]
    for index in range(2, 20):
        if what == "contacts":
            contact_post(api, f"Contact {index:02d}", *_many_more)
        else:
            address_post(api, f"{index} rue Longue", *_many_more)
    with CaptureQueriesContext(connection) as twenty:
        assert len(api.get(url).json()) == 20
    # One more party type (sales partners) is one more query, not eighteen.
    assert len(twenty.captured_queries) == len(two.captured_queries) + 1


def test_contact_list_endpoint_also_costs_constant_queries(api, parties):
    _many(api, parties, 2)
    api.get("/contacts/")
    with CaptureQueriesContext(connection) as two:
        api.get("/contacts/")
    for index in range(2, 20):
        contact_post(api, f"Contact {index:02d}", link("customer", parties["b"]))
    with CaptureQueriesContext(connection) as twenty:
        assert api.get("/contacts/").json()["count"] == 20
    assert len(twenty.captured_queries) == len(two.captured_queries)
    assert Contact.objects.count() == 20
