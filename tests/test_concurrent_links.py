"""What a customer links to stays as it was checked until the customer is committed: a
leaf node in use never becomes a group (SPEC §3.3), a record in use is never deleted, even
when the customer pointing to it is being written at that very moment.

Two threads, each with its own connection, hold their transactions open so the other one
runs in between; the data must be committed, hence transactional tests.
"""

import threading
import time

import pytest
from django.db import connections, transaction
from django.utils import translation

from clientele.classification.models import Territory
from clientele.classification.services import TERRITORY
from clientele.core.errors import Conflict, InvalidInput
from clientele.core.records import record_create, record_delete, record_update
from clientele.customers.models import Customer
from clientele.customers.services import customer_create
from clientele.customers.types import CustomerCreateData
from clientele.masters.models import Currency
from clientele.masters.services import CURRENCY
from clientele.operations.seed import seed_reference_data

LEAF = "Normandie"
GROUP_MESSAGE = f"“{LEAF}” is a group node: choose one of its leaf nodes."
IN_USE_MESSAGE = f"“{LEAF}” is used by records: it cannot become a group."
# Long enough for the second writer to have sent its statements and be waiting on a lock.
SECOND_WRITER_HEAD_START = 0.5


def _first_then_second(first, second) -> tuple[object, object]:
    """Run ``first`` in a transaction kept open until ``second`` has started and waited a
    moment, then commit it; return what each returned or raised."""
    holding, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def run(key, action, before_commit=None):
        try:
            with translation.override("en"), transaction.atomic():
                outcome[key] = action()
                if before_commit:
                    before_commit()
        except Exception as error:  # the outcome under test, refusals included
            outcome[key] = error
        finally:
            connections.close_all()

    def hold_open():
        holding.set()
        assert release.wait(timeout=30)

    one = threading.Thread(target=run, args=("first", first, hold_open))
    two = threading.Thread(target=run, args=("second", second))
    one.start()
    assert holding.wait(timeout=30)
    try:
        two.start()
        time.sleep(SECOND_WRITER_HEAD_START)
    finally:
        # Even when the test itself fails: a transaction left open locks the next tests out.
        release.set()
    one.join(timeout=60)
    two.join(timeout=60)
    return outcome["first"], outcome["second"]


def _create_customer():
    data: CustomerCreateData = {
        "customer_name": "Traiteur",
        "territory": LEAF,
        "default_currency": "SEK",
    }
    return customer_create(data=data, user=None)


def _turn_into_group():
    return record_update(TERRITORY, Territory.objects.get(name=LEAF), {"is_group": True}, user=None)


def _delete_currency():
    return record_delete(CURRENCY, Currency.objects.get(name="SEK"), user=None)


@pytest.fixture
def leaf(transactional_db):
    seed_reference_data()
    record_create(TERRITORY, {"name": LEAF, "is_group": False}, user=None)
    record_create(CURRENCY, {"name": "SEK"}, user=None)


def test_a_customer_written_while_its_leaf_becomes_a_group_is_refused(leaf):
    # when the leaf turns into a group first, and a customer is written meanwhile
    turned, created = _first_then_second(_turn_into_group, _create_customer)
    # then the customer waits for the change, sees a group node and writes nothing
    assert Territory.objects.get(name=LEAF).is_group is True
    assert isinstance(created, InvalidInput)
    assert created.errors == {"territory": [GROUP_MESSAGE]}
    assert Customer.objects.count() == 0


def test_a_leaf_whose_customer_is_being_written_does_not_become_a_group(leaf):
    # when a customer on the leaf is being written first, and the leaf is turned meanwhile
    created, turned = _first_then_second(_create_customer, _turn_into_group)
    # then the change waits for the customer, counts it and is refused
    assert isinstance(created, Customer)
    assert isinstance(turned, InvalidInput)
    assert turned.errors == {"is_group": [IN_USE_MESSAGE]}
    assert Territory.objects.get(name=LEAF).is_group is False
    assert list(Customer.objects.values_list("territory__name", flat=True)) == [LEAF]


def test_a_customer_written_while_its_currency_is_deleted_is_refused(leaf):
    # when the currency is deleted first, and a customer using it is written meanwhile
    deleted, created = _first_then_second(_delete_currency, _create_customer)
    # then the customer waits for the delete, finds no currency and writes nothing
    assert deleted is None
    assert isinstance(created, InvalidInput)
    assert created.errors == {"default_currency": ["No currency named “SEK”."]}
    assert Customer.objects.count() == 0


def test_a_currency_whose_customer_is_being_written_is_not_deleted(leaf):
    # when a customer using the currency is being written first, and it is deleted meanwhile
    created, deleted = _first_then_second(_create_customer, _delete_currency)
    # then the delete waits for the customer, counts it and is refused
    assert isinstance(created, Customer)
    assert isinstance(deleted, Conflict)
    assert deleted.errors == {"references": ["customers: 1"]}
    assert list(Customer.objects.values_list("default_currency__name", flat=True)) == ["SEK"]
