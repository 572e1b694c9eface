"""Request and response bodies of the contact and address routes.

The fields of the contact and address schemas mirror ``services.CONTACT`` and
``services.ADDRESS``; ``tests/test_schemas.py`` checks that they cannot drift apart.
"""

from ninja import Schema
from pydantic import Field

from clientele.core.api_support import StrictSchema


class LinkIn(StrictSchema):
    """A party (customer, lead...) the contact or address belongs to, by code."""

    party_type: str = Field(..., examples=["customer"])
    party_name: str


class LinkOut(Schema):
    """A party the contact or address belongs to, by code."""

    party_type: str
    party_name: str


class ContactEmailRow(StrictSchema):
    """One e-mail address of the contact."""

    email_id: str | None = None
    is_primary: bool | None = None


class ContactEmailRowOut(ContactEmailRow):
    """One e-mail address of the contact, as stored."""


class ContactPhoneRow(StrictSchema):
    """One phone number of the contact, and whether it is the main phone or mobile."""

    phone: str | None = None
    is_primary_phone: bool | None = None
    is_primary_mobile_no: bool | None = None


class ContactPhoneRowOut(ContactPhoneRow):
    """One phone number of the contact, as stored."""


class ContactIn(StrictSchema):
    """A contact's fields as sent: only those sent change; ``full_name`` is split in parts."""

    salutation: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    designation: str | None = None
    department: str | None = None
    unsubscribed: bool | None = None
    emails: list[ContactEmailRow] | None = None
    phones: list[ContactPhoneRow] | None = None
    full_name: str | None = None
    links: list[LinkIn] | None = None


class ContactOut(Schema):
    """A contact as stored, with its main e-mail and phones and the parties it belongs to."""

    salutation: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    last_name: str | None = None
    designation: str | None = None
    department: str | None = None
    unsubscribed: bool | None = None
    name: str
    emails: list[ContactEmailRowOut] = []
    phones: list[ContactPhoneRowOut] = []
    full_name: str = ""
    email_id: str = ""
    phone: str = ""
    mobile_no: str = ""
    links: list[LinkOut] = []


class AddressIn(StrictSchema):
    """An address's fields as sent: only those sent change; the tax category by code."""

    address_title: str | None = None
    address_type: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    pincode: str | None = None
    state: str | None = None
    country: str | None = None
    is_primary_address: bool | None = None
    is_shipping_address: bool | None = None
    disabled: bool | None = None
    tax_category: str | None = None
    links: list[LinkIn] | None = None


class AddressOut(Schema):
    """An address as stored, rendered for display, with the parties it belongs to."""

    address_title: str | None = None
    address_type: str | None = None
    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    pincode: str | None = None
    state: str | None = None
    country: str | None = None
    is_primary_address: bool | None = None
    is_shipping_address: bool | None = None
    disabled: bool | None = None
    tax_category: str | None = None
    name: str
    display: str = ""
    country_name: str = Field("", description="The country's name in the request's language")
    links: list[LinkOut] = []
