"""A customer's copies of its primary contact's e-mail and mobile and of its primary address.

The copies make the list and the search fast; they are refreshed here whenever the customer
points elsewhere or a linked contact or address changes (registered in ``apps.py``).
"""

from typing import Any

from clientele.contacts.models import AddressLink, ContactLink
from clientele.core import audit
from clientele.core.typing import User
from clientele.customers.models import Customer
from clientele.customers.search import search_tokens_refresh

MIRRORS = ("email_id", "mobile_no", "primary_address")
PRIMARIES = ("customer_primary_contact", "customer_primary_address")


def mirrors_of(customer: Customer) -> dict[str, str]:
    contact = customer.customer_primary_contact
    address = customer.customer_primary_address
    return {
        "email_id": contact.email_id if contact else "",
        "mobile_no": (contact.mobile_no or contact.phone) if contact else "",
        "primary_address": address.render() if address else "",
    }


def apply_mirrors(customer: Customer) -> bool:
    """Set the copies on ``customer`` in memory; say whether any changed."""
    changed = False
    for field, value in mirrors_of(customer).items():
        if getattr(customer, field) != value:
            setattr(customer, field, value)
            changed = True
    return changed


def _drop_unlinked_primaries(customers: list[Customer]) -> dict[int, dict[str, str]]:
    """A contact or address unlinked from a customer stops being its primary one (SPEC §3.10).

    Returns, per customer, the code of each primary it lost."""
    dropped: dict[int, dict[str, str]] = {}
    for field, link_model, owner in (
        ("customer_primary_contact", ContactLink, "contact_id"),
        ("customer_primary_address", AddressLink, "address_id"),
    ):
        primaries = {
            c.pk: getattr(c, f"{field}_id") for c in customers if getattr(c, f"{field}_id")
        }
        linked = set(
            link_model.objects.filter(
                party_type="customer",
                party_id__in=primaries,
                **{f"{owner}__in": set(primaries.values())},
            ).values_list("party_id", owner)
        )
        for customer in customers:
            if customer.pk in primaries and (customer.pk, primaries[customer.pk]) not in linked:
                dropped.setdefault(customer.pk, {})[field] = getattr(customer, field).name
                setattr(customer, field, None)
    return dropped


def customer_mirrors_refresh(customer_ids: list[int], *, user: User | None = None) -> None:
    """Called after linked contacts or addresses changed: rewrite only what moved, and write
    a lost primary contact or address into the customer's history."""
    customers = list(
        Customer.objects.filter(pk__in=customer_ids).select_related(
            "customer_primary_contact", "customer_primary_address"
        )
    )
    dropped = _drop_unlinked_primaries(customers)
    changed = [c for c in customers if apply_mirrors(c) or c.pk in dropped]
    if changed:
        Customer.objects.bulk_update(changed, [*MIRRORS, *PRIMARIES])
        search_tokens_refresh(changed)
    for customer in customers:
        if lost := dropped.get(customer.pk):
            primaries_record(customer, before=lost, user=user)


def primaries_record(
    customer: Customer, *, before: dict[str, Any] | None, user: User | None, action: str = "update"
) -> None:
    """Write a change of primary contact or address into the customer's history: the fields
    of ``before`` (both when it is None) as they are now against what they were. Made in
    the customer's creation (``action="create"``), they are part of its creation row."""
    after = audit.snapshot(customer, list(before) if before else PRIMARIES)
    if action == audit.CREATE:
        changed = {k: v for k, v in after.items() if (before or {}).get(k) != v}
        audit.creation_extend(entity="customer", instance=customer, values=changed, user=user)
        return
    audit.record_changes(
        entity="customer", instance=customer, before=before, after=after, user=user, action=action
    )
