"""core.rows: a walk planned without parallel workers."""

import pytest
from django.db import connection, transaction

from clientele.core.rows import serial


def _workers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_serial_walk_leaves_the_enclosing_transaction_as_it_was():
    if connection.vendor != "postgresql":
        pytest.skip("parallel workers are PostgreSQL's")
    # given a transaction planning as configured
    with transaction.atomic():
        before = _workers()
        # when a walk runs inside it
        with serial(connection):
            during = _workers()
        # then the walk alone was planned without workers
        assert (during, _workers()) == ("0", before)
