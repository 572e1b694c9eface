"""Rules of customer groups, territories and selling settings."""

from django.db import models, router, transaction
from django.utils.translation import gettext as _

from clientele.classification.models import (
    CustomerGroup,
    CustomerGroupAccount,
    CustomerGroupCreditLimit,
    SellingSettings,
    Territory,
    TerritoryTarget,
)
from clientele.classification.types import SellingSettingsData
from clientele.core.errors import FieldErrors
from clientele.core.history import history_write, record_snapshot
from clientele.core.links import leaf_only
from clientele.core.models import NamingSeries
from clientele.core.records import record_prepare
from clientele.core.rows import Reader
from clientele.core.specs import Child, Link, Rows, Spec
from clientele.core.typing import User
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
from clientele.masters.services import ledger_account, receivable_ledger, selling_price_list

CREDIT_LIMIT_COLUMNS = ("company", "credit_limit", "bypass_credit_limit_check")
ACCOUNT_COLUMNS = ("company", "account", "advance_account")
ACCOUNT_LINKS = (
    Link("company", Company),
    Link("account", Account, check=receivable_ledger),
    Link("advance_account", Account, check=ledger_account),
)


def party_accounts_in_company(party: models.Model, rows: Rows, errors: FieldErrors) -> None:
    """A receivable or advance account must belong to the company of its row."""
    for index, row in enumerate(rows.get("accounts") or []):
        for field in ("account", "advance_account"):
            account = getattr(row, field)
            if account is not None and account.company_id != row.company_id:
                errors.add(
                    f"accounts[{index}].{field}",
                    _("“%(account)s” belongs to another company.") % {"account": account.name},
                )


def _targets_have_a_goal(territory: Territory, rows: Rows, errors: FieldErrors) -> None:
    for index, target in enumerate(rows.get("targets") or []):
        if not target.target_qty and not target.target_amount:
            errors.add(
                f"targets[{index}].target_qty",
                _("Either the target quantity or the target amount is required."),
            )


CUSTOMER_GROUP = Spec(
    CustomerGroup,
    "customer_group",
    fields=("name", "is_group"),
    links=(
        Link("default_price_list", PriceList, check=selling_price_list),
        Link("payment_terms", PaymentTermsTemplate),
    ),
    children=(
        Child(
            "credit_limits",
            CustomerGroupCreditLimit,
            CREDIT_LIMIT_COLUMNS,
            links=(Link("company", Company),),
            unique=("company",),
        ),
        Child(
            "accounts",
            CustomerGroupAccount,
            ACCOUNT_COLUMNS,
            links=ACCOUNT_LINKS,
            unique=("company",),
        ),
    ),
    parent_input="parent_customer_group",
    rules=(party_accounts_in_company,),
)
TERRITORY = Spec(
    Territory,
    "territory",
    fields=("name", "is_group"),
    links=(Link("territory_manager", SalesPerson),),
    children=(
        Child(
            "targets",
            TerritoryTarget,
            ("item_group", "fiscal_year", "target_qty", "target_amount", "distribution"),
            links=(
                Link("item_group", ItemGroup),
                Link("fiscal_year", FiscalYear),
                Link("distribution", MonthlyDistribution),
            ),
        ),
    ),
    parent_input="parent_territory",
    rules=(_targets_have_a_goal,),
)


def customer_series(series: NamingSeries) -> str | None:
    """Customer codes come from a customer series, not from the leads' or another record's."""
    if series.entity != "customer":
        return _("“%(series)s” is not a series for customers.") % {"series": series.name}
    return None


SELLING_SETTINGS = Spec(
    SellingSettings,
    "selling_settings",
    fields=("customer_naming_by", "sales_order_required", "delivery_note_required"),
    links=(
        Link("customer_naming_series", NamingSeries, check=customer_series),
        Link("customer_group", CustomerGroup, check=leaf_only),
        Link("territory", Territory, check=leaf_only),
        Link("selling_price_list", PriceList, check=selling_price_list),
    ),
)


_SETTINGS = Reader(
    SellingSettings,
    "id",
    related=("customer_naming_series", "customer_group", "territory", "selling_price_list"),
)


def selling_settings_get() -> SellingSettings:
    """The one settings row with what it links to; read on every customer creation, from
    the database it is written to (a creation must not take its defaults from a replica
    lagging behind)."""
    settings = _SETTINGS.one(1, using=router.db_for_write(SellingSettings))
    if settings is None:
        settings, _created = SellingSettings.objects.get_or_create(pk=1)
    return settings


@transaction.atomic
def selling_settings_update(*, data: SellingSettingsData, user: User | None) -> SellingSettings:
    """Only the settings ``data`` names change; naming customers by series needs a series."""
    settings = selling_settings_get()
    before = record_snapshot(SELLING_SETTINGS, settings)
    _rows, errors = record_prepare(SELLING_SETTINGS, settings, data)
    if settings.customer_naming_by == SellingSettings.NamingBy.NAMING_SERIES and (
        settings.customer_naming_series is None and "customer_naming_series" not in errors.errors
    ):
        errors.add("customer_naming_series", _("Naming by series needs a default series."))
    errors.raise_if_any()
    settings.save()
    after = record_snapshot(SELLING_SETTINGS, settings)
    history_write(
        SELLING_SETTINGS, settings, before=before, after=after, user=user, action="update"
    )
    return settings
