"""Primary contact and address of a customer, and the mirrors that follow them (SPEC §3.10)."""

import pytest

from clientele.core.models import ChangeLog
from clientele.customers.tests.builders import series_code
from clientele.customers.tests.party_builders import (
    address_post,
    contact_post,
    customer_post,
    emails,
    link,
    mobile,
    path,
    world_state,
)

pytestmark = pytest.mark.django_db


def _names(api, q: str) -> list[str]:
    response = api.get("/customers/", params={"q": q})
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


def _mirrors(api, code: str) -> tuple:
    body = api.get(f"/customers/{code}").json()
    return (
        body["customer_primary_contact"],
        body["customer_primary_address"],
        body["email_id"],
        body["mobile_no"],
        body["primary_address"],
    )


@pytest.fixture
def durand(api) -> str:
    """Customer 1 with contact “Claire Martin” and an address in Lyon, neither primary yet;
    customer 2 “Autre” with a contact and an address of its own."""
    code = customer_post(api, customer_name="Durand")["name"]
    other = customer_post(api, customer_name="Autre")["name"]
    contact_post(
        api,
        "Claire",
        link("customer", code),
        last_name="Martin",
        emails=emails("claire@martin.fr"),
        phones=mobile("06 12 34 56 78"),
    )
    address_post(
        api,
        "3 place Bellecour",
        link("customer", code),
        address_line2="2e étage",
        city="Lyon",
        pincode="69002",
    )
    contact_post(api, "Ailleurs", link("customer", other))
    address_post(api, "1 rue Ailleurs", link("customer", other))
    return code


def _make_primary(api, code: str) -> None:
    response = api.patch(
        f"/customers/{code}",
        json={
            "customer_primary_contact": "Claire Martin",
            "customer_primary_address": "3 place Bellecour-Billing",
        },
    )
    assert response.status_code == 200, response.text


def test_setting_primaries_copies_email_mobile_and_rendered_address(api, durand):
    # when
    response = api.patch(
        f"/customers/{durand}",
        json={
            "customer_primary_contact": "Claire Martin",
            "customer_primary_address": "3 place Bellecour-Billing",
        },
    )
    # then
    assert response.status_code == 200, response.text
    body = response.json()
    assert (
        body["customer_primary_contact"],
        body["customer_primary_address"],
        body["email_id"],
        body["mobile_no"],
        body["primary_address"],
    ) == (
        "Claire Martin",
        "3 place Bellecour-Billing",
        "claire@martin.fr",
        "+33612345678",
        "3 place Bellecour\n2e étage\n69002 Lyon\nFR",
    )
    summary = api.get("/customers/", params={"q": "durand"}).json()["items"][0]
    assert (summary["email_id"], summary["mobile_no"]) == ("claire@martin.fr", "+33612345678")


def test_primary_changes_are_in_the_customer_history(api, durand):
    _make_primary(api, durand)
    changes = {
        (c["field"], c["old_value"], c["new_value"])
        for c in api.get(f"/customers/{durand}/history").json()
        if c["action"] == "update"
    }
    assert changes == {
        ("customer_primary_contact", "", "Claire Martin"),
        ("customer_primary_address", "", "3 place Bellecour-Billing"),
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("customer_primary_contact", "Ailleurs"),
        ("customer_primary_address", "1 rue Ailleurs-Billing"),
    ],
)
def test_primary_linked_to_another_customer_is_refused_and_nothing_changes(
    api, durand, field, value
):
    # given the contact / address exists but is linked to customer 2 only
    before = world_state()
    # when
    response = api.patch(f"/customers/{durand}", json={field: value})
    # then
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert errors[field] == [f"“{value}” is not linked to this customer: link it first."]
    assert world_state() == before


def test_primary_linked_to_nobody_or_unknown_is_refused(api, durand):
    contact_post(api, "Orphelin")
    before = world_state()
    response = api.patch(f"/customers/{durand}", json={"customer_primary_contact": "Orphelin"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["customer_primary_contact"]
    response = api.patch(f"/customers/{durand}", json={"customer_primary_contact": "Personne"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "customer_primary_contact": ["No contact named “Personne”."]
    }
    assert world_state() == before


def test_a_new_customer_cannot_name_a_primary_contact(api, durand):
    # A new customer has no links yet: its primary contact comes through quick entry.
    before = world_state()
    response = api.post(
        "/customers/",
        json={"customer_name": "Nouveau", "customer_primary_contact": "Claire Martin"},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["customer_primary_contact"]
    assert world_state() == before


def test_mirrors_follow_the_contact_email_and_phones(api, durand):
    # given
    _make_primary(api, durand)
    # when the contact's e-mails change
    response = api.patch(
        "/contacts/Claire Martin", json={"emails": emails("c.martin@durand.fr", "old@martin.fr")}
    )
    assert response.status_code == 200, response.text
    # then
    assert _mirrors(api, durand)[2:4] == ("c.martin@durand.fr", "+33612345678")
    # when its phones change
    api.patch(
        "/contacts/Claire Martin",
        json={
            "phones": [
                {"phone": "01 42 68 53 00", "is_primary_phone": True},
                {"phone": "07 81 22 33 44", "is_primary_mobile_no": True},
            ]
        },
    )
    # then the mobile follows the contact's primary mobile
    assert _mirrors(api, durand)[2:4] == ("c.martin@durand.fr", "+33781223344")


def test_without_a_mobile_the_mirror_takes_the_primary_phone(api, durand):
    _make_primary(api, durand)
    api.patch(
        "/contacts/Claire Martin",
        json={"phones": [{"phone": "01 42 68 53 00", "is_primary_phone": True}]},
    )
    assert _mirrors(api, durand)[3] == "+33142685300"
    api.patch("/contacts/Claire Martin", json={"phones": []})
    assert _mirrors(api, durand)[3] == ""


def test_mirror_follows_the_primary_address(api, durand):
    _make_primary(api, durand)
    response = api.patch(
        f"/addresses/{path('3 place Bellecour-Billing')}",
        json={"address_line2": "", "city": "Villeurbanne", "pincode": "69100"},
    )
    assert response.status_code == 200, response.text
    assert _mirrors(api, durand)[4] == "3 place Bellecour\n69100 Villeurbanne\nFR"


def test_deleting_the_primary_contact_clears_it_and_its_mirrors(api, durand):
    _make_primary(api, durand)
    assert api.delete("/contacts/Claire Martin").status_code == 204
    assert _mirrors(api, durand) == (
        None,
        "3 place Bellecour-Billing",
        "",
        "",
        "3 place Bellecour\n2e étage\n69002 Lyon\nFR",
    )
    assert _names(api, "claire@martin.fr") == []


def test_deleting_the_primary_address_clears_it_and_its_mirror(api, durand):
    _make_primary(api, durand)
    assert api.delete(f"/addresses/{path('3 place Bellecour-Billing')}").status_code == 204
    assert _mirrors(api, durand) == (
        "Claire Martin",
        None,
        "claire@martin.fr",
        "+33612345678",
        "",
    )
    assert _names(api, "lyon") == []


def test_unlinking_the_primary_contact_from_the_customer_clears_it(api, durand):
    # The primary contact must stay one of the customer's own.
    _make_primary(api, durand)
    response = api.patch("/contacts/Claire Martin", json={"links": []})
    assert response.status_code == 200, response.text
    assert _mirrors(api, durand)[0::2] == (None, "", "3 place Bellecour\n2e étage\n69002 Lyon\nFR")
    assert _mirrors(api, durand)[3] == ""


def test_unlinking_the_primary_address_from_the_customer_clears_it(api, durand):
    _make_primary(api, durand)
    response = api.patch(f"/addresses/{path('3 place Bellecour-Billing')}", json={"links": []})
    assert response.status_code == 200, response.text
    assert _mirrors(api, durand)[1] is None
    assert _mirrors(api, durand)[4] == ""


def test_clearing_the_primaries_by_patch_clears_the_mirrors(api, durand):
    _make_primary(api, durand)
    response = api.patch(
        f"/customers/{durand}",
        json={"customer_primary_contact": None, "customer_primary_address": None},
    )
    assert response.status_code == 200
    assert _mirrors(api, durand) == (None, None, "", "", "")


def test_a_contact_shared_by_two_customers_updates_both_mirrors(api, durand):
    # given Claire is also linked to, and primary for, customer 2
    _make_primary(api, durand)
    api.patch(
        "/contacts/Claire Martin",
        json={"links": [link("customer", durand), link("customer", series_code(2))]},
    )
    api.patch(f"/customers/{series_code(2)}", json={"customer_primary_contact": "Claire Martin"})
    # when
    api.patch("/contacts/Claire Martin", json={"emails": emails("claire@partage.fr")})
    # then
    assert _mirrors(api, durand)[2] == "claire@partage.fr"
    assert _mirrors(api, series_code(2))[2] == "claire@partage.fr"
    assert _names(api, "claire@partage.fr") == [series_code(2), durand]


# --- the customer list finds a customer by its mirrors -------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "claire@martin.fr",
        "CLAIRE@MARTIN.FR",
        "06 12 34 56 78",
        "0612345678",
        "+33612345678",
        "+33 6 12 34 56 78",
        "Lyon",
        "69002",
        "bellecour",
    ],
)
def test_list_search_finds_the_customer_by_primary_email_phone_and_address(api, durand, typed):
    _make_primary(api, durand)
    assert _names(api, typed) == [durand]


def test_list_search_follows_the_contact_and_address_changes(api, durand):
    # given
    _make_primary(api, durand)
    # when
    api.patch("/contacts/Claire Martin", json={"emails": emails("nouvelle@durand.fr")})
    api.patch("/contacts/Claire Martin", json={"phones": mobile("07 98 76 54 32")})
    api.patch(f"/addresses/{path('3 place Bellecour-Billing')}", json={"city": "Marseille"})
    # then
    assert _names(api, "claire@martin.fr") == []
    assert _names(api, "06 12 34 56 78") == []
    assert _names(api, "lyon") == []
    assert _names(api, "nouvelle@durand.fr") == [durand]
    assert _names(api, "07 98 76 54 32") == [durand]
    assert _names(api, "+33798765432") == [durand]
    assert _names(api, "marseille") == [durand]


def test_search_does_not_find_a_customer_by_a_contact_that_is_not_its_primary(api, durand):
    # Only the primary contact and address are mirrored onto the customer.
    assert _names(api, "claire@martin.fr") == []
    assert _names(api, "lyon") == []


def test_contact_change_writes_the_contact_history_not_the_customer_history(api, durand):
    _make_primary(api, durand)
    customer_rows = ChangeLog.objects.filter(entity="customer").count()
    api.patch("/contacts/Claire Martin", json={"emails": emails("x@durand.fr")})
    assert ChangeLog.objects.filter(entity="customer").count() == customer_rows
    changes = [
        c["field"]
        for c in api.get("/contacts/Claire Martin/history").json()
        if c["action"] == "update"
    ]
    assert changes == ["emails"]


def _lost_primaries(api, code: str) -> list[tuple]:
    history = api.get(f"/customers/{code}/history").json()
    return sorted(
        (c["field"], c["old_value"], c["new_value"], c["user"])
        for c in history
        if c["action"] == "update" and c["new_value"] == ""
    )


def test_a_deleted_primary_contact_and_address_are_in_the_customer_history(api, durand):
    _make_primary(api, durand)
    assert api.delete("/contacts/Claire Martin").status_code == 204
    assert api.delete(f"/addresses/{path('3 place Bellecour-Billing')}").status_code == 204
    assert _lost_primaries(api, durand) == [
        ("customer_primary_address", "3 place Bellecour-Billing", "", "root"),
        ("customer_primary_contact", "Claire Martin", "", "root"),
    ]


def test_an_unlinked_primary_contact_is_in_the_customer_history(api, durand):
    _make_primary(api, durand)
    assert api.patch("/contacts/Claire Martin", json={"links": []}).status_code == 200
    assert _lost_primaries(api, durand) == [
        ("customer_primary_contact", "Claire Martin", "", "root"),
    ]
