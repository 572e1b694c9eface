"""How long work is declared, queued and run as a ``Job``.

Declare the work once, at module level, with ``@job_work``; queue it with ``job_enqueue``;
a worker (``clientele worker``) runs it and keeps the ``Job`` up to date::

    @job_work
    def customers_export_run(run: JobRun) -> dict | None:
        run.progress.started(total)            # clientele.core.work_progress.Progress
        for ...:
            if run.progress.cancelled():       # cancel asked, or the worker is stopping
                return None                    # stop between chunks, nothing half-written
            run.progress.advanced(done, errors)
        path = run.output("customers.csv")     # where to write the file to download
        return {"rows": done}                  # the report (JSON), or None

    job = job_enqueue(work=customers_export_run, kind="export", label="…", user=user,
                      params={"format": "csv"})

Only functions marked by ``@job_work`` are run: the dotted path stored on the job is
checked, so a row of the table cannot make a worker call anything else.

A job whose worker dies is taken again by the next worker (``worker.py``): the work runs
again from its start, reading ``run.checkpoint`` (saved by ``run.checkpoint_save``) to
go on where it stopped; work without a checkpoint (an export) simply starts over.
"""

import logging
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from clientele.core.errors import DomainError
from clientele.core.typing import User
from clientele.jobs.models import Job

log = logging.getLogger(__name__)

Work = Callable[["JobRun"], dict[str, Any] | None]
_MARK = "__clientele_job_work__"
# The first errors kept on the job for people to read; the work's own report has them all.
ERROR_SAMPLES = 100
# How often the counts are written and the cancel flag read, at most (seconds).
PROGRESS_INTERVAL = 0.5
# Set when the worker process is asked to stop: the running work stops between chunks
# and its job goes back to the queue for the next worker.
STOPPING = threading.Event()


def job_work(function: Work) -> Work:
    """Mark ``function`` as work a job may run (see the module's docstring)."""
    setattr(function, _MARK, True)
    return function


def _work_path(function: Work) -> str:
    if not getattr(function, _MARK, False):
        raise TypeError(f"{function!r} is not declared with @job_work")
    return f"{function.__module__}.{function.__qualname__}"


def job_enqueue(
    *, work: Work, kind: str, label: str, user: User | None, params: dict[str, Any]
) -> Job:
    """Record the job and queue its task in one transaction: the database backend keeps
    them together, so there is never a job no worker will take, nor a task without a job."""
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            label=label[:200],
            work=_work_path(work),
            user=user,
            params=params,
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        _task_queue(job)
    return job


def _task_queue(job: Job) -> None:
    result = job_task.enqueue(job.pk)
    job.task_id = str(result.id)
    Job.objects.filter(pk=job.pk).update(task_id=job.task_id)


def job_requeue(job: Job, *, worker: str) -> bool:
    """Put back in the queue a job ``worker`` was running (it stopped, or died): only if
    it still holds it, so two workers noticing the same dead one queue it once."""
    with transaction.atomic():
        taken = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=worker).update(
            status=Job.Status.QUEUED, worker=""
        )
        if taken:
            _task_queue(job)
    return bool(taken)


def files_dir(job: Job) -> Path:
    return Path(settings.JOB_FILES_DIR) / str(job.pk)


class JobProgress:
    """``clientele.core.work_progress.Progress`` for a queued job: the counts are written
    at most every ``PROGRESS_INTERVAL`` seconds (the last ones when the job ends), the
    cancel flag read as often; a worker being stopped reads as a cancel too."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.done = 0
        self.errors = 0
        self.stopped = False
        self._written = 0.0
        self._read = 0.0

    def _update(self, **fields: Any) -> None:
        Job.objects.filter(pk=self.job_id).update(heartbeat_at=timezone.now(), **fields)

    def started(self, total: int | None) -> None:
        self.done = self.errors = 0
        self._update(total=total, done=0, errors=0)
        self._written = time.monotonic()

    def advanced(self, done: int, errors: int = 0) -> None:
        self.done, self.errors = done, errors
        if time.monotonic() - self._written >= PROGRESS_INTERVAL:
            self.flush()

    def flush(self) -> None:
        self._update(done=self.done, errors=self.errors)
        self._written = time.monotonic()

    def errors_add(self, errors: list[dict[str, Any]]) -> None:
        """Keep the first errors (row, field, message, value…) on the job for people to
        read while it runs; past ``ERROR_SAMPLES`` only the count grows."""
        job = Job.objects.only("error_samples").get(pk=self.job_id)
        room = ERROR_SAMPLES - len(job.error_samples)
        if room > 0 and errors:
            self._update(error_samples=[*job.error_samples, *errors[:room]])

    def cancelled(self) -> bool:
        if self.stopped:
            return True
        if STOPPING.is_set():
            self.stopped = True
        elif time.monotonic() - self._read >= PROGRESS_INTERVAL:
            self._read = time.monotonic()
            self.stopped = Job.objects.filter(pk=self.job_id, cancel_requested=True).exists()
        return self.stopped


class JobRun:
    """What the work is handed: its job, parameters, progress, output folder, checkpoint."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.params: dict[str, Any] = job.params
        self.checkpoint: Any = job.checkpoint
        self.progress = JobProgress(job.pk)
        self.result_file = ""
        self.result_name = ""

    def output(self, name: str) -> Path:
        """The path to write the job's file to, offered for download as ``name``."""
        folder = files_dir(self.job)
        folder.mkdir(parents=True, exist_ok=True)
        self.result_file, self.result_name = f"{self.job.pk}/{name}", name
        return folder / name

    def checkpoint_save(self, value: Any) -> None:
        """Save how far the work got (JSON); call it in the transaction that wrote that far,
        so the checkpoint and the rows are committed together."""
        self.checkpoint = value
        Job.objects.filter(pk=self.job.pk).update(checkpoint=value)


@task(takes_context=True)
def job_task(context: TaskContext, job_id: int) -> None:
    """The one task of the queue: run the job's work (the worker's id is the last one the
    library recorded on the task)."""
    job_execute(job_id, worker=context.task_result.worker_ids[-1])


def job_execute(job_id: int, *, worker: str) -> None:
    """Take the job if it is still queued, run its work, record how it ended."""
    now = timezone.now()
    taken = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        worker=worker,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
    )
    if not taken:  # cancelled while queued, or already taken
        return
    job = Job.objects.get(pk=job_id)
    if job.cancel_requested:
        _finish(job, Job.Status.CANCELLED)
        return
    with translation.override(job.language or settings.LANGUAGE_CODE):
        _execute(job, worker=worker)


def _execute(job: Job, *, worker: str) -> None:
    run = JobRun(job)
    try:
        report = _work_of(job)(run)
    except Exception as exc:
        _failed(job, run, exc)
        return
    _ended(job, run, report, worker=worker)


def _work_of(job: Job) -> Work:
    work = import_string(job.work)
    if not getattr(work, _MARK, False):
        raise TypeError(f"{job.work} is not declared with @job_work")
    return work


def _ended(job: Job, run: JobRun, report: dict[str, Any] | None, *, worker: str) -> None:
    run.progress.flush()
    if not run.progress.stopped:
        _finish(
            job,
            Job.Status.DONE,
            report=report,
            result_file=run.result_file,
            result_name=run.result_name,
        )
    elif Job.objects.filter(pk=job.pk, cancel_requested=True).exists():
        shutil.rmtree(files_dir(job), ignore_errors=True)
        _finish(job, Job.Status.CANCELLED, report=report)
    else:  # the worker is stopping: the next one takes the job again
        job_requeue(job, worker=worker)


def _failed(job: Job, run: JobRun, exc: Exception) -> None:
    log.exception("Job %s (%s) failed", job.pk, job.work)
    if isinstance(exc, DomainError):
        message = exc.message
    else:
        message = _("The job stopped on an unexpected error (%(error)s).") % {
            "error": type(exc).__name__
        }
    run.progress.flush()
    shutil.rmtree(files_dir(job), ignore_errors=True)
    _finish(job, Job.Status.FAILED, message=message)


def _finish(job: Job, status: str, **fields: Any) -> None:
    Job.objects.filter(pk=job.pk).update(status=status, finished_at=timezone.now(), **fields)


def job_file(job: Job) -> tuple[Path, str]:
    """The job's file and the name to download it as; 404 until the job is done."""
    if job.status != Job.Status.DONE or not job.result_file:
        raise Http404(job.pk)
    path = Path(settings.JOB_FILES_DIR) / job.result_file
    if not path.is_file():
        raise Http404(job.pk)
    return path, job.result_name
