"""What every selling document (quotation, order, delivery note, invoice) and its lines
are made of: the customer's defaults copied onto it, amounts in the document's currency
and in the company's, and the draft → submitted → cancelled life cycle."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clientele.customers.models import Customer
from clientele.masters.models import (
    Account,
    Company,
    Currency,
    PaymentTermsTemplate,
    PriceList,
    SalesPartner,
    SalesPerson,
    TaxCategory,
)

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
POSITIVE = [MinValueValidator(Decimal("0.000000001"))]


def money(label, **kwargs) -> models.DecimalField:
    return models.DecimalField(label, max_digits=18, decimal_places=2, default=0, **kwargs)


def rate_field(label) -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=18, decimal_places=9, default=1, validators=POSITIVE
    )


class DocStatus(models.IntegerChoices):
    DRAFT = 0, _("Draft")
    SUBMITTED = 1, _("Submitted")
    CANCELLED = 2, _("Cancelled")


class Document(models.Model):
    """Numbered by a naming series; a submitted document is never edited, only cancelled,
    and an amendment (``<name>-1``) replaces a cancelled one."""

    name = models.CharField(_("number"), max_length=140, unique=True)
    # The series that numbered it (``SAL-ORD-.YYYY.-.#####``), one of its kind's.
    naming_series = models.CharField(_("naming series"), max_length=100, blank=True)
    docstatus = models.PositiveSmallIntegerField(
        _("document status"), choices=DocStatus.choices, default=DocStatus.DRAFT
    )
    status = models.CharField(_("status"), max_length=30, default="Draft")
    amended_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("amended from"),
    )
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, verbose_name=_("customer"))
    customer_name = models.CharField(_("customer name"), max_length=140, blank=True)
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="+", verbose_name=_("company")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)

    # The date field people know each document by (``transaction_date``, ``posting_date``).
    DATE_FIELD = "posting_date"

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def document_date(self):
        return getattr(self, self.DATE_FIELD)


class SellingDocument(Document):
    """The header every selling document shares; what it has from the customer is a copy,
    so a later edit of the customer never changes it."""

    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="+", verbose_name=_("currency")
    )
    conversion_rate = rate_field(_("exchange rate to the company currency"))
    selling_price_list = models.ForeignKey(
        PriceList,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("price list"),
    )
    price_list_currency = models.ForeignKey(
        Currency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("price list currency"),
    )
    plc_conversion_rate = rate_field(_("price list exchange rate"))
    payment_terms_template = models.ForeignKey(
        PaymentTermsTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("payment terms template"),
    )
    language = models.CharField(_("print language"), max_length=20, blank=True)
    tax_category = models.ForeignKey(
        TaxCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tax category"),
    )
    taxes_and_charges = models.ForeignKey(
        "pricing.SalesTaxesTemplate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sales taxes and charges template"),
    )
    sales_partner = models.ForeignKey(
        SalesPartner,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sales partner"),
    )
    commission_rate = models.DecimalField(
        _("commission rate"), max_digits=6, decimal_places=3, default=0, validators=PERCENT
    )
    total_commission = money(_("total commission"))
    customer_address = models.ForeignKey(
        "contacts.Address",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("billing address"),
    )
    # The customer's VAT number when the document was made: printed as it was then.
    tax_id = models.CharField(_("customer's VAT number"), max_length=30, blank=True)
    address_display = models.TextField(_("billing address text"), blank=True)
    shipping_address_name = models.ForeignKey(
        "contacts.Address",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("shipping address"),
    )
    shipping_address = models.TextField(_("shipping address text"), blank=True)
    contact_person = models.ForeignKey(
        "contacts.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact person"),
    )
    contact_display = models.CharField(_("contact"), max_length=320, blank=True)
    contact_email = models.CharField(_("contact e-mail"), max_length=254, blank=True)
    total_qty = models.DecimalField(_("total quantity"), max_digits=18, decimal_places=3, default=0)
    total = money(_("total"))
    net_total = money(_("net total"))
    total_taxes_and_charges = money(_("total taxes and charges"))
    grand_total = money(_("grand total"))
    base_total = money(_("total (company currency)"))
    base_net_total = money(_("net total (company currency)"))
    base_total_taxes_and_charges = money(_("total taxes and charges (company currency)"))
    base_grand_total = money(_("grand total (company currency)"))

    class Meta:
        abstract = True


class SellingLine(models.Model):
    """A line: the item, how many, at what rate; amounts in the document's currency and
    (``base_``) in the company's."""

    idx = models.PositiveSmallIntegerField(default=0)
    item = models.ForeignKey(
        "pricing.Item", on_delete=models.PROTECT, related_name="+", verbose_name=_("item")
    )
    item_name = models.CharField(_("item name"), max_length=140, blank=True)
    description = models.TextField(_("description"), blank=True)
    qty = models.DecimalField(_("quantity"), max_digits=18, decimal_places=3)
    uom = models.CharField(_("unit"), max_length=40, blank=True)
    price_list_rate = models.DecimalField(
        _("price list rate"), max_digits=18, decimal_places=6, default=0
    )
    discount_percentage = models.DecimalField(
        _("discount (%)"), max_digits=6, decimal_places=3, default=0, validators=PERCENT
    )
    rate = money(_("rate"))
    amount = money(_("amount"))
    net_rate = money(_("net rate"))
    net_amount = money(_("net amount"))
    base_rate = money(_("rate (company currency)"))
    base_amount = money(_("amount (company currency)"))
    base_net_amount = money(_("net amount (company currency)"))

    class Meta:
        abstract = True
        ordering = ["idx"]


class TaxRow(models.Model):
    """A tax on the net total, copied from the taxes template."""

    idx = models.PositiveSmallIntegerField(default=0)
    charge_type = models.CharField(_("type"), max_length=30, default="On Net Total")
    account_head = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("account")
    )
    description = models.CharField(_("description"), max_length=240, blank=True)
    rate = models.DecimalField(
        _("rate (%)"), max_digits=6, decimal_places=3, default=0, validators=PERCENT
    )
    tax_amount = money(_("amount"))
    total = money(_("total"))
    base_tax_amount = money(_("amount (company currency)"))
    base_total = money(_("total (company currency)"))

    class Meta:
        abstract = True
        ordering = ["idx"]


class ScheduleRow(models.Model):
    """One instalment of the payment terms: when, which part, how much."""

    idx = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("payment term"), max_length=140, blank=True)
    due_date = models.DateField(_("due date"))
    invoice_portion = models.DecimalField(
        _("invoice portion (%)"), max_digits=6, decimal_places=3, validators=PERCENT
    )
    payment_amount = money(_("payment amount"))
    base_payment_amount = money(_("payment amount (company currency)"))

    class Meta:
        abstract = True
        ordering = ["idx"]


class TeamRow(models.Model):
    """A sales person's share of the document (SPEC §3.9: the shares total 100)."""

    idx = models.PositiveSmallIntegerField(default=0)
    sales_person = models.ForeignKey(
        SalesPerson, on_delete=models.PROTECT, related_name="+", verbose_name=_("sales person")
    )
    allocated_percentage = models.DecimalField(
        _("contribution (%)"), max_digits=6, decimal_places=3, validators=PERCENT
    )
    allocated_amount = money(_("contribution to net total"))

    class Meta:
        abstract = True
        ordering = ["idx"]
