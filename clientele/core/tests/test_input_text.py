"""Text the databases cannot store (NUL, a lone surrogate) is refused where it comes in."""

import json

import pytest

from clientele.core.models import ChangeLog
from clientele.core.tests.helpers import row_counts
from clientele.customers.models import Customer

NUL_MESSAGE = "This text holds a NUL character or a lone surrogate, which cannot be stored."
WRITES = ("post", "put", "patch")


def test_a_body_string_holding_nul_is_a_field_error_and_writes_nothing(api):
    # given
    before = row_counts(Customer, ChangeLog)
    # when
    response = api.post(
        "/customers/",
        json={"customer_name": "Dupont\x00", "credit_limits": [{"company": "A\x00"}]},
    )
    # then
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"customer_name": [NUL_MESSAGE], "credit_limits[0].company": [NUL_MESSAGE]},
    )
    assert row_counts(Customer, ChangeLog) == before


@pytest.mark.parametrize("path", ["/customers/", "/currencies/", "/customer-groups/"])
def test_a_search_holding_nul_is_a_field_error(api, path):
    response = api.get(path, params={"q": "mar\x00tin"})
    assert (response.status_code, response.json()["errors"]) == (422, {"q": [NUL_MESSAGE]})


@pytest.mark.parametrize(
    "path", ["/customers/A%00B", "/customers/A%00B/history", "/industries/%00"]
)
def test_an_address_holding_nul_names_no_record(api, path):
    response = api.get(path)
    assert (response.status_code, response.json()) == (
        404,
        {"detail": "Not found.", "errors": {}},
    )


def test_a_lone_surrogate_is_a_field_error_and_writes_nothing(api):
    # given: a name ending in half of a surrogate pair, as JSON spells it
    before = row_counts(Customer, ChangeLog)
    body = '{"customer_name": "Dupont \\ud83d", "customer_details": "ok \\udc00 ok"}'
    # when
    response = api.post("/customers/", content=body, headers={"content-type": "application/json"})
    # then
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"customer_name": [NUL_MESSAGE], "customer_details": [NUL_MESSAGE]},
    )
    assert row_counts(Customer, ChangeLog) == before


def test_a_whole_surrogate_pair_is_a_character_like_any_other(api):
    body = json.dumps({"customer_name": "Fusée 🚀"})  # spelt "\\ud83d\\ude80"
    response = api.post("/customers/", content=body, headers={"content-type": "application/json"})
    assert (response.status_code, response.json()["customer_name"]) == (201, "Fusée 🚀")


def _write_operations(api) -> list[tuple[str, str]]:
    """Every operation of the OpenAPI document taking a JSON body: method and path."""
    document = api.get("/openapi.json").json()
    operations = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {})
            if method in WRITES and "application/json" in content:
                operations.append((method, path.replace("/api/v1", "", 1)))
    return operations


def test_every_write_operation_refuses_a_lone_surrogate(api):
    # given: every operation that takes a JSON body, each path's parameters filled in, and
    # a body of keys it may not even have (the text is refused before the body is read)
    operations = _write_operations(api)
    assert len(operations) > 50
    before = row_counts(Customer, ChangeLog)
    answers = {}
    for method, path in operations:
        url = path.replace("{", "").replace("}", "")  # "/customers/{name}" → "/customers/name"
        body = '{"name": "A\\udfffB", "nested": [{"code": "\\ud800"}]}'
        # when
        response = api.request(
            method.upper(), url, content=body, headers={"content-type": "application/json"}
        )
        answers[f"{method} {path}"] = (response.status_code, response.json()["errors"])
    # then: each is the same field error, and nothing was written
    expected = {"name": [NUL_MESSAGE], "nested[0].code": [NUL_MESSAGE]}
    assert answers == {key: (422, expected) for key in answers}
    assert row_counts(Customer, ChangeLog) == before


@pytest.mark.parametrize(
    "path",
    ["/contacts/", "/addresses/", "/leads/", "/currencies/", "/customer-groups/", "/companies/"],
)
@pytest.mark.parametrize("q", ["🚀", "!!!", "%", "_", "\u200b"])
def test_a_search_of_symbols_only_finds_nothing_rather_than_everything(api, path, q):
    # given lists that are not empty (the seeded currencies, groups, company…)
    api.post("/contacts/", json={"first_name": "Élise"})
    # when searched for symbols alone
    response = api.get(path, params={"q": q})
    # then nothing is found: the filter is not silently dropped
    assert (response.status_code, response.json()["count"]) == (200, 0)
