"""Leads: people and organisations that may become customers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clientele.classification.models import Territory
from clientele.masters.models import Industry, MarketSegment


class Lead(models.Model):
    class Status(models.TextChoices):
        OPEN = "Open", _("Open")
        REPLIED = "Replied", _("Replied")
        OPPORTUNITY = "Opportunity", _("Opportunity")
        QUOTATION = "Quotation", _("Quotation")
        LOST_QUOTATION = "Lost Quotation", _("Lost quotation")
        INTERESTED = "Interested", _("Interested")
        CONVERTED = "Converted", _("Converted")
        DO_NOT_CONTACT = "Do Not Contact", _("Do not contact")

    name = models.CharField(_("code"), max_length=140, unique=True)
    lead_name = models.CharField(_("person name"), max_length=140, blank=True)
    company_name = models.CharField(_("organisation name"), max_length=140, blank=True)
    email_id = models.CharField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    mobile_no = models.CharField(_("mobile"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    status_before_conversion = models.CharField(
        _("status before conversion"), max_length=20, choices=Status.choices, blank=True
    )
    source = models.CharField(_("source"), max_length=140, blank=True)
    territory = models.ForeignKey(
        Territory, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("territory")
    )
    industry = models.ForeignKey(
        Industry, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("industry")
    )
    market_segment = models.ForeignKey(
        MarketSegment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("market segment"),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return self.company_name or self.lead_name
