"""Start ``clientele worker`` processes on the test database (committed data only)."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.db import connection

from clientele.jobs.models import Job


def database_url() -> str:
    """The URL of the database this test runs on (the test database, not the real one)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(settings['NAME']).resolve()}"
    credentials = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        credentials += ":" + quote(settings["PASSWORD"], safe="")
    host = settings["HOST"] or "localhost"
    port = settings["PORT"] or 5432
    return f"postgres://{credentials}@{host}:{port}/{quote(settings['NAME'], safe='')}"


def clientele_command() -> list[str]:
    script = shutil.which("clientele", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "clientele.cli"]


def worker_start(files: Path, log: Path, *args: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CLIENTELE_JOB_FILES_DIR": str(files),
        "JOB_HEARTBEAT_SECONDS": "0.2",
        "PYTHONUNBUFFERED": "1",
    }
    with log.open("a") as output:
        return subprocess.Popen(
            [*clientele_command(), "worker", "--interval", "0.1", *args],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition, *, what: str, log: Path, timeout: float = 60) -> Job:
    """Poll the job table until ``condition(job)`` holds for the (one) job."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = Job.objects.order_by("-id").first()
        if job is not None and condition(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout} s\n{log.read_text()[-3000:]}")
