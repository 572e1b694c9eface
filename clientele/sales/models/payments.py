"""Payment Entry: money received from a customer, allocated to one or several invoices."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clientele.masters.models import Account, Currency
from clientele.sales.models.base import Document, money, rate_field
from clientele.sales.models.documents import SalesInvoice


class PaymentEntry(Document):
    """Received in the invoices' currency; the receivable is credited at each invoice's
    own exchange rate, so a payment in full leaves nothing on the ledger, and what the
    bank received at the payment's rate beyond or short of that is an exchange gain or
    loss (``difference_amount``). What is allocated to no invoice is an advance: an
    unallocated credit on the receivable account, allocated to invoices later."""

    posting_date = models.DateField(_("posting date"))
    paid_from = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("receivable account")
    )
    paid_to = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("bank or cash account")
    )
    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="+", verbose_name=_("currency")
    )
    source_exchange_rate = rate_field(_("exchange rate to the company currency"))
    paid_amount = money(_("paid amount"))
    base_paid_amount = money(_("paid amount (company currency)"))
    unallocated_amount = money(_("unallocated amount"))
    base_unallocated_amount = money(_("unallocated amount (company currency)"))
    difference_amount = money(_("exchange gain or loss (company currency)"))
    reference_no = models.CharField(_("reference number"), max_length=140, blank=True)
    reference_date = models.DateField(_("reference date"), null=True, blank=True)
    remarks = models.TextField(_("remarks"), blank=True)

    class Meta:
        verbose_name = _("payment entry")
        verbose_name_plural = _("payment entries")
        indexes = [
            models.Index(fields=["customer", "company", "docstatus"], name="payment_party"),
            models.Index(fields=["posting_date", "id"], name="payment_date"),
        ]


class PaymentEntryReference(models.Model):
    parent = models.ForeignKey(PaymentEntry, on_delete=models.CASCADE, related_name="references")
    idx = models.PositiveSmallIntegerField(default=0)
    sales_invoice = models.ForeignKey(
        SalesInvoice, on_delete=models.PROTECT, related_name="+", verbose_name=_("sales invoice")
    )
    allocated_amount = money(_("allocated amount"))
    base_allocated_amount = money(_("allocated amount (company currency)"))

    class Meta:
        ordering = ["idx"]
