"""Currency exchange rates: one per pair and date, above 0, between two currencies."""

import pytest

from clientele.core.tests.helpers import row_counts
from clientele.masters.tests.helpers import refused, url
from clientele.pricing.models import CurrencyExchange

pytestmark = pytest.mark.django_db

RATE = {"date": "2030-03-04", "from_currency": "USD", "to_currency": "EUR"}


def test_a_rate_is_named_after_its_date_and_currencies(api):
    # when
    answer = api.post("/currency-exchanges/", json={**RATE, "exchange_rate": "0.9234"})
    # then
    assert answer.status_code == 201
    assert answer.json() == {
        "date": "2030-03-04",
        "exchange_rate": "0.923400000",
        "from_currency": "USD",
        "to_currency": "EUR",
        "name": "2030-03-04-USD-EUR",
    }


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"exchange_rate": "0"}, {"exchange_rate": ["The exchange rate must be above 0."]}),
        ({"exchange_rate": "-1.2"}, {"exchange_rate": ["The exchange rate must be above 0."]}),
        (
            {"exchange_rate": "1", "to_currency": "USD"},
            {"to_currency": ["An exchange rate is between two different currencies."]},
        ),
        (
            {"exchange_rate": "1", "to_currency": "XXX"},
            {"to_currency": ["No currency named “XXX”."]},
        ),
    ],
)
def test_a_rate_not_above_0_or_within_one_currency_is_refused(api, data, errors):
    # given
    before = row_counts(CurrencyExchange)
    # when
    answer = api.post("/currency-exchanges/", json={**RATE, **data})
    # then
    assert refused(answer) == errors
    assert row_counts(CurrencyExchange) == before


def test_a_second_rate_for_the_same_pair_and_date_is_a_conflict(api):
    # given
    api.post("/currency-exchanges/", json={**RATE, "exchange_rate": "0.92"})
    before = row_counts(CurrencyExchange)
    # when
    answer = api.post("/currency-exchanges/", json={**RATE, "exchange_rate": "0.93"})
    # then
    assert refused(answer, 409) == {"date": ["This date already has its rate."]}
    assert answer.json()["detail"] == (
        "The rate from USD to EUR on 2030-03-04 is already recorded."
    )
    assert row_counts(CurrencyExchange) == before


def test_the_reverse_pair_and_another_date_are_other_rates(api):
    # given
    api.post("/currency-exchanges/", json={**RATE, "exchange_rate": "0.92"})
    # when
    reverse = {**RATE, "from_currency": "EUR", "to_currency": "USD", "exchange_rate": "1.08"}
    other_day = {**RATE, "date": "2030-03-05", "exchange_rate": "0.93"}
    answers = [api.post("/currency-exchanges/", json=body) for body in (reverse, other_day)]
    # then
    assert [answer.status_code for answer in answers] == [201, 201]
    assert list(CurrencyExchange.objects.values_list("name", flat=True)) == [
        "2030-03-05-USD-EUR",
        "2030-03-04-EUR-USD",
        "2030-03-04-USD-EUR",
    ]


def test_a_rate_moved_to_another_date_takes_its_new_name(api):
    # given
    api.post("/currency-exchanges/", json={**RATE, "exchange_rate": "0.92"})
    # when
    answer = api.patch(url("currency-exchanges", "2030-03-04-USD-EUR"), json={"date": "2030-03-06"})
    # then
    assert answer.json()["name"] == "2030-03-06-USD-EUR"
    assert list(CurrencyExchange.objects.values_list("name", flat=True)) == ["2030-03-06-USD-EUR"]


def test_a_currency_with_rates_is_not_deleted(api):
    # given
    api.post("/currency-exchanges/", json={**RATE, "exchange_rate": "0.92"})
    # when
    answer = api.delete("/currencies/USD")
    # then
    assert refused(answer, 409) == {"references": ["currency exchange rates: 1"]}
