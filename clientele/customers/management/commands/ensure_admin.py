import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from clientele.customers.management.commands.serve import default_address


class Command(BaseCommand):
    help = "On first run, create the 'admin' superuser with a random password kept in var/."

    def handle(self, *args, **options):
        host, port = default_address()
        login = f"http://{host}:{port}/login/"
        users = get_user_model().objects
        password_file = settings.VAR_DIR / "admin-password.txt"
        if not users.filter(is_superuser=True).exists():
            password = secrets.token_urlsafe(12)
            users.create_superuser("admin", "", password)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        if password_file.exists():
            self.stdout.write(
                f"Sign in at {login} as 'admin' with the password in "
                f"{password_file}\n"
                "API token: clientele token admin (or POST /api/v1/auth/token)",
            )
        else:
            self.stdout.write(f"Sign in with your superuser at {login}")
