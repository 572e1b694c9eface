"""The customer: its code, classification, billing defaults and per-company rows."""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clientele.classification.models import (
    CreditLimitRow,
    CustomerGroup,
    PartyAccountRow,
    Territory,
)
from clientele.core.fields import PrefixIndexedCharField
from clientele.core.rows.tallies import Tally
from clientele.core.search_index import SearchDocument, document_key
from clientele.crm.models import Lead
from clientele.masters.models import (
    BankAccount,
    Company,
    Currency,
    Industry,
    LoyaltyProgram,
    MarketSegment,
    PaymentTermsTemplate,
    PriceList,
    SalesPartner,
    SalesPerson,
    TaxCategory,
    TaxWithholdingCategory,
)

if TYPE_CHECKING:
    from clientele.customers.duplicates import Candidate

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


OPTIONAL_LINK_INDEXES = {
    "tax_withholding_category": "twc",
    "default_bank_account": "bank",
    "lead": "lead",
    "account_manager": "manager",
    "tax_category": "taxcat",
    "default_currency": "currency",
    "default_price_list": "pricelist",
    "customer_primary_contact": "contact",
    "customer_primary_address": "address",
    "payment_terms": "terms",
    "market_segment": "segment",
    "industry": "industry",
    "loyalty_program": "loyalty",
    "default_sales_partner": "partner",
}


class Customer(models.Model):
    class CustomerType(models.TextChoices):
        COMPANY = "Company", _("Company")
        INDIVIDUAL = "Individual", _("Individual")
        PARTNERSHIP = "Partnership", _("Partnership")

    name = models.CharField(_("customer code"), max_length=140, unique=True)
    code_key = PrefixIndexedCharField(max_length=255, unique=True, editable=False)
    customer_name = models.CharField(_("customer name"), max_length=140, db_index=True)
    customer_type = models.CharField(
        _("type"),
        max_length=20,
        choices=CustomerType.choices,
        default=CustomerType.COMPANY,
    )
    naming_series = models.CharField(_("naming series"), max_length=100, blank=True)
    pan = models.CharField(_("permanent account number (PAN)"), max_length=10, blank=True)
    tax_withholding_category = models.ForeignKey(
        TaxWithholdingCategory,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("tax withholding category"),
    )
    default_bank_account = models.ForeignKey(
        BankAccount,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("default company bank account"),
    )
    lead = models.ForeignKey(
        Lead,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("from lead"),
    )
    account_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="managed_customers",
        verbose_name=_("account manager"),
    )
    customer_group = models.ForeignKey(
        CustomerGroup,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("customer group"),
    )
    territory = models.ForeignKey(
        Territory,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("territory"),
    )
    tax_id = models.CharField(_("VAT number"), max_length=30, blank=True, db_index=True)
    tax_category = models.ForeignKey(
        TaxCategory,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("tax category"),
    )
    allow_invoice_without_sales_order = models.BooleanField(
        _("allow sales invoice creation without sales order"),
        default=False,
    )
    allow_invoice_without_delivery_note = models.BooleanField(
        _("allow sales invoice creation without delivery note"),
        default=False,
    )
    disabled = models.BooleanField(_("disabled"), default=False)
    is_internal_customer = models.BooleanField(_("is internal customer"), default=False)
    represents_company = models.OneToOneField(
        Company,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="internal_customer",
        verbose_name=_("represents company"),
    )
    default_currency = models.ForeignKey(
        Currency,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("billing currency"),
    )
    default_price_list = models.ForeignKey(
        PriceList,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("default price list"),
    )
    customer_primary_contact = models.ForeignKey(
        "contacts.Contact",
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("customer primary contact"),
    )
    customer_primary_address = models.ForeignKey(
        "contacts.Address",
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("customer primary address"),
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, db_index=True, editable=False)
    name_key = models.CharField(
        _("normalised name"), max_length=140, blank=True, db_index=True, editable=False
    )
    email_id = models.CharField(_("e-mail"), max_length=254, blank=True)
    mobile_no = models.CharField(_("mobile"), max_length=30, blank=True)
    primary_address = models.TextField(_("primary address"), blank=True)
    payment_terms = models.ForeignKey(
        PaymentTermsTemplate,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("default payment terms template"),
    )
    customer_details = models.TextField(_("customer details"), blank=True)
    market_segment = models.ForeignKey(
        MarketSegment,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("market segment"),
    )
    industry = models.ForeignKey(
        Industry,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("industry"),
    )
    website = models.URLField(_("website"), blank=True)
    language = models.CharField(_("print language"), max_length=20, blank=True)
    is_frozen = models.BooleanField(_("is frozen"), default=False)
    loyalty_program = models.ForeignKey(
        LoyaltyProgram,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("loyalty program"),
    )
    loyalty_program_tier = models.CharField(_("loyalty program tier"), max_length=140, blank=True)
    default_sales_partner = models.ForeignKey(
        SalesPartner,
        db_index=False,  # see Meta.indexes
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("sales partner"),
    )
    default_commission_rate = models.DecimalField(
        _("commission rate"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified at"), auto_now=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_internal_customer=True) | models.Q(represents_company=None),
                name="customer_represents_company_only_if_internal",
            ),
        ]
        # Group and territory: the (link, id) pairs serve both their filters and the checks
        # before a group or territory is deleted. The other links are mostly empty: a
        # partial index skips the empty ones, so writing a customer updates a handful of
        # indexes rather than thirty, and the check before deleting what they point to
        # stays an index look-up.
        indexes = [
            models.Index(fields=["customer_group", "id"], name="customer_group_recent"),
            models.Index(fields=["territory", "id"], name="customer_territory_recent"),
            *(
                models.Index(
                    fields=[link], name=f"customer_{short}_set", condition=~models.Q(**{link: None})
                )
                for link, short in OPTIONAL_LINK_INDEXES.items()
            ),
            # The list's filters by type, by disabled and by frozen (few are): the count
            # reads the index alone, the page walks it newest first.
            models.Index(fields=["customer_type", "id"], name="customer_type_recent"),
            models.Index(
                fields=["id"], name="customer_disabled", condition=models.Q(disabled=True)
            ),
            models.Index(fields=["id"], name="customer_frozen", condition=models.Q(is_frozen=True)),
            # The duplicates look-up by e-mail and mobile (``duplicates.py``), which names
            # the same condition so that both databases can use them.
            *(
                models.Index(
                    fields=[mirror],
                    name=f"customer_{mirror}_set",
                    condition=~models.Q(**{mirror: ""}),
                )
                for mirror in ("email_id", "mobile_no")
            ),
        ]

    # Not a column: the likely duplicates a creation or an update looked up, when it did
    # (``services.with_duplicates``).
    duplicates: "list[Candidate]"

    def __str__(self) -> str:
        return self.name


class CustomerCreditLimit(CreditLimitRow):
    parent = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="credit_limits")

    class Meta(CreditLimitRow.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "company"], name="customer_credit_limit_once"
            ),
        ]


class CustomerAccount(PartyAccountRow):
    parent = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="accounts")

    class Meta(PartyAccountRow.Meta):
        constraints = [
            models.UniqueConstraint(fields=["parent", "company"], name="customer_account_once"),
        ]


class SalesTeamMember(models.Model):
    parent = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="sales_team")
    idx = models.PositiveSmallIntegerField(default=0)
    sales_person = models.ForeignKey(
        SalesPerson,
        on_delete=models.PROTECT,
        verbose_name=_("sales person"),
    )
    allocated_percentage = models.DecimalField(
        _("contribution (%)"),
        max_digits=6,
        decimal_places=3,
        validators=PERCENT,
    )

    class Meta:
        ordering = ["idx"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "sales_person"], name="sales_person_once"),
        ]


class AllowedCompany(models.Model):
    """Companies allowed to bill an internal customer."""

    parent = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="companies")
    idx = models.PositiveSmallIntegerField(default=0)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, verbose_name=_("company"))

    class Meta:
        ordering = ["idx"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "company"], name="allowed_company_once"),
        ]


class CustomerSearch(SearchDocument):
    """The words a customer is found by (``customers/search.py``): its code, name, e-mail,
    phone, tax id and address, matched by prefix through the full-text index
    (``core/search_index.py``), so search stays fast at a million customers."""

    customer = document_key(Customer)


class _NodeCustomers(models.Model):
    """How many customers link to one node of a tree itself (those of the nodes below it
    apart), kept by the database's triggers (``core.rows.tallies``): a tree page sums them
    over a subtree instead of counting every customer. Never written by the application."""

    records = models.IntegerField(default=0)

    class Meta:
        abstract = True


class CustomerGroupCustomers(_NodeCustomers):
    node = models.OneToOneField(
        CustomerGroup, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )


class TerritoryCustomers(_NodeCustomers):
    node = models.OneToOneField(
        Territory, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )


CUSTOMERS_BY_GROUP = Tally(Customer, "customer_group", CustomerGroupCustomers)
CUSTOMERS_BY_TERRITORY = Tally(Customer, "territory", TerritoryCustomers)
TALLIES = (CUSTOMERS_BY_GROUP, CUSTOMERS_BY_TERRITORY)
