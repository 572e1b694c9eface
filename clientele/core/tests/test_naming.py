"""Naming series: template check, date tokens, one counter per resolved prefix (SPEC §3.2)."""

import threading
from datetime import date

import pytest
from django.db import connection, transaction

from clientele.core.errors import Conflict, InvalidInput
from clientele.core.models import NamingSeries, SeriesCounter
from clientele.core.naming import (
    series_create,
    series_next,
    series_resolve,
    series_set_current,
    series_template_check,
)
from clientele.core.tests.helpers import row_counts

TEMPLATE = "CUST-.YYYY.-.#####"
MARCH_5 = date(2026, 3, 5)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("CUST-.YYYY.-", "CUST-.YYYY.-.#####"),
        ("CUST-.YYYY.-.#####", "CUST-.YYYY.-.#####"),
        ("  INV-.###  ", "INV-.###"),
        ("CUST-.YYYY.", "CUST-.YYYY.#####"),
        ("CUST-", "CUST-.#####"),
    ],
)
def test_template_gets_a_counter_when_it_has_none(given, expected):
    assert series_template_check(given) == expected


@pytest.mark.parametrize("template", ["CUST-#####-", "CUST-##.##", "A#B#", "#-.YYYY.-"])
def test_template_with_hashes_not_last_is_refused(template):
    with pytest.raises(InvalidInput) as refused:
        series_template_check(template)
    assert refused.value.errors == {
        "name": ["The run of # (the counter) must come last, e.g. CUST-.YYYY.-.#####."]
    }


def test_empty_template_is_refused():
    with pytest.raises(InvalidInput) as refused:
        series_template_check("   ")
    assert refused.value.errors == {"name": ["A series cannot be empty."]}


@pytest.mark.parametrize(
    ("template", "prefix", "width"),
    [
        ("CUST-.YYYY.-.#####", "CUST-2026-", 5),
        ("SO-.YY.-.MM.-.DD.-.###", "SO-26-03-05-", 3),
        ("ACC-.YYYY.MM.-.####", "ACC-202603-", 4),
        ("CUST-.YYYY.#####", "CUST-2026", 5),
        ("CUST-.#", "CUST-", 1),
        ("CUST-YYYY-.##", "CUST-YYYY-", 2),
        ("F.A.-.##", "F.A.-", 2),
    ],
)
def test_resolve_fills_date_tokens_and_reads_the_counter_width(template, prefix, width):
    assert series_resolve(template, MARCH_5) == (prefix, width)


def test_next_increments_one_counter_per_resolved_prefix(db):
    # given no counter yet for 2026
    assert not SeriesCounter.objects.filter(prefix="CUST-2026-").exists()
    # when
    codes = [series_next(template=TEMPLATE, today=MARCH_5) for _ in range(3)]
    # then
    assert codes == ["CUST-2026-00001", "CUST-2026-00002", "CUST-2026-00003"]
    assert SeriesCounter.objects.get(prefix="CUST-2026-").current == 3


def test_new_year_restarts_at_one_and_keeps_last_year_counter(db):
    series_next(template=TEMPLATE, today=date(2026, 12, 31))
    series_next(template=TEMPLATE, today=date(2026, 12, 31))

    code = series_next(template=TEMPLATE, today=date(2027, 1, 1))

    assert code == "CUST-2027-00001"
    assert dict(
        SeriesCounter.objects.filter(prefix__startswith="CUST-202").values_list("prefix", "current")
    ) == {"CUST-2026-": 2, "CUST-2027-": 1}


def test_templates_resolving_to_the_same_prefix_share_the_counter(db):
    series_next(template=TEMPLATE, today=MARCH_5)

    assert series_next(template="CUST-.YYYY.-.###", today=MARCH_5) == "CUST-2026-002"


def test_counter_grows_past_its_width_rather_than_wrapping(db):
    series_set_current(prefix="CUST-2026-", current=99_999)

    assert series_next(template=TEMPLATE, today=MARCH_5) == "CUST-2026-100000"


def test_rolled_back_creation_gives_its_number_back(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        series_next(template=TEMPLATE, today=MARCH_5)
        raise RuntimeError("creation failed")

    assert series_next(template=TEMPLATE, today=MARCH_5) == "CUST-2026-00001"


def test_manager_sets_a_counter_then_numbering_continues_from_it(db):
    counter = series_set_current(prefix="CUST-2026-", current=41)

    assert (counter.prefix, counter.current) == ("CUST-2026-", 41)
    assert series_next(template=TEMPLATE, today=MARCH_5) == "CUST-2026-00042"


def test_negative_counter_is_refused_and_nothing_changes(db):
    series_set_current(prefix="CUST-2026-", current=7)
    before = row_counts(SeriesCounter)

    with pytest.raises(InvalidInput) as refused:
        series_set_current(prefix="CUST-2026-", current=-1)

    assert refused.value.errors == {"current": ["The current value cannot be negative."]}
    assert SeriesCounter.objects.get(prefix="CUST-2026-").current == 7
    assert row_counts(SeriesCounter) == before


def test_series_create_stores_the_checked_template(db):
    series = series_create(name="INV-.YYYY.-")

    assert (series.name, series.entity) == ("INV-.YYYY.-.#####", "customer")
    assert NamingSeries.objects.filter(name="INV-.YYYY.-.#####").count() == 1


def test_series_create_refuses_a_series_that_exists(db):
    before = row_counts(NamingSeries)

    with pytest.raises(Conflict) as refused:
        series_create(name="CUST-.YYYY.-")

    assert refused.value.errors == {"name": ["This series already exists."]}
    assert row_counts(NamingSeries) == before


@pytest.mark.django_db(transaction=True)
def test_concurrent_creators_never_get_the_same_number():
    # given eight creators drawing five numbers each, each on its own connection
    drawn: list[str] = []
    lock = threading.Lock()

    def draw() -> None:
        try:
            for _ in range(5):
                with transaction.atomic():
                    code = series_next(template="RACE-.#####", today=MARCH_5)
                with lock:
                    drawn.append(code)
        finally:
            connection.close()

    threads = [threading.Thread(target=draw) for _ in range(8)]
    # when
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then
    assert sorted(drawn) == [f"RACE-{n:05d}" for n in range(1, 41)]
    assert SeriesCounter.objects.get(prefix="RACE-").current == 40


def test_template_longer_than_a_series_can_hold_is_refused():
    # 96 characters plus the added ".#####" would not fit the 100 a series holds
    with pytest.raises(InvalidInput) as refused:
        series_template_check("X" * 96)
    assert refused.value.errors == {"name": ["A series has at most 100 characters."]}
