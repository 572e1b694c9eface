"""Lead → customer (SPEC §3.11): by the convert action or by naming the lead on creation."""

import pytest

from clientele.contacts.models import Address, Contact
from clientele.customers.tests.builders import series_code
from clientele.customers.tests.party_builders import (
    address_links,
    address_post,
    contact_links,
    contact_post,
    customer_post,
    emails,
    lead_post,
    link,
    mobile,
    world_state,
)

pytestmark = pytest.mark.django_db


def _lead_status(api, lead: str) -> str:
    return api.get(f"/leads/{lead}").json()["status"]


@pytest.fixture
def garnier(api) -> str:
    """A company lead in Belgium, status Replied, with a contact and an address of its own."""
    lead = lead_post(
        api,
        lead_name="Sophie Garnier",
        company_name="Garnier Conseil",
        email_id="sophie@garnier.fr",
        mobile_no="06 12 34 56 78",
        territory="Belgium",
        industry="Services",
        market_segment="SME",
        status="Replied",
    )["name"]
    contact_post(
        api,
        "Sophie",
        link("lead", lead),
        last_name="Garnier",
        emails=emails("sophie@garnier.fr"),
        phones=mobile("06 12 34 56 78"),
    )
    contact_post(api, "Marc", link("lead", lead), last_name="Garnier")
    address_post(
        api, "8 avenue Louise", link("lead", lead), city="Bruxelles", pincode="1050", country="BE"
    )
    return lead


@pytest.fixture
def jeanne(api) -> str:
    """A person lead without organisation, territory, contacts or addresses."""
    return lead_post(
        api,
        lead_name="Jeanne Marie Dupont",
        email_id="jeanne@dupont.fr",
        mobile_no="06 98 76 54 32",
        phone="01 42 68 53 00",
    )["name"]


def test_company_lead_becomes_a_company_customer_with_its_contacts_and_addresses(api, garnier):
    # given
    contacts, addresses = Contact.objects.count(), Address.objects.count()
    # when
    response = api.post(f"/leads/{garnier}/convert", json={})
    # then
    assert response.status_code == 201, response.text
    body = response.json()
    code = series_code(1)
    assert {
        key: body[key]
        for key in (
            "name",
            "customer_name",
            "customer_type",
            "customer_group",
            "territory",
            "industry",
            "market_segment",
            "lead_name",
            "customer_primary_contact",
            "customer_primary_address",
            "email_id",
            "mobile_no",
            "primary_address",
            "duplicates",
        )
    } == {
        "name": code,
        "customer_name": "Garnier Conseil",
        "customer_type": "Company",
        "customer_group": "Commercial",
        "territory": "Belgium",
        "industry": "Services",
        "market_segment": "SME",
        "lead_name": garnier,
        "customer_primary_contact": "Sophie Garnier",
        "customer_primary_address": "8 avenue Louise-Billing",
        "email_id": "sophie@garnier.fr",
        "mobile_no": "+33612345678",
        "primary_address": "8 avenue Louise\n1050 Bruxelles\nBE",
        "duplicates": [],
    }
    # the lead's contacts and address are linked, not copied
    assert (Contact.objects.count(), Address.objects.count()) == (contacts, addresses)
    assert contact_links("Sophie Garnier") == [("customer", code), ("lead", garnier)]
    assert contact_links("Marc Garnier") == [("customer", code), ("lead", garnier)]
    assert address_links("8 avenue Louise-Billing") == [("customer", code), ("lead", garnier)]
    assert [c["name"] for c in api.get(f"/customers/{code}/contacts").json()] == [
        "Marc Garnier",
        "Sophie Garnier",
    ]
    lead = api.get(f"/leads/{garnier}").json()
    assert lead["status"] == "Converted"


def test_person_lead_becomes_an_individual_with_a_contact_made_from_the_lead(api, jeanne):
    # when
    response = api.post(f"/leads/{jeanne}/convert", json={})
    # then the territory comes from the selling settings
    assert response.status_code == 201, response.text
    body = response.json()
    code = series_code(1)
    assert (
        body["customer_name"],
        body["customer_type"],
        body["territory"],
        body["customer_group"],
        body["lead_name"],
        body["customer_primary_contact"],
        body["customer_primary_address"],
        body["email_id"],
        body["mobile_no"],
    ) == (
        "Jeanne Marie Dupont",
        "Individual",
        "France",
        "Commercial",
        jeanne,
        "Jeanne Marie Dupont",
        None,
        "jeanne@dupont.fr",
        "+33698765432",
    )
    contact = api.get("/contacts/Jeanne Marie Dupont").json()
    assert (
        contact["first_name"],
        contact["middle_name"],
        contact["last_name"],
        contact["email_id"],
        contact["mobile_no"],
        contact["phone"],
        contact["links"],
    ) == (
        "Jeanne",
        "Marie",
        "Dupont",
        "jeanne@dupont.fr",
        "+33698765432",
        "+33698765432",
        [link("lead", jeanne), link("customer", code)],
    )
    assert [p["phone"] for p in contact["phones"]] == ["+33698765432", "+33142685300"]
    assert _lead_status(api, jeanne) == "Converted"
    items = api.get("/customers/", params={"q": "jeanne@dupont.fr"}).json()["items"]
    assert [item["name"] for item in items] == [code]


def test_the_lead_person_is_the_primary_contact_by_name_when_emails_differ(api, garnier):
    api.patch("/contacts/Sophie Garnier", json={"emails": emails("s.garnier@autre.fr")})
    body = api.post(f"/leads/{garnier}/convert", json={}).json()
    assert (body["customer_primary_contact"], body["email_id"]) == (
        "Sophie Garnier",
        "s.garnier@autre.fr",
    )


def test_without_the_lead_person_the_first_contact_is_primary(api):
    lead = lead_post(api, company_name="Sans Personne")["name"]
    contact_post(api, "Zoé", link("lead", lead))
    contact_post(api, "Yves", link("lead", lead))
    body = api.post(f"/leads/{lead}/convert", json={}).json()
    assert body["customer_primary_contact"] == "Yves"


def test_the_primaries_taken_from_the_lead_are_in_the_customer_history(api, garnier):
    code = api.post(f"/leads/{garnier}/convert", json={}).json()["name"]
    rows = {
        row["field"]: (row["action"], row["new_value"])
        for row in api.get(f"/customers/{code}/history").json()
    }
    assert (
        rows["lead_name"],
        rows["customer_primary_contact"],
        rows["customer_primary_address"],
    ) == (
        ("create", garnier),
        ("create", "Sophie Garnier"),
        ("create", "8 avenue Louise-Billing"),
    )


def test_conversion_and_release_are_in_the_lead_history(api, manager_api, garnier):
    code = api.post(f"/leads/{garnier}/convert", json={}).json()["name"]
    manager_api.delete(f"/customers/{code}")
    changes = [
        (c["action"], c["field"], c["old_value"], c["new_value"], c["user"])
        for c in api.get(f"/leads/{garnier}/history").json()
        if c["action"] != "create"
    ]
    assert changes == [
        ("update", "status", "Replied", "Converted", "root"),
        ("update", "status", "Converted", "Replied", "manon"),
    ]


def test_a_lead_with_only_an_organisation_and_a_phone(api):
    lead = lead_post(api, company_name="Ateliers Réunis", phone="01 42 68 53 00")["name"]
    body = api.post(f"/leads/{lead}/convert", json={}).json()
    assert (body["customer_name"], body["customer_type"], body["mobile_no"]) == (
        "Ateliers Réunis",
        "Company",
        "+33142685300",
    )
    assert contact_links(body["customer_primary_contact"]) == [
        ("customer", body["name"]),
        ("lead", lead),
    ]


def test_caller_values_win_over_the_lead(api, garnier, refs):
    response = api.post(
        f"/leads/{garnier}/convert",
        json={
            "name": "GARNIER",
            "customer_group": "Government",
            "territory": "Spain",
            "customer_type": "Partnership",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert (
        body["name"],
        body["customer_group"],
        body["territory"],
        body["customer_type"],
        body["industry"],
    ) == ("GARNIER", "Government", "Spain", "Partnership", "Services")


def test_without_territory_on_the_lead_or_in_the_settings_nothing_is_written(api, jeanne):
    # given
    response = api.patch("/selling-settings/", json={"territory": None})
    assert response.status_code == 200, response.text
    assert response.json()["territory"] is None
    before = world_state()
    # when
    response = api.post(f"/leads/{jeanne}/convert", json={})
    # then
    assert response.status_code == 422, response.text
    assert list(response.json()["errors"]) == ["territory"]
    assert world_state() == before
    assert _lead_status(api, jeanne) == "Open"
    # and naming a territory is enough
    response = api.post(f"/leads/{jeanne}/convert", json={"territory": "Italy"})
    assert response.status_code == 201, response.text
    assert response.json()["territory"] == "Italy"


def test_without_a_default_group_conversion_asks_for_one(api, jeanne):
    api.patch("/selling-settings/", json={"customer_group": None})
    before = world_state()
    response = api.post(f"/leads/{jeanne}/convert", json={})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["customer_group"]
    assert world_state() == before


def test_converting_twice_is_a_conflict_and_writes_nothing(api, garnier):
    assert api.post(f"/leads/{garnier}/convert", json={}).status_code == 201
    before = world_state()
    response = api.post(f"/leads/{garnier}/convert", json={"name": "AUTRE"})
    assert response.status_code == 409, response.text
    assert response.json()["errors"] == {"lead_name": ["This lead is already converted."]}
    assert world_state() == before


def test_conversion_refused_by_a_bad_value_writes_nothing(api, garnier):
    before = world_state()
    response = api.post(f"/leads/{garnier}/convert", json={"territory": "All Territories"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["territory"]
    assert world_state() == before
    assert _lead_status(api, garnier) == "Replied"


def test_conversion_blocked_by_a_duplicate_writes_nothing(api, garnier):
    customer_post(api, customer_name="Garnier Conseil SARL")
    before = world_state()
    response = api.post(f"/leads/{garnier}/convert", json={"block_on_duplicates": True})
    assert response.status_code == 409, response.text
    assert response.json()["errors"] == {"duplicates": [f"{series_code(1)}: name"]}
    assert world_state() == before


def test_conversion_reports_duplicates_without_blocking(api, garnier):
    customer_post(api, customer_name="Garnier Conseil SARL")
    response = api.post(f"/leads/{garnier}/convert", json={})
    assert response.status_code == 201
    assert response.json()["duplicates"] == [
        {"name": series_code(1), "customer_name": "Garnier Conseil SARL", "reasons": ["name"]}
    ]


def test_unknown_lead_is_404_and_readers_may_not_convert(api, reader_api, sales_api, garnier):
    before = world_state()
    assert api.post("/leads/CRM-LEAD-0000-00000/convert", json={}).status_code == 404
    assert reader_api.post(f"/leads/{garnier}/convert", json={}).status_code == 403
    assert world_state() == before
    assert sales_api.post(f"/leads/{garnier}/convert", json={}).status_code == 201


def test_creating_a_customer_naming_the_lead_converts_it(api, garnier):
    # when
    body = customer_post(api, customer_name="Garnier & Associés", lead_name=garnier)
    # then
    assert (body["lead_name"], body["customer_primary_contact"]) == (garnier, "Sophie Garnier")
    assert contact_links("Sophie Garnier") == [("customer", body["name"]), ("lead", garnier)]
    assert _lead_status(api, garnier) == "Converted"
    # and the lead cannot be taken a second time
    before = world_state()
    response = api.post("/customers/", json={"customer_name": "Autre", "lead_name": garnier})
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["lead_name"]
    assert world_state() == before


def test_quick_entry_naming_a_lead_keeps_the_quick_entry_primaries(api, garnier):
    body = customer_post(
        api,
        customer_name="Garnier Conseil",
        lead_name=garnier,
        contact={"first_name": "Nouveau", "email_id": "nouveau@garnier.fr"},
    )
    assert (body["customer_primary_contact"], body["email_id"]) == ("Nouveau", "nouveau@garnier.fr")
    assert [c["name"] for c in api.get(f"/customers/{body['name']}/contacts").json()] == [
        "Marc Garnier",
        "Nouveau",
        "Sophie Garnier",
    ]


def test_a_lead_marked_converted_by_hand_cannot_be_converted(api, jeanne):
    api.patch(f"/leads/{jeanne}", json={"status": "Converted"})
    before = world_state()
    response = api.post(f"/leads/{jeanne}/convert", json={})
    assert response.status_code == 409
    assert world_state() == before


def test_lead_of_a_customer_cannot_change(api, garnier, jeanne):
    code = api.post(f"/leads/{garnier}/convert", json={}).json()["name"]
    before = world_state()
    response = api.patch(f"/customers/{code}", json={"lead_name": jeanne})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["lead_name"]
    assert world_state() == before


def test_deleting_the_customer_gives_the_lead_back_its_status_and_contacts(
    api, manager_api, garnier
):
    # given
    code = api.post(f"/leads/{garnier}/convert", json={}).json()["name"]
    # when
    assert manager_api.delete(f"/customers/{code}").status_code == 204
    # then
    assert _lead_status(api, garnier) == "Replied"
    assert contact_links("Sophie Garnier") == [("lead", garnier)]
    assert address_links("8 avenue Louise-Billing") == [("lead", garnier)]
    # and it can be converted again
    response = api.post(f"/leads/{garnier}/convert", json={})
    assert response.status_code == 201
    assert _lead_status(api, garnier) == "Converted"


def test_deleting_a_converted_lead_is_refused_while_its_customer_exists(api, garnier):
    code = api.post(f"/leads/{garnier}/convert", json={}).json()["name"]
    before = world_state()
    response = api.delete(f"/leads/{garnier}")
    assert response.status_code == 409
    assert response.json()["errors"] == {"references": ["customers: 1"]}
    assert world_state() == before
    assert api.get(f"/customers/{code}").json()["lead_name"] == garnier


def test_quick_entry_with_the_email_of_a_lead_contact_is_refused_and_writes_nothing(api, garnier):
    """The lead's Sophie becomes the customer's contact: typing her again would make her
    twice. A new person (another e-mail) is welcome, as the test above shows."""
    before = world_state()
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Garnier Conseil",
            "lead_name": garnier,
            "contact": {"first_name": "Sophie", "email_id": "Sophie@Garnier.fr"},
        },
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == {
        "contact.email_id": [
            "“Sophie Garnier”, a contact of the lead, has this e-mail already: leave the "
            "contact out, the lead's contacts become the customer's."
        ]
    }
    assert world_state() == before
    assert _lead_status(api, garnier) == "Replied"
