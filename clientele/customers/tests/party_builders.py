"""Helpers of the contact, address, lead, duplicate and merge tests (issue 3).

Records are built through the REST API, as a client would; ``world_state()`` extends
``db_state()`` with everything those flows touch, so a refusal can be shown to write nothing.
"""

from typing import Any
from urllib.parse import quote

from clientele.contacts.models import (
    Address,
    AddressLink,
    Contact,
    ContactEmail,
    ContactLink,
    ContactPhone,
)
from clientele.contacts.parties import party_names
from clientele.crm.models import Lead
from clientele.customers.models import Customer
from clientele.customers.tests.builders import db_state


def link(party_type: str, party_name: str) -> dict[str, str]:
    return {"party_type": party_type, "party_name": party_name}


def path(name: str) -> str:
    return quote(name, safe="")


def customer_post(api, **data: Any) -> dict:
    response = api.post("/customers/", json=data)
    assert response.status_code == 201, response.text
    return response.json()


def contact_post(api, first_name: str, *links: dict, **data: Any) -> dict:
    response = api.post("/contacts/", json={"first_name": first_name, "links": list(links), **data})
    assert response.status_code == 201, response.text
    return response.json()


def address_post(api, line1: str, *links: dict, **data: Any) -> dict:
    body = {"address_line1": line1, "city": "Paris", "pincode": "75001", "country": "FR"}
    response = api.post("/addresses/", json={**body, **data, "links": list(links)})
    assert response.status_code == 201, response.text
    return response.json()


def lead_post(api, **data: Any) -> dict:
    response = api.post("/leads/", json=data)
    assert response.status_code == 201, response.text
    return response.json()


def emails(*addresses: str) -> list[dict]:
    return [
        {"email_id": address, "is_primary": index == 0} for index, address in enumerate(addresses)
    ]


def mobile(number: str) -> list[dict]:
    return [{"phone": number, "is_primary_phone": True, "is_primary_mobile_no": True}]


def contact_links(name: str) -> list[tuple[str, str]]:
    """(party type, party code) of a contact's links, sorted."""
    return _links(ContactLink.objects.filter(contact__name=name))


def address_links(name: str) -> list[tuple[str, str]]:
    return _links(AddressLink.objects.filter(address__name=name))


def _links(rows) -> list[tuple[str, str]]:
    rows = list(rows)
    names = party_names(rows)
    return sorted((row.party_type, names[(row.party_type, row.party_id)]) for row in rows)


def world_state() -> dict[str, Any]:
    """``db_state()`` plus contacts, addresses, their links and rows, leads, customer rows."""
    return {
        **db_state(),
        "customer rows": list(Customer.objects.order_by("pk").values()),
        "contacts": list(Contact.objects.order_by("pk").values()),
        "addresses": list(Address.objects.order_by("pk").values()),
        "contact e-mails": list(ContactEmail.objects.order_by("pk").values()),
        "contact phones": list(ContactPhone.objects.order_by("pk").values()),
        "contact links": list(ContactLink.objects.order_by("pk").values()),
        "address links": list(AddressLink.objects.order_by("pk").values()),
        "leads": list(Lead.objects.order_by("pk").values()),
    }
