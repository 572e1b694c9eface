"""Quick entry (SPEC §3.10): customer, primary contact and primary address in one step.

Everything is checked before anything is written, and all in one transaction: a partial
address (a city without a country, say) is a field error and creates nothing. For an
individual without contact names, the contact is named after the customer.
"""

from django.db import transaction

from clientele.contacts.services import (
    address_check,
    address_create,
    contact_check,
    contact_create,
)
from clientele.core.errors import FieldErrors, InvalidInput
from clientele.customers.mirrors import apply_mirrors
from clientele.customers.models import Customer
from clientele.customers.search import search_tokens_refresh
from clientele.customers.services import customer_create


def _contact_data(customer_data: dict, contact: dict) -> dict:
    data = {k: v for k, v in contact.items() if v not in (None, "")}
    named = data.get("full_name") or data.get("first_name")
    if not named:
        data["full_name"] = customer_data.get("customer_name", "")
    if email := data.pop("email_id", None):
        data["emails"] = [{"email_id": email, "is_primary": True}]
    phones = []
    if mobile := data.pop("mobile_no", None):
        phones.append({"phone": mobile, "is_primary_mobile_no": True, "is_primary_phone": True})
    if phone := data.pop("phone", None):
        phones.append({"phone": phone, "is_primary_phone": not phones})
    if phones:
        data["phones"] = phones
    return data


def _address_data(address: dict) -> dict:
    data = {k: v for k, v in address.items() if v not in (None, "")}
    data.setdefault("is_primary_address", True)
    return data


@transaction.atomic
def customer_quick_create(
    *,
    data: dict,
    contact: dict | None,
    address: dict | None,
    user,
    block_on_duplicates: bool = False,
) -> Customer:
    errors = FieldErrors()
    contact_data = _contact_data(data, contact) if contact else None
    address_data = _address_data(address) if address else None
    if contact_data is not None:
        errors.extend(contact_check(data=contact_data), prefix="contact.")
    if address_data is not None:
        errors.extend(address_check(data=address_data), prefix="address.")
    try:
        customer = customer_create(data=data, user=user, block_on_duplicates=block_on_duplicates)
    except InvalidInput as error:
        errors.extend(error.errors)
    errors.raise_if_any()
    link = [{"party_type": "customer", "party_name": customer.name}]
    if contact_data is not None:
        customer.customer_primary_contact = contact_create(
            data={**contact_data, "links": link}, user=user
        )
    if address_data is not None:
        customer.customer_primary_address = address_create(
            data={**address_data, "links": link}, user=user
        )
    apply_mirrors(customer)
    customer.save()
    search_tokens_refresh([customer])
    return customer
