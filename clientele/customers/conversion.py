"""Lead → customer (SPEC §3.11): a lead becomes one customer, once.

The customer takes the organisation name (or the person's), type Company when there is an
organisation, the lead's territory, industry and market segment; the lead's contacts and
addresses get linked to the customer (not copied); the lead is marked Converted and keeps
its previous status, which deleting the customer restores.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from clientele.classification.services import selling_settings_get
from clientele.contacts.models import Contact
from clientele.contacts.selectors import party_addresses, party_contacts
from clientele.contacts.services import contact_create, party_link_add
from clientele.contacts.types import ContactPhoneData
from clientele.core import audit
from clientele.core.errors import Conflict, FieldErrors
from clientele.core.typing import User
from clientele.crm.models import Lead
from clientele.customers.mirrors import primaries_record
from clientele.customers.models import Customer
from clientele.customers.types import CustomerCreateData


def lead_customer_data(lead: Lead, overrides: CustomerCreateData) -> CustomerCreateData:
    """What the customer takes from the lead; the caller's values win."""
    settings = selling_settings_get()
    data: CustomerCreateData = {}
    if customer_name := lead.company_name or lead.lead_name:
        data["customer_name"] = customer_name
    data["customer_type"] = (
        Customer.CustomerType.COMPANY if lead.company_name else Customer.CustomerType.INDIVIDUAL
    )
    if lead.territory:
        data["territory"] = lead.territory.name
    if lead.industry:
        data["industry"] = lead.industry.name
    if lead.market_segment:
        data["market_segment"] = lead.market_segment.name
    data.update(overrides)
    errors = FieldErrors()
    if not data.get("territory") and settings.territory is None:
        errors.add(
            "territory",
            _(
                "The lead has no territory and the selling settings no "
                "default territory: choose one."
            ),
        )
    if not data.get("customer_group") and settings.customer_group is None:
        errors.add(
            "customer_group", _("The selling settings have no default customer group: choose one.")
        )
    errors.raise_if_any()
    return data | {"lead_name": lead.name}


def lead_check_free(lead: Lead) -> None:
    if lead.status == Lead.Status.CONVERTED or Customer.objects.filter(lead=lead).exists():
        raise Conflict(
            _("Lead “%(lead)s” is already converted.") % {"lead": lead.name},
            errors={"lead_name": [_("This lead is already converted.")]},
        )


@transaction.atomic
def lead_takeover(*, customer: Customer, lead: Lead, user: User) -> None:
    """Run by customer creation when it names a lead: relink, then mark the lead converted."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    contacts = list(party_contacts(party_type="lead", party_id=lead.pk))
    addresses = list(party_addresses(party_type="lead", party_id=lead.pk))
    if not contacts and (lead.lead_name or lead.email_id or lead.mobile_no or lead.phone):
        contacts = [_contact_from_lead(lead, user)]
    party_link_add(
        party_type="customer", party_id=customer.pk, contacts=contacts, addresses=addresses
    )
    if customer.customer_primary_contact is None and contacts:
        customer.customer_primary_contact = _lead_person(lead, contacts)
    if customer.customer_primary_address is None and addresses:
        customer.customer_primary_address = addresses[0]
    primaries_record(customer, before=None, user=user, action="create")
    _lead_status_set(lead, Lead.Status.CONVERTED, before=lead.status, user=user)


def _lead_person(lead: Lead, contacts: list):
    """The contact standing for the lead's own person (same e-mail, else same name), or the
    first one: the customer's mirrored e-mail and mobile should be the lead's."""
    for matches in (
        lambda c: lead.email_id and c.email_id == lead.email_id,
        lambda c: lead.lead_name and c.full_name == lead.lead_name,
    ):
        found = next((contact for contact in contacts if matches(contact)), None)
        if found is not None:
            return found
    return contacts[0]


def _lead_status_set(lead: Lead, status: str, *, before: str, user: User | None) -> None:
    """Change the lead's status and keep the change in its history."""
    old = lead.status
    lead.status, lead.status_before_conversion = status, before
    lead.save(update_fields=["status", "status_before_conversion"])
    audit.record_changes(
        entity="lead", instance=lead, before={"status": old}, after={"status": status}, user=user
    )


def _contact_from_lead(lead: Lead, user: User) -> Contact:
    phones: list[ContactPhoneData] = [
        {"phone": p, "is_primary_mobile_no": p == lead.mobile_no}
        for p in dict.fromkeys(x for x in (lead.mobile_no, lead.phone) if x)
    ]
    return contact_create(
        data={
            "full_name": lead.lead_name or lead.company_name,
            "emails": [{"email_id": lead.email_id, "is_primary": True}] if lead.email_id else [],
            "phones": phones,
            "links": [{"party_type": "lead", "party_name": lead.name}],
        },
        user=user,
    )


def lead_release(*, customer: Customer, user: User | None = None) -> None:
    """Deleting the customer gives the lead back its status from before the conversion."""
    lead = customer.lead
    if lead is not None and lead.status == Lead.Status.CONVERTED:
        status = lead.status_before_conversion or Lead.Status.INTERESTED
        _lead_status_set(lead, status, before="", user=user)
