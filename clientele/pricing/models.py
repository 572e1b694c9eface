"""Items, their prices per price list, currency exchange rates, and sales taxes templates:
what a sales document's lines and taxes are filled from.

Every record is addressed by its unique ``name`` (its code). An item price and an exchange
rate get theirs from the write path (a series, and date and currencies); rules that need
other rows live in ``services.py``.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clientele.core.fields import PrefixIndexedCharField
from clientele.masters.models import Account, Company, Currency, ItemGroup, PriceList, TaxCategory

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class Item(models.Model):
    """What is sold; ``name`` is the item code, compared case-insensitively (``code_key``)."""

    name = models.CharField(_("item code"), max_length=140, unique=True)
    code_key = PrefixIndexedCharField(max_length=255, unique=True, editable=False)
    # Filled from the code when left empty (as ERPNext does).
    item_name = models.CharField(_("item name"), max_length=140, blank=True)
    item_group = models.ForeignKey(
        ItemGroup, on_delete=models.PROTECT, verbose_name=_("item group")
    )
    uom = models.CharField(_("unit of measure"), max_length=40, default="Unit")
    description = models.TextField(_("description"), blank=True)
    disabled = models.BooleanField(_("disabled"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self) -> str:
        return self.name


class ItemPrice(models.Model):
    """An item's rate in a price list, in the list's currency, valid between two dates
    (either end open when empty)."""

    name = models.CharField(_("name"), max_length=140, unique=True, blank=True)
    item = models.ForeignKey(Item, on_delete=models.PROTECT, verbose_name=_("item"))
    # The index (price_list, item, valid_from) below serves the look-ups by price list.
    price_list = models.ForeignKey(
        PriceList, on_delete=models.PROTECT, db_index=False, verbose_name=_("price list")
    )
    # The price list's currency, filled from it when left empty.
    currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, blank=True, verbose_name=_("currency")
    )
    price_list_rate = models.DecimalField(
        _("rate"), max_digits=18, decimal_places=6, validators=NON_NEGATIVE
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_upto = models.DateField(_("valid up to"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("item price")
        verbose_name_plural = _("item prices")
        indexes = [
            models.Index(fields=["price_list", "item", "valid_from"], name="item_price_lookup"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_upto__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_upto__gte=models.F("valid_from")),
                name="item_price_upto_after_from",
                violation_error_message=_("The price must end on or after the day it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CurrencyExchange(models.Model):
    """How many ``to_currency`` one ``from_currency`` is worth from ``date`` on."""

    # ``<date>-<from>-<to>``, as ERPNext names them.
    name = models.CharField(_("name"), max_length=140, unique=True, blank=True)
    date = models.DateField(_("date"))
    # The unique index (from, to, date) below serves the look-ups by currency pair.
    from_currency = models.ForeignKey(
        Currency,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("from currency"),
    )
    to_currency = models.ForeignKey(
        Currency, on_delete=models.PROTECT, related_name="+", verbose_name=_("to currency")
    )
    exchange_rate = models.DecimalField(_("exchange rate"), max_digits=18, decimal_places=9)

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("currency exchange rate")
        verbose_name_plural = _("currency exchange rates")
        constraints = [
            # Its index, pair first, also serves the look-up of a pair's latest rate.
            models.UniqueConstraint(
                fields=["from_currency", "to_currency", "date"], name="currency_exchange_once"
            ),
            models.CheckConstraint(
                condition=models.Q(exchange_rate__gt=0), name="currency_exchange_positive"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_currency=models.F("to_currency")),
                name="currency_exchange_two_currencies",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SalesTaxesTemplate(models.Model):
    """The taxes a sales document of ``company`` takes: the template of the document's tax
    category, else the company's default one."""

    name = models.CharField(_("name"), max_length=140, unique=True)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, verbose_name=_("company"))
    tax_category = models.ForeignKey(
        TaxCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("tax category"),
    )
    is_default = models.BooleanField(_("default"), default=False)
    disabled = models.BooleanField(_("disabled"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sales taxes and charges template")
        verbose_name_plural = _("sales taxes and charges templates")
        constraints = [
            # What the services check, held by the database against concurrent writes.
            models.UniqueConstraint(
                fields=["company"],
                condition=models.Q(is_default=True),
                name="sales_taxes_one_default",
            ),
            models.UniqueConstraint(
                fields=["company", "tax_category"],
                condition=models.Q(disabled=False, tax_category__isnull=False),
                name="sales_taxes_one_per_category",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SalesTaxesTemplateRow(models.Model):
    class ChargeType(models.TextChoices):
        ON_NET_TOTAL = "On Net Total", _("On net total")

    template = models.ForeignKey(SalesTaxesTemplate, on_delete=models.CASCADE, related_name="taxes")
    idx = models.PositiveSmallIntegerField(default=0)
    charge_type = models.CharField(
        _("type"), max_length=40, choices=ChargeType.choices, default=ChargeType.ON_NET_TOTAL
    )
    account_head = models.ForeignKey(
        Account, on_delete=models.PROTECT, related_name="+", verbose_name=_("account head")
    )
    description = models.CharField(_("description"), max_length=140, blank=True)
    rate = models.DecimalField(_("rate (%)"), max_digits=6, decimal_places=3, validators=PERCENT)

    class Meta:
        ordering = ["idx"]
        verbose_name = _("sales taxes and charges row")
        verbose_name_plural = _("sales taxes and charges rows")
