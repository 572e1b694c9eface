"""Contact and address links to parties, and the history of their changes."""

import json

import pytest

from clientele.contacts.models import Address, Contact, ContactLink
from clientele.contacts.selectors import party_addresses, party_addresses_read
from clientele.core.models import ChangeLog
from clientele.customers.models import Customer
from clientele.customers.services import customer_create

pytestmark = pytest.mark.django_db

COMPANY = "Clientèle Démo SAS"


@pytest.fixture
def durand(db) -> str:
    return customer_create(data={"name": "DURAND", "customer_name": "Durand"}, user=None).name


def _changes(api, url: str) -> list[tuple[str, str, str]]:
    return [
        (c["field"], c["old_value"], c["new_value"])
        for c in api.get(url).json()
        if c["action"] == "update"
    ]


def _state() -> dict:
    return {
        "contacts": list(Contact.objects.values()),
        "addresses": list(Address.objects.values()),
        "links": list(ContactLink.objects.values()),
        "history": ChangeLog.objects.count(),
    }


def test_contact_email_and_phone_changes_are_in_its_history(api, durand):
    # given
    api.post(
        "/contacts/",
        json={"first_name": "Anne", "emails": [{"email_id": "anne@old.fr"}]},
    )
    # when
    response = api.patch(
        "/contacts/Anne",
        json={
            "emails": [{"email_id": "anne@new.fr"}],
            "phones": [{"phone": "06 12 34 56 78", "is_primary_mobile_no": True}],
        },
    )
    # then
    assert response.status_code == 200, response.text
    changes = {field: (old, new) for field, old, new in _changes(api, "/contacts/Anne/history")}
    assert set(changes) == {"emails", "phones"}
    assert json.loads(changes["emails"][0]) == [{"email_id": "anne@old.fr", "is_primary": True}]
    assert json.loads(changes["emails"][1]) == [{"email_id": "anne@new.fr", "is_primary": True}]
    assert json.loads(changes["phones"][1]) == [
        {"phone": "+33612345678", "is_primary_phone": True, "is_primary_mobile_no": True}
    ]


def test_link_changes_are_in_the_contact_history(api, durand):
    api.post("/contacts/", json={"first_name": "Anne"})
    api.patch("/contacts/Anne", json={"links": [{"party_type": "customer", "party_name": durand}]})
    customer_id = Customer.objects.get(name=durand).pk
    [(field, old, new)] = _changes(api, "/contacts/Anne/history")
    assert (field, json.loads(old), json.loads(new)) == ("links", [], [["customer", customer_id]])


def test_unchanged_patch_writes_no_history(api, durand):
    api.post("/contacts/", json={"first_name": "Anne", "emails": [{"email_id": "a@b.fr"}]})
    rows = ChangeLog.objects.count()
    api.patch("/contacts/Anne", json={"emails": [{"email_id": "a@b.fr"}]})
    assert ChangeLog.objects.count() == rows


@pytest.mark.parametrize(
    ("links", "field", "message"),
    [
        (
            [{"party_type": "customer", "party_name": "NOPE"}],
            "links[0].party_name",
            "No customer named “NOPE”.",
        ),
        (
            [{"party_type": "supplier", "party_name": "X"}],
            "links[0].party_type",
            "Unknown party type “supplier” (one of: company, customer, lead, sales_partner).",
        ),
        (
            [{"party_type": "company", "party_name": COMPANY}, {"party_type": "lead"}],
            "links[1].party_name",
            None,
        ),
    ],
)
def test_bad_link_is_a_field_error_and_nothing_is_written(api, durand, links, field, message):
    api.post("/contacts/", json={"first_name": "Anne"})
    before = _state()
    response = api.patch("/contacts/Anne", json={"links": links})
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert list(errors) == [field]
    if message:
        assert errors[field] == [message]
    assert _state() == before


def test_address_update_and_delete_are_in_its_history(api, durand):
    api.post(
        "/addresses/",
        json={"address_line1": "1 rue A", "city": "Paris", "country": "FR", "pincode": "75001"},
    )
    api.patch("/addresses/1 rue A-Billing", json={"city": "Lyon", "pincode": "69001"})
    assert sorted(_changes(api, "/addresses/1 rue A-Billing/history")) == [
        ("city", "Paris", "Lyon"),
        ("pincode", "75001", "69001"),
    ]
    address_id = Address.objects.get().pk
    assert api.delete("/addresses/1 rue A-Billing").status_code == 204
    deleted = ChangeLog.objects.filter(entity="address", record_id=address_id, action="delete")
    assert list(deleted.values_list("record_name", "field", "old_value", "new_value")) == [
        ("1 rue A-Billing", "", "", "")
    ]


def test_bad_postal_code_on_update_changes_nothing(api):
    api.post(
        "/addresses/",
        json={"address_line1": "1 rue A", "city": "Berlin", "country": "DE", "pincode": "10115"},
    )
    before = _state()
    response = api.patch("/addresses/1 rue A-Billing", json={"pincode": "1011"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["pincode"]
    assert _state() == before


def test_a_partys_addresses_are_read_in_code_order_with_their_tax_category(api, durand):
    # given two addresses of Durand (typed out of order), one of another party
    rows = [
        ("Zénith", "DURAND", "Standard"),
        ("Atelier", "DURAND", None),
        ("Ailleurs", None, None),
    ]
    for title, customer, category in rows:
        body = {"address_title": title, "address_line1": "1 rue A", "city": "Paris"}
        body |= {"country": "FR", "pincode": "75001"}
        body |= {"links": [{"party_type": "customer", "party_name": customer}]} if customer else {}
        body |= {"tax_category": category} if category else {}
        assert api.post("/addresses/", json=body).status_code == 201, body
    durand_id = Customer.objects.get(name="DURAND").pk
    # when a document's defaults read them (one prepared statement)
    found = party_addresses_read(party_type="customer", party_id=durand_id)
    # then Durand's alone, by code as the ORM orders them, tax category in hand
    assert [(a.name, a.tax_category.name if a.tax_category else None) for a in found] == [
        ("Atelier-Billing", None),
        ("Zénith-Billing", "Standard"),
    ]
    orm = party_addresses(party_type="customer", party_id=durand_id)
    assert [a.name for a in found] == [a.name for a in orm]
