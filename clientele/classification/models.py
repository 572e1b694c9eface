"""Customer groups, territories and the selling settings: how customers are classified."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clientele.core.models import NamingSeries
from clientele.core.trees import TreeNode
from clientele.masters.models import (
    Account,
    Company,
    FiscalYear,
    ItemGroup,
    MonthlyDistribution,
    PaymentTermsTemplate,
    PriceList,
    SalesPerson,
)

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class CustomerGroup(TreeNode):
    ROOT_NAME = "All Customer Groups"

    name = models.CharField(_("customer group name"), max_length=140, unique=True)
    default_price_list = models.ForeignKey(
        PriceList,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("default price list"),
    )
    payment_terms = models.ForeignKey(
        PaymentTermsTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("default payment terms template"),
    )

    class Meta:
        verbose_name = _("customer group")
        verbose_name_plural = _("customer groups")


class CreditLimitRow(models.Model):
    """Per-company credit limit: no row means no limit, 0 means no credit at all."""

    idx = models.PositiveSmallIntegerField(default=0)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, verbose_name=_("company"))
    credit_limit = models.DecimalField(
        _("credit limit"),
        max_digits=18,
        decimal_places=2,
        validators=NON_NEGATIVE,
    )
    bypass_credit_limit_check = models.BooleanField(
        _("bypass credit limit check at sales order"),
        default=False,
    )

    class Meta:
        abstract = True
        ordering = ["idx"]


class PartyAccountRow(models.Model):
    """Receivable (and advance) account to use for one company instead of the default."""

    idx = models.PositiveSmallIntegerField(default=0)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, verbose_name=_("company"))
    account = models.ForeignKey(
        Account,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receivable account"),
    )
    advance_account = models.ForeignKey(
        Account,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("advance account"),
    )

    class Meta:
        abstract = True
        ordering = ["idx"]


class CustomerGroupCreditLimit(CreditLimitRow):
    parent = models.ForeignKey(
        CustomerGroup, on_delete=models.CASCADE, related_name="credit_limits"
    )

    class Meta(CreditLimitRow.Meta):
        constraints = [
            models.UniqueConstraint(fields=["parent", "company"], name="group_credit_limit_once"),
        ]


class CustomerGroupAccount(PartyAccountRow):
    parent = models.ForeignKey(CustomerGroup, on_delete=models.CASCADE, related_name="accounts")

    class Meta(PartyAccountRow.Meta):
        constraints = [
            models.UniqueConstraint(fields=["parent", "company"], name="group_account_once"),
        ]


class Territory(TreeNode):
    ROOT_NAME = "All Territories"

    name = models.CharField(_("territory name"), max_length=140, unique=True)
    territory_manager = models.ForeignKey(
        SalesPerson,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("territory manager"),
    )

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")


class TerritoryTarget(models.Model):
    parent = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="targets")
    idx = models.PositiveSmallIntegerField(default=0)
    item_group = models.ForeignKey(
        ItemGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("item group"),
    )
    fiscal_year = models.ForeignKey(
        FiscalYear,
        on_delete=models.PROTECT,
        verbose_name=_("fiscal year"),
    )
    target_qty = models.DecimalField(
        _("target quantity"),
        max_digits=18,
        decimal_places=3,
        default=0,
        validators=NON_NEGATIVE,
    )
    target_amount = models.DecimalField(
        _("target amount"),
        max_digits=18,
        decimal_places=2,
        default=0,
        validators=NON_NEGATIVE,
    )
    distribution = models.ForeignKey(
        MonthlyDistribution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("target distribution"),
    )

    class Meta:
        ordering = ["idx"]


class SellingSettings(models.Model):
    """The one row of selling settings (primary key 1)."""

    class NamingBy(models.TextChoices):
        NAMING_SERIES = "Naming Series", _("Naming series")
        CUSTOMER_NAME = "Customer Name", _("Customer name")

    customer_naming_by = models.CharField(
        _("customer naming by"),
        max_length=20,
        choices=NamingBy.choices,
        default=NamingBy.NAMING_SERIES,
    )
    customer_naming_series = models.ForeignKey(
        NamingSeries,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("default naming series"),
    )
    customer_group = models.ForeignKey(
        CustomerGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("default customer group"),
    )
    territory = models.ForeignKey(
        Territory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("default territory"),
    )
    selling_price_list = models.ForeignKey(
        PriceList,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("default selling price list"),
    )
    sales_order_required = models.BooleanField(
        _("sales order required for sales invoice and delivery note"),
        default=False,
    )
    delivery_note_required = models.BooleanField(
        _("delivery note required for sales invoice"),
        default=False,
    )

    class Meta:
        verbose_name = _("selling settings")
        verbose_name_plural = _("selling settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="selling_settings_single_row"),
        ]
