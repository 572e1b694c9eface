"""An import: the files a user handed in, how to read them, and what came of it.

How far a run got is not kept here: a queued import's progress, run state and checkpoint
are its ``Job``'s (``jobs.models.Job``), as for any long work; an import run from the
command line keeps its checkpoint in memory (``imports.MemoryCheckpoint``). The record
keeps what is its own: who, which files, which options, the last report and refused rows,
and its latest job (a dry run, then the real one).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from clientele.jobs.models import Job


class Import(models.Model):
    label = models.CharField(_("label"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    # [{"name": "customers.csv", "path": "…/jobs/imports/12/00-customers.csv"}], as given.
    files = models.JSONField(_("files"), default=list)
    # What ``ImportOptions`` holds: mode, dry run, match, mapping, kinds, create missing.
    options = models.JSONField(_("options"), default=dict)
    # The last run's report (``report.ImportReport.as_dict``); empty before any run ended.
    report = models.JSONField(_("report"), default=dict)
    rejected_path = models.CharField(_("rejected rows file"), max_length=500, blank=True)
    # The latest job that ran it (a dry run, then the real one); none from the command line.
    job = models.ForeignKey(
        Job,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("job"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-id"]
        indexes = [models.Index(fields=["user", "id"], name="import_user_newest")]

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"

    @property
    def status(self) -> str:
        """How it stands: its job's state while queued or running (or if it failed or was
        cancelled), else how its last run ended (``done``, ``refused``); ``new`` before any."""
        job = self.job
        if job is not None and (not job.finished or job.status != Job.Status.DONE):
            return job.status
        return self.report.get("status", "new") if self.report else "new"

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, self.status))


# How an import stands (``Import.status``), as people read it.
STATUS_LABELS = {
    "new": _("Not run yet"),
    "queued": _("Queued"),
    "running": _("Running"),
    "done": _("Done"),
    "refused": _("Refused"),
    "failed": _("Failed"),
    "cancelled": _("Cancelled"),
}
