"""The record of a long piece of work (an import, an export, a merge) that the screens and
the API read: what it is, who started it, how far it got, what it produced.

The queue itself is django-tasks' database backend (``django_tasks_db``); a ``Job`` is our
own view of one unit of work, which may take several of the library's task runs when a
worker dies and the job is taken again (``attempts``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(_("kind"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    # Dotted path of the ``@job_work`` function that does the work (``work.py``).
    work = models.CharField(_("work"), max_length=200)
    params = models.JSONField(_("parameters"), default=dict)
    # The language of whoever started it: the work's messages and files speak it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    errors = models.PositiveBigIntegerField(_("errors"), default=0)
    # The first errors the work reported (``JobProgress.errors_add``), for people to read.
    error_samples = models.JSONField(_("errors so far"), default=list)
    message = models.TextField(_("message"), blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    worker = models.CharField(_("worker"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    # Where resumable work (an import) saved how far it got, to go on from there.
    checkpoint = models.JSONField(_("checkpoint"), null=True, blank=True)
    result_file = models.CharField(_("result file"), max_length=255, blank=True)
    result_name = models.CharField(_("file name"), max_length=255, blank=True)
    report = models.JSONField(_("report"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        indexes = [
            models.Index(fields=["user", "id"]),
            models.Index(fields=["status", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.pk} {self.label}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)

    @property
    def percent(self) -> int | None:
        """How far it got, for a progress bar; unknown while the total is."""
        if not self.total:
            return 100 if self.status == self.Status.DONE else None
        return min(100, self.done * 100 // self.total)
