"""Customer services called directly, as the CLI, UI and imports do (SPEC §3.1–§3.9)."""

from decimal import Decimal

import pytest

from clientele.core.api_support import history
from clientele.core.errors import Conflict, InvalidInput
from clientele.core.models import ChangeLog
from clientele.customers.models import Customer
from clientele.customers.services import (
    customer_create,
    customer_delete,
    customer_rename,
    customer_update,
    homonym_code,
)
from clientele.customers.tests.builders import COMPANY, OTHER_COMPANY, db_state, series_code
from clientele.customers.types import CustomerCreateData, SalesTeamMemberData


def _team(*shares: str) -> list[SalesTeamMemberData]:
    people = ("Alice", "Bruno", "Chloé")
    return [
        {"sales_person": person, "allocated_percentage": Decimal(share)}
        for person, share in zip(people, shares, strict=False)
    ]


def test_create_returns_the_saved_customer_with_its_code(db):
    customer = customer_create(data={"customer_name": "Durand"}, user=None)
    assert customer.pk is not None
    assert (customer.name, customer.naming_series, customer.customer_group.name) == (
        series_code(1),
        "CUST-.YYYY.-.#####",
        "Commercial",
    )


def test_create_without_user_records_history_without_author(db):
    customer = customer_create(data={"customer_name": "Durand"}, user=None)
    entries = history("customer", customer.pk)
    assert {entry["user"] for entry in entries} == {None}
    assert [e["new_value"] for e in entries if e["field"] == "customer_name"] == ["Durand"]


def test_create_refusal_raises_invalid_input_with_every_field_and_writes_nothing(db, refs):
    before = db_state()
    with pytest.raises(InvalidInput) as refused:
        customer_create(
            data={"customer_name": "", "customer_group": "All Customer Groups", "pan": "X"},
            user=None,
        )
    assert sorted(refused.value.errors) == ["customer_group", "customer_name", "pan"]
    assert db_state() == before


@pytest.mark.parametrize(
    ("shares", "accepted"),
    [
        (("33.33", "33.33", "33.34"), True),
        (("50", "50"), True),
        (("100",), True),
        (("50", "49"), False),
        (("33.333", "33.333", "33.333"), False),
        (("60", "30", "10.001"), False),
    ],
)
def test_sales_team_must_total_exactly_100(db, refs, shares, accepted):
    before = db_state()
    data: CustomerCreateData = {"customer_name": "Durand", "sales_team": _team(*shares)}
    if accepted:
        customer = customer_create(data=data, user=None)
        assert sum(m.allocated_percentage for m in customer.sales_team.all()) == Decimal(100)
    else:
        with pytest.raises(InvalidInput) as refused:
            customer_create(data=data, user=None)
        assert list(refused.value.errors) == ["sales_team"]
        assert db_state() == before


def test_an_empty_sales_team_is_allowed(db):
    customer = customer_create(data={"customer_name": "Durand", "sales_team": []}, user=None)
    assert list(customer.sales_team.all()) == []


def test_internal_customer_requires_the_represented_company(db, refs):
    before = db_state()
    with pytest.raises(InvalidInput) as refused:
        customer_create(data={"customer_name": "Interne", "is_internal_customer": True}, user=None)
    assert list(refused.value.errors) == ["represents_company"]
    assert db_state() == before


def test_one_internal_customer_per_company(db, refs):
    data: CustomerCreateData = {"is_internal_customer": True, "represents_company": OTHER_COMPANY}
    customer_create(data={"customer_name": "Interne", **data}, user=None)
    before = db_state()
    with pytest.raises(InvalidInput) as refused:
        customer_create(data={"customer_name": "Interne bis", **data}, user=None)
    assert list(refused.value.errors) == ["represents_company"]
    assert db_state() == before


def test_update_of_an_internal_customer_keeps_its_own_company(db, refs):
    customer = customer_create(
        data={
            "customer_name": "Interne",
            "is_internal_customer": True,
            "represents_company": OTHER_COMPANY,
        },
        user=None,
    )
    customer_update(customer=customer, data={"customer_details": "ok"}, user=None)
    customer.refresh_from_db()
    assert (customer.represents_company.name, customer.customer_details) == (OTHER_COMPANY, "ok")


def test_update_refuses_a_code_change(db):
    customer = customer_create(data={"customer_name": "Durand"}, user=None)
    before = db_state()
    with pytest.raises(InvalidInput) as refused:
        customer_update(customer=customer, data={"name": "AUTRE"}, user=None)
    assert list(refused.value.errors) == ["name"]
    assert db_state() == before


def test_update_with_its_own_code_is_accepted(db):
    customer = customer_create(data={"customer_name": "Durand"}, user=None)
    customer_update(customer=customer, data={"name": customer.name, "disabled": True}, user=None)
    customer.refresh_from_db()
    assert (customer.name, customer.disabled) == (series_code(1), True)


def test_update_refused_leaves_the_row_unchanged(db, refs):
    customer = customer_create(
        data={
            "customer_name": "Durand",
            "credit_limits": [{"company": COMPANY, "credit_limit": Decimal(5)}],
        },
        user=None,
    )
    before = db_state()
    with pytest.raises(InvalidInput):
        customer_update(
            customer=customer,
            data={"customer_name": "Durand SA", "credit_limits": [{"company": "Nope"}]},
            user=None,
        )
    assert db_state() == before
    fresh = Customer.objects.get(pk=customer.pk)
    assert fresh.customer_name == "Durand"
    assert [(r.company.name, r.credit_limit) for r in fresh.credit_limits.all()] == [
        (COMPANY, Decimal("5.00"))
    ]


def test_rename_keeps_the_integer_key_and_the_child_rows(db, refs):
    customer = customer_create(
        data={"customer_name": "Durand", "sales_team": _team("100")}, user=None
    )
    pk = customer.pk
    customer_rename(customer=customer, new_name="DURAND", user=None)
    renamed = Customer.objects.get(name="DURAND")
    assert renamed.pk == pk
    assert [m.sales_person.name for m in renamed.sales_team.all()] == ["Alice"]
    rename = ChangeLog.objects.filter(record_id=pk, action="rename").get()
    assert (rename.field, rename.old_value, rename.new_value, rename.record_name) == (
        "name",
        series_code(1),
        "DURAND",
        "DURAND",
    )


def test_rename_onto_a_taken_code_raises_conflict(db):
    customer_create(data={"name": "PRIS", "customer_name": "Pris"}, user=None)
    customer = customer_create(data={"customer_name": "Durand"}, user=None)
    before = db_state()
    with pytest.raises(Conflict) as refused:
        customer_rename(customer=customer, new_name="pris", user=None)
    assert list(refused.value.errors) == ["new_name"]
    assert db_state() == before


def test_delete_of_a_customer_nothing_points_to(db):
    customer = customer_create(data={"customer_name": "Durand"}, user=None)
    pk = customer.pk
    customer_delete(customer=customer, user=None)
    assert not Customer.objects.filter(pk=pk).exists()
    assert ChangeLog.objects.filter(record_id=pk, entity="customer", action="delete").count() == 1


def test_homonym_code_counts_from_the_highest_suffix(db):
    assert homonym_code("Durand") == "Durand"
    for code in ("Durand", "durand-2", "Durand-10", "Durand-x", "Durand-3-1", "Durandal-99"):
        customer_create(data={"name": code, "customer_name": "Durand"}, user=None)
    assert homonym_code("Durand") == "Durand-11"
    assert homonym_code("DURAND") == "DURAND-11"
    assert homonym_code("Durand-3") == "Durand-3"  # free, though Durand-3-1 exists


def test_homonym_code_treats_like_wildcards_literally(db):
    customer_create(data={"name": "A_B", "customer_name": "A_B"}, user=None)
    customer_create(data={"name": "AxB-5", "customer_name": "AxB"}, user=None)
    customer_create(data={"name": "100%", "customer_name": "100%"}, user=None)
    customer_create(data={"name": "100 pourcent-4", "customer_name": "x"}, user=None)
    assert homonym_code("A_B") == "A_B-1"
    assert homonym_code("100%") == "100%-1"
