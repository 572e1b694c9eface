"""Text holding NUL (U+0000), which PostgreSQL cannot store, is refused where it comes in."""

import pytest

from clientele.core.models import ChangeLog
from clientele.core.tests.helpers import row_counts
from clientele.customers.models import Customer

NUL_MESSAGE = "This text holds a NUL character, which cannot be stored."


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
