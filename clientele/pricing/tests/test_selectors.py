"""The reads a sales document makes: rates valid on a date, exchange rates, the taxes
template of a tax category, items by code; each one statement (the template's rows one
more), read through an index."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clientele.core.records import record_create, record_update
from clientele.core.specs import rows_of
from clientele.masters.models import Company, PriceList, TaxCategory
from clientele.pricing import services as pricing
from clientele.pricing.models import Item, ItemPrice, SalesTaxesTemplate
from clientele.pricing.selectors import exchange_rate, item_rates, items_by_code, taxes_template_for
from clientele.pricing.tests.helpers import COMPANY, VAT_ACCOUNT, item, item_group, price

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)
START = date(2030, 1, 1)
END = date(2030, 6, 30)


def _selling() -> PriceList:
    return PriceList.objects.get(name="Standard Selling")


@pytest.fixture
def items() -> dict[str, Item]:
    item_group()
    return {code: item(code) for code in ("CAFE", "THE", "SUCRE", "LAIT")}


def _rates(items: dict[str, Item], on: date) -> dict[str, Decimal]:
    found = item_rates(price_list=_selling(), item_ids=[i.pk for i in items.values()], on=on)
    codes = {i.pk: code for code, i in items.items()}
    return {codes[pk]: rate for pk, rate in found.items()}


# item_rates


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (START - DAY, {"THE": Decimal("4.000000")}),
        (START, {"CAFE": Decimal("12.500000"), "THE": Decimal("4.000000")}),
        (END, {"CAFE": Decimal("12.500000"), "SUCRE": Decimal("2.000000")}),
        (END + DAY, {"CAFE": Decimal("13.000000"), "SUCRE": Decimal("2.000000")}),
    ],
    ids=["day before", "first day", "last day", "day after"],
)
def test_the_rate_valid_on_a_date_both_ends_included(items, on, expected):
    # given
    price("CAFE", "12.5", START, END)
    price("CAFE", "13", END + DAY, None)
    price("THE", "4", None, START)
    price("SUCRE", "2", END, None)
    price("LAIT", "1", START, END, price_list="Standard Buying")
    # when
    found = _rates(items, on)
    # then
    assert found == expected


def test_of_two_prices_valid_the_same_day_the_one_starting_last_wins(items):
    # given: prices imported around the rules, which refuse such overlaps
    selling, eur = _selling(), _selling().currency
    ItemPrice.objects.bulk_create(
        ItemPrice(
            name=f"IMPORT-{n}",
            item=items["CAFE"],
            price_list=selling,
            currency=eur,
            price_list_rate=rate,
            valid_from=start,
        )
        for n, (rate, start) in enumerate(
            [("11", START), ("10", None), ("12", START + DAY), ("99", END + DAY)]
        )
    )
    # when
    found = _rates(items, END)
    # then
    assert found == {"CAFE": Decimal("12.000000")}


def test_rates_of_many_items_cost_one_statement_and_none_for_no_item(items):
    # given
    for code in items:
        price(code, "1", START, None)
    # when
    with CaptureQueriesContext(connection) as many:
        found = _rates(items, END)
    with CaptureQueriesContext(connection) as none:
        nothing = item_rates(price_list=_selling(), item_ids=[], on=END)
    # then
    assert len(found) == 4 and len(many) == 2  # the price list's read, then the rates
    assert (nothing, len(none)) == ({}, 1)


# exchange_rate


def _rate(day: date, source: str, target: str, rate: str) -> None:
    record_create(
        pricing.CURRENCY_EXCHANGE,
        {"date": day, "from_currency": source, "to_currency": target, "exchange_rate": rate},
        user=None,
    )


@pytest.fixture
def rates():
    _rate(START, "USD", "EUR", "0.9")
    _rate(START + 10 * DAY, "USD", "EUR", "0.92")
    _rate(START + 5 * DAY, "EUR", "GBP", "0.85")
    _rate(START + 20 * DAY, "GBP", "EUR", "1.2")


@pytest.mark.parametrize(
    ("source", "target", "on", "expected"),
    [
        ("USD", "EUR", START - DAY, None),
        ("USD", "EUR", START, Decimal("0.900000000")),
        ("USD", "EUR", START + 9 * DAY, Decimal("0.900000000")),
        ("USD", "EUR", START + 10 * DAY, Decimal("0.920000000")),
        ("USD", "EUR", END, Decimal("0.920000000")),
        ("EUR", "USD", START + 10 * DAY, Decimal("1.086956522")),  # 1 / 0.92
        ("GBP", "EUR", START + 5 * DAY, Decimal("1.176470588")),  # 1 / 0.85
        ("GBP", "EUR", START + 20 * DAY, Decimal("1.200000000")),  # the reverse is older
        ("EUR", "GBP", START + 20 * DAY, Decimal("0.833333333")),  # 1 / 1.2, more recent
        ("EUR", "GBP", START + 19 * DAY, Decimal("0.850000000")),
        ("USD", "GBP", END, None),
        ("XXX", "EUR", END, None),
        ("EUR", "XXX", END, None),
    ],
)
def test_the_latest_rate_on_or_before_the_date_else_the_inverse_of_the_reverse(
    rates, source, target, on, expected
):
    # when
    with CaptureQueriesContext(connection) as queries:
        found = exchange_rate(from_currency=source, to_currency=target, on=on)
    # then
    assert found == expected
    assert len(queries) == 1


def test_a_currency_to_itself_is_1_without_a_statement():
    # when
    with CaptureQueriesContext(connection) as queries:
        found = exchange_rate(from_currency="EUR", to_currency="EUR", on=END)
    # then
    assert (found, len(queries)) == (Decimal(1), 0)


def test_the_same_days_direct_rate_wins_over_the_reverse_one():
    # given
    _rate(START, "USD", "EUR", "0.9")
    _rate(START, "EUR", "USD", "1.2")
    # when
    found = exchange_rate(from_currency="USD", to_currency="EUR", on=START)
    # then
    assert found == Decimal("0.900000000")


# taxes_template_for


def _company() -> Company:
    return Company.objects.get(name=COMPANY)


def _category(name: str) -> TaxCategory:
    return TaxCategory.objects.get(name=name)


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("TVA 5,5 %", "TVA 5,5 %"),
        ("Exonéré", "Exonéré"),
        ("Export", "TVA 20 %"),  # no template of its own: the default
        (None, "TVA 20 %"),
    ],
)
def test_the_template_of_the_category_else_the_default_with_its_rows(category, expected):
    # given
    company, tax_category = _company(), category and _category(category)
    # when
    with CaptureQueriesContext(connection) as queries:
        found = taxes_template_for(company=company, tax_category=tax_category)
        rows = [(row.idx, row.account_head.name, str(row.rate)) for row in rows_of(found, "taxes")]
    # then
    rate = {"TVA 5,5 %": "5.500", "Exonéré": "0.000"}.get(expected, "20.000")
    # the rate at its column's scale, as the ORM reads it (SQLite's JSON text says “20”)
    assert (found.name, rows) == (expected, [(1, VAT_ACCOUNT, rate)])
    assert len(queries) == 2  # which template, then the template with its rows


def test_a_disabled_template_of_a_category_gives_way_to_the_default():
    # given
    stored = SalesTaxesTemplate.objects.get(name="TVA 10 %")
    record_update(pricing.SALES_TAXES_TEMPLATE, stored, {"disabled": True}, user=None)
    # when
    found = taxes_template_for(company=_company(), tax_category=_category("TVA 10 %"))
    # then
    assert found.name == "TVA 20 %"


def test_a_company_without_a_default_and_no_template_of_the_category_has_none(other_company):
    # when
    found = taxes_template_for(company=other_company, tax_category=_category("TVA 10 %"))
    nothing = taxes_template_for(company=_company(), tax_category=None)
    # then
    assert found is None
    assert nothing.name == "TVA 20 %"


def test_the_default_unset_leaves_a_document_without_category_with_no_template():
    # given
    stored = SalesTaxesTemplate.objects.get(name="TVA 20 %")
    record_update(pricing.SALES_TAXES_TEMPLATE, stored, {"is_default": False}, user=None)
    # when
    found = taxes_template_for(company=_company(), tax_category=None)
    # then
    assert found is None


# items_by_code


def test_items_by_code_in_one_statement_unknown_codes_left_out(items):
    # given
    record_update(pricing.ITEM, items["LAIT"], {"disabled": True}, user=None)
    # when
    with CaptureQueriesContext(connection) as queries:
        found = items_by_code(codes=["CAFE", "LAIT", "cafe", "NOPE", "CAFE"])
        groups = {code: i.item_group.name for code, i in found.items()}
    # then
    assert groups == {"CAFE": "Produits", "LAIT": "Produits"}
    assert found["LAIT"].disabled is True
    assert len(queries) == 1
    assert items_by_code(codes=[]) == {}


# The plans on PostgreSQL: each read is an index look-up, whatever the number of rows.


def _plan(run, statement: int = 0) -> str:
    """PostgreSQL's plan of a statement ``run`` sends, sequential scans ruled out: the plan
    then says which index serves which condition (or still scans, if none can)."""
    with CaptureQueriesContext(connection) as queries:
        run()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + queries[statement]["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plans")
def test_each_read_is_an_index_look_up_on_postgresql(items, rates):
    # given
    ids = [i.pk for i in items.values()]
    company, category, selling = _company(), _category("TVA 10 %"), _selling()
    # when
    plans = {
        "rates": _plan(lambda: item_rates(price_list=selling, item_ids=ids, on=END)),
        "exchange": _plan(lambda: exchange_rate(from_currency="USD", to_currency="EUR", on=END)),
        "template": _plan(lambda: taxes_template_for(company=company, tax_category=category)),
        "rows": _plan(lambda: taxes_template_for(company=company, tax_category=category), 1),
        "codes": _plan(lambda: items_by_code(codes=["CAFE", "THE"])),
    }
    # then
    assert not [name for name, plan in plans.items() if "Seq Scan" in plan]
    assert "Index Scan using item_price_lookup" in plans["rates"]
    assert "Index Cond: (price_list_id = " in plans["rates"]
    assert plans["exchange"].count("Backward using currency_exchange_once") == 4
    assert plans["exchange"].count("Index Cond: ((from_currency_id = ") == 4
    assert "Index Cond: (company_id = " in plans["template"]
    assert "Index Cond: (template_id = " in plans["rows"]
    assert "Index Cond: ((name)::text = ANY " in plans["codes"]
