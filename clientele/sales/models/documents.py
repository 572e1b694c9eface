"""The four selling documents, each with its lines, taxes, payment schedule and sales team.

Lines of a follow-on document point to the line they come from (``quotation_item``,
``so_detail``, ``dn_detail``); the source line keeps how much of it was ordered,
delivered or billed, so a follow-on can never go past 100 %.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from clientele.masters.models import Account
from clientele.sales.models.base import (
    ScheduleRow,
    SellingDocument,
    SellingLine,
    TaxRow,
    TeamRow,
    money,
)


def _indexes(prefix: str, date_field: str) -> list[models.Index]:
    """The customer's documents per company and status (the dashboard, the checks) and
    the lists by date."""
    return [
        models.Index(fields=["customer", "company", "docstatus"], name=f"{prefix}_party"),
        models.Index(fields=[date_field, "id"], name=f"{prefix}_date"),
    ]


def _percent(label) -> models.DecimalField:
    return models.DecimalField(label, max_digits=9, decimal_places=6, default=0)


class Quotation(SellingDocument):
    DATE_FIELD = "transaction_date"
    transaction_date = models.DateField(_("date"))
    valid_till = models.DateField(_("valid till"), null=True, blank=True)

    class Meta:
        verbose_name = _("quotation")
        verbose_name_plural = _("quotations")
        indexes = _indexes("quotation", "transaction_date")


class SalesOrder(SellingDocument):
    DATE_FIELD = "transaction_date"
    transaction_date = models.DateField(_("date"))
    delivery_date = models.DateField(_("delivery date"), null=True, blank=True)
    per_delivered = _percent(_("% delivered"))
    per_billed = _percent(_("% billed"))

    class Meta:
        verbose_name = _("sales order")
        verbose_name_plural = _("sales orders")
        indexes = _indexes("sales_order", "transaction_date")


class DeliveryNote(SellingDocument):
    posting_date = models.DateField(_("posting date"))
    per_billed = _percent(_("% billed"))

    class Meta:
        verbose_name = _("delivery note")
        verbose_name_plural = _("delivery notes")
        indexes = _indexes("delivery_note", "posting_date")


class SalesInvoice(SellingDocument):
    posting_date = models.DateField(_("posting date"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    debit_to = models.ForeignKey(
        Account,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receivable account"),
    )
    is_return = models.BooleanField(_("is a credit note"), default=False)
    return_against = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("credit note for"),
    )
    outstanding_amount = money(_("outstanding amount"))
    base_outstanding_amount = money(_("outstanding amount (company currency)"))

    class Meta:
        verbose_name = _("sales invoice")
        verbose_name_plural = _("sales invoices")
        indexes = _indexes("sales_invoice", "posting_date")


class QuotationItem(SellingLine):
    parent = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="items")
    ordered_qty = models.DecimalField(
        _("ordered quantity"), max_digits=18, decimal_places=3, default=0
    )


class SalesOrderItem(SellingLine):
    parent = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="items")
    quotation_item = models.ForeignKey(
        QuotationItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    delivered_qty = models.DecimalField(
        _("delivered quantity"), max_digits=18, decimal_places=3, default=0
    )
    billed_amt = money(_("billed amount"))


class DeliveryNoteItem(SellingLine):
    parent = models.ForeignKey(DeliveryNote, on_delete=models.CASCADE, related_name="items")
    so_detail = models.ForeignKey(
        SalesOrderItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    billed_amt = money(_("billed amount"))


class SalesInvoiceItem(SellingLine):
    parent = models.ForeignKey(SalesInvoice, on_delete=models.CASCADE, related_name="items")
    so_detail = models.ForeignKey(
        SalesOrderItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    dn_detail = models.ForeignKey(
        DeliveryNoteItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # A credit note's line names the invoice line it gives back; that line keeps how much
    # of it the submitted credit notes returned (ERPNext's ``sales_invoice_item``).
    sales_invoice_item = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    returned_qty = models.DecimalField(
        _("returned quantity"), max_digits=18, decimal_places=3, default=0
    )


class QuotationTax(TaxRow):
    parent = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="taxes")


class SalesOrderTax(TaxRow):
    parent = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="taxes")


class DeliveryNoteTax(TaxRow):
    parent = models.ForeignKey(DeliveryNote, on_delete=models.CASCADE, related_name="taxes")


class SalesInvoiceTax(TaxRow):
    parent = models.ForeignKey(SalesInvoice, on_delete=models.CASCADE, related_name="taxes")


class QuotationSchedule(ScheduleRow):
    parent = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="payment_schedule")


class SalesOrderSchedule(ScheduleRow):
    parent = models.ForeignKey(
        SalesOrder, on_delete=models.CASCADE, related_name="payment_schedule"
    )


class DeliveryNoteSchedule(ScheduleRow):
    parent = models.ForeignKey(
        DeliveryNote, on_delete=models.CASCADE, related_name="payment_schedule"
    )


class SalesInvoiceSchedule(ScheduleRow):
    parent = models.ForeignKey(
        SalesInvoice, on_delete=models.CASCADE, related_name="payment_schedule"
    )


class QuotationTeam(TeamRow):
    parent = models.ForeignKey(Quotation, on_delete=models.CASCADE, related_name="sales_team")


class SalesOrderTeam(TeamRow):
    parent = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="sales_team")


class DeliveryNoteTeam(TeamRow):
    parent = models.ForeignKey(DeliveryNote, on_delete=models.CASCADE, related_name="sales_team")


class SalesInvoiceTeam(TeamRow):
    parent = models.ForeignKey(SalesInvoice, on_delete=models.CASCADE, related_name="sales_team")
