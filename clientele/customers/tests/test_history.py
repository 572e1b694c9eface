"""A record's creation is one history row; its readers (the history endpoint, the customer
page, a merge's report) show it as one entry per field, as they showed the per-field
creation rows older databases hold."""

import pytest
from django.utils import timezone

from clientele.core.api_support import history
from clientele.core.history import history_count, history_page
from clientele.core.models import ChangeLog
from clientele.customers.merge import customer_merge, merge_plan
from clientele.customers.services import customer_create, customer_update
from clientele.customers.tests.party_builders import customer_post

pytestmark = pytest.mark.django_db


def rows_of(customer) -> list[tuple[str, str]]:
    rows = ChangeLog.objects.filter(entity="customer", record_id=customer.pk).order_by("id")
    return list(rows.values_list("action", "field"))


def entries(customer) -> list[tuple[str, str, str, str]]:
    return [
        (e["action"], e["field"], e["old_value"], e["new_value"])
        for e in history("customer", customer.pk)
    ]


def test_a_creation_writes_one_history_row_read_as_one_entry_per_field(admin):
    # when
    customer = customer_create(
        data={"name": "MARTIN", "customer_name": "Martin SARL", "tax_id": "FR40303265045"},
        user=admin,
    )
    # then one row
    assert rows_of(customer) == [("created", "")]
    # read as the fields it was created with, as the API gives them
    assert entries(customer) == [
        ("create", "name", "", "MARTIN"),
        ("create", "customer_name", "", "Martin SARL"),
        ("create", "customer_type", "", "Company"),
        ("create", "tax_id", "", "FR40303265045"),
        ("create", "customer_group", "", "Commercial"),
        ("create", "territory", "", "France"),
    ]
    assert {e["user"] for e in history("customer", customer.pk)} == {"root"}


def test_quick_entry_keeps_the_primaries_in_the_one_creation_row(api):
    # when
    seeded = ChangeLog.objects.order_by("id").values_list("id", flat=True).last() or 0
    body = customer_post(
        api,
        customer_name="Durand",
        contact={"first_name": "Paul"},
        address={
            "address_line1": "12 rue de la Paix",
            "city": "Paris",
            "pincode": "75002",
            "country": "FR",
        },
    )
    # then the customer, its contact and its address have one history row each
    written = ChangeLog.objects.filter(id__gt=seeded)
    assert sorted(written.values_list("entity", "action")) == [
        ("address", "created"),
        ("contact", "created"),
        ("customer", "created"),
    ]
    customer_entries = api.get(f"/customers/{body['name']}/history").json()
    assert [(e["field"], e["new_value"]) for e in customer_entries][-2:] == [
        ("customer_primary_contact", "Paul"),
        ("customer_primary_address", "12 rue de la Paix-Billing"),
    ]


def test_creation_rows_of_older_databases_read_as_before(admin):
    # given a customer whose creation was written one row per field
    customer = customer_create(data={"name": "OLD", "customer_name": "Ancien SARL"}, user=admin)
    ChangeLog.objects.filter(record_id=customer.pk).delete()
    for field, value in (("name", "OLD"), ("customer_name", "Ancien SARL")):
        ChangeLog.objects.create(
            entity="customer",
            record_id=customer.pk,
            record_name="OLD",
            user=admin,
            action="create",
            field=field,
            new_value=value,
        )
    customer_update(customer=customer, data={"customer_details": "note"}, user=admin)
    # then
    expected = [
        ("create", "name", "", "OLD"),
        ("create", "customer_name", "", "Ancien SARL"),
        ("update", "customer_details", "", "note"),
    ]
    assert entries(customer) == expected
    count, page = history_page(entity="customer", record_id=customer.pk, limit=2, offset=1)
    assert count == 3
    assert [(e.action, e.field) for e in page] == [("create", "customer_name"), ("create", "name")]
    # past the last page, the count still says how many there are
    assert history_page(entity="customer", record_id=customer.pk, limit=2, offset=4) == (3, [])


def test_pages_of_a_history_hold_the_creations_among_the_other_changes(admin):
    # given a customer edited twice, another one created then, edited, and merged into it:
    # its creation row comes after two of the survivor's changes
    survivor = customer_create(data={"name": "A", "customer_name": "Alpha"}, user=admin)
    for note in ("one", "two"):
        customer_update(customer=survivor, data={"customer_details": note}, user=admin)
    merged = customer_create(data={"name": "B", "customer_name": "Beta"}, user=admin)
    customer_update(customer=merged, data={"website": "https://beta.fr"}, user=admin)
    assert merge_plan(merged, survivor).moves["history"] == 6
    customer_merge(source=merged, target=survivor, dry_run=False, user=admin)
    # then the whole history, oldest first
    whole = [(action, field, new) for action, field, _old, new in entries(survivor)]
    assert whole == [
        ("create", "name", "A"),
        ("create", "customer_name", "Alpha"),
        ("create", "customer_type", "Company"),
        ("create", "customer_group", "Commercial"),
        ("create", "territory", "France"),
        ("update", "customer_details", "one"),
        ("update", "customer_details", "two"),
        ("create", "name", "B"),
        ("create", "customer_name", "Beta"),
        ("create", "customer_type", "Company"),
        ("create", "customer_group", "Commercial"),
        ("create", "territory", "France"),
        ("update", "website", "https://beta.fr"),
        ("merge", "merged", "B"),
    ]
    assert history_count(entity="customer", record_id=survivor.pk) == len(whole)
    # and every page, newest first, is its slice of it
    newest_first = whole[::-1]
    for limit in (1, 3, 7, 30):
        for offset in range(len(whole) + 1):
            count, page = history_page(
                entity="customer", record_id=survivor.pk, limit=limit, offset=offset
            )
            assert count == len(whole)
            assert [(e.action, e.field, e.new_value) for e in page] == newest_first[
                offset : offset + limit
            ], (limit, offset)


def test_a_page_shows_who_and_when_for_a_creations_entries(admin):
    customer = customer_create(data={"name": "C", "customer_name": "Gamma"}, user=admin)
    _count, page = history_page(entity="customer", record_id=customer.pk, limit=1)
    [entry] = page
    assert (entry.user.username, entry.action, entry.field) == (
        "root",
        "create",
        "territory",
    )
    assert abs((timezone.now() - entry.at).total_seconds()) < 60
