import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication

from clientele.core.pdf import RENDERER_ENV


def default_address() -> tuple[str, int]:
    """Where the server listens unless told otherwise: HOST and PORT, else 127.0.0.1:8000."""
    return os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8000"))


# A Unix socket's path holds at most 107 bytes (108 with its NUL, on Linux).
SOCKET_PATH_MAX = 107


def control_socket(port: int) -> dict:
    """Gunicorn's control socket (``gunicornc``) under this instance's ``var/``, one per
    port: by default every gunicorn of a user binds the same one in ``~/.gunicorn``, so a
    second server on the host took over the first one's. Too long a path for a socket
    (a deeply nested ``var/``) goes without one."""
    path = Path(settings.VAR_DIR) / f"gunicorn-{port}.ctl"
    if len(str(path).encode()) > SOCKET_PATH_MAX:
        return {"control_socket_disable": True}
    return {"control_socket": str(path)}


def pdf_renderer(port: int) -> subprocess.Popen | None:
    """The PDF renderer beside the workers (``core.pdf``), its socket under ``var/`` and
    named to the workers, which inherit this environment. Too long a path for a socket:
    none, and each worker renders its own PDFs."""
    path = Path(settings.VAR_DIR) / f"pdf-{port}.sock"
    if len(str(path).encode()) > SOCKET_PATH_MAX:
        return None
    os.environ[RENDERER_ENV] = str(path)
    return subprocess.Popen(
        [sys.executable, "-m", "clientele.core.pdf", str(path), str(os.getpid())]
    )


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
        renderer = pdf_renderer(port)
        try:
            _serve(host, port, workers, threads)
        finally:
            if renderer is not None:
                renderer.terminate()
                renderer.wait(timeout=10)


def _serve(host: str, port: int, workers: int, threads: int) -> None:
    _Gunicorn(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "accesslog": os.environ.get("ACCESS_LOG"),
            "timeout": 60,
            # Refusals gunicorn writes itself answer JSON (``server_worker``). A request
            # line may be as long as gunicorn allows (8,190 bytes: long searches with
            # every filter fit), headers keep gunicorn's limits.
            "worker_class": "clientele.operations.server_worker.JsonErrorsWorker",
            "limit_request_line": 8190,
            **control_socket(port),
        }
    ).run()
