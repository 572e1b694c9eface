"""API tokens: issued for a username and password, or by an administrator from the CLI."""

import hashlib
import secrets

from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.core.errors import DomainError
from clientele.core.models import ApiToken
from clientele.core.roles import roles_remember
from clientele.core.rows import Reader
from clientele.core.typing import User


class BadCredentials(DomainError):
    status = 401


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_issue(*, user: User, label: str = "") -> str:
    """Return a new token; only its digest is kept, so it is shown this once."""
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=_digest(token), label=label[:100])
    return token


def token_for_credentials(*, username: str, password: str) -> str:
    user = authenticate(username=username, password=password)
    if user is None or not user.is_active:
        raise BadCredentials(_("Wrong username or password."))
    return token_issue(user=user, label="api")


_BY_DIGEST = Reader(ApiToken, "digest", related=("user",), names={"roles": "user__groups"})


def token_user(token: str) -> User | None:
    """The active user owning ``token``, or ``None``; marks the token used at most once a minute.

    Every API request comes through here, hence the prepared read."""
    row = _BY_DIGEST.one(_digest(token))
    if row is None or not row.user.is_active:
        return None
    roles_remember(row.user, vars(row)["roles"])  # the reader's extra column
    now = timezone.now()
    if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
