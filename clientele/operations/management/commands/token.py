from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clientele.core.tokens import token_issue


class Command(BaseCommand):
    help = "Issue an API token for a user (printed once; only its digest is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="cli")

    def handle(self, *args, username, label, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        self.stdout.write(token_issue(user=user, label=label))
