"""Deleting a customer: its own contacts and addresses go, shared ones are unlinked (issue 3 §7)."""

import pytest

from clientele.contacts.models import Address, AddressLink, Contact, ContactLink
from clientele.core.models import ChangeLog
from clientele.customers.models import Customer
from clientele.customers.tests.party_builders import (
    address_links,
    address_post,
    contact_links,
    contact_post,
    customer_post,
    emails,
    lead_post,
    link,
    world_state,
)
from clientele.operations.seed import COMPANY

pytestmark = pytest.mark.django_db

GONE, KEPT = "PARTANT", "RESTANT"


@pytest.fixture
def linked(api, refs) -> str:
    """GONE has an own contact and address (its primaries), a contact shared with KEPT, one
    shared with a lead, an address shared with the company and one with a sales partner."""
    customer_post(
        api,
        name=GONE,
        customer_name="Client Partant",
        contact={"first_name": "Propre", "email_id": "propre@partant.fr"},
        address={"address_line1": "1 rue Propre", "city": "Paris", "country": "FR"},
    )
    customer_post(api, name=KEPT, customer_name="Client Restant")
    lead = lead_post(api, lead_name="Prospect")["name"]
    contact_post(
        api, "Partagé", link("customer", GONE), link("customer", KEPT), emails=emails("p@x.fr")
    )
    contact_post(api, "Du Prospect", link("customer", GONE), link("lead", lead))
    contact_post(api, "Seul Aussi", link("customer", GONE))
    address_post(api, "2 rue Société", link("customer", GONE), link("company", COMPANY))
    address_post(
        api, "3 rue Partenaire", link("sales_partner", "Partenaire Sud"), link("customer", GONE)
    )
    api.patch(f"/customers/{KEPT}", json={"customer_primary_contact": "Partagé"})
    return lead


def test_delete_removes_own_contacts_and_addresses_and_unlinks_shared_ones(
    manager_api, api, linked
):
    # given
    kept_before = api.get(f"/customers/{KEPT}").json()
    # when
    response = manager_api.delete(f"/customers/{GONE}")
    # then
    assert response.status_code == 204, response.text
    assert api.get(f"/customers/{GONE}").status_code == 404
    assert sorted(Contact.objects.values_list("name", flat=True)) == ["Du Prospect", "Partagé"]
    assert sorted(Address.objects.values_list("name", flat=True)) == [
        "2 rue Société-Billing",
        "3 rue Partenaire-Billing",
    ]
    assert contact_links("Partagé") == [("customer", KEPT)]
    assert contact_links("Du Prospect") == [("lead", linked)]
    assert address_links("2 rue Société-Billing") == [("company", COMPANY)]
    assert address_links("3 rue Partenaire-Billing") == [("sales_partner", "Partenaire Sud")]
    assert (
        not ContactLink.objects.filter(party_type="customer")
        .exclude(party_id=Customer.objects.get(name=KEPT).pk)
        .exists()
    )
    assert not AddressLink.objects.filter(party_type="customer").exists()
    # the other customer is untouched
    assert api.get(f"/customers/{KEPT}").json() == kept_before


def test_delete_is_in_the_history_of_the_customer_and_of_its_deleted_contacts(
    manager_api, api, linked
):
    # given
    gone = Customer.objects.get(name=GONE)
    contact_ids = dict(Contact.objects.values_list("name", "pk"))
    address_ids = dict(Address.objects.values_list("name", "pk"))
    # when
    manager_api.delete(f"/customers/{GONE}")
    # then
    [row] = ChangeLog.objects.filter(entity="customer", record_id=gone.pk, action="delete")
    assert (row.record_name, row.user.username) == (GONE, "manon")
    deleted = {
        (row.entity, row.record_id, row.record_name)
        for row in ChangeLog.objects.filter(action="delete").exclude(entity="customer")
    }
    assert deleted == {
        ("contact", contact_ids["Propre"], "Propre"),
        ("contact", contact_ids["Seul Aussi"], "Seul Aussi"),
        ("address", address_ids["1 rue Propre-Billing"], "1 rue Propre-Billing"),
    }


def test_deleted_customer_is_no_longer_listed_or_searchable(manager_api, api, linked):
    manager_api.delete(f"/customers/{GONE}")
    assert api.get(f"/customers/{GONE}/contacts").status_code == 404
    items = api.get("/customers/", params={"q": "propre@partant.fr"}).json()["items"]
    assert items == []


def test_a_shared_contact_stays_the_primary_of_the_other_customer(manager_api, api, linked):
    manager_api.delete(f"/customers/{GONE}")
    kept = api.get(f"/customers/{KEPT}").json()
    assert (kept["customer_primary_contact"], kept["email_id"]) == ("Partagé", "p@x.fr")


@pytest.mark.parametrize("client", ["sales_api", "reader_api"])
def test_delete_needs_a_master_manager_and_writes_nothing(request, api, linked, client):
    before = world_state()
    response = request.getfixturevalue(client).delete(f"/customers/{GONE}")
    assert response.status_code == 403
    assert world_state() == before


def test_deleting_an_unknown_customer_is_404(manager_api, api, linked):
    before = world_state()
    assert manager_api.delete("/customers/NOPE").status_code == 404
    assert world_state() == before


def test_customer_without_contacts_deletes_cleanly(manager_api, api):
    customer_post(api, name=GONE, customer_name="Seul")
    assert manager_api.delete(f"/customers/{GONE}").status_code == 204
    assert not Customer.objects.exists()
