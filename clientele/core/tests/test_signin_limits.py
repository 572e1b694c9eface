"""Sign-in throttling: the tenth failure from one address, or for one username, locks
them: it and the next attempts get 429 with Retry-After, the password unchecked; after the
window, the right password works again (django-axes, counted in the database)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client

from clientele.core.models import ApiToken
from clientele.core.tests.helpers import row_counts

PASSWORD = "s3cret-Pass!"
LIMIT = 10
WINDOW = 15 * 60


def _token(client: Client, password: str, username: str = "reda"):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
        headers={"accept-language": "en"},
    )


def _sign_in(client: Client, password: str, username: str = "reda"):
    return client.post(
        "/login/", {"username": username, "password": password}, headers={"accept-language": "en"}
    )


def _window_passes() -> None:
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time
        - datetime.timedelta(seconds=WINDOW + 1)
    )


def test_ten_wrong_passwords_lock_the_token_endpoint_then_the_window_opens_it(reader):
    # given ten wrong passwords from one address: nine plain 401, the tenth locks
    client = Client(REMOTE_ADDR="192.0.2.10")
    answers = [_token(client, "wrong").status_code for _ in range(LIMIT)]
    assert answers == [401] * (LIMIT - 1) + [429]
    before = row_counts(ApiToken)
    # when the right password comes next
    locked = _token(client, PASSWORD)
    # then it is refused all the same, said in the API's format, with when to come back
    assert (locked.status_code, locked.json(), locked["Retry-After"]) == (
        429,
        {"detail": "Too many failed sign-ins: try again in 15 minutes.", "errors": {}},
        str(WINDOW),
    )
    assert row_counts(ApiToken) == before
    # and once the window has passed, the right password gets a token
    _window_passes()
    assert _token(client, PASSWORD).status_code == 200


def test_a_username_is_locked_whatever_the_address(reader):
    # given ten failures for one username, each from another address
    for number in range(LIMIT):
        _token(Client(REMOTE_ADDR=f"198.51.100.{number}"), "wrong")
    # when that username is tried from yet another address, and another user from there
    elsewhere = Client(REMOTE_ADDR="203.0.113.7")
    # then the username is locked, the address is not
    assert _token(elsewhere, PASSWORD).status_code == 429
    assert _token(elsewhere, "nope", username="someone-else").status_code == 401


def test_a_success_clears_the_count(reader):
    client = Client(REMOTE_ADDR="192.0.2.20")
    for _ in range(LIMIT - 1):
        _token(client, "wrong")
    assert _token(client, PASSWORD).status_code == 200
    answers = [_token(client, "wrong").status_code for _ in range(LIMIT - 1)]
    assert answers == [401] * (LIMIT - 1)


def test_the_sign_in_page_is_locked_too_and_says_so(reader):
    # given ten failed sign-ins on the page
    client = Client(REMOTE_ADDR="192.0.2.30")
    answers = [_sign_in(client, "wrong").status_code for _ in range(LIMIT)]
    assert answers == [200] * (LIMIT - 1) + [429]
    # when the right password is typed next
    page = _sign_in(client, PASSWORD)
    # then the page says why, with 429 and Retry-After, and nobody is signed in
    assert (page.status_code, page["Retry-After"]) == (429, str(WINDOW))
    assert "Too many failed sign-ins: try again in 15 minutes." in page.content.decode()
    assert client.get("/customers/").status_code == 302
    # and after the window, the same person signs in
    _window_passes()
    assert _sign_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("language", ["fr"])
def test_the_refusal_speaks_french(reader, language):
    client = Client(REMOTE_ADDR="192.0.2.40")
    for _ in range(LIMIT):
        _token(client, "wrong")
    response = client.post(
        "/api/v1/auth/token",
        {"username": "reda", "password": PASSWORD},
        content_type="application/json",
        headers={"accept-language": language},
    )
    assert response.json()["detail"] == ("Trop d’échecs de connexion : réessayez dans 15 minutes.")
