"""REST routes for contacts and addresses, and the party-scoped listings other apps reuse."""

from ninja import Router

from clientele.contacts import selectors, services
from clientele.contacts.parties import party_names
from clientele.contacts.schemas import AddressIn, AddressOut, ContactIn, ContactOut
from clientele.core.api_support import serialize
from clientele.core.roles import CUSTOMER_WRITERS
from clientele.core.routes import Routes, crud_router


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


def _lister(page):
    """The list through the app's search (``contact_page``, ``address_page``): by name
    without ``q``, else by the words of ``q`` (see ``contacts/search.py``)."""

    def lister(rows, params) -> tuple[int, list]:
        return page(q=params.q, limit=params.limit, offset=params.offset)

    return lister


def _short_ids(entity: str):
    """Operation ids as the contact routes always had them (``contact_list``…)."""
    return lambda verb: f"{entity}_{verb}"


def _routes(spec, tag: str, queryset, schemas: tuple[type, type], answer, page):
    """Routes of contacts or addresses, written by their ``<entity>_create`` (``_update``,
    ``_delete``) services."""
    entity = spec.entity
    return Routes(
        spec=spec,
        tag=tag,
        writers=CUSTOMER_WRITERS,
        queryset=queryset,
        schema_in=schemas[0],
        schema_out=schemas[1],
        answer=answer,
        lister=_lister(page),
        create=getattr(services, f"{entity}_create"),
        update=lambda record, **kw: getattr(services, f"{entity}_update")(**{entity: record}, **kw),
        delete=lambda record, **kw: getattr(services, f"{entity}_delete")(**{entity: record}, **kw),
        with_history=True,
        read_after_write=True,
        operation_id=_short_ids(entity),
    )


CONTACT_ROUTES = _routes(
    services.CONTACT,
    "Contacts",
    selectors.contacts_queryset,
    (ContactIn, ContactOut),
    contacts_out,
    selectors.contact_page,
)
ADDRESS_ROUTES = _routes(
    services.ADDRESS,
    "Addresses",
    selectors.addresses_queryset,
    (AddressIn, AddressOut),
    addresses_out,
    selectors.address_page,
)


def routers() -> list[tuple[str, Router]]:
    return [
        ("contacts", crud_router(CONTACT_ROUTES)),
        ("addresses", crud_router(ADDRESS_ROUTES)),
    ]
