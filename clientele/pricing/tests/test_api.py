"""The pricing routes through the real URLconf: who may write what, the list filters, the
history, and an unknown record."""

from datetime import date

import pytest

from clientele.core.records import record_create
from clientele.core.tests.helpers import row_counts
from clientele.masters.tests.helpers import refused, url
from clientele.pricing import services as pricing
from clientele.pricing.models import CurrencyExchange, Item, SalesTaxesTemplate
from clientele.pricing.tests.helpers import COMPANY, VAT_ACCOUNT, item, item_group, price

pytestmark = pytest.mark.django_db

ITEM = {"name": "CAFE-1KG", "item_group": "Produits"}
RATE = {"date": "2030-03-04", "from_currency": "USD", "to_currency": "EUR", "exchange_rate": "1"}
TEMPLATE = {
    "name": "Sans TVA",
    "company": COMPANY,
    "taxes": [{"account_head": VAT_ACCOUNT, "rate": "0"}],
}


@pytest.fixture(autouse=True)
def groups():
    item_group("Produits")
    item_group("Services")


def test_a_sales_master_manager_writes_items_and_prices_but_no_rates_or_taxes(manager_api):
    # when
    created = manager_api.post("/items/", json=ITEM)
    priced = manager_api.post(
        "/item-prices/",
        json={"item": "CAFE-1KG", "price_list": "Standard Selling", "price_list_rate": "9"},
    )
    before = row_counts(CurrencyExchange, SalesTaxesTemplate)
    rate = manager_api.post("/currency-exchanges/", json=RATE)
    taxes = manager_api.post("/sales-taxes-templates/", json=TEMPLATE)
    # then
    assert [created.status_code, priced.status_code] == [201, 201]
    assert [rate.status_code, taxes.status_code] == [403, 403]
    assert row_counts(CurrencyExchange, SalesTaxesTemplate) == before


def test_a_sales_user_reads_items_and_writes_none(sales_api):
    # given
    item("CAFE-1KG")
    before = row_counts(Item)
    # when
    read = sales_api.get(url("items", "CAFE-1KG"))
    created = sales_api.post("/items/", json={**ITEM, "name": "THE"})
    changed = sales_api.patch(url("items", "CAFE-1KG"), json={"uom": "kg"})
    deleted = sales_api.delete(url("items", "CAFE-1KG"))
    # then
    assert read.status_code == 200
    assert [created.status_code, changed.status_code, deleted.status_code] == [403, 403, 403]
    assert row_counts(Item) == before
    assert Item.objects.get(name="CAFE-1KG").uom == "Unit"


@pytest.mark.parametrize(
    "path", ["items", "item-prices", "currency-exchanges", "sales-taxes-templates"]
)
def test_nothing_is_readable_without_signing_in(anonymous, path):
    assert anonymous.get(f"/{path}/").status_code == 401


def test_items_are_listed_by_group_with_its_sub_groups_by_state_and_by_words(api):
    # given
    item("CAFE-1KG", item_name="Café moulu")
    item("THE-VERT", item_name="Thé vert", disabled=True)
    item("AUDIT", item_group="Services", item_name="Audit café")
    # when
    by_group = api.get("/items/", params={"item_group": "Produits"}).json()
    from_root = api.get("/items/", params={"item_group": "All Item Groups"}).json()
    enabled = api.get("/items/", params={"disabled": False}).json()
    by_word = api.get("/items/", params={"q": "café"}).json()
    unknown = api.get("/items/", params={"item_group": "Nulle part"}).json()
    # then
    assert [i["name"] for i in by_group["items"]] == ["CAFE-1KG", "THE-VERT"]
    assert from_root["count"] == 3
    assert [i["name"] for i in enabled["items"]] == ["AUDIT", "CAFE-1KG"]
    assert [i["name"] for i in by_word["items"]] == ["AUDIT", "CAFE-1KG"]
    assert unknown == {"count": 0, "items": []}


def test_item_prices_are_listed_by_item_and_by_price_list(api):
    # given
    for code in ("CAFE-1KG", "THE"):
        item(code)
        price(code, "10")
        price(code, "8", price_list="Standard Buying")
    # when
    of_item = api.get("/item-prices/", params={"item": "THE"}).json()
    of_both = api.get(
        "/item-prices/", params={"item": "THE", "price_list": "Standard Buying"}
    ).json()
    # then
    assert [(p["item"], p["price_list"]) for p in of_item["items"]] == [
        ("THE", "Standard Selling"),
        ("THE", "Standard Buying"),
    ]
    assert [(p["name"], p["price_list_rate"]) for p in of_both["items"]] == [
        ("ITEM-PRICE-00004", "8.000000")
    ]


def test_exchange_rates_are_listed_latest_first_by_currencies(api):
    # given
    for day, source, target in [
        (date(2030, 3, 1), "USD", "EUR"),
        (date(2030, 3, 2), "USD", "EUR"),
        (date(2030, 3, 2), "GBP", "EUR"),
        (date(2030, 3, 3), "EUR", "USD"),
    ]:
        record_create(
            pricing.CURRENCY_EXCHANGE,
            {"date": day, "from_currency": source, "to_currency": target, "exchange_rate": "2"},
            user=None,
        )
    # when
    from_usd = api.get("/currency-exchanges/", params={"from_currency": "USD"}).json()
    to_eur = api.get("/currency-exchanges/", params={"to_currency": "EUR"}).json()
    # then
    assert [r["name"] for r in from_usd["items"]] == ["2030-03-02-USD-EUR", "2030-03-01-USD-EUR"]
    assert [r["name"] for r in to_eur["items"]] == [
        "2030-03-02-GBP-EUR",
        "2030-03-02-USD-EUR",
        "2030-03-01-USD-EUR",
    ]


def test_taxes_templates_are_listed_by_company_and_tax_category(api, other_company):
    # when
    of_company = api.get("/sales-taxes-templates/", params={"company": COMPANY}).json()
    of_category = api.get("/sales-taxes-templates/", params={"tax_category": "TVA 5,5 %"}).json()
    of_other = api.get("/sales-taxes-templates/", params={"company": other_company.name}).json()
    # then
    assert [t["name"] for t in of_company["items"]] == [
        "Exonéré",
        "TVA 10 %",
        "TVA 2,1 %",
        "TVA 20 %",
        "TVA 5,5 %",
    ]
    assert [t["name"] for t in of_category["items"]] == ["TVA 5,5 %"]
    assert of_other == {"count": 0, "items": []}


def test_an_item_keeps_the_history_of_its_changes(api):
    # given
    api.post("/items/", json=ITEM)
    api.patch(url("items", "CAFE-1KG"), json={"uom": "kg", "item_group": "Services"})
    # when
    changes = api.get(url("items", "CAFE-1KG") + "/history").json()
    # then
    assert [(c["action"], c["field"], c["old_value"], c["new_value"]) for c in changes][-2:] == [
        ("update", "uom", "Unit", "kg"),
        ("update", "item_group", "Produits", "Services"),
    ]


def test_a_template_read_by_its_code_with_a_percent_sign(api):
    # when
    answer = api.get(url("sales-taxes-templates", "TVA 5,5 %"))
    # then
    assert answer.json()["taxes"] == [
        {
            "charge_type": "On Net Total",
            "description": "TVA 5,5 %",
            "rate": "5.500",
            "account_head": VAT_ACCOUNT,
        }
    ]


def test_an_unknown_record_is_not_found_and_an_unknown_field_refused(api):
    # when
    missing = api.get(url("item-prices", "ITEM-PRICE-99999"))
    misspelt = api.post("/items/", json={**ITEM, "item_code": "X"})
    # then
    assert missing.status_code == 404
    assert refused(misspelt) == {"item_code": ["Extra inputs are not permitted"]}
