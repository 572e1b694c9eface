"""API tokens: named, expiring, listed and revoked by their owner; dead once the owner's
password changes or the owner is deactivated; never more than a bounded number per user."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from clientele.core import tokens
from clientele.core.models import ApiToken
from clientele.core.tests.helpers import row_counts

PASSWORD = "s3cret-Pass!"


def _issue(anonymous, **extra) -> str:
    body = {"username": "reda", "password": PASSWORD, **extra}
    response = anonymous.post("/auth/token", json=body)
    assert response.status_code == 200, response.text
    return response.json()["token"]


def _works(anonymous, token: str) -> bool:
    response = anonymous.get("/industries/", headers={"Authorization": f"Bearer {token}"})
    return response.status_code == 200


def test_a_token_is_issued_with_a_name_and_an_expiry_and_listed_without_its_secret(
    reader, anonymous
):
    # given a token named for a shop, lasting 7 days
    before = timezone.now()
    token = _issue(anonymous, name="Boutique en ligne", expires_in_days=7)
    # when its owner lists their tokens
    anonymous.headers["Authorization"] = f"Bearer {token}"
    listed = anonymous.get("/auth/tokens").json()
    # then it is there, used just now, expiring in 7 days, and its secret is nowhere
    assert [(t["name"], t["active"]) for t in listed] == [("Boutique en ligne", True)]
    expires = datetime.datetime.fromisoformat(listed[0]["expires_at"])
    assert datetime.timedelta(days=7) <= expires - before < datetime.timedelta(days=7, minutes=1)
    assert listed[0]["last_used_at"] is not None
    assert token not in str(listed)


def test_a_token_from_a_password_lasts_ninety_days_unless_told(reader, anonymous):
    _issue(anonymous)
    _issue(anonymous, expires_in_days=None)
    lifetimes = {
        round((t.expires_at - t.created_at) / datetime.timedelta(days=1)) if t.expires_at else None
        for t in ApiToken.objects.filter(user=reader)
    }
    assert lifetimes == {90, None}


@pytest.mark.parametrize("days", [0, 3651, "soon"])
def test_a_bad_expiry_is_refused_and_nothing_is_issued(reader, anonymous, days):
    before = row_counts(ApiToken)
    response = anonymous.post(
        "/auth/token", json={"username": "reda", "password": PASSWORD, "expires_in_days": days}
    )
    assert (response.status_code, list(response.json()["errors"])) == (422, ["expires_in_days"])
    assert row_counts(ApiToken) == before


def test_an_expired_token_no_longer_works(reader, anonymous):
    token = _issue(anonymous, expires_in_days=1)
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert not _works(anonymous, token)


def test_a_revoked_token_stops_working_at_once(reader, anonymous):
    # given two tokens of the same person
    kept, revoked = _issue(anonymous, name="kept"), _issue(anonymous, name="revoked")
    revoked_id = ApiToken.objects.get(label="revoked").pk
    # when one is revoked with the other
    anonymous.headers["Authorization"] = f"Bearer {kept}"
    response = anonymous.delete(f"/auth/tokens/{revoked_id}")
    # then it no longer works, and the other still does
    assert response.status_code == 204
    del anonymous.headers["Authorization"]
    assert (_works(anonymous, revoked), _works(anonymous, kept)) == (False, True)


def test_another_users_token_cannot_be_revoked_nor_seen(reader, admin, anonymous, api):
    theirs = _issue(anonymous, name="theirs")
    theirs_id = ApiToken.objects.get(label="theirs").pk
    response = api.delete(f"/auth/tokens/{theirs_id}")
    assert (response.status_code, response.json()["detail"]) == (404, "No such token.")
    assert "theirs" not in str(api.get("/auth/tokens").json())
    assert _works(anonymous, theirs)


def test_a_password_change_or_deactivation_kills_the_users_tokens(reader, anonymous):
    # given a token, which works
    token = _issue(anonymous)
    assert _works(anonymous, token)
    # when the password changes (by any path), it stops working
    reader.set_password("N0uveau-Secret!")
    reader.save()
    assert not _works(anonymous, token)
    # and a fresh one issued with the new password works until the user is deactivated
    fresh = anonymous.post("/auth/token", json={"username": "reda", "password": "N0uveau-Secret!"})
    assert _works(anonymous, fresh.json()["token"])
    reader.is_active = False
    reader.save()
    assert not _works(anonymous, fresh.json()["token"])


def test_signing_in_for_a_token_every_time_does_not_grow_the_table(reader, anonymous):
    # given a user at the limit of tokens, the first one used recently
    first = _issue(anonymous, name="first")
    for _ in range(tokens.TOKENS_PER_USER - 1):
        _issue(anonymous)
    assert _works(anonymous, first)
    # when ten more are issued
    for _ in range(10):
        _issue(anonymous)
    # then the user still holds the limit, and the least recently used went first
    assert ApiToken.objects.filter(user=reader).count() == tokens.TOKENS_PER_USER
    assert _works(anonymous, first)


def test_the_command_line_lists_and_revokes(reader, capsys):
    call_command("token", "reda", "--label", "export nocturne", "--expires-in-days", "30")
    token = ApiToken.objects.get(label="export nocturne")
    call_command("token", "--list", "reda")
    assert f"{token.pk}\texport nocturne\t—\t" in capsys.readouterr().out
    call_command("token", "--revoke", str(token.pk))
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    with pytest.raises(CommandError, match="No such token."):
        call_command("token", "--revoke", str(token.pk))
