import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication


def default_address() -> tuple[str, int]:
    """Where the server listens unless told otherwise: HOST and PORT, else 127.0.0.1:8000."""
    return os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8000"))


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from clientele.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve the app with gunicorn (static files by WhiteNoise)."

    def add_arguments(self, parser):
        host, port = default_address()
        parser.add_argument("--host", default=host)
        parser.add_argument("--port", type=int, default=port)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "4")))

    def handle(self, *args, host, port, workers, threads, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"Serving on http://{host}:{port}/ ({workers} workers)\n"
            f"Sign in at http://{host}:{port}/login/"
        )
        _Gunicorn(
            {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "accesslog": os.environ.get("ACCESS_LOG"),
                "timeout": 60,
            }
        ).run()
