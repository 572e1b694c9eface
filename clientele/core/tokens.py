"""API tokens: issued for a username and password, or by an administrator from the CLI;
listed and revoked by their owner.

A token stops working when it expires, when it is revoked, when its owner is deactivated
and when its owner's password changes (``ApiToken.password_stamp``). A user keeps at most
``TOKENS_PER_USER`` tokens: a client that signs in for a token on every run would otherwise
grow the table without bound, so issuing one more drops the expired and dead ones, then the
least recently used beyond the limit.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.contrib.auth import authenticate, user_logged_in
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.core.errors import DomainError, InvalidInput
from clientele.core.models import ApiToken
from clientele.core.roles import roles_remember
from clientele.core.rows import Reader
from clientele.core.typing import User

# A token issued for a username and password lasts this long unless asked otherwise.
DEFAULT_DAYS = 90
MAX_DAYS = 3650
TOKENS_PER_USER = 50


class BadCredentials(DomainError):
    status = 401


class TokenNotFound(DomainError):
    status = 404


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def password_stamp(password_hash: str) -> str:
    """A short digest of a password hash (itself salted): differs once the password does."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def _expiry(days: int | None, now: datetime) -> datetime | None:
    if days is None:
        return None
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput.single(
            "expires_in_days",
            _("A token lasts from 1 to %(max)d days (or never expires).") % {"max": MAX_DAYS},
        )
    return now + timedelta(days=days)


@transaction.atomic
def token_issue(*, user: User, label: str = "", expires_in_days: int | None = None) -> str:
    """Return a new token; only its digest is kept, so it is shown this once."""
    now = timezone.now()
    expires_at = _expiry(expires_in_days, now)
    _tokens_prune(user, now)
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        digest=_digest(token),
        label=label[:100],
        expires_at=expires_at,
        password_stamp=password_stamp(user.password),
    )
    return token


def _tokens_prune(user: User, now: datetime) -> None:
    """Drop ``user``'s tokens that can no longer work, then the least recently used (never
    used counts as oldest) so that one more fits under ``TOKENS_PER_USER``."""
    tokens = ApiToken.objects.filter(user=user)
    tokens.filter(expires_at__lte=now).delete()
    tokens.exclude(password_stamp=password_stamp(user.password)).delete()
    order = (F("last_used_at").asc(nulls_first=True), "created_at", "id")
    surplus = tokens.order_by(*order).values_list("id", flat=True)
    extra = tokens.count() - (TOKENS_PER_USER - 1)
    if extra > 0:
        ApiToken.objects.filter(id__in=list(surplus[:extra])).delete()


def token_for_credentials(
    *,
    username: str,
    password: str,
    request: HttpRequest | None = None,
    label: str = "",
    expires_in_days: int | None = DEFAULT_DAYS,
) -> str:
    """A token for the right username and password. ``request`` (the client's address)
    is what sign-in throttling counts failures by; while a client or a username is locked
    out the password is not checked and the answer is a 429 (``core.signin_limits``)."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise BadCredentials(_("Wrong username or password."))
    if request is not None:  # a sign-in like the page's: clears the failures, last login
        user_logged_in.send(sender=type(user), request=request, user=user)
    return token_issue(user=user, label=label or "api", expires_in_days=expires_in_days)


def token_works(token: ApiToken, user: User, now: datetime) -> bool:
    """Whether ``token`` of ``user`` still opens the API."""
    return (
        user.is_active
        and (token.expires_at is None or token.expires_at > now)
        and token.password_stamp == password_stamp(user.password)
    )


_BY_DIGEST = Reader(ApiToken, "digest", related=("user",), names={"roles": "user__groups"})


def token_user(token: str) -> User | None:
    """The active user owning ``token``, or ``None``; marks the token used at most once a minute.

    Every API request comes through here, hence the prepared read."""
    row = _BY_DIGEST.one(_digest(token))
    now = timezone.now()
    if row is None or not token_works(row, row.user, now):
        return None
    roles_remember(row.user, vars(row)["roles"])  # the reader's extra column
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user


def tokens_of(user: User) -> list[ApiToken]:
    """``user``'s tokens, newest first (their secrets are not kept, so never shown)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


def token_revoke(*, user: User | None, token_id: int) -> None:
    """Revoke one token: its owner's (``user``), or anyone's from the command line (``None``).
    Another user's token is not found, rather than refused: its existence is not told."""
    tokens = ApiToken.objects.filter(pk=token_id)
    if user is not None:
        tokens = tokens.filter(user=user)
    deleted, _rows = tokens.delete()
    if not deleted:
        raise TokenNotFound(_("No such token."))
