"""The pricing records' screens (/records/<kind>/): items, item prices, exchange rates and
sales taxes templates listed, saved with their rows, refused next to the input, deleted."""

from datetime import date
from decimal import Decimal

import pytest

from clientele.core.records import record_create
from clientele.pricing import services as pricing
from clientele.pricing.models import (
    CurrencyExchange,
    Item,
    ItemPrice,
    SalesTaxesTemplate,
    SalesTaxesTemplateRow,
)
from clientele.pricing.tests.helpers import COMPANY, VAT_ACCOUNT, item, item_group, price
from tests.web.settings_helpers import formset, queries_of, signed_in

pytestmark = pytest.mark.django_db

KINDS = ("items", "item-prices", "currency-exchanges", "sales-taxes-templates")


@pytest.fixture(autouse=True)
def group():
    item_group("Produits")


def test_the_home_page_leads_to_the_four_lists(client, reader):
    signed_in(client, reader)

    page = client.get("/").content.decode()

    for kind in KINDS:
        assert f'href="/records/{kind}/"' in page


@pytest.mark.parametrize("kind", KINDS)
def test_each_list_and_its_form_answer(client, admin, kind):
    signed_in(client, admin)

    assert client.get(f"/records/{kind}/").status_code == 200
    assert client.get(f"/records/{kind}/new/").status_code == 200


def test_the_item_prices_list_shows_item_list_rate_and_dates(client, reader):
    item("CAFE-1KG")
    price("CAFE-1KG", "12.5", date(2030, 1, 1), None)
    signed_in(client, reader)

    page = client.get("/records/item-prices/").content.decode()

    assert "1 record" in page
    headings = ["Item", "Price list", "Rate", "Valid from", "Valid up to"]
    assert all(f'<th scope="col">{heading}</th>' in page for heading in headings)
    assert '<td data-label="Price list">Standard Selling</td>' in page
    assert '<td data-label="Rate">12.5</td>' in page


def test_the_templates_list_shows_the_seeded_vat(client, reader):
    signed_in(client, reader)

    page = client.get("/records/sales-taxes-templates/").content.decode()

    assert "5 records" in page
    assert '<a href="/records/sales-taxes-templates/TVA%205,5%20%25/">TVA 5,5 %</a>' in page


@pytest.mark.parametrize("kind", ["item-prices", "sales-taxes-templates"])
def test_a_list_costs_the_same_queries_for_2_and_20_records(client, reader, kind):
    signed_in(client, reader)
    for number in range(2):
        item(f"ART-{number}")
        price(f"ART-{number}", "1")
    few = queries_of(client, f"/records/{kind}/")

    for number in range(2, 20):
        item(f"ART-{number}")
        price(f"ART-{number}", "1")

    assert queries_of(client, f"/records/{kind}/") == few <= 8


def test_an_item_is_created_from_its_form(client, master_manager):
    signed_in(client, master_manager)

    answer = client.post(
        "/records/items/new/",
        {"name": "CAFE-1KG", "item_name": "Café moulu", "uom": "kg", "item_group": "Produits"},
    )

    assert answer.status_code == 302 and answer["Location"] == "/records/items/"
    stored = Item.objects.get(name="CAFE-1KG")
    assert (stored.item_name, stored.uom, stored.item_group.name, stored.disabled) == (
        "Café moulu",
        "kg",
        "Produits",
        False,
    )


def test_an_item_price_names_its_item_by_code_with_a_type_ahead(client, master_manager):
    item("CAFE-1KG")
    signed_in(client, master_manager)

    form = client.get("/records/item-prices/new/").content.decode()
    answer = client.post(
        "/records/item-prices/new/",
        {
            "item": "CAFE-1KG",
            "price_list": "Standard Selling",
            "price_list_rate": "12.50",
            "valid_from": "2030-01-01",
        },
    )

    assert 'hx-get="/lookup/items/?field=item"' in form
    assert answer.status_code == 302
    stored = ItemPrice.objects.get()
    assert (stored.item.name, stored.currency.name, stored.price_list_rate, stored.valid_from) == (
        "CAFE-1KG",
        "EUR",
        Decimal("12.500000"),
        date(2030, 1, 1),
    )


def test_the_type_ahead_offers_enabled_items_by_the_start_of_their_code(client, reader):
    item("CAFE-1KG", item_name="Café moulu")
    item("CAFE-GRAINS", item_name="Café en grains", disabled=True)
    item("DECAFE", item_name="Décaféiné")
    signed_in(client, reader)

    answer = client.get("/lookup/items/?field=item&item=caf").content.decode()

    assert "CAFE-1KG — Café moulu" in answer
    assert "CAFE-GRAINS" not in answer and "DECAFE" not in answer


def test_an_overlapping_price_is_refused_on_the_form_and_nothing_is_written(client, admin):
    item("CAFE-1KG")
    price("CAFE-1KG", "12", None, None)
    signed_in(client, admin)

    answer = client.post(
        "/records/item-prices/new/",
        {"item": "CAFE-1KG", "price_list": "Standard Selling", "price_list_rate": "13"},
    )

    assert answer.status_code == 409
    page = answer.content.decode()
    assert 'id="id_valid_from_error"><li>The validity overlaps that of another price.' in page
    assert 'name="item" value="CAFE-1KG"' in page
    assert ItemPrice.objects.count() == 1


def test_an_exchange_rate_is_created_from_its_form(client, admin):
    signed_in(client, admin)

    answer = client.post(
        "/records/currency-exchanges/new/",
        {
            "date": "2030-03-04",
            "from_currency": "USD",
            "to_currency": "EUR",
            "exchange_rate": "0.92",
        },
    )

    assert answer.status_code == 302
    assert list(CurrencyExchange.objects.values_list("name", "exchange_rate")) == [
        ("2030-03-04-USD-EUR", Decimal("0.920000000"))
    ]


def _tax_rows(*rows: dict) -> dict[str, str]:
    base = {"charge_type": "On Net Total", "account_head": VAT_ACCOUNT}
    return formset("taxes", [{**base, **row} for row in rows])


def test_a_template_is_created_with_its_two_rows(client, admin):
    signed_in(client, admin)

    answer = client.post(
        "/records/sales-taxes-templates/new/",
        {
            "name": "TVA DOM",
            "company": COMPANY,
            **_tax_rows(
                {"description": "TVA 8,5 %", "rate": "8.5"},
                {"description": "Octroi de mer", "rate": "2"},
            ),
        },
    )

    assert answer.status_code == 302, answer.content.decode()[-2000:]
    rows = SalesTaxesTemplateRow.objects.filter(template__name="TVA DOM")
    assert list(rows.values_list("idx", "description", "rate")) == [
        (1, "TVA 8,5 %", Decimal("8.500")),
        (2, "Octroi de mer", Decimal("2.000")),
    ]


def test_a_row_refused_shows_its_error_on_its_cell_and_nothing_is_written(client, admin):
    signed_in(client, admin)
    before = SalesTaxesTemplate.objects.count(), SalesTaxesTemplateRow.objects.count()

    answer = client.post(
        "/records/sales-taxes-templates/new/",
        {
            "name": "TVA DOM",
            "company": COMPANY,
            **_tax_rows({"rate": "8.5"}, {"account_head": "411000 - Clients - CD", "rate": "1"}),
        },
    )

    assert answer.status_code == 422
    page = answer.content.decode()
    assert (
        '<ul class="errorlist" id="id_taxes-1-account_head_error"><li>'
        "“411000 - Clients - CD” is not a tax, income or expense account." in page
    )
    assert (SalesTaxesTemplate.objects.count(), SalesTaxesTemplateRow.objects.count()) == before


def test_a_second_default_template_is_refused_next_to_its_box(client, admin):
    signed_in(client, admin)

    answer = client.post(
        "/records/sales-taxes-templates/new/",
        {"name": "TVA bis", "company": COMPANY, "is_default": "on", **_tax_rows({"rate": "20"})},
    )

    assert answer.status_code == 409
    assert 'id="id_is_default_error"><li>The company already has a default template.' in (
        answer.content.decode()
    )
    assert not SalesTaxesTemplate.objects.filter(name="TVA bis").exists()


def test_an_item_nothing_uses_is_deleted_and_one_priced_is_not(client, master_manager):
    item("CAFE-1KG")
    item("THE")
    price("THE", "3")
    signed_in(client, master_manager)

    deleted = client.post("/records/items/CAFE-1KG/delete/", HTTP_HX_REQUEST="true")
    refused = client.post("/records/items/THE/delete/", HTTP_HX_REQUEST="true")

    assert deleted.status_code == 200 and deleted["HX-Redirect"] == "/records/items/"
    assert refused.status_code == 409
    assert "“THE” is still used: item prices (1)." in refused.content.decode()
    assert list(Item.objects.values_list("name", flat=True)) == ["THE"]


def test_a_sales_master_manager_may_not_post_an_exchange_rate(client, master_manager):
    signed_in(client, master_manager)
    record_create(
        pricing.CURRENCY_EXCHANGE,
        {"date": "2030-03-04", "from_currency": "USD", "to_currency": "EUR", "exchange_rate": "1"},
        user=None,
    )
    data = {
        "date": "2030-03-05",
        "from_currency": "USD",
        "to_currency": "EUR",
        "exchange_rate": "2",
    }

    assert client.post("/records/currency-exchanges/new/", data).status_code == 403
    assert client.post("/records/currency-exchanges/2030-03-04-USD-EUR/", data).status_code == 403
    assert list(CurrencyExchange.objects.values_list("name", flat=True)) == ["2030-03-04-USD-EUR"]
