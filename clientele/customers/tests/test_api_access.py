"""Who may do what on customers (SPEC §3.16, §4), and deletion."""

import pytest

from clientele.core.models import ChangeLog
from clientele.customers.models import Customer
from clientele.customers.services import customer_create
from clientele.customers.tests.builders import COMPANY, db_state, series_code
from conftest import ApiClient

ROUTES = [
    ("GET", "/customers/", None),
    ("POST", "/customers/", {"customer_name": "Durand"}),
    ("GET", "/customers/{code}", None),
    ("PATCH", "/customers/{code}", {"customer_details": "x"}),
    ("DELETE", "/customers/{code}", None),
    ("POST", "/customers/{code}/rename", {"new_name": "AUTRE"}),
    ("GET", f"/customers/{{code}}/defaults?company={COMPANY}", None),
    ("GET", "/customers/{code}/history", None),
    ("GET", "/openapi.json", None),
]
WRITES = [route for route in ROUTES if route[0] != "GET"]


@pytest.fixture
def code(db) -> str:
    return customer_create(data={"customer_name": "Existant"}, user=None).name


def _call(client, method: str, path: str, body, code: str):
    return client.request(method, path.format(code=code), json=body)


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_anonymous_gets_401_everywhere_and_writes_nothing(anonymous, code, method, path, body):
    before = db_state()
    response = _call(anonymous, method, path, body, code)
    assert response.status_code == 401, response.text
    assert db_state() == before


@pytest.mark.parametrize(("method", "path", "body"), ROUTES[:4])
def test_a_bad_token_gets_401(db, code, method, path, body):
    response = _call(ApiClient("not-a-token"), method, path, body, code)
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
def test_reader_without_role_gets_403_on_writes_and_writes_nothing(
    reader_api, code, method, path, body
):
    before = db_state()
    response = _call(reader_api, method, path, body, code)
    assert response.status_code == 403, response.text
    assert db_state() == before


@pytest.mark.parametrize(("method", "path", "body"), [r for r in ROUTES if r[0] == "GET"])
def test_reader_without_role_may_read(reader_api, code, method, path, body):
    assert _call(reader_api, method, path, body, code).status_code == 200


def test_sales_user_creates_updates_and_renames_but_cannot_delete(sales_api):
    created = sales_api.post("/customers/", json={"customer_name": "Durand"})
    assert created.status_code == 201
    assert sales_api.patch(
        f"/customers/{series_code(1)}", json={"customer_details": "Vu"}
    ).status_code == (200)
    assert sales_api.post(
        f"/customers/{series_code(1)}/rename", json={"new_name": "DURAND"}
    ).status_code == (200)
    before = db_state()
    refused = sales_api.delete("/customers/DURAND")
    assert refused.status_code == 403
    assert db_state() == before


def test_master_manager_deletes_and_the_deletion_is_recorded(manager_api, code):
    # given
    customer_id = Customer.objects.get(name=code).pk
    # when
    response = manager_api.delete(f"/customers/{code}")
    # then
    assert response.status_code == 204
    assert response.content == b""
    assert not Customer.objects.filter(pk=customer_id).exists()
    assert manager_api.get(f"/customers/{code}").status_code == 404
    deletion = ChangeLog.objects.filter(entity="customer", record_id=customer_id).last()
    assert (deletion.action, deletion.record_name, deletion.user.username) == (
        "delete",
        code,
        "manon",
    )


def test_delete_removes_child_rows_and_search_document(api, code):
    api.patch(
        f"/customers/{code}",
        json={
            "credit_limits": [{"company": COMPANY, "credit_limit": "10"}],
            "accounts": [{"company": COMPANY, "account": "411000 - Clients - CD"}],
        },
    )
    assert api.delete(f"/customers/{code}").status_code == 204
    after = db_state()
    assert (
        after["customers"],
        after["search documents"],
        after["credit limit rows"],
        after["account rows"],
    ) == ([], 0, 0, 0)


def test_customer_created_through_the_api_records_its_author(sales_api):
    sales_api.post("/customers/", json={"customer_name": "Durand"})
    authors = set(
        ChangeLog.objects.filter(entity="customer").values_list("user__username", flat=True)
    )
    assert authors == {"sally"}
