"""The worker process: django-tasks' database worker, plus what it lacks to survive a
killed worker.

django_tasks_db (0.13) claims a task by marking it ``RUNNING`` and never looks at it
again: a worker killed mid-task (SIGKILL, a lost machine, out of memory) leaves it running
for ever. So each worker here also

- beats: a thread writes ``heartbeat_at`` on the job it runs every ``JOB_HEARTBEAT_SECONDS``;
- recovers, at start and at every beat: a running job is taken back into the queue when its
  worker is on this machine and its process is gone, or when its heartbeat is older than
  ``JOB_STALE_SECONDS`` (a worker on another machine). A job taken back more than
  ``MAX_ATTEMPTS`` times fails instead (the work itself may be what kills the worker).

SIGTERM or SIGINT stops the worker gracefully: the running work stops between two chunks
(``JobProgress.cancelled``) and its job goes back to the queue; a second signal stops at once.
"""

import logging
import os
import secrets
import signal
import socket
import threading
from datetime import timedelta
from types import FrameType

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from clientele.jobs.models import Job
from clientele.jobs.work import STOPPING, job_requeue

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


def worker_id() -> str:
    """``host:pid:random``, at most 64 characters (the library's limit): the host and pid
    tell a worker on this machine whether the one holding a job still lives."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def _is_dead(worker: str) -> bool:
    host, _sep, rest = worker.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname()[:40] or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def jobs_recover(*, me: str) -> list[int]:
    """Take back the jobs whose worker died (see the module's docstring); their ids."""
    stale = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)
    taken = []
    running = Job.objects.filter(status=Job.Status.RUNNING).exclude(worker=me)
    for job in running.only("id", "worker", "heartbeat_at", "attempts", "task_id"):
        old = job.heartbeat_at is None or job.heartbeat_at < stale
        if not (old or _is_dead(job.worker)):
            continue
        if _recover(job):
            taken.append(job.pk)
    return taken


def _recover(job: Job) -> bool:
    with transaction.atomic():
        DBTaskResult.objects.filter(id=job.task_id, status="RUNNING").update(
            status="FAILED", finished_at=timezone.now(), exception_class_path="WorkerLost"
        )
        if job.attempts < MAX_ATTEMPTS:
            log.warning("Job %s: its worker %s is gone, queued again", job.pk, job.worker)
            return job_requeue(job, worker=job.worker)
        message = _("The worker stopped %(count)d times while running this job.") % {
            "count": job.attempts
        }
        return bool(
            Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker).update(
                status=Job.Status.FAILED, finished_at=timezone.now(), message=message
            )
        )


class Heartbeat(threading.Thread):
    """Beats for the jobs this worker runs and recovers those of dead workers."""

    def __init__(self, me: str) -> None:
        super().__init__(name="job-heartbeat", daemon=True)
        self.me = me
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(settings.JOB_HEARTBEAT_SECONDS):
            try:
                Job.objects.filter(status=Job.Status.RUNNING, worker=self.me).update(
                    heartbeat_at=timezone.now()
                )
                jobs_recover(me=self.me)
            except DatabaseError:  # a busy SQLite file, a lost connection: next beat
                log.warning("Job heartbeat failed", exc_info=True)
            finally:
                close_old_connections()
        connection.close()


class JobWorker(Worker):
    """The library's worker loop, stopping gracefully the work it runs."""

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        STOPPING.set()
        super().shutdown(signum, frame)


def worker_run(*, interval: float, batch: bool, max_tasks: int | None) -> None:
    me = worker_id()
    jobs_recover(me=me)
    heartbeat = Heartbeat(me)
    heartbeat.start()
    worker = JobWorker(
        queue_names=["default"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=max_tasks,
        worker_id=me,
        excluded_queue_names=[],
    )
    worker.configure_signals()
    try:
        worker.run()
    finally:
        heartbeat.halt.set()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
