"""The OpenAPI document tells the truth about request bodies (``core.api_contract``).

For a sample of operations, what the document says a body requires, and which fields it
says refuse ``null``, is held against real calls: each field it requires is refused on its
own field when left out and when ``null``, nothing being written; a field it leaves
nullable is taken as ``null``. Schemathesis (``scripts/contract-check.sh``) then tries
every operation the same way.
"""

from typing import Any

import pytest

from clientele.core.models import ChangeLog
from clientele.customers.services import customer_create

# (list path, the fields its create requires), each kind of create: generic records, a
# tree, records with links, and those written by services of their own.
CREATES = [
    ("/industries/", ["name"]),
    ("/territories/", ["name"]),
    ("/companies/", ["abbr", "default_currency", "name"]),
    ("/fiscal-years/", ["name", "year_end_date", "year_start_date"]),
    ("/item-prices/", ["item", "price_list", "price_list_rate"]),
    ("/contacts/", ["first_name"]),
    ("/addresses/", ["address_line1", "city", "country"]),
    ("/customers/", ["customer_name"]),
    ("/quotations/", ["company", "customer", "items"]),
    ("/sales-invoices/", ["company", "customer", "items"]),
    ("/payment-entries/", ["company", "customer"]),
]


def _body_schema(document: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    operation = document["paths"][f"/api/v1{path}"][method]
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return document["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _nullable(prop: dict[str, Any]) -> bool:
    return any(member.get("type") == "null" for member in prop.get("anyOf", []))


def _written(api, path: str) -> tuple[int, int]:
    return api.get(path).json()["count"], ChangeLog.objects.count()


@pytest.fixture
def document(api) -> dict[str, Any]:
    return api.get("/openapi.json").json()


@pytest.mark.parametrize(("path", "required"), CREATES)
def test_a_create_refuses_each_field_it_requires_when_left_out(api, document, path, required):
    # given the create's body as the document declares it
    body = _body_schema(document, path, "post")
    assert body["required"] == required
    assert not any(_nullable(body["properties"][name]) for name in required)
    before = _written(api, path)
    # when a create sends none of them
    response = api.post(path, json={})
    # then each is refused on its own field, and nothing is written
    assert response.status_code == 422, response.text
    assert set(required) <= set(response.json()["errors"]), response.json()
    assert _written(api, path) == before


@pytest.mark.parametrize(("path", "required"), CREATES)
def test_a_create_refuses_each_field_it_requires_as_null(api, path, required):
    # given
    before = _written(api, path)
    # when a create sends each of them as null
    response = api.post(path, json=dict.fromkeys(required))
    # then each is refused on its own field, and nothing is written
    assert response.status_code == 422, response.text
    assert set(required) <= set(response.json()["errors"]), response.json()
    assert _written(api, path) == before


def test_an_update_requires_nothing_but_refuses_null_where_the_document_says(api, document):
    # given a customer, and its update's body as the document declares it
    code = customer_create(data={"customer_name": "Boulangerie Martin"}, user=None).name
    body = _body_schema(document, "/customers/{name}", "patch")
    assert "required" not in body
    not_null = [name for name, prop in body["properties"].items() if not _nullable(prop)]
    assert not_null == ["name", "customer_name"]
    before = ChangeLog.objects.count()
    # when an update sends each as null, one at a time
    refused = {
        name: api.patch(f"/customers/{code}", json={name: None}).json()["errors"]
        for name in not_null
    }
    # then each is refused on its own field, and nothing is written
    assert {name: list(errors) for name, errors in refused.items()} == {
        "name": ["name"],
        "customer_name": ["customer_name"],
    }
    assert ChangeLog.objects.count() == before
    assert api.get(f"/customers/{code}").json()["customer_name"] == "Boulangerie Martin"


def test_a_field_the_document_leaves_nullable_is_taken_as_null(api, document):
    # given a customer with a website, which the update's body declares nullable
    code = customer_create(
        data={"customer_name": "Boulangerie Martin", "website": "https://martin.example"},
        user=None,
    ).name
    assert _nullable(_body_schema(document, "/customers/{name}", "patch")["properties"]["website"])
    # when an update sends it as null
    response = api.patch(f"/customers/{code}", json={"website": None})
    # then it is taken: the website is cleared
    assert response.status_code == 200, response.text
    assert response.json()["website"] == ""


def test_a_lead_requires_no_code_its_series_gives_one(api, document):
    # given the lead's create body as the document declares it
    body = _body_schema(document, "/leads/", "post")
    assert "required" not in body
    assert _nullable(body["properties"]["name"])
    # when a lead is created without a code, and with a null one
    first = api.post("/leads/", json={"lead_name": "Jeanne Martin"})
    second = api.post("/leads/", json={"name": None, "lead_name": "Paul Durand"})
    # then both are created, each with a code of the series
    assert (first.status_code, second.status_code) == (201, 201), (first.text, second.text)
    assert first.json()["name"] != second.json()["name"]


# What schemathesis found, each held here.


def test_a_date_given_as_a_number_is_refused_not_read_as_seconds_since_1970(api):
    # given
    before = _written(api, "/fiscal-years/")
    # when a list's date filter and a body's dates are numbers
    listed = api.get("/quotations/", params={"to_date": "0"})
    created = api.post(
        "/fiscal-years/",
        json={"name": "1970", "year_start_date": 0, "year_end_date": "31536000"},
    )
    # then each is refused on its field, as the document's YYYY-MM-DD says, nothing written
    assert listed.status_code == 422, listed.text
    assert listed.json()["errors"] == {"to_date": ["Enter a date as YYYY-MM-DD."]}
    assert created.status_code == 422, created.text
    assert created.json()["errors"] == {
        "year_start_date": ["Enter a date as YYYY-MM-DD."],
        "year_end_date": ["Enter a date as YYYY-MM-DD."],
    }
    assert _written(api, "/fiscal-years/") == before


def test_a_date_as_the_document_says_is_taken(api):
    # when a list's date filter is YYYY-MM-DD
    response = api.get("/quotations/", params={"from_date": "2025-01-01", "to_date": "2025-12-31"})
    # then it is taken
    assert response.status_code == 200, response.text


def test_a_form_upload_without_its_boundary_is_a_bad_request_not_a_server_error(api):
    # when an import is sent as a multipart form that names no boundary
    response = api.post("/imports/", content=b"{}", headers={"Content-Type": "multipart/form-data"})
    # then it is refused as unreadable (400), not as the server's failure (500)
    assert response.status_code == 400, response.text
    assert response.json()["detail"] == "The request body is not a readable form."


def test_credentials_not_sent_as_json_are_refused_before_any_sign_in(reader, anonymous):
    # given a wrong password sent as JSON but labelled a multipart form without its
    # boundary, which the record of failed sign-ins could not read (a 500, and the failure
    # left uncounted: passwords could be tried past the lockout)
    body = b'{"username": "reda", "password": "wrong"}'
    # when
    response = anonymous.post(
        "/auth/token", content=body, headers={"Content-Type": "multipart/form-data"}
    )
    # then it is refused for its type, and no token is issued
    assert response.status_code == 415, response.text
    assert response.json()["detail"] == (
        "Send the credentials as JSON (Content-Type: application/json)."
    )
    assert reader.api_tokens.count() == 0


def test_a_create_links_to_the_operations_on_the_record_it_made(api, document):
    # given the industries' create, whose answer's links the document declares
    links = document["paths"]["/api/v1/industries/"]["post"]["responses"]["201"]["links"]
    assert sorted(links) == [
        "industry_delete_record",
        "industry_read_record",
        "industry_update_record",
    ]
    assert {link["parameters"]["name"] for link in links.values()} == {"$response.body#/name"}
    # when an industry is created, then read at the code its answer gives
    created = api.post("/industries/", json={"name": "Boulangerie"}).json()
    read = api.get(f"/industries/{created['name']}")
    # then the link leads to it
    assert read.status_code == 200
    assert read.json()["name"] == "Boulangerie"


def test_a_child_row_refuses_each_column_it_requires_left_out_or_null(api, document):
    # given the customer's rows as the document declares them
    rows = {
        table: document["components"]["schemas"][name]
        for table, name in [
            ("credit_limits", "CustomerCreditLimitRow"),
            ("accounts", "CustomerAccountRow"),
        ]
    }
    assert {table: row["required"] for table, row in rows.items()} == {
        "credit_limits": ["company", "credit_limit"],
        "accounts": ["account", "company"],
    }
    assert not _nullable(rows["accounts"]["properties"]["company"])
    assert _nullable(rows["accounts"]["properties"]["advance_account"])
    before = _written(api, "/customers/")
    # when a customer is created with a row leaving them out, and one giving them as null
    response = api.post(
        "/customers/",
        json={
            "customer_name": "Boulangerie Martin",
            "credit_limits": [{}],
            "accounts": [{"company": None, "account": None}],
        },
    )
    # then each is refused on its row and column, and nothing is written
    assert response.status_code == 422, response.text
    assert sorted(response.json()["errors"]) == [
        "accounts[0].account",
        "accounts[0].company",
        "credit_limits[0].company",
        "credit_limits[0].credit_limit",
    ]
    assert _written(api, "/customers/") == before
