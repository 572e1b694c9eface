"""REST routes for contacts and addresses, and the party-scoped listings other apps reuse."""

from collections.abc import Callable
from dataclasses import dataclass

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
        "country_name": (str, ""),
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
    data.update(
        display=address.render(),
        country_name=address.country_name,
        links=_links_out(address.links.all(), names),
    )
    return data


def addresses_out(addresses) -> list[dict]:
    addresses = list(addresses)
    names = _names_of(addresses)
    return [address_out(address, names) for address in addresses]


@dataclass(frozen=True)
class Kind:
    """What differs between the contact routes and the address routes."""

    tag: str
    entity: str
    queryset: Callable
    search_field: str
    In: type
    Out: type
    one_out: Callable
    many_out: Callable
    create: Callable
    update: Callable
    delete: Callable


def _router(kind: Kind) -> Router:
    """List, create, read, history, update and delete by code, for contacts or addresses."""
    router = Router(tags=[kind.tag], auth=AUTH)

    def fetch(name: str):
        return get_object_or_404(kind.queryset(), name=name)

    @router.get("/", response=Page, operation_id=f"{kind.entity}_list")
    def list_records(request, params: Query[PageParams]):
        page = selectors.contact_page if kind.entity == "contact" else selectors.address_page
        count, records = page(q=params.q, limit=params.limit, offset=params.offset)
        return {"count": count, "items": kind.many_out(records)}

    @router.post("/", response={201: kind.Out}, operation_id=f"{kind.entity}_create")
    def create_record(request, payload: kind.In):
        require_role(request.auth, CUSTOMER_WRITERS)
        record = kind.create(data=payload.model_dump(exclude_unset=True), user=request.auth)
        return Status(201, kind.one_out(fetch(record.name)))

    @router.get(
        "/{path:name}/history", response=list[ChangeOut], operation_id=f"{kind.entity}_history"
    )
    def record_history(request, name: str):
        return history(kind.entity, fetch(name).pk)

    @router.get("/{path:name}", response=kind.Out, operation_id=f"{kind.entity}_read")
    def read_record(request, name: str):
        return kind.one_out(fetch(name))

    @router.patch("/{path:name}", response=kind.Out, operation_id=f"{kind.entity}_update")
    def update_record(request, name: str, payload: kind.In):
        require_role(request.auth, CUSTOMER_WRITERS)
        data = payload.model_dump(exclude_unset=True)
        record = kind.update(fetch(name), data=data, user=request.auth)
        return kind.one_out(fetch(record.name))

    @router.delete("/{path:name}", response={204: None}, operation_id=f"{kind.entity}_delete")
    def delete_record(request, name: str):
        require_role(request.auth, CUSTOMER_WRITERS)
        kind.delete(fetch(name), user=request.auth)
        return Status(204, None)

    return router


CONTACTS = Kind(
    "Contacts",
    "contact",
    selectors.contacts_queryset,
    "full_name",
    ContactIn,
    ContactOut,
    contact_out,
    contacts_out,
    services.contact_create,
    lambda record, **kw: services.contact_update(contact=record, **kw),
    lambda record, **kw: services.contact_delete(contact=record, **kw),
)
ADDRESSES = Kind(
    "Addresses",
    "address",
    selectors.addresses_queryset,
    "city",
    AddressIn,
    AddressOut,
    address_out,
    addresses_out,
    services.address_create,
    lambda record, **kw: services.address_update(address=record, **kw),
    lambda record, **kw: services.address_delete(address=record, **kw),
)


def routers() -> list[tuple[str, Router]]:
    return [("contacts", _router(CONTACTS)), ("addresses", _router(ADDRESSES))]
