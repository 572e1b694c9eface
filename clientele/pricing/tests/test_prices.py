"""Item prices: per price list, in its currency, valid between two dates, never two for
the same item, list and day (through the REST API)."""

from datetime import date, timedelta

import pytest

from clientele.core.records import record_create
from clientele.core.tests.helpers import row_counts
from clientele.masters import services as masters
from clientele.masters.tests.helpers import refused, url
from clientele.pricing.models import ItemPrice
from clientele.pricing.tests.helpers import SELLING, item, item_group, price

pytestmark = pytest.mark.django_db

START = date(2030, 1, 1)
END = date(2030, 6, 30)


@pytest.fixture(autouse=True)
def cafe():
    item_group()
    item("CAFE-1KG")


def _post(api, **data):
    body = {"item": "CAFE-1KG", "price_list": SELLING, "price_list_rate": "12.5", **data}
    return api.post("/item-prices/", json=body)


def test_a_price_takes_its_lists_currency_and_the_next_code_of_the_series(api):
    # when
    first = _post(api, valid_from=str(START))
    second = _post(api, price_list="Standard Buying")
    # then
    assert first.status_code == 201
    assert first.json() == {
        "price_list_rate": "12.500000",
        "valid_from": "2030-01-01",
        "valid_upto": None,
        "item": "CAFE-1KG",
        "price_list": SELLING,
        "currency": "EUR",
        "name": "ITEM-PRICE-00001",
    }
    assert second.json()["name"] == "ITEM-PRICE-00002"


def test_a_currency_other_than_the_lists_is_refused(api):
    # given
    before = row_counts(ItemPrice)
    # when
    answer = _post(api, currency="USD")
    # then
    assert refused(answer) == {
        "currency": ["The price list “Standard Selling” is in EUR: its prices are too."]
    }
    assert row_counts(ItemPrice) == before


def test_a_price_ending_before_it_starts_is_refused(api):
    # given
    before = row_counts(ItemPrice)
    # when
    answer = _post(api, valid_from=str(END), valid_upto=str(START))
    # then
    assert refused(answer) == {"valid_upto": ["The price must end on or after the day it starts."]}
    assert row_counts(ItemPrice) == before


def test_a_price_of_one_day_is_accepted(api):
    # when
    answer = _post(api, valid_from=str(START), valid_upto=str(START))
    # then
    assert answer.status_code == 201


def test_a_negative_rate_is_refused(api):
    # given
    before = row_counts(ItemPrice)
    # when
    answer = _post(api, price_list_rate="-1")
    # then
    assert refused(answer) == {
        "price_list_rate": ["Ensure this value is greater than or equal to 0."]
    }
    assert row_counts(ItemPrice) == before


DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (START, END),  # the same period
        (END, None),  # from its last day on
        (None, START),  # up to its first day
        (None, None),  # at any date
        (START + DAY, END - DAY),  # inside it
        (START - DAY, END + DAY),  # around it
    ],
)
def test_a_price_overlapping_another_of_the_same_item_and_list_is_a_conflict(api, start, end):
    # given
    price("CAFE-1KG", "12", START, END)
    before = row_counts(ItemPrice)
    # when
    answer = _post(
        api,
        valid_from=start and str(start),
        valid_upto=end and str(end),
    )
    # then
    assert refused(answer, 409) == {"valid_from": ["The validity overlaps that of another price."]}
    assert answer.json()["detail"] == (
        "“CAFE-1KG” already has a price in “Standard Selling” from 2030-01-01 to 2030-06-30 "
        "(ITEM-PRICE-00001)."
    )
    assert row_counts(ItemPrice) == before


def test_an_open_price_is_named_so_in_the_conflict(api):
    # given
    price("CAFE-1KG", "12", START, None)
    # when
    answer = _post(api, valid_upto=str(START))
    # then
    assert answer.status_code == 409
    assert "from 2030-01-01 on (ITEM-PRICE-00001)" in answer.json()["detail"]


def test_prices_before_and_after_another_and_in_other_lists_are_accepted(api):
    # given
    price("CAFE-1KG", "12", START, END)
    # when
    before = _post(api, valid_upto=str(START - DAY))
    after = _post(api, valid_from=str(END + DAY))
    other_list = _post(api, price_list="Standard Buying", valid_from=str(START))
    # then
    assert [before.status_code, after.status_code, other_list.status_code] == [201, 201, 201]


def test_a_price_changed_does_not_clash_with_itself(api):
    # given
    stored = price("CAFE-1KG", "12", START, END)
    # when
    answer = api.patch(url("item-prices", stored.name), json={"valid_upto": str(END + DAY)})
    # then
    assert answer.status_code == 200
    assert answer.json()["valid_upto"] == "2030-07-01"


def test_a_price_list_with_prices_is_not_deleted(api):
    # given
    record_create(masters.PRICE_LIST, {"name": "Tarif PME", "currency": "EUR"}, user=None)
    price("CAFE-1KG", "12", price_list="Tarif PME")
    # when
    answer = api.delete(url("price-lists", "Tarif PME"))
    # then
    assert refused(answer, 409) == {"references": ["item prices: 1"]}
