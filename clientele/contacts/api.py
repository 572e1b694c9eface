"""REST routes for contacts and addresses, and the party-scoped listings other apps reuse."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field, create_model

from clientele.contacts import selectors, services
from clientele.contacts.parties import party_names
from clientele.core.api_support import (
    AUTH,
    ChangeOut,
    Page,
    PageParams,
    StrictSchema,
    history,
    input_schema,
    output_schema,
    serialize,
)
from clientele.core.roles import CUSTOMER_WRITERS, require_role


class LinkIn(StrictSchema):
    party_type: str = Field(..., examples=["customer"])
    party_name: str


class LinkOut(Schema):
    party_type: str
    party_name: str


_ContactBase = input_schema(services.CONTACT, "ContactBaseIn")
ContactIn = create_model(
    "ContactIn",
    __base__=_ContactBase,
    full_name=(str | None, None),
    links=(list[LinkIn] | None, None),
)
ContactOut = output_schema(
    services.CONTACT,
    "ContactOut",
    extra={
        "full_name": (str, ""),
        "email_id": (str, ""),
        "phone": (str, ""),
        "mobile_no": (str, ""),
        "links": (list[LinkOut], []),
    },
)
_AddressBase = input_schema(services.ADDRESS, "AddressBaseIn")
AddressIn = create_model("AddressIn", __base__=_AddressBase, links=(list[LinkIn] | None, None))
AddressOut = output_schema(
    services.ADDRESS,
    "AddressOut",
    extra={
        "display": (str, ""),
        "links": (list[LinkOut], []),
    },
)


def _links_out(links, names: dict | None = None) -> list[dict]:
    names = party_names(links) if names is None else names
    return [
        {
            "party_type": link.party_type,
            "party_name": names.get((link.party_type, link.party_id), ""),
        }
        for link in links
    ]


def _names_of(records) -> dict:
    """Party codes of every link of ``records``: one query per party type, not per record."""
    return party_names([link for record in records for link in record.links.all()])


def contact_out(contact, names: dict | None = None) -> dict:
    data = serialize(services.CONTACT, contact)
    data.update(
        full_name=contact.full_name,
        email_id=contact.email_id,
        phone=contact.phone,
        mobile_no=contact.mobile_no,
        links=_links_out(contact.links.all(), names),
    )
    return data


def contacts_out(contacts) -> list[dict]:
    contacts = list(contacts)
    names = _names_of(contacts)
    return [contact_out(contact, names) for contact in contacts]


def address_out(address, names: dict | None = None) -> dict:
    data = serialize(services.ADDRESS, address)
    data.update(display=address.render(), links=_links_out(address.links.all(), names))
    return data


def addresses_out(addresses) -> list[dict]:
    addresses = list(addresses)
    names = _names_of(addresses)
    return [address_out(address, names) for address in addresses]


contact_router = Router(tags=["Contacts"], auth=AUTH)
address_router = Router(tags=["Addresses"], auth=AUTH)


def _contact(name: str):
    return get_object_or_404(selectors.contacts_queryset(), name=name)


def _address(name: str):
    return get_object_or_404(selectors.addresses_queryset(), name=name)


@contact_router.get("/", response=Page)
def contact_list(request, params: Query[PageParams]):
    rows = selectors.contacts_queryset().order_by("name")
    if params.q:
        rows = rows.filter(full_name__icontains=params.q)
    items = rows[params.offset : params.offset + params.limit]
    return {"count": rows.count(), "items": contacts_out(items)}


@contact_router.post("/", response={201: ContactOut})
def contact_create(request, payload: ContactIn):
    require_role(request.auth, CUSTOMER_WRITERS)
    contact = services.contact_create(
        data=payload.model_dump(exclude_unset=True), user=request.auth
    )
    return Status(201, contact_out(_contact(contact.name)))


@contact_router.get("/{path:name}/history", response=list[ChangeOut])
def contact_history(request, name: str):
    return history("contact", _contact(name).pk)


@contact_router.get("/{path:name}", response=ContactOut)
def contact_read(request, name: str):
    return contact_out(_contact(name))


@contact_router.patch("/{path:name}", response=ContactOut)
def contact_update(request, name: str, payload: ContactIn):
    require_role(request.auth, CUSTOMER_WRITERS)
    contact = services.contact_update(
        contact=_contact(name), data=payload.model_dump(exclude_unset=True), user=request.auth
    )
    return contact_out(_contact(contact.name))


@contact_router.delete("/{path:name}", response={204: None})
def contact_delete(request, name: str):
    require_role(request.auth, CUSTOMER_WRITERS)
    services.contact_delete(contact=_contact(name), user=request.auth)
    return Status(204, None)


@address_router.get("/", response=Page)
def address_list(request, params: Query[PageParams]):
    rows = selectors.addresses_queryset().order_by("name")
    if params.q:
        rows = rows.filter(city__icontains=params.q)
    items = rows[params.offset : params.offset + params.limit]
    return {"count": rows.count(), "items": addresses_out(items)}


@address_router.post("/", response={201: AddressOut})
def address_create(request, payload: AddressIn):
    require_role(request.auth, CUSTOMER_WRITERS)
    address = services.address_create(
        data=payload.model_dump(exclude_unset=True), user=request.auth
    )
    return Status(201, address_out(_address(address.name)))


@address_router.get("/{path:name}/history", response=list[ChangeOut])
def address_history(request, name: str):
    return history("address", _address(name).pk)


@address_router.get("/{path:name}", response=AddressOut)
def address_read(request, name: str):
    return address_out(_address(name))


@address_router.patch("/{path:name}", response=AddressOut)
def address_update(request, name: str, payload: AddressIn):
    require_role(request.auth, CUSTOMER_WRITERS)
    address = services.address_update(
        address=_address(name), data=payload.model_dump(exclude_unset=True), user=request.auth
    )
    return address_out(_address(address.name))


@address_router.delete("/{path:name}", response={204: None})
def address_delete(request, name: str):
    require_role(request.auth, CUSTOMER_WRITERS)
    services.address_delete(address=_address(name), user=request.auth)
    return Status(204, None)


def routers() -> list[tuple[str, Router]]:
    return [("contacts", contact_router), ("addresses", address_router)]
