"""Contacts and addresses through the REST API."""

from urllib.parse import quote

import pytest

from clientele.contacts.models import Address, Contact, ContactLink
from clientele.core.models import ChangeLog

pytestmark = pytest.mark.django_db


def test_contact_with_emails_and_phones_keeps_one_primary_each(api):
    # when
    response = api.post(
        "/contacts/",
        json={
            "first_name": "Claire",
            "last_name": "Martin",
            "designation": "Gérante",
            "emails": [{"email_id": "Claire@Example.FR"}, {"email_id": "c.martin@example.fr"}],
            "phones": [
                {"phone": "01 42 68 53 00", "is_primary_phone": True},
                {"phone": "+33 6 12 34 56 78", "is_primary_mobile_no": True},
            ],
            "links": [{"party_type": "company", "party_name": "Clientèle Démo SAS"}],
        },
    )
    # then
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["name"] == "Claire Martin"
    assert body["full_name"] == "Claire Martin"
    assert body["email_id"] == "claire@example.fr"
    assert body["phone"] == "+33142685300"
    assert body["mobile_no"] == "+33612345678"
    assert [e["is_primary"] for e in body["emails"]] == [True, False]
    assert body["links"] == [{"party_type": "company", "party_name": "Clientèle Démo SAS"}]


def test_homonym_contacts_get_a_suffix(api):
    first = api.post("/contacts/", json={"first_name": "Jean", "last_name": "Dupont"}).json()
    second = api.post("/contacts/", json={"first_name": "Jean", "last_name": "Dupont"}).json()
    assert (first["name"], second["name"]) == ("Jean Dupont", "Jean Dupont-1")


def test_full_name_is_split_into_first_middle_last(api):
    body = api.post("/contacts/", json={"full_name": "John Michael Doe"}).json()
    assert (body["first_name"], body["middle_name"], body["last_name"]) == (
        "John",
        "Michael",
        "Doe",
    )


def test_bad_phone_email_two_primaries_and_unknown_party_write_nothing(api):
    response = api.post(
        "/contacts/",
        json={
            "first_name": "Bad",
            "emails": [{"email_id": "not-an-email"}],
            "phones": [
                {"phone": "12", "is_primary_phone": True},
                {"phone": "0612345678", "is_primary_phone": True},
            ],
            "links": [
                {"party_type": "lead", "party_name": "NOPE"},
                {"party_type": "planet", "party_name": "Mars"},
            ],
        },
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {
        "emails[0].email_id",
        "phones[0].phone",
        "phones",
        "links[0].party_name",
        "links[1].party_type",
    }
    assert Contact.objects.count() == 0
    assert ChangeLog.objects.filter(entity="contact").count() == 0


def test_address_needs_line_city_country_and_a_valid_postal_code(api):
    response = api.post("/addresses/", json={"city": "Paris", "country": "FR"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"address_line1"}
    response = api.post(
        "/addresses/",
        json={
            "address_line1": "1 rue de Rivoli",
            "city": "Paris",
            "pincode": "7500",
            "country": "FR",
        },
    )
    assert list(response.json()["errors"]) == ["pincode"]
    response = api.post(
        "/addresses/", json={"address_line1": "1 rue de Rivoli", "city": "Paris", "pincode": "7500"}
    )
    assert response.json()["errors"] == {"country": ["This field cannot be blank."]}
    assert Address.objects.count() == 0


def test_address_renders_and_round_trips_by_code(api):
    created = api.post(
        "/addresses/",
        json={
            "address_title": "Siège / Paris & Cie",
            "address_line1": "1 rue de Rivoli",
            "city": "Paris",
            "pincode": "75001",
            "country": "fr",
            "tax_category": "Standard",
        },
    )
    assert created.status_code == 201, created.text
    body = api.get(f"/addresses/{quote(created.json()['name'], safe='')}").json()
    assert body["name"] == "Siège / Paris & Cie-Billing"
    assert body["country"] == "FR"
    assert body["display"] == "1 rue de Rivoli\n75001 Paris\nFR"


def test_updating_links_replaces_them_and_delete_removes_links(api):
    api.post(
        "/contacts/",
        json={
            "first_name": "Zoé",
            "links": [{"party_type": "company", "party_name": "Clientèle Démo SAS"}],
        },
    )
    response = api.patch("/contacts/Zoé", json={"links": []})
    assert response.json()["links"] == []
    assert api.delete("/contacts/Zoé").status_code == 204
    assert ContactLink.objects.count() == 0
    assert api.get("/contacts/Zoé").status_code == 404


def test_writing_needs_a_role(reader_api, anonymous):
    assert reader_api.post("/contacts/", json={"first_name": "A"}).status_code == 403
    assert anonymous.get("/contacts/").status_code == 401
    assert Contact.objects.count() == 0
