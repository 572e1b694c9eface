"""An address's country given by code or by name, stored as its ISO code, read with its name."""

import pytest

from clientele.contacts.models import Address, Contact
from clientele.core.models import ChangeLog
from clientele.customers.models import Customer

pytestmark = pytest.mark.django_db

BERLIN = {"address_line1": "Unter den Linden 1", "city": "Berlin", "pincode": "10117"}
UNKNOWN = "Unknown country: use its ISO code (e.g. FR, DE) or its English or French name."


def test_country_given_by_french_name_is_stored_as_its_code_and_read_with_its_name(api):
    # when
    created = api.post("/addresses/", json=BERLIN | {"country": "Allemagne"})
    # then
    assert created.status_code == 201, created.text
    assert Address.objects.get().country == "DE"
    del api.headers["Accept-Language"]  # French by default
    body = api.get("/addresses/Unter den Linden 1-Billing").json()
    assert (body["country"], body["country_name"]) == ("DE", "Allemagne")
    api.headers["Accept-Language"] = "en"
    body = api.get("/addresses/Unter den Linden 1-Billing").json()
    assert (body["country"], body["country_name"]) == ("DE", "Germany")


def test_country_changed_by_english_name(api):
    # given
    api.post("/addresses/", json=BERLIN | {"country": "DE"})
    # when
    response = api.patch(
        "/addresses/Unter den Linden 1-Billing",
        json={"city": "London", "pincode": "SW1A 1AA", "country": "United Kingdom"},
    )
    # then
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["country"], body["country_name"]) == ("GB", "United Kingdom")
    assert Address.objects.get().country == "GB"


def test_quick_entry_takes_a_country_name_in_lower_case(api):
    # when
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Boulangerie Martin",
            "address": {"address_line1": "1 rue X", "city": "Paris", "country": "france"},
        },
    )
    # then
    assert response.status_code == 201, response.text
    [address] = api.get(f"/customers/{response.json()['name']}/addresses").json()
    assert (address["country"], address["country_name"]) == ("FR", "France")


def test_unknown_country_is_a_field_error_saying_how_to_write_one_and_writes_nothing(api):
    # when
    response = api.post("/addresses/", json=BERLIN | {"country": "Narnia"})
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"country": [UNKNOWN]}
    assert Address.objects.count() == 0
    assert ChangeLog.objects.filter(entity="address").count() == 0


def test_unknown_country_in_quick_entry_creates_nothing(api):
    # when
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Durand",
            "contact": {"first_name": "Paul"},
            "address": {"address_line1": "1 rue X", "city": "Paris", "country": "Francia"},
        },
    )
    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"address.country": [UNKNOWN]}
    assert [model.objects.count() for model in (Customer, Contact, Address)] == [0, 0, 0]
    assert ChangeLog.objects.filter(entity__in=["customer", "contact", "address"]).count() == 0
