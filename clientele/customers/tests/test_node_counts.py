"""The customers of each group and territory, kept by the database (``core.rows.tallies``):
right after every kind of write, recreated when a migration drops their triggers, checked
by ``check_trees``."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS

from clientele.classification.models import CustomerGroup, Territory
from clientele.core.rows.tallies import tally_ensure, tally_problems, tally_remove
from clientele.customers.models import (
    CUSTOMERS_BY_GROUP,
    CUSTOMERS_BY_TERRITORY,
    TALLIES,
    Customer,
    CustomerGroupCustomers,
    TerritoryCustomers,
)
from clientele.customers.tests.builders import group_create, territory_create
from clientele.customers.tests.party_builders import customer_post

pytestmark = pytest.mark.django_db


def kept() -> dict[str, dict[str, int]]:
    """The non-zero kept counts, by tree and node name."""
    return {
        "groups": dict(
            CustomerGroupCustomers.objects.exclude(records=0).values_list("node__name", "records")
        ),
        "territories": dict(
            TerritoryCustomers.objects.exclude(records=0).values_list("node__name", "records")
        ),
    }


def no_problem() -> bool:
    return all(tally_problems(tally, using=DEFAULT_DB_ALIAS) == [] for tally in TALLIES)


@pytest.fixture
def trees(db) -> None:
    group_create(name="Grossistes", parent_customer_group="All Customer Groups")
    territory_create(name="Bretagne", parent_territory="All Territories")


def test_api_creations_moves_and_deletions_are_counted(api, trees):
    # given three customers created through the API, two of them in the seeded defaults
    customer_post(api, name="A", customer_name="Alpha")
    customer_post(api, name="B", customer_name="Bravo")
    customer_post(
        api, name="C", customer_name="Charlie", customer_group="Grossistes", territory="Bretagne"
    )
    assert kept() == {
        "groups": {"Commercial": 2, "Grossistes": 1},
        "territories": {"France": 2, "Bretagne": 1},
    }
    # when one moves to the other group and another is deleted
    assert api.patch("/customers/A", json={"customer_group": "Grossistes"}).status_code == 200
    assert api.delete("/customers/B").status_code == 204
    # then
    assert kept() == {
        "groups": {"Grossistes": 2},
        "territories": {"France": 1, "Bretagne": 1},
    }
    assert no_problem()


def test_an_edit_leaving_the_group_alone_changes_no_count(api, trees):
    customer_post(api, name="A", customer_name="Alpha", customer_group="Grossistes")

    assert api.patch("/customers/A", json={"customer_details": "Vu"}).status_code == 200

    assert kept()["groups"] == {"Grossistes": 1}


def test_a_merge_counts_the_merged_customer_out(api, manager_api, trees):
    customer_post(api, name="SOURCE", customer_name="Alpha", customer_group="Grossistes")
    customer_post(api, name="TARGET", customer_name="Alpha bis")

    merged = manager_api.post("/customers/SOURCE/merge", json={"into": "TARGET"})

    assert merged.status_code == 200, merged.text
    assert kept()["groups"] == {"Commercial": 1}
    assert no_problem()


def test_a_statement_moving_many_customers_at_once_is_counted(api, trees):
    # given four customers in the default group
    for code in "ABCD":
        customer_post(api, name=code, customer_name=f"Client {code}")
    grossistes = CustomerGroup.objects.get(name="Grossistes")
    bretagne = Territory.objects.get(name="Bretagne")
    # when one UPDATE moves three of them, and one DELETE removes the fourth
    Customer.objects.filter(name__in=["A", "B", "C"]).update(
        customer_group=grossistes, territory=bretagne
    )
    Customer.objects.filter(name="D").delete()
    # then
    assert kept() == {"groups": {"Grossistes": 3}, "territories": {"Bretagne": 3}}
    assert no_problem()


def test_lost_triggers_are_recreated_and_the_counts_made_right(api, trees):
    # given a migration that dropped the triggers (SQLite copies a table to alter it)
    tally_remove(CUSTOMERS_BY_GROUP, using=DEFAULT_DB_ALIAS)
    customer_post(api, name="A", customer_name="Alpha", customer_group="Grossistes")
    assert kept()["groups"] == {}
    # when the check that runs after every migrate runs
    recreated = tally_ensure(CUSTOMERS_BY_GROUP, using=DEFAULT_DB_ALIAS)
    # then the count is right, and follows the next writes
    assert recreated is True
    assert kept()["groups"] == {"Grossistes": 1}
    customer_post(api, name="B", customer_name="Bravo", customer_group="Grossistes")
    assert kept()["groups"] == {"Grossistes": 2}
    assert tally_ensure(CUSTOMERS_BY_GROUP, using=DEFAULT_DB_ALIAS) is False
    assert tally_ensure(CUSTOMERS_BY_TERRITORY, using=DEFAULT_DB_ALIAS) is False


def test_check_trees_reports_a_count_that_went_wrong(api, trees):
    # given a kept count changed by hand
    customer_post(api, name="A", customer_name="Alpha", customer_group="Grossistes")
    grossistes = CustomerGroup.objects.get(name="Grossistes")
    CustomerGroupCustomers.objects.filter(node=grossistes).update(records=5)
    out, err = StringIO(), StringIO()
    # when
    with pytest.raises(CommandError) as failed:
        call_command("check_trees", stdout=out, stderr=err)
    # then
    assert str(failed.value) == "1 tree problem found."
    assert err.getvalue().splitlines() == [
        f"CustomerGroup: node {grossistes.pk} counts 5 customers, 1 found"
    ]
