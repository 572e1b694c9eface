"""REST plumbing shared by every resource: auth, roles, error format, pages (SPEC §4)."""

import json

import pytest
from django.db import IntegrityError
from django.test import Client, RequestFactory
from django.utils import translation

from clientele import api as clientele_api
from clientele.core.models import ApiToken, ChangeLog
from clientele.core.tests.helpers import row_counts
from clientele.masters.models import Industry


def test_token_is_issued_for_username_and_password(reader, anonymous):
    response = anonymous.post("/auth/token", json={"username": "reda", "password": "s3cret-Pass!"})

    assert response.status_code == 200, response.text
    anonymous.headers["Authorization"] = f"Bearer {response.json()['token']}"
    assert anonymous.get("/industries/").status_code == 200


def test_wrong_password_gets_no_token(reader, anonymous):
    before = row_counts(ApiToken)

    response = anonymous.post("/auth/token", json={"username": "reda", "password": "wrong"})

    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Wrong username or password.", "errors": {}},
    )
    assert row_counts(ApiToken) == before


@pytest.mark.parametrize("path", ["/industries/", "/industries/Retail", "/customer-groups/"])
def test_reading_needs_a_login(anonymous, path):
    response = anonymous.get(path)

    assert (response.status_code, response.json()) == (
        401,
        {"detail": "Authentication required.", "errors": {}},
    )


@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_writing_without_a_valid_token_is_unauthenticated(anonymous, token):
    if token:
        anonymous.headers["Authorization"] = f"Bearer {token}"
    before = row_counts(Industry)

    responses = [
        anonymous.get("/industries/"),
        anonymous.post("/industries/", json={"name": "Energy"}),
        anonymous.patch("/industries/Retail", json={"name": "Commerce"}),
        anonymous.delete("/industries/Retail"),
    ]

    assert [(r.status_code, r.json()["detail"]) for r in responses] == [
        (401, "Authentication required.")
    ] * 4
    assert row_counts(Industry) == before


def test_token_of_a_deactivated_user_is_refused(reader, reader_api):
    reader.is_active = False
    reader.save()

    assert reader_api.get("/industries/").status_code == 401


def test_a_user_without_role_reads_but_cannot_write(reader_api):
    before = row_counts(Industry)

    assert reader_api.get("/industries/Retail").json() == {"name": "Retail"}
    created = reader_api.post("/industries/", json={"name": "Energy"})
    changed = reader_api.patch("/industries/Retail", json={"name": "Commerce"})
    deleted = reader_api.delete("/industries/Retail")

    for response in (created, changed, deleted):
        assert response.status_code == 403
        assert response.json()["detail"] == (
            "This needs one of these roles: Sales Master Manager, System Manager."
        )
    assert row_counts(Industry) == before
    assert Industry.objects.filter(name="Retail").exists()


def test_the_sales_master_manager_writes_master_records(manager_api):
    response = manager_api.post("/industries/", json={"name": "Energy"})

    assert (response.status_code, response.json()) == (201, {"name": "Energy"})
    assert ChangeLog.objects.filter(
        entity="industry", record_name="Energy"
    ).get().user.username == ("manon")


def test_unknown_record_is_404(api):
    response = api.get("/industries/Nothing%20here")

    assert (response.status_code, response.json()) == (404, {"detail": "Not found.", "errors": {}})


def test_list_pages_with_limit_and_offset_and_counts_all(api):
    names = sorted(Industry.objects.values_list("name", flat=True))

    response = api.get("/industries/", params={"limit": 2, "offset": 1})

    assert response.json() == {"count": len(names), "items": [{"name": n} for n in names[1:3]]}


def test_list_searches_by_code(api):
    response = api.get("/industries/", params={"q": "serv"})

    assert response.json() == {"count": 1, "items": [{"name": "Services"}]}


@pytest.mark.parametrize(
    ("params", "field"),
    [({"limit": 0}, "limit"), ({"limit": 501}, "limit"), ({"offset": -1}, "offset")],
)
def test_page_bounds_are_checked(api, params, field):
    response = api.get("/industries/", params=params)

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]


def test_body_that_is_not_json_is_refused(api):
    before = row_counts(Industry)

    response = api.post(
        "/industries/", content=b"name=Energy", headers={"Content-Type": "application/json"}
    )

    assert (response.status_code, response.json()["detail"]) == (
        400,
        "The request body is not valid JSON.",
    )
    assert row_counts(Industry) == before


def test_body_that_is_not_an_object_is_refused(api):
    before = row_counts(Industry)

    response = api.post("/industries/", json=["Energy"])

    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["__all__"]
    assert row_counts(Industry) == before


def test_a_signed_in_session_reads_and_must_pass_the_csrf_check_to_write(admin):
    browser = Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})
    browser.force_login(admin)
    before = row_counts(Industry)

    read = browser.get("/api/v1/industries/Retail")
    forged = browser.post(
        "/api/v1/industries/", {"name": "Energy"}, content_type="application/json"
    )

    assert (read.status_code, read.json()) == (200, {"name": "Retail"})
    assert forged.status_code == 403
    assert row_counts(Industry) == before


def test_a_signed_in_session_with_its_csrf_token_writes(admin):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(admin)
    browser.get("/")
    token = browser.cookies["csrftoken"].value

    response = browser.post(
        "/api/v1/industries/",
        {"name": "Energy"},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert (response.status_code, response.json()) == (201, {"name": "Energy"})


@pytest.mark.parametrize(
    ("handler", "error", "answer"),
    [
        (
            "concurrent_change",
            IntegrityError('insert violates foreign key constraint "fk_secret_detail"'),
            (
                409,
                "Another change to the same records was made at the same moment: nothing "
                "was written. Try again.",
            ),
        ),
        ("unexpected", RuntimeError("secret detail"), (500, "Internal error.")),
    ],
)
def test_database_and_unexpected_errors_answer_without_their_details(handler, error, answer):
    # given a write that failed with ``error``
    request = RequestFactory().post("/api/v1/customers/", HTTP_ACCEPT_LANGUAGE="en")
    # when the API's handler answers it
    with translation.override("en"):
        response = getattr(clientele_api, handler)(request, error)
    # then the client learns what to do, and nothing of the error itself
    assert (response.status_code, json.loads(response.content)) == (
        answer[0],
        {"detail": answer[1], "errors": {}},
    )
    assert b"secret" not in response.content


def test_an_integrity_error_on_a_read_is_an_internal_error_not_a_clash():
    # given a read that failed on the database's integrity check (a read writes nothing)
    request = RequestFactory().get("/api/v1/customers/")
    # when the API's handler answers it
    with translation.override("en"):
        response = clientele_api.concurrent_change(request, IntegrityError("datatype mismatch"))
    # then it is reported as what it is: a fault of ours
    assert (response.status_code, json.loads(response.content)) == (
        500,
        {"detail": "Internal error.", "errors": {}},
    )
