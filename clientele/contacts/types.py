"""The input of the contact and address services, typed: one ``TypedDict`` per request body.

Each has the keys and value types of its request schema (``schemas.py``), every key
optional (an update sends only what changes). They stay plain dicts at run time (the API
passes ``payload.model_dump(exclude_unset=True)``): the types only let mypy check every key
and value at every call. ``tests/test_schemas.py`` checks that they cannot drift apart.
"""

from typing import TypedDict


class LinkData(TypedDict):
    """``schemas.LinkIn``: a party the contact or address belongs to, by code (both keys
    required, as the schema requires them)."""

    party_type: str
    party_name: str


class ContactEmailData(TypedDict, total=False):
    """``schemas.ContactEmailRow``."""

    email_id: str | None
    is_primary: bool | None


class ContactPhoneData(TypedDict, total=False):
    """``schemas.ContactPhoneRow``."""

    phone: str | None
    is_primary_phone: bool | None
    is_primary_mobile_no: bool | None


class ContactData(TypedDict, total=False):
    """``schemas.ContactIn``: ``full_name`` is split into first, middle and last names."""

    salutation: str | None
    first_name: str | None
    middle_name: str | None
    last_name: str | None
    designation: str | None
    department: str | None
    unsubscribed: bool | None
    emails: list[ContactEmailData] | None
    phones: list[ContactPhoneData] | None
    full_name: str | None
    links: list[LinkData] | None


class AddressData(TypedDict, total=False):
    """``schemas.AddressIn``: the tax category by code."""

    address_title: str | None
    address_type: str | None
    address_line1: str | None
    address_line2: str | None
    city: str | None
    pincode: str | None
    state: str | None
    country: str | None
    is_primary_address: bool | None
    is_shipping_address: bool | None
    disabled: bool | None
    tax_category: str | None
    links: list[LinkData] | None
