"""Accounts Settings: the two roles SPEC §3.5 and §3.6 name."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountsSettings(models.Model):
    """The one row of accounts settings (primary key 1). A role is a Django group."""

    credit_controller = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("role allowed to exceed credit limits"),
    )
    frozen_accounts_modifier = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("role allowed to post for frozen customers"),
    )

    class Meta:
        verbose_name = _("accounts settings")
        verbose_name_plural = _("accounts settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="accounts_settings_single_row"),
        ]
