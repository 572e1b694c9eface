"""The records a customer links to: companies, currencies, price lists, accounts, ...

Each is addressed by its unique ``name`` (its code); rows use integer keys so a rename keeps
every link. Rules that need other rows live in ``services.py``.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clientele.core.trees import TreeNode

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class NamedRecord(models.Model):
    name = models.CharField(_("name"), max_length=140, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Currency(NamedRecord):
    """ISO 4217 code as ``name`` (EUR)."""

    currency_name = models.CharField(_("currency name"), max_length=100, blank=True)
    symbol = models.CharField(_("symbol"), max_length=10, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta(NamedRecord.Meta):
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")


class Company(NamedRecord):
    abbr = models.CharField(_("abbreviation"), max_length=20, unique=True)
    country = models.CharField(_("country"), max_length=2, default="FR")
    default_currency = models.ForeignKey(
        Currency,
        on_delete=models.PROTECT,
        verbose_name=_("default currency"),
    )
    tax_id = models.CharField(_("tax ID"), max_length=30, blank=True)
    default_receivable_account = models.ForeignKey(
        "Account",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("default receivable account"),
    )
    default_advance_received_account = models.ForeignKey(
        "Account",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("default advance received account"),
    )
    # Where a payment's exchange difference goes (French chart: 766 gains, 666 losses).
    exchange_gain_account = models.ForeignKey(
        "Account",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exchange gain account"),
    )
    exchange_loss_account = models.ForeignKey(
        "Account",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("exchange loss account"),
    )
    credit_limit = models.DecimalField(
        _("credit limit"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    payment_terms = models.ForeignKey(
        "PaymentTermsTemplate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("default payment terms template"),
    )
    role_allowed_for_frozen_entries = models.CharField(
        _("role allowed to edit frozen entries"),
        max_length=60,
        blank=True,
    )
    # What French law wants printed on invoices (Code de commerce R123-237, L441-9).
    legal_form = models.CharField(_("legal form"), max_length=60, blank=True)
    share_capital = models.DecimalField(
        _("share capital"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    late_payment_penalty_rate = models.DecimalField(
        _("late payment penalty rate (%)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=PERCENT,
        help_text=_("Empty: three times the legal interest rate, the legal minimum."),
    )
    early_payment_discount = models.CharField(
        _("early payment discount"),
        max_length=240,
        blank=True,
        help_text=_("Empty: no discount for early payment."),
    )

    class Meta(NamedRecord.Meta):
        verbose_name = _("company")
        verbose_name_plural = _("companies")


class PriceList(NamedRecord):
    currency = models.ForeignKey(Currency, on_delete=models.PROTECT, verbose_name=_("currency"))
    selling = models.BooleanField(_("selling"), default=True)
    buying = models.BooleanField(_("buying"), default=False)
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta(NamedRecord.Meta):
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")


class PaymentTermsTemplate(NamedRecord):
    class Meta(NamedRecord.Meta):
        verbose_name = _("payment terms template")
        verbose_name_plural = _("payment terms templates")


class PaymentTerm(models.Model):
    class DueDateBasis(models.TextChoices):
        DAYS_AFTER_INVOICE = "Day(s) after invoice date", _("Day(s) after invoice date")
        DAYS_AFTER_MONTH_END = (
            "Day(s) after the end of the invoice month",
            _("Day(s) after the end of the invoice month"),
        )
        MONTHS_AFTER_MONTH_END = (
            "Month(s) after the end of the invoice month",
            _("Month(s) after the end of the invoice month"),
        )

    template = models.ForeignKey(
        PaymentTermsTemplate,
        on_delete=models.CASCADE,
        related_name="terms",
    )
    idx = models.PositiveSmallIntegerField(default=0)
    description = models.CharField(_("description"), max_length=140, blank=True)
    invoice_portion = models.DecimalField(
        _("invoice portion (%)"),
        max_digits=6,
        decimal_places=3,
        validators=PERCENT,
    )
    due_date_based_on = models.CharField(
        _("due date based on"),
        max_length=60,
        choices=DueDateBasis.choices,
        default=DueDateBasis.DAYS_AFTER_INVOICE,
    )
    credit_days = models.PositiveIntegerField(_("credit days"), default=0)
    credit_months = models.PositiveIntegerField(_("credit months"), default=0)

    class Meta:
        ordering = ["idx"]


class Account(TreeNode):
    """Chart of accounts: one tree of accounts per company (several roots)."""

    class RootType(models.TextChoices):
        ASSET = "Asset", _("Asset")
        LIABILITY = "Liability", _("Liability")
        EQUITY = "Equity", _("Equity")
        INCOME = "Income", _("Income")
        EXPENSE = "Expense", _("Expense")

    class AccountType(models.TextChoices):
        NONE = "", _("(none)")
        RECEIVABLE = "Receivable", _("Receivable")
        PAYABLE = "Payable", _("Payable")
        BANK = "Bank", _("Bank")
        CASH = "Cash", _("Cash")
        TAX = "Tax", _("Tax")
        INCOME = "Income Account", _("Income account")
        EXPENSE = "Expense Account", _("Expense account")

    multiple_roots = True

    name = models.CharField(_("name"), max_length=140, unique=True)
    account_name = models.CharField(_("account name"), max_length=140)
    account_number = models.CharField(_("account number"), max_length=20, blank=True)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, verbose_name=_("company"))
    root_type = models.CharField(_("root type"), max_length=20, choices=RootType.choices)
    account_type = models.CharField(
        _("account type"),
        max_length=30,
        choices=AccountType.choices,
        blank=True,
    )
    account_currency = models.ForeignKey(
        Currency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("account currency"),
    )
    disabled = models.BooleanField(_("disabled"), default=False)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")


class BankAccount(NamedRecord):
    account_name = models.CharField(_("account name"), max_length=140)
    bank = models.CharField(_("bank"), max_length=140, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("company"),
    )
    is_company_account = models.BooleanField(_("is company account"), default=False)
    account = models.ForeignKey(
        Account,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("ledger account"),
    )
    disabled = models.BooleanField(_("disabled"), default=False)

    class Meta(NamedRecord.Meta):
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")


class SalesPerson(TreeNode):
    ROOT_NAME = "Sales Team"

    name = models.CharField(_("name"), max_length=140, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    commission_rate = models.DecimalField(
        _("commission rate"),
        max_digits=6,
        decimal_places=3,
        default=0,
        validators=PERCENT,
    )
    employee = models.CharField(_("employee"), max_length=140, blank=True)
    department = models.CharField(_("department"), max_length=140, blank=True)

    class Meta:
        verbose_name = _("sales person")
        verbose_name_plural = _("sales persons")


class SalesPartner(NamedRecord):
    commission_rate = models.DecimalField(
        _("commission rate"),
        max_digits=6,
        decimal_places=3,
        default=0,
        validators=PERCENT,
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta(NamedRecord.Meta):
        verbose_name = _("sales partner")
        verbose_name_plural = _("sales partners")


class LoyaltyProgram(NamedRecord):
    company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("company"),
    )
    from_date = models.DateField(_("from date"), null=True, blank=True)
    to_date = models.DateField(_("to date"), null=True, blank=True)
    conversion_factor = models.DecimalField(
        _("conversion factor"),
        max_digits=12,
        decimal_places=4,
        default=1,
        validators=NON_NEGATIVE,
    )
    enabled = models.BooleanField(_("enabled"), default=True)

    class Meta(NamedRecord.Meta):
        verbose_name = _("loyalty program")
        verbose_name_plural = _("loyalty programs")


class TaxCategory(NamedRecord):
    disabled = models.BooleanField(_("disabled"), default=False)

    class Meta(NamedRecord.Meta):
        verbose_name = _("tax category")
        verbose_name_plural = _("tax categories")


class TaxWithholdingCategory(NamedRecord):
    rate = models.DecimalField(
        _("rate (%)"),
        max_digits=6,
        decimal_places=3,
        default=0,
        validators=PERCENT,
    )

    class Meta(NamedRecord.Meta):
        verbose_name = _("tax withholding category")
        verbose_name_plural = _("tax withholding categories")


class Industry(NamedRecord):
    class Meta(NamedRecord.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")


class MarketSegment(NamedRecord):
    class Meta(NamedRecord.Meta):
        verbose_name = _("market segment")
        verbose_name_plural = _("market segments")


class ItemGroup(TreeNode):
    ROOT_NAME = "All Item Groups"

    name = models.CharField(_("name"), max_length=140, unique=True)

    class Meta:
        verbose_name = _("item group")
        verbose_name_plural = _("item groups")


class FiscalYear(NamedRecord):
    year_start_date = models.DateField(_("year start date"))
    year_end_date = models.DateField(_("year end date"))

    class Meta(NamedRecord.Meta):
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_end_date__gt=models.F("year_start_date")),
                name="fiscal_year_end_after_start",
                violation_error_message=_("The year must end after it starts."),
            ),
        ]


class MonthlyDistribution(NamedRecord):
    fiscal_year = models.ForeignKey(
        FiscalYear,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("fiscal year"),
    )

    class Meta(NamedRecord.Meta):
        verbose_name = _("monthly distribution")
        verbose_name_plural = _("monthly distributions")


class MonthlyDistributionPercentage(models.Model):
    distribution = models.ForeignKey(
        MonthlyDistribution,
        on_delete=models.CASCADE,
        related_name="percentages",
    )
    idx = models.PositiveSmallIntegerField(default=0)
    month = models.PositiveSmallIntegerField(
        _("month"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    percentage_allocation = models.DecimalField(
        _("percentage allocation"),
        max_digits=6,
        decimal_places=3,
        validators=PERCENT,
    )

    class Meta:
        ordering = ["idx"]
        constraints = [
            models.UniqueConstraint(
                fields=["distribution", "month"], name="distribution_month_once"
            ),
        ]
