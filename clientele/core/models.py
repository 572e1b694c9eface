"""Cross-cutting records: change history, naming series counters, API tokens, preferences."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeLog(models.Model):
    """One change of one master record: a changed field with its old and new value, an
    event (rename, move, deletion…), or the record's creation, all its fields in one row
    (``audit.CREATION``); who and when (SPEC §3.15). Read through ``history``.

    ``entity`` + ``record_id`` identify the record even after a rename; ``record_name`` keeps
    the code it had at the time, for people reading the history.
    """

    entity = models.CharField(_("entity"), max_length=60)
    record_id = models.BigIntegerField(_("record id"))
    record_name = models.CharField(_("record name"), max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("user"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=20)
    field = models.CharField(_("field"), max_length=100, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        indexes = [models.Index(fields=["entity", "record_id", "id"])]


class NamingSeries(models.Model):
    """A code template such as ``CUST-.YYYY.-.#####`` for one kind of record."""

    name = models.CharField(_("series"), max_length=100, unique=True)
    entity = models.CharField(_("entity"), max_length=60, default="customer")

    class Meta:
        verbose_name = _("naming series")
        verbose_name_plural = _("naming series")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SeriesCounter(models.Model):
    """Last number handed out for one resolved prefix (``CUST-2026-``): a new year restarts."""

    prefix = models.CharField(_("prefix"), max_length=100, unique=True)
    current = models.PositiveBigIntegerField(_("current value"), default=0)

    class Meta:
        verbose_name = _("series counter")
        verbose_name_plural = _("series counters")
        ordering = ["prefix"]


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 digest is stored, so a database leak reveals none.

    ``password_stamp`` is a digest of the owner's password hash when it was issued: a
    password changed by any path (the screens, ``changepassword``, the admin) makes it
    differ, and the token no longer works."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    label = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    password_stamp = models.CharField(_("password stamp"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = [models.Index(fields=["user", "last_used_at"])]


class UserPreference(models.Model):
    """What a person chose for the screens: their language (the browser's until they pick)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="preference",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")
