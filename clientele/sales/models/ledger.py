"""The receivables ledger and the running credit exposure of each customer and company."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clientele.customers.models import Customer
from clientele.masters.models import Account, Company


class LedgerEntry(models.Model):
    """One posting on a customer's receivable account, in the company's currency.

    Submitting an invoice, a credit note or a payment writes entries whose debits equal
    their credits; cancelling marks them cancelled and writes their reversal (also marked),
    so the balance is the sum over the entries not cancelled and the trail stays readable.
    ``against_voucher_no`` names the invoice an entry settles (a payment, a credit note).
    """

    posting_date = models.DateField(_("posting date"))
    company = models.ForeignKey(Company, on_delete=models.PROTECT, verbose_name=_("company"))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, verbose_name=_("account"))
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("customer")
    )
    debit = models.DecimalField(_("debit"), max_digits=18, decimal_places=2, default=0)
    credit = models.DecimalField(_("credit"), max_digits=18, decimal_places=2, default=0)
    voucher_type = models.CharField(_("voucher type"), max_length=40)
    voucher_no = models.CharField(_("voucher number"), max_length=140)
    against_voucher_type = models.CharField(_("against voucher type"), max_length=40, blank=True)
    against_voucher_no = models.CharField(_("against voucher"), max_length=140, blank=True)
    remarks = models.CharField(_("remarks"), max_length=240, blank=True)
    is_cancelled = models.BooleanField(_("is cancelled"), default=False)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(fields=["customer", "company", "posting_date"], name="ledger_party_date"),
            models.Index(fields=["voucher_no"], name="ledger_voucher"),
        ]


class CreditExposure(models.Model):
    """What a customer owes or has ordered from a company, kept up to date on every submit
    and cancel (SPEC §3.5), so the credit check reads one row instead of the history.

    The row is locked by the submission that checks it: concurrent submissions for the
    same customer and company queue on it, each seeing what the previous one added.

    ``unpaid_invoices`` (the invoices' outstanding less the advances) is the balance of the
    customer's receivable account with the company, kept in the transaction that posts to
    the ledger; the receivables page reads it, largest first, through an index, instead of
    summing the ledger (``check_ledger`` proves the two equal).
    """

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    unpaid_invoices = models.DecimalField(
        _("unpaid invoices"), max_digits=18, decimal_places=2, default=0
    )
    unbilled_orders = models.DecimalField(
        _("unbilled orders"), max_digits=18, decimal_places=2, default=0
    )
    unbilled_deliveries = models.DecimalField(
        _("unbilled deliveries"), max_digits=18, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("credit exposure")
        verbose_name_plural = _("credit exposures")
        constraints = [
            models.UniqueConstraint(fields=["customer", "company"], name="exposure_once"),
        ]
        indexes = [
            models.Index(
                fields=["-unpaid_invoices", "customer", "company"], name="exposure_balance"
            ),
            models.Index(
                fields=["company", "-unpaid_invoices", "customer"], name="exposure_company_balance"
            ),
        ]

    @property
    def total(self):
        return self.unpaid_invoices + self.unbilled_orders + self.unbilled_deliveries
