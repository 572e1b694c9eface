"""Quick entry (SPEC §3.10): customer, primary contact and primary address in one step.

Everything is checked before anything is written, and all in one transaction: a partial
address (a city without a country, say) is a field error and creates nothing. Without
contact names, the contact is named after the customer: an individual's name is split into
first, middle and last names, a company's is the first name as a whole (as ERPNext does).
"""

from typing import Literal, get_args

from django.db import transaction
from django.utils.translation import gettext as _

from clientele.contacts.models import ContactEmail
from clientele.contacts.services import (
    address_check,
    address_create,
    contact_check,
    contact_create,
)
from clientele.contacts.types import AddressData, ContactData, ContactPhoneData, LinkData
from clientele.core import audit, identifiers
from clientele.core.errors import FieldErrors, InvalidInput
from clientele.core.typing import User
from clientele.customers.duplicates import DuplicatesLookup
from clientele.customers.mirrors import PRIMARIES, apply_mirrors, primaries_record
from clientele.customers.models import Customer
from clientele.customers.search import search_tokens_refresh
from clientele.customers.services import customer_create, duplicates_checked, with_duplicates
from clientele.customers.types import CustomerCreateData, QuickAddressData, QuickContactData

# The quick-entry fields the contact and the address take as they are (the contact's e-mail
# and phones become rows): mypy checks that each is a key of both inputs, of the same type.
ContactField = Literal[
    "full_name", "salutation", "first_name", "middle_name", "last_name", "designation"
]
AddressField = Literal[
    "address_type",
    "address_line1",
    "address_line2",
    "city",
    "pincode",
    "state",
    "country",
    "tax_category",
]
CONTACT_FIELDS: tuple[ContactField, ...] = get_args(ContactField)
ADDRESS_FIELDS: tuple[AddressField, ...] = get_args(AddressField)


def _contact_data(customer_data: CustomerCreateData, contact: QuickContactData) -> ContactData:
    """The contact's input from the fields filled in, named after the customer when no name
    is given."""
    data: ContactData = {}
    for field in CONTACT_FIELDS:
        if value := contact.get(field):
            data[field] = value
    named = data.get("full_name") or data.get("first_name")
    if not named:
        # A person's name splits into first, middle and last; a company's name does not.
        name = customer_data.get("customer_name") or ""
        if customer_data.get("customer_type") == Customer.CustomerType.INDIVIDUAL:
            data["full_name"] = name
        else:
            data["first_name"] = name
    if email := contact.get("email_id"):
        data["emails"] = [{"email_id": email, "is_primary": True}]
    phones: list[ContactPhoneData] = []
    if mobile := contact.get("mobile_no"):
        phones.append({"phone": mobile, "is_primary_mobile_no": True, "is_primary_phone": True})
    if phone := contact.get("phone"):
        phones.append({"phone": phone, "is_primary_phone": not phones})
    if phones:
        data["phones"] = phones
    return data


def _as_sent(errors: dict[str, list[str]], sent: QuickContactData) -> dict[str, list[str]]:
    """Name the quick-entry fields the caller sent, not the contact's rows they became."""
    phone_fields = [f for f in ("mobile_no", "phone") if sent.get(f)]
    renamed = {"emails[0].email_id": "email_id"} | {
        f"phones[{index}].phone": field for index, field in enumerate(phone_fields)
    }
    return {renamed.get(field, field): messages for field, messages in errors.items()}


def _address_data(address: QuickAddressData) -> AddressData:
    """The address's input from the fields filled in; it is the customer's primary one."""
    data: AddressData = {}
    for field in ADDRESS_FIELDS:
        if value := address.get(field):
            data[field] = value
    data["is_primary_address"] = True
    return data


def customer_quick_create(
    *,
    data: CustomerCreateData,
    contact: QuickContactData | None,
    address: QuickAddressData | None,
    user: User,
    block_on_duplicates: bool = False,
    report_duplicates: bool = False,
) -> Customer:
    """The customer, with its primary contact and address when given, in one transaction;
    ``report_duplicates`` as for ``customer_create``, the new contact's e-mail and mobile
    included."""
    if not contact and not address:
        # The customer's own transaction is enough; an outer one would cost a savepoint.
        return customer_create(
            data=data,
            user=user,
            block_on_duplicates=block_on_duplicates,
            report_duplicates=report_duplicates,
        )
    return with_duplicates(
        *_create_with_primaries(
            data=data,
            contact=contact,
            address=address,
            user=user,
            block_on_duplicates=block_on_duplicates,
            report_duplicates=report_duplicates,
        )
    )


@transaction.atomic
def _create_with_primaries(
    *,
    data: CustomerCreateData,
    contact: QuickContactData | None,
    address: QuickAddressData | None,
    user: User,
    block_on_duplicates: bool,
    report_duplicates: bool,
) -> tuple[Customer, DuplicatesLookup | None]:
    errors = FieldErrors()
    contact_data: ContactData | None = None
    address_data: AddressData | None = None
    if contact:
        contact_data = _contact_data(data, contact)
        errors.extend(_as_sent(contact_check(data=contact_data), contact), prefix="contact.")
    if address:
        address_data = _address_data(address)
        errors.extend(address_check(data=address_data), prefix="address.")
    try:
        customer = customer_create(data=data, user=user)
    except InvalidInput as error:
        errors.extend(error.errors)
    errors.raise_if_any()
    if contact_data is not None and customer.lead is not None:
        _refuse_a_lead_contact_twice(customer, contact_data)
    if contact_data is not None or address_data is not None:
        _primaries_create(customer, contact_data, address_data, user=user)
    # Once the contact is written, so that its e-mail and mobile count too.
    lookup = duplicates_checked(customer, block=block_on_duplicates, report=report_duplicates)
    return customer, lookup


def _refuse_a_lead_contact_twice(customer: Customer, contact_data: ContactData) -> None:
    """A customer made from a lead takes over the lead's contacts: a quick-entry contact
    with the e-mail of one of them would be the same person twice. A new person (another
    e-mail) is welcome."""
    emails = [e for row in contact_data.get("emails") or [] if (e := row.get("email_id"))]
    known = (
        ContactEmail.objects.filter(
            email_id__in=[identifiers.email(e) for e in emails],
            contact__links__party_type="customer",
            contact__links__party_id=customer.pk,
        )
        .values_list("contact__name", flat=True)
        .first()
    )
    if known:
        raise InvalidInput.single(
            "contact.email_id",
            _(
                "“%(contact)s”, a contact of the lead, has this e-mail already: leave the "
                "contact out, the lead's contacts become the customer's."
            )
            % {"contact": known},
        )


def _primaries_create(
    customer: Customer,
    contact_data: ContactData | None,
    address_data: AddressData | None,
    *,
    user: User,
) -> None:
    """Create the contact and address linked to the customer and make them its primaries,
    recorded in the customer's history as part of its creation (the mirrors are set here,
    once, not refreshed after each of the two)."""
    before = audit.snapshot(customer, PRIMARIES)
    link: list[LinkData] = [{"party_type": "customer", "party_name": customer.name}]
    if contact_data is not None:
        customer.customer_primary_contact = contact_create(
            data={**contact_data, "links": link}, user=user, refresh_parties=False
        )
    if address_data is not None:
        customer.customer_primary_address = address_create(
            data={**address_data, "links": link}, user=user, refresh_parties=False
        )
    apply_mirrors(customer)
    customer.save()
    search_tokens_refresh([customer])
    primaries_record(customer, before=before, user=user, action="create")
