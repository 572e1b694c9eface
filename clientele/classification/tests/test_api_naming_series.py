"""Naming series over REST: the list of series and the current value of each prefix."""

from urllib.parse import quote

import pytest
from django.utils import timezone

from clientele.core.models import ChangeLog, NamingSeries, SeriesCounter
from clientele.core.tests.helpers import row_counts


def all_series() -> list[dict[str, str]]:
    return list(NamingSeries.objects.order_by("name").values("name", "entity"))


def counter_url(prefix: str) -> str:
    return f"/naming-series/counters/{quote(prefix, safe='')}"


def test_series_are_listed(reader_api):
    response = reader_api.get("/naming-series/")

    assert response.status_code == 200
    assert response.json() == all_series()
    assert {"name": "CUST-.YYYY.-.#####", "entity": "customer"} in response.json()


def test_a_series_without_counter_gets_one(api):
    response = api.post("/naming-series/", json={"name": "CLI-.YY.-.MM.-"})

    assert (response.status_code, response.json()) == (
        201,
        {"name": "CLI-.YY.-.MM.-.#####", "entity": "customer"},
    )
    assert {"name": "CLI-.YY.-.MM.-.#####", "entity": "customer"} in api.get(
        "/naming-series/"
    ).json()


@pytest.mark.parametrize(
    ("name", "status", "errors"),
    [
        (
            "CLI-##-.YYYY.",
            422,
            {"name": ["The run of # (the counter) must come last, e.g. CUST-.YYYY.-.#####."]},
        ),
        ("   ", 422, {"name": ["A series cannot be empty."]}),
        ("CUST-.YYYY.-", 409, {"name": ["This series already exists."]}),
        ("CUST-.YYYY.-.#####", 409, {"name": ["This series already exists."]}),
    ],
    ids=["hashes not last", "empty", "existing, completed", "existing"],
)
def test_bad_or_existing_series_is_refused(api, name, status, errors):
    before = row_counts(NamingSeries)

    response = api.post("/naming-series/", json={"name": name})

    assert (response.status_code, response.json()["errors"]) == (status, errors)
    assert row_counts(NamingSeries) == before


def test_a_series_too_long_is_refused(api):
    before = row_counts(NamingSeries)

    response = api.post("/naming-series/", json={"name": "X" * 101})

    assert (response.status_code, list(response.json()["errors"])) == (422, ["name"])
    assert row_counts(NamingSeries) == before


def test_a_manager_edits_a_counter_and_numbering_continues_from_it(manager_api, api):
    prefix = f"CUST-{timezone.localdate():%Y}-"

    response = manager_api.put(counter_url(prefix), json={"current": 41})
    created = api.post("/customers/", json={"customer_name": "Boulangerie Martin"})

    assert (response.status_code, response.json()) == (200, {"prefix": prefix, "current": 41})
    assert created.json()["name"] == f"{prefix}00042"
    assert {"prefix": prefix, "current": 42} in api.get("/naming-series/counters").json()


def test_counters_are_listed(reader_api):
    SeriesCounter.objects.create(prefix="FAC/2026/", current=7)

    response = reader_api.get("/naming-series/counters")

    assert response.json() == list(
        SeriesCounter.objects.order_by("prefix").values("prefix", "current")
    )
    assert {"prefix": "FAC/2026/", "current": 7} in response.json()


def test_a_prefix_with_slashes_round_trips(api):
    response = api.put(counter_url("FAC/2026/"), json={"current": 3})

    assert (response.status_code, response.json()) == (200, {"prefix": "FAC/2026/", "current": 3})
    assert SeriesCounter.objects.get(prefix="FAC/2026/").current == 3


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        ({"current": -1}, {"current": ["The current value cannot be negative."]}),
        ({"current": "beaucoup"}, None),
        ({"current": 5, "step": 2}, {"step": ["Extra inputs are not permitted"]}),
        (
            {"current": 10**25},
            {"current": ["The current value is at most 999,999,999,999."]},
        ),
    ],
    ids=["negative", "not a number", "unknown field", "too large"],
)
def test_bad_counter_value_is_refused(api, payload, errors):
    SeriesCounter.objects.create(prefix="CUST-2026-", current=12)
    before = row_counts(SeriesCounter)

    response = api.put(counter_url("CUST-2026-"), json=payload)

    assert response.status_code == 422
    if errors:
        assert response.json()["errors"] == errors
    else:
        assert list(response.json()["errors"]) == ["current"]
    assert SeriesCounter.objects.get(prefix="CUST-2026-").current == 12
    assert row_counts(SeriesCounter) == before


@pytest.mark.parametrize("client", ["reader_api", "sales_api"])
def test_series_and_counters_are_changed_by_managers_only(request, db, client):
    other = request.getfixturevalue(client)
    before = row_counts(NamingSeries, SeriesCounter)

    created = other.post("/naming-series/", json={"name": "CLI-.#####"})
    counter = other.put(counter_url("CUST-2026-"), json={"current": 99})

    assert [created.status_code, counter.status_code] == [403, 403]
    assert created.json()["detail"] == (
        "This needs one of these roles: Sales Master Manager, System Manager."
    )
    assert row_counts(NamingSeries, SeriesCounter) == before


def test_series_need_a_login(anonymous):
    before = row_counts(NamingSeries, SeriesCounter)

    responses = [
        anonymous.get("/naming-series/"),
        anonymous.get("/naming-series/counters"),
        anonymous.post("/naming-series/", json={"name": "CLI-.#####"}),
        anonymous.put(counter_url("CUST-2026-"), json={"current": 99}),
    ]

    assert [r.status_code for r in responses] == [401, 401, 401, 401]
    assert row_counts(NamingSeries, SeriesCounter) == before


def test_unknown_field_of_a_series_is_refused(api):
    before = row_counts(NamingSeries)

    response = api.post("/naming-series/", json={"name": "CLI-.#####", "prefix": "CLI-"})

    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"prefix": ["Extra inputs are not permitted"]},
    )
    assert row_counts(NamingSeries) == before


def test_setting_a_counter_is_kept_in_its_history(api):
    # given a counter that handed out 3 codes
    api.put("/naming-series/counters/CUST-2026-", json={"current": 3})
    # when a manager sets it back
    api.put("/naming-series/counters/CUST-2026-", json={"current": 1})
    # then both changes are in its history, with who did them
    changes = api.get("/naming-series/counters/CUST-2026-/history").json()
    assert [(c["old_value"], c["new_value"], c["user"]) for c in changes] == [
        ("", "3", "root"),
        ("3", "1", "root"),
    ]


@pytest.mark.parametrize("current", [False, True, "5", 5.5, None])
def test_a_counter_is_set_by_a_whole_number_only(api, current):
    # given a counter at 7
    api.put(counter_url("ZZ-"), json={"current": 7})
    before = row_counts(SeriesCounter, ChangeLog)
    # when something that is not a whole number is sent (``false`` used to set 0)
    response = api.put(counter_url("ZZ-"), json={"current": current})
    # then it is refused on that field, and the counter stays at 7
    assert (response.status_code, list(response.json()["errors"])) == (422, ["current"])
    assert SeriesCounter.objects.get(prefix="ZZ-").current == 7
    assert row_counts(SeriesCounter, ChangeLog) == before
