"""Selling settings (/selling-settings/) and naming series (/naming-series/)."""

import pytest
from django.utils import timezone

from clientele.classification.models import SellingSettings
from clientele.core.models import ChangeLog, NamingSeries, SeriesCounter
from clientele.core.naming import series_next, series_resolve, series_set_current
from tests.web.settings_helpers import queries_of, signed_in

pytestmark = pytest.mark.django_db


def _settings() -> tuple:
    settings = SellingSettings.objects.select_related(
        "customer_naming_series", "customer_group", "territory", "selling_price_list"
    ).get(pk=1)
    return (
        settings.customer_naming_by,
        settings.customer_naming_series.name if settings.customer_naming_series else None,
        settings.customer_group.name,
        settings.territory.name,
        settings.selling_price_list.name if settings.selling_price_list else None,
        settings.sales_order_required,
        settings.delivery_note_required,
    )


SEEDED = (
    "Naming Series",
    "CUST-.YYYY.-.#####",
    "Commercial",
    "France",
    "Standard Selling",
    False,
    False,
)


# --- selling settings ----------------------------------------------------------------


def test_the_settings_page_shows_every_setting_with_the_naming_apart(client, master_manager):
    signed_in(client, master_manager)

    page = client.get("/selling-settings/").content.decode()

    assert page.count('<article class="settings-part') == 3
    naming = page[page.index('id="part-naming"') : page.index('id="part-defaults"')]
    assert 'type="radio" name="customer_naming_by" value="Naming Series"' in naming
    assert '<option value="CUST-.YYYY.-.#####" selected>' in naming
    assert "customer_group" not in naming
    assert '<option value="Commercial" selected>Commercial</option>' in page
    assert '<option value="France" selected>France</option>' in page
    assert '<option value="Standard Selling" selected>' in page
    # a group node and a buying list are not offered
    assert 'value="All Customer Groups"' not in page and 'value="Standard Buying"' not in page
    assert 'name="sales_order_required"' in page and 'name="delivery_note_required"' in page


def test_changing_the_default_group_stores_it_and_leaves_the_rest(client, master_manager):
    signed_in(client, master_manager)

    answer = client.post(
        "/selling-settings/",
        {
            "part": "defaults",
            "customer_group": "Government",
            "territory": "Belgium",
            "selling_price_list": "",
        },
    )

    assert answer.status_code == 302 and answer["Location"] == "/selling-settings/"
    assert _settings() == (
        "Naming Series",
        "CUST-.YYYY.-.#####",
        "Government",
        "Belgium",
        None,
        False,
        False,
    )
    assert ChangeLog.objects.filter(entity="selling_settings", field="customer_group").exists()


def test_naming_customers_by_name_and_the_rules_are_saved_each_on_their_own(client, admin):
    signed_in(client, admin)

    naming = client.post(
        "/selling-settings/",
        {"part": "naming", "customer_naming_by": "Customer Name", "customer_naming_series": ""},
    )
    rules = client.post("/selling-settings/", {"part": "flow", "delivery_note_required": "on"})

    assert naming.status_code == rules.status_code == 302
    assert _settings() == (
        "Customer Name",
        None,
        "Commercial",
        "France",
        "Standard Selling",
        False,
        True,
    )


def test_naming_by_series_without_a_series_is_refused_next_to_the_series(client, admin):
    signed_in(client, admin)

    answer = client.post(
        "/selling-settings/",
        {"part": "naming", "customer_naming_by": "Naming Series", "customer_naming_series": ""},
    )

    assert answer.status_code == 422
    page = answer.content.decode()
    assert (
        'id="id_customer_naming_series_error"><li>Naming by series needs a default series.' in page
    )
    assert "Nothing was saved" in page
    assert _settings() == SEEDED


def test_a_value_that_is_not_offered_is_refused_next_to_its_field(client, admin):
    signed_in(client, admin)

    answer = client.post(
        "/selling-settings/",
        {"part": "defaults", "customer_group": "All Customer Groups", "territory": "France"},
    )

    assert answer.status_code == 422
    assert 'id="id_customer_group_error"><li>Select a valid choice.' in answer.content.decode()
    assert _settings() == SEEDED


def test_a_reader_sees_the_settings_read_only_and_cannot_post_them(client, reader, sales_user):
    signed_in(client, reader)
    page = client.get("/selling-settings/").content.decode()

    assert 'name="customer_group" disabled' in page
    assert "Save the defaults" not in page
    for user in (reader, sales_user):
        signed_in(client, user)
        answer = client.post(
            "/selling-settings/", {"part": "defaults", "customer_group": "Government"}
        )
        assert answer.status_code == 403
    assert _settings() == SEEDED


def test_an_unknown_part_is_a_bad_request(client, admin):
    signed_in(client, admin)
    assert client.post("/selling-settings/", {"part": "everything"}).status_code == 400


def test_the_settings_page_costs_a_fixed_number_of_queries(client, reader):
    signed_in(client, reader)
    assert queries_of(client, "/selling-settings/") <= 9


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in ("/selling-settings/", "/naming-series/"):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/login/")
    assert client.post("/naming-series/counter/", {}).status_code == 302


# --- naming series -------------------------------------------------------------------


def _today_prefix(template: str = "CUST-.YYYY.-.#####") -> str:
    return series_resolve(template, timezone.localdate())[0]


def test_the_series_page_lists_each_series_with_its_counter_and_next_code(client, reader):
    prefix = _today_prefix()
    series_set_current(prefix=prefix, current=41)
    signed_in(client, reader)

    page = client.get("/naming-series/").content.decode()

    assert "<code>CUST-.YYYY.-.#####</code>" in page
    assert f"<code>{prefix}00042</code>" in page
    assert f'<th scope="row" data-label="Prefix"><code>{prefix}</code></th>' in page
    # a reader changes nothing
    assert 'name="current"' not in page and "Add the series" not in page


def test_raising_a_counter_writes_it(client, master_manager):
    prefix = _today_prefix()
    series_set_current(prefix=prefix, current=5)
    signed_in(client, master_manager)

    answer = client.post("/naming-series/counter/", {"series_prefix": prefix, "current": "120"})

    assert answer.status_code == 302 and answer["Location"] == "/naming-series/"
    assert SeriesCounter.objects.get(prefix=prefix).current == 120


def test_lowering_a_counter_warns_first_and_writes_only_once_confirmed(client, master_manager):
    prefix = _today_prefix()
    with_codes = [series_next(template="CUST-.YYYY.-.#####", today=timezone.localdate())]
    series_set_current(prefix=prefix, current=12)
    signed_in(client, master_manager)

    warned = client.post(
        "/naming-series/counter/",
        {"series_prefix": prefix, "current": "3"},
        HTTP_HX_REQUEST="true",
    )

    assert warned.status_code == 409
    page = warned.content.decode()
    assert page.lstrip().startswith('<tbody class="counter">')
    assert f"Lowering the counter of {prefix} from 12 to 3?" in page
    assert "Numbers 4 to 12 have already been handed out" in page
    assert 'name="confirm" value="on"' in page
    assert SeriesCounter.objects.get(prefix=prefix).current == 12

    confirmed = client.post(
        "/naming-series/counter/", {"series_prefix": prefix, "current": "3", "confirm": "on"}
    )

    assert confirmed.status_code == 302
    assert SeriesCounter.objects.get(prefix=prefix).current == 3
    assert with_codes == [f"{prefix}00001"]


def test_lowering_without_javascript_shows_the_whole_page_with_the_warning(client, admin):
    prefix = _today_prefix()
    series_set_current(prefix=prefix, current=7)
    signed_in(client, admin)

    answer = client.post("/naming-series/counter/", {"series_prefix": prefix, "current": "0"})

    page = answer.content.decode()
    assert answer.status_code == 409 and "<h1>Naming Series</h1>" in page
    assert "Numbers 1 to 7 have already been handed out" in page


def test_a_value_the_service_refuses_is_shown_next_to_the_input(client, admin):
    prefix = _today_prefix()
    series_set_current(prefix=prefix, current=7)
    signed_in(client, admin)

    answer = client.post(
        "/naming-series/counter/",
        {"series_prefix": prefix, "current": "-1", "confirm": "on"},
        HTTP_HX_REQUEST="true",
    )

    assert answer.status_code == 422
    assert "<li>The current value cannot be negative.</li>" in answer.content.decode()
    assert SeriesCounter.objects.get(prefix=prefix).current == 7


def test_a_forged_counter_change_without_the_role_is_forbidden(client, sales_user):
    prefix = _today_prefix()
    series_set_current(prefix=prefix, current=7)
    signed_in(client, sales_user)

    answer = client.post(
        "/naming-series/counter/", {"series_prefix": prefix, "current": "1", "confirm": "on"}
    )
    added = client.post("/naming-series/", {"name": "CLI-.YY.-.####"})

    assert answer.status_code == added.status_code == 403
    assert SeriesCounter.objects.get(prefix=prefix).current == 7
    assert not NamingSeries.objects.filter(name="CLI-.YY.-.####").exists()


def test_a_series_is_added_and_a_malformed_or_existing_one_refused(client, master_manager):
    signed_in(client, master_manager)

    added = client.post("/naming-series/", {"name": "CLI-.YY.-"})
    malformed = client.post("/naming-series/", {"name": "##-CLI"})
    existing = client.post("/naming-series/", {"name": "CUST-.YYYY.-.#####"})

    assert added.status_code == 302
    assert NamingSeries.objects.get(name="CLI-.YY.-.#####").entity == "customer"
    assert malformed.status_code == 422
    assert "The run of # (the counter) must come last" in malformed.content.decode()
    assert existing.status_code == 409
    assert "This series already exists." in existing.content.decode()
    assert NamingSeries.objects.filter(entity="customer").count() == 2


def test_a_series_is_added_for_a_kind_of_sales_document_and_listed_under_it(client, master_manager):
    signed_in(client, master_manager)

    added = client.post("/naming-series/", {"name": "FAC-.YYYY.-.####", "entity": "sales_invoice"})
    page = client.get("/naming-series/").content.decode()

    assert added.status_code == 302
    assert NamingSeries.objects.get(name="FAC-.YYYY.-.####").entity == "sales_invoice"
    assert '<option value="sales_invoice">Sales Invoice</option>' in page
    assert page.count('<td data-label="Used for">Sales Invoice</td>') == 2


def test_the_series_page_costs_a_fixed_number_of_queries(client, reader):
    signed_in(client, reader)
    few = queries_of(client, "/naming-series/")
    for year in range(2000, 2020):
        series_set_current(prefix=f"CUST-{year}-", current=year)
    NamingSeries.objects.create(name="LEGACY-.####", entity="customer")

    assert queries_of(client, "/naming-series/") == few <= 6
