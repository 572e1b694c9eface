"""The hand-written reads of ``core/rows/`` give exactly what the ORM gives."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from clientele.classification.models import CustomerGroup, SellingSettings, Territory
from clientele.classification.services import selling_settings_get
from clientele.core.rows import Reader, record_by_key
from clientele.core.specs import rows_of
from clientele.customers.selectors import customer_detail
from clientele.customers.services import CUSTOMER
from clientele.customers.tests.builders import series_code
from clientele.customers.tests.test_api_form import _full_form
from clientele.masters.models import Currency


def _columns(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def test_a_customer_read_by_hand_equals_the_orm_one_field_by_field(api, refs):
    """Given a customer with every field set (decimals, dates, flags, every link)"""
    assert api.post("/customers/", json=_full_form(refs)).status_code == 201
    code = series_code(1)
    orm = CUSTOMER.model.objects.get(name=code)
    # when it is read through the prepared statement
    customer = customer_detail(code)
    # then every column has the same value and the same type as through the ORM
    assert _columns(customer) == _columns(orm)
    assert {k: type(v) for k, v in _columns(customer).items()} == {
        k: type(v) for k, v in _columns(orm).items()
    }
    assert customer.default_commission_rate == Decimal("7.50")
    assert customer.created_at.tzinfo is not None
    # and every link carries its code
    for link in CUSTOMER.links:
        related = getattr(customer, link.field)
        expected = getattr(orm, link.field)
        assert getattr(related, link.key, None) == getattr(expected, link.key, None), link.field


def test_a_linked_record_loads_its_other_fields_on_first_use(api, refs):
    assert api.post("/customers/", json=_full_form(refs)).status_code == 201
    customer = customer_detail(series_code(1))
    territory = customer.territory
    orm = Territory.objects.get(pk=territory.pk)
    with CaptureQueriesContext(connection) as queries:
        assert territory.name == orm.name
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        assert (territory.is_group, territory.path) == (orm.is_group, orm.path)
    assert len(queries) == 2  # one per field, on first use, as Django's deferred fields do


def test_the_group_comes_whole_for_the_defaults_to_walk_up_its_path(api, refs):
    assert api.post("/customers/", json=_full_form(refs)).status_code == 201
    customer = customer_detail(series_code(1))
    orm = CustomerGroup.objects.get(name="Government")
    with CaptureQueriesContext(connection) as queries:
        group = customer.customer_group
        assert (group.name, group.is_group, group.path) == ("Government", False, orm.path)
    assert len(queries) == 0


def test_an_unknown_code_reads_nothing(db):
    assert customer_detail("NOPE-1") is None
    assert record_by_key(CustomerGroup, "name", "Nope") is None


def test_joined_records_and_empty_links_come_back_as_the_orm_gives_them(db):
    """The settings row joins four records; one of them left empty is None, not a blank."""
    settings = selling_settings_get()
    orm = SellingSettings.objects.select_related(
        "customer_naming_series", "customer_group", "territory", "selling_price_list"
    ).get(pk=1)
    assert _columns(settings) == _columns(orm)
    assert _columns(settings.customer_group) == _columns(orm.customer_group)
    reader = Reader(SellingSettings, "id", related=("selling_price_list",))
    SellingSettings.objects.filter(pk=1).update(selling_price_list=None)
    assert reader.one(1).selling_price_list is None


def test_rows_read_under_lock_among_keys_come_back_whole_in_key_order(db):
    """Given three currencies, asked for two of them out of order and for an unknown key"""
    made = [Currency.objects.create(name=f"XT{n}", currency_name=f"Test {n}") for n in "ABC"]
    wanted = [made[2].pk, 999_999, made[0].pk]
    # when they are read with their rows locked
    with transaction.atomic():
        found = Reader(Currency, "id").locked_among(wanted)
    # then the two come back in key order (the order locks are taken in), as the ORM reads them
    assert [row.pk for row in found] == [made[0].pk, made[2].pk]
    assert _columns(found[1]) == _columns(Currency.objects.get(pk=made[2].pk))


def test_a_link_given_as_a_record_is_checked_like_a_code(api, refs):
    """Selling settings defaults are passed as records; a group node is still refused."""
    root = CustomerGroup.objects.get(depth=1)
    SellingSettings.objects.filter(pk=1).update(customer_group=root)
    response = api.post("/customers/", json={"customer_name": "Martin"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "customer_group": [f"“{root.name}” is a group node: choose one of its leaf nodes."]
    }
    assert not CUSTOMER.model.objects.exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="prepared statements are PostgreSQL's (pg_prepared_statements); SQLite keeps none",
)
def test_on_postgresql_only_the_key_lookups_are_prepared(api, refs):
    """Planning the customer read costs more than running it, so PostgreSQL prepares it; a
    search is planned for its own words every time."""
    assert api.post("/customers/", json=_full_form(refs)).status_code == 201
    for _index in range(3):
        assert customer_detail(series_code(1)).customer_name == "Atelier Dupont & Fils"
        assert CUSTOMER.model.objects.filter(customer_name__icontains="dupont").count() == 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "customers_customer" t0' in statement for statement in prepared)
    assert not any("COUNT(*)" in statement.upper() for statement in prepared)


def _instants_parsed(body: dict) -> dict:
    """Timestamps as instants: JSON keeps milliseconds, so a time whose microseconds are
    under 1,000 reads back as ``.000`` and is written again without any fraction."""
    return {
        key: datetime.fromisoformat(value) if key in ("created_at", "modified_at") else value
        for key, value in body.items()
    }


def test_answers_written_by_hand_are_what_their_schemas_declare(api, refs):
    """The read, create and update routes answer without django-ninja's second pass over
    the response schema (``json_answer``): their JSON must still be exactly what the schema
    gives, for a customer with every field and child row set."""
    import json

    from ninja.responses import NinjaJSONEncoder

    from clientele.customers.schemas import CustomerCreatedOut, CustomerOut

    created = api.post("/customers/", json=_full_form(refs))
    assert created.status_code == 201, created.text
    code = created.json()["name"]
    read = api.get(f"/customers/{code}")
    updated = api.patch(f"/customers/{code}", json={"customer_details": "Livraison le matin"})
    for response, schema in (
        (created, CustomerCreatedOut),
        (read, CustomerOut),
        (updated, CustomerCreatedOut),
    ):
        assert response.headers["content-type"] == "application/json; charset=utf-8"
        body = response.json()
        as_ninja_renders = schema.model_validate(body).model_dump()
        rendered = json.loads(json.dumps(as_ninja_renders, cls=NinjaJSONEncoder))
        assert _instants_parsed(rendered) == _instants_parsed(body)
    assert read.json()["credit_limits"] and read.json()["sales_team"]
    assert read.json()["default_commission_rate"] == "7.500"


def test_child_rows_come_with_the_read_at_no_query_and_the_manager_still_filters(api, refs):
    """Given two customers with credit limits in the same company"""
    limits = [{"company": _full_form(refs)["credit_limits"][0]["company"], "credit_limit": "900"}]
    for name in ("Premier SARL", "Second SARL"):
        form = {"customer_name": name, "credit_limits": limits}
        assert api.post("/customers/", json=form).status_code == 201
    customer = customer_detail(series_code(1))
    # when its child rows are read, then they cost no query
    with CaptureQueriesContext(connection) as queries:
        limits = rows_of(customer, "credit_limits")
    assert len(queries) == 0
    assert [(row.parent_id, row.idx, row.credit_limit) for row in limits] == [
        (customer.pk, 1, Decimal("900.000"))
    ]
    # and the related manager still reads this customer's rows only (one query)
    company = limits[0].company_id
    with CaptureQueriesContext(connection) as queries:
        same_company = list(customer.credit_limits.filter(company_id=company))
    assert len(queries) == 1
    assert [row.parent_id for row in same_company] == [customer.pk]


def test_child_row_flags_and_amounts_read_back_as_stored(api, refs):
    """JSON has no booleans on SQLite nor decimals anywhere: each field reads its own."""
    company = _full_form(refs)["credit_limits"][0]["company"]
    limits = [{"company": company, "credit_limit": "1250.5", "bypass_credit_limit_check": True}]
    created = api.post(
        "/customers/", json={"customer_name": "Drapeaux SARL", "credit_limits": limits}
    )
    assert created.status_code == 201, created.text
    read = api.get(f"/customers/{created.json()['name']}").json()
    assert read["credit_limits"] == [
        {"company": company, "credit_limit": "1250.50", "bypass_credit_limit_check": True}
    ]
