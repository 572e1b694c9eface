"""An import: the files a user handed in, how to read them, and how far it got.

The record outlives the process that runs it: a worker restarted in the middle of a
good-rows import reads the checkpoint back and goes on from the next row, so no row is
imported twice (see ``imports.import_run``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Import(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("Failed")

    label = models.CharField(_("label"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    # [{"name": "customers.csv", "path": "…/var/imports/12/customers.csv"}], in the order given.
    files = models.JSONField(_("files"), default=list)
    # What ``ImportOptions`` holds: mode, dry run, match, mapping, kinds, create missing.
    options = models.JSONField(_("options"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    # Rows handled so far, in the order the import reads them (trees, customers, contacts,
    # addresses): a resumed import skips exactly these.
    checkpoint = models.PositiveIntegerField(_("rows done"), default=0)
    errors = models.PositiveIntegerField(_("rows refused"), default=0)
    report = models.JSONField(_("report"), default=dict)
    rejected_path = models.CharField(_("rejected rows file"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"
