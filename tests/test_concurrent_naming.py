"""Customer codes stay unique when many workers create customers at once (SPEC §3.2).

Eight threads, each with its own database connection, create customers through the real
service; the data must be committed, hence a transactional test that seeds for itself.
"""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from django.utils import timezone

from clientele.classification.services import selling_settings_update
from clientele.core.models import SeriesCounter
from clientele.customers.models import Customer
from clientele.customers.services import customer_create
from clientele.operations.seed import seed_reference_data

WORKERS = 8
CUSTOMERS = 400


def _in_parallel(create_one: Callable[[int], str]) -> list[str]:
    """Run ``create_one(i)`` for i in 0..CUSTOMERS-1 on WORKERS threads started together."""
    start = threading.Barrier(WORKERS)

    def worker(indexes: range) -> list[str]:
        try:
            start.wait(timeout=30)
            return [create_one(i) for i in indexes]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(WORKERS) as pool:
        chunks = pool.map(worker, [range(w, CUSTOMERS, WORKERS) for w in range(WORKERS)])
        return [code for chunk in chunks for code in chunk]


@pytest.mark.django_db(transaction=True)
def test_parallel_creation_by_naming_series_hands_out_each_number_once():
    # given the reference data, committed
    seed_reference_data()
    year = timezone.localdate().year
    # when
    codes = _in_parallel(
        lambda i: customer_create(data={"customer_name": f"Client {i}"}, user=None).name
    )
    # then
    assert sorted(codes) == [f"CUST-{year}-{n:05d}" for n in range(1, CUSTOMERS + 1)]
    assert sorted(Customer.objects.values_list("name", flat=True)) == sorted(codes)
    assert SeriesCounter.objects.get(prefix=f"CUST-{year}-").current == CUSTOMERS


@pytest.mark.django_db(transaction=True)
def test_parallel_homonyms_by_customer_name_get_distinct_suffixes():
    # given naming by customer name, committed
    seed_reference_data()
    selling_settings_update(data={"customer_naming_by": "Customer Name"}, user=None)
    # when
    codes = _in_parallel(
        lambda i: customer_create(data={"customer_name": "Homonyme SARL"}, user=None).name
    )
    # then
    expected = ["Homonyme SARL", *(f"Homonyme SARL-{n}" for n in range(1, CUSTOMERS))]
    assert sorted(codes) == sorted(expected)
    assert sorted(Customer.objects.values_list("name", flat=True)) == sorted(expected)
    assert set(Customer.objects.values_list("customer_name", flat=True)) == {"Homonyme SARL"}
