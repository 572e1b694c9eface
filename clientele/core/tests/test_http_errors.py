"""Refusals made outside the API's handlers answer the API's JSON under /api/, pages elsewhere."""

from django.test import override_settings

from clientele.core.models import ChangeLog
from clientele.core.tests.helpers import row_counts
from clientele.customers.models import Customer


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_is_refused_in_json_and_writes_nothing(api):
    # given a limit of 1,000 bytes
    before = row_counts(Customer, ChangeLog)
    # when a customer is sent with a longer body
    response = api.post("/customers/", json={"customer_name": "Dupont", "details": "x" * 2000})
    # then 413, said in the API's format, and nothing written
    assert (response.status_code, response.json()) == (
        413,
        {"detail": "The request body is larger than the limit of 1000\xa0bytes.", "errors": {}},
    )
    assert row_counts(Customer, ChangeLog) == before


def test_an_unknown_api_address_is_a_json_404(api):
    response = api.get("/no-such-thing/")
    assert (response.status_code, response.json()) == (
        404,
        {"detail": "Not found.", "errors": {}},
    )


def test_an_unknown_page_is_the_html_404(client, admin):
    client.force_login(admin)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
