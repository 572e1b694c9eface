import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "On first run, create the 'admin' superuser with a random password kept in var/ "
        "(`serve` then prints the sign-in address)."
    )

    def handle(self, *args, **options):
        users = get_user_model().objects
        password_file = settings.VAR_DIR / "admin-password.txt"
        if not users.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            users.create_superuser("admin", "", password)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        if password_file.exists():
            self.stdout.write(
                f"Sign in as 'admin' with the password in {password_file}\n"
                "API token: clientele token admin (or POST /api/v1/auth/token)",
            )
        else:
            self.stdout.write("Sign in with your superuser.")
