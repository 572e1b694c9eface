"""core.rows: a walk planned without parallel workers (PostgreSQL's); elsewhere, the same
statements as they are."""

import pytest
from django.db import connection, transaction

from clientele.core.rows import serial


def _workers() -> str | None:
    """PostgreSQL's parallel workers per step of a plan; SQLite has none to set."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


def _one() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_a_serial_walk_leaves_the_enclosing_transaction_as_it_was():
    # given a transaction planning with a setting of its own
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 3")
        before = _workers()
        # when a walk runs inside it
        with serial(connection):
            during, answered = _workers(), _one()
        # then the walk alone was planned without workers, and ran
        after = _workers()
    expected = ("0", "3") if connection.vendor == "postgresql" else (None, None)
    assert (during, after, answered) == (*expected, 1)
    assert before == after


@pytest.mark.django_db(transaction=True)
def test_a_serial_walk_outside_a_transaction_changes_no_setting_after_it():
    # given no transaction open, planning as configured
    before = _workers()
    # when a walk runs
    with serial(connection):
        during, answered = _workers(), _one()
    # then it was planned without workers, and the connection plans as before
    assert (during, answered) == ("0" if connection.vendor == "postgresql" else None, 1)
    assert _workers() == before
    assert not connection.in_atomic_block
