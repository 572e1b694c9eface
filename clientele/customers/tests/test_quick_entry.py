"""Quick entry: customer + primary contact + primary address in one request (SPEC §3.10)."""

import typing

import pytest

from clientele.contacts.models import Address, Contact
from clientele.core.models import ChangeLog, SeriesCounter
from clientele.customers import quick_entry
from clientele.customers.tests.builders import series_code
from clientele.customers.tests.party_builders import (
    address_links,
    contact_links,
    customer_post,
    link,
    world_state,
)
from clientele.customers.types import QuickAddressData, QuickContactData

pytestmark = pytest.mark.django_db

FULL_ADDRESS = {
    "address_line1": "12 rue de la Paix",
    "address_line2": "Bât. B",
    "city": "Paris",
    "pincode": "75002",
    "country": "fr",
}


def test_quick_entry_creates_customer_contact_and_address_linked_as_primaries(api):
    # when
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Boulangerie Martin",
            "contact": {
                "first_name": "Claire",
                "last_name": "Martin",
                "email_id": "Claire@Boulangerie-Martin.FR",
                "mobile_no": "06 12 34 56 78",
            },
            "address": FULL_ADDRESS,
        },
    )
    # then
    assert response.status_code == 201, response.text
    body = response.json()
    code = series_code(1)
    assert (
        body["name"],
        body["customer_primary_contact"],
        body["customer_primary_address"],
        body["email_id"],
        body["mobile_no"],
        body["primary_address"],
        body["duplicates"],
    ) == (
        code,
        "Claire Martin",
        "12 rue de la Paix-Billing",
        "claire@boulangerie-martin.fr",
        "+33612345678",
        "12 rue de la Paix\nBât. B\n75002 Paris\nFR",
        [],
    )
    assert api.get(f"/customers/{code}").json() | {"duplicates": []} == body
    [contact] = api.get(f"/customers/{code}/contacts").json()
    assert (
        contact["first_name"],
        contact["last_name"],
        contact["email_id"],
        contact["mobile_no"],
        contact["phone"],
        contact["emails"],
        contact["links"],
    ) == (
        "Claire",
        "Martin",
        "claire@boulangerie-martin.fr",
        "+33612345678",
        "+33612345678",
        [{"email_id": "claire@boulangerie-martin.fr", "is_primary": True}],
        [link("customer", code)],
    )
    [address] = api.get(f"/customers/{code}/addresses").json()
    assert (
        address["address_type"],
        address["country"],
        address["is_primary_address"],
        address["links"],
    ) == ("Billing", "FR", True, [link("customer", code)])
    assert (Contact.objects.count(), Address.objects.count()) == (1, 1)


def test_quick_entry_customer_is_found_by_contact_and_address(api):
    customer_post(
        api,
        customer_name="Boulangerie Martin",
        contact={"full_name": "Claire Martin", "email_id": "claire@martin.fr"},
        address=FULL_ADDRESS | {"city": "Lyon", "pincode": "69002"},
    )
    for q in ("claire@martin.fr", "lyon", "69002"):
        items = api.get("/customers/", params={"q": q}).json()["items"]
        assert [item["name"] for item in items] == [series_code(1)], q


def test_full_name_is_split_into_first_middle_and_last(api):
    body = customer_post(api, customer_name="Atelier", contact={"full_name": "Marie Anne Le Gall"})
    contact = api.get(f"/contacts/{body['customer_primary_contact']}").json()
    assert (contact["first_name"], contact["middle_name"], contact["last_name"]) == (
        "Marie",
        "Anne Le",
        "Gall",
    )


def test_an_individual_without_contact_names_names_the_contact_after_itself(api):
    # when
    body = customer_post(
        api,
        customer_name="John Michael Doe",
        customer_type="Individual",
        contact={"email_id": "john@doe.example", "mobile_no": "+44 7911 123456"},
    )
    # then
    assert body["customer_primary_contact"] == "John Michael Doe"
    contact = api.get("/contacts/John Michael Doe").json()
    assert (
        contact["first_name"],
        contact["middle_name"],
        contact["last_name"],
        contact["full_name"],
        contact["mobile_no"],
    ) == ("John", "Michael", "Doe", "John Michael Doe", "+447911123456")
    assert (body["email_id"], body["mobile_no"]) == ("john@doe.example", "+447911123456")


def test_a_one_word_individual_gives_a_first_name_only(api):
    body = customer_post(
        api, customer_name="Cher", customer_type="Individual", contact={"email_id": "cher@x.fr"}
    )
    contact = api.get(f"/contacts/{body['customer_primary_contact']}").json()
    assert (contact["first_name"], contact["middle_name"], contact["last_name"]) == (
        "Cher",
        "",
        "",
    )


def test_a_company_without_contact_names_gives_its_whole_name_as_first_name(api):
    # A company's name is not a person's: it is not split into first, middle and last.
    body = customer_post(
        api, customer_name="Boulangerie Martin SARL", contact={"email_id": "contact@bm.fr"}
    )
    contact = api.get(f"/contacts/{body['customer_primary_contact']}").json()
    assert (contact["first_name"], contact["middle_name"], contact["last_name"]) == (
        "Boulangerie Martin SARL",
        "",
        "",
    )


def test_given_contact_names_win_over_the_customer_name(api):
    body = customer_post(
        api,
        customer_name="John Michael Doe",
        customer_type="Individual",
        contact={"first_name": "Johnny", "last_name": "D."},
    )
    assert body["customer_primary_contact"] == "Johnny D."


def test_a_phone_without_mobile_is_the_primary_phone_and_the_mirror(api):
    body = customer_post(
        api, customer_name="Durand", contact={"first_name": "Paul", "phone": "01 42 68 53 00"}
    )
    contact = api.get("/contacts/Paul").json()
    assert (contact["phone"], contact["mobile_no"], body["mobile_no"]) == (
        "+33142685300",
        "",
        "+33142685300",
    )


def test_address_only_creates_the_primary_address(api):
    body = customer_post(api, customer_name="Durand", address=FULL_ADDRESS)
    assert (body["customer_primary_contact"], body["customer_primary_address"]) == (
        None,
        "12 rue de la Paix-Billing",
    )
    assert address_links("12 rue de la Paix-Billing") == [("customer", series_code(1))]
    assert Contact.objects.count() == 0


def test_contact_only_creates_the_primary_contact(api):
    body = customer_post(api, customer_name="Durand", contact={"first_name": "Paul"})
    assert (body["customer_primary_contact"], body["customer_primary_address"]) == ("Paul", None)
    assert contact_links("Paul") == [("customer", series_code(1))]
    assert Address.objects.count() == 0


def test_quick_entry_is_in_the_contact_and_address_history(api):
    seeded = ChangeLog.objects.count()
    customer_post(api, customer_name="Durand", contact={"first_name": "Paul"}, address=FULL_ADDRESS)
    assert {row.entity for row in ChangeLog.objects.order_by("id")[seeded:]} == {
        "customer",
        "contact",
        "address",
    }


def test_the_primaries_are_in_the_customer_creation_history(api):
    body = customer_post(
        api, customer_name="Durand", contact={"first_name": "Paul"}, address=FULL_ADDRESS
    )
    created = [
        (row["field"], row["old_value"], row["new_value"], row["user"])
        for row in api.get(f"/customers/{body['name']}/history").json()
    ]
    assert created[-2:] == [
        ("customer_primary_contact", "", "Paul", "root"),
        ("customer_primary_address", "", "12 rue de la Paix-Billing", "root"),
    ]
    assert {row["action"] for row in api.get(f"/customers/{body['name']}/history").json()} == {
        "create"
    }


def test_a_homonym_contact_gets_a_suffixed_code(api):
    customer_post(api, customer_name="Durand", contact={"first_name": "Paul"})
    body = customer_post(api, customer_name="Dupont", contact={"first_name": "Paul"})
    assert body["customer_primary_contact"] == "Paul-1"
    assert contact_links("Paul-1") == [("customer", series_code(2))]


def test_sales_user_may_use_quick_entry_but_a_reader_may_not(sales_api, reader_api):
    before = world_state()
    response = reader_api.post(
        "/customers/", json={"customer_name": "Durand", "contact": {"first_name": "Paul"}}
    )
    assert response.status_code == 403
    assert world_state() == before
    response = sales_api.post(
        "/customers/", json={"customer_name": "Durand", "contact": {"first_name": "Paul"}}
    )
    assert response.status_code == 201, response.text


# --- refusals: a field error, and nothing created ------------------------------------------

REFUSED = [
    # (contact, address, expected error fields)
    (None, {"address_line1": "1 rue X", "city": "Paris"}, ["address.country"]),
    (None, {"city": "Paris", "country": "FR"}, ["address.address_line1"]),
    (None, {"address_line1": "1 rue X", "country": "FR"}, ["address.city"]),
    (None, {"city": "Paris"}, ["address.address_line1", "address.country"]),
    (None, {"address_line1": "1 rue X", "city": "Paris", "country": "ZZ"}, ["address.country"]),
    (
        None,
        {"address_line1": "1 rue X", "city": "Paris", "country": "FR", "pincode": "7500"},
        ["address.pincode"],
    ),
    (
        None,
        {"address_line1": "1 rue X", "city": "Paris", "country": "FR", "tax_category": "Nope"},
        ["address.tax_category"],
    ),
    ({"first_name": "Paul", "email_id": "pas-un-email"}, None, ["contact.email_id"]),
    ({"first_name": "Paul", "mobile_no": "12"}, None, ["contact.mobile_no"]),
    (
        {"first_name": "Paul", "email_id": "x@"},
        {"city": "Paris"},
        ["address.address_line1", "address.country", "contact.email_id"],
    ),
]


@pytest.mark.parametrize(("contact", "address", "fields"), REFUSED)
def test_bad_contact_or_partial_address_is_a_field_error_and_creates_nothing(
    api, contact, address, fields
):
    # given a first customer, so the series counter exists
    customer_post(api, customer_name="Premier")
    before = world_state()
    payload = {"customer_name": "Durand"}
    payload |= {"contact": contact} if contact else {}
    payload |= {"address": address} if address else {}
    # when
    response = api.post("/customers/", json=payload)
    # then
    assert response.status_code == 422, response.text
    assert sorted(response.json()["errors"]) == fields
    assert world_state() == before
    assert SeriesCounter.objects.get().current == 1


def test_postal_code_error_names_the_country_format(api):
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Durand",
            "address": {
                "address_line1": "1 rue X",
                "city": "Paris",
                "country": "FR",
                "pincode": "7500",
            },
        },
    )
    assert response.json()["errors"] == {
        "address.pincode": ["Not a valid postal code for FR (e.g. 33380)."]
    }


def test_first_refusal_leaves_no_counter_behind(api):
    # The very first customer's refusal must not create the series counter either.
    before = world_state()
    response = api.post(
        "/customers/", json={"customer_name": "Durand", "address": {"city": "Paris"}}
    )
    assert response.status_code == 422
    assert world_state() == before
    assert before["series counters"] == {}


def test_customer_and_contact_errors_are_reported_together(api):
    before = world_state()
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Durand",
            "customer_group": "All Customer Groups",
            "tax_id": "FR123",
            "contact": {"first_name": "Paul", "email_id": "nope"},
            "address": {"address_line1": "1 rue X", "city": "Paris"},
        },
    )
    assert response.status_code == 422
    assert sorted(response.json()["errors"]) == [
        "address.country",
        "contact.email_id",
        "customer_group",
        "tax_id",
    ]
    assert world_state() == before


def test_a_customer_error_alone_creates_no_contact_either(api):
    before = world_state()
    response = api.post(
        "/customers/",
        json={"customer_name": "", "contact": {"first_name": "Paul"}, "address": FULL_ADDRESS},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["customer_name"]
    assert world_state() == before


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"contact": {"nickname": "Polo"}}, "contact.nickname"),
        ({"address": {"address_line1": "1 rue X", "zip": "75001"}}, "address.zip"),
        ({"contact": "Paul"}, "contact"),
    ],
)
def test_unknown_keys_in_the_quick_entry_objects_are_refused(api, extra, field):
    before = world_state()
    response = api.post("/customers/", json={"customer_name": "Durand", **extra})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert world_state() == before


def test_every_quick_entry_field_reaches_the_contact_or_the_address():
    # given the fields the contact's e-mail and phone rows are made of
    rows = {"email_id", "mobile_no", "phone"}
    # then every other field is copied as it is
    assert set(quick_entry.CONTACT_FIELDS) == set(typing.get_type_hints(QuickContactData)) - rows
    assert set(quick_entry.ADDRESS_FIELDS) == set(typing.get_type_hints(QuickAddressData))
