"""``clientele token USER``: issue a token; ``--list USER``: a user's tokens; ``--revoke ID``."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.core.errors import DomainError
from clientele.core.tokens import token_issue, token_revoke, token_works, tokens_of


class Command(BaseCommand):
    help = _(
        "Issue an API token for a user (printed once; only its digest is stored), list a "
        "user's tokens, or revoke one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?")
        parser.add_argument("--label", default="cli", help=_("What the token is for."))
        parser.add_argument(
            "--expires-in-days", type=int, default=None, help=_("Days until it stops working.")
        )
        parser.add_argument("--list", action="store_true", help=_("List the user's tokens."))
        parser.add_argument("--revoke", type=int, metavar="ID", help=_("Revoke token ID."))

    def handle(self, *args, username, label, expires_in_days, list, revoke, **options):
        try:
            if revoke is not None:
                token_revoke(user=None, token_id=revoke)
                self.stdout.write(_("Token %(id)d revoked.") % {"id": revoke})
            elif list:
                self._list(self._user(username))
            else:
                user = self._user(username)
                self.stdout.write(
                    token_issue(user=user, label=label, expires_in_days=expires_in_days)
                )
        except DomainError as error:
            raise CommandError(error.message) from error

    def _user(self, username: str | None):
        if not username:
            raise CommandError(_("Name the user."))
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user named “%(user)s”.") % {"user": username})
        return user

    def _list(self, user) -> None:
        now = timezone.now()
        for token in tokens_of(user):
            state = _("active") if token_works(token, user, now) else _("no longer works")
            used = token.last_used_at.isoformat(timespec="minutes") if token.last_used_at else "—"
            expires = token.expires_at.date().isoformat() if token.expires_at else "—"
            self.stdout.write(f"{token.pk}\t{token.label}\t{used}\t{expires}\t{state}")
