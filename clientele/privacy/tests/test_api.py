"""Who may export and erase, and how the routes refuse: the API's JSON error body."""

import pytest

from clientele.privacy.tests.builders import person
from clientele.privacy.tests.test_erase import everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(admin):
    return person(admin)


def test_a_sales_user_may_not_erase_and_nothing_is_written(held, sales_api):
    # given
    before = everything()
    # when
    answer = sales_api.post("/privacy/customer/DUPONT-J/erase")
    # then
    assert answer.status_code == 403
    assert answer.json() == {
        "detail": "This needs one of these roles: System Manager.",
        "errors": {},
    }
    assert everything() == before


def test_a_sales_master_manager_may_not_erase_either(held, manager_api):
    before = everything()

    answer = manager_api.post("/privacy/customer/DUPONT-J/erase")

    assert answer.status_code == 403
    assert everything() == before


def test_without_a_token_nothing_is_read_nor_erased(held, anonymous):
    # given
    before = everything()
    # when
    export = anonymous.get("/privacy/customer/DUPONT-J/export")
    erase = anonymous.post("/privacy/customer/DUPONT-J/erase")
    # then
    assert (export.status_code, erase.status_code) == (401, 401)
    assert export.json() == {"detail": "Authentication required.", "errors": {}}
    assert erase.json() == {"detail": "Authentication required.", "errors": {}}
    assert everything() == before


def test_an_unknown_code_or_kind_is_refused(held, api):
    # when
    missing = api.post("/privacy/customer/NOBODY/erase")
    wrong_kind = api.get("/privacy/supplier/DUPONT-J/export")
    # then
    assert (missing.status_code, missing.json()) == (404, {"detail": "Not found.", "errors": {}})
    assert wrong_kind.status_code == 422
    assert list(wrong_kind.json()) == ["detail", "errors"]
    assert list(wrong_kind.json()["errors"]) == ["kind"]


def test_the_openapi_document_declares_the_refusals(api):
    # when
    paths = api.get("/openapi.json").json()["paths"]
    # then
    erase = paths["/api/v1/privacy/{kind}/{name}/erase"]["post"]["responses"]
    export = paths["/api/v1/privacy/{kind}/{name}/export"]["get"]["responses"]
    assert sorted(erase) == ["200", "401", "403", "404", "409", "414", "422"]
    assert sorted(export) == ["200", "401", "403", "404", "414", "422"]
