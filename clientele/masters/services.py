"""Rules of the master records customers link to, as ``Spec``s for the generic write path."""

from decimal import Decimal

from django.utils.translation import gettext as _

from clientele.core import identifiers
from clientele.core.errors import FieldErrors
from clientele.core.rows.reads import first_row
from clientele.core.specs import Child, Link, Rows, Spec
from clientele.masters.models import (
    Account,
    BankAccount,
    Company,
    Currency,
    FiscalYear,
    Industry,
    ItemGroup,
    LoyaltyProgram,
    MarketSegment,
    MonthlyDistribution,
    MonthlyDistributionPercentage,
    PaymentTerm,
    PaymentTermsTemplate,
    PriceList,
    SalesPartner,
    SalesPerson,
    TaxCategory,
    TaxWithholdingCategory,
)

HUNDRED = Decimal(100)


def receivable_ledger(account: Account) -> str | None:
    """Receivable defaults must be a ledger (non-group) account of type Receivable."""
    if account.is_group:
        return _("“%(account)s” is a group account: choose a ledger account.") % {
            "account": account.name,
        }
    if account.account_type != Account.AccountType.RECEIVABLE:
        return _("“%(account)s” is not a receivable account.") % {"account": account.name}
    return None


def ledger_account(account: Account) -> str | None:
    if account.is_group:
        return _("“%(account)s” is a group account: choose a ledger account.") % {
            "account": account.name,
        }
    return None


def first_leaf_account(company: Company, kinds: tuple[str, ...]) -> Account | None:
    """The company's first enabled ledger (leaf) account of one of ``kinds``, in its
    chart's order: where a sale posts its income, a payment its money when none is typed.
    One statement written once (``core.rows``): every invoice and payment reads it."""
    return first_row(
        Account,
        equal=(("company", company.pk), ("disabled", False), ("numchild", 0)),
        among=("account_type", [str(kind) for kind in kinds]),
        order="path",
    )


def selling_price_list(price_list: PriceList) -> str | None:
    if not price_list.selling:
        return _("“%(name)s” is not a selling price list.") % {"name": price_list.name}
    return None


def company_bank_account(bank_account: BankAccount) -> str | None:
    if not bank_account.is_company_account:
        return _("“%(name)s” is not a company bank account.") % {"name": bank_account.name}
    return None


def _currency_name(currency: Currency, rows: Rows, errors: FieldErrors) -> None:
    """An empty name, or the ISO name of another code (left from before a code change),
    becomes the ISO name of the code; a name the user wrote stays."""
    code, iso_name = identifiers.currency(currency.name)
    if not currency.currency_name or identifiers.currency_of_name(currency.currency_name) not in (
        None,
        code,
    ):
        currency.currency_name = iso_name


def _company_accounts(company: Company, rows: Rows, errors: FieldErrors) -> None:
    """A company's default accounts are its own (a company being created owns none yet)."""
    for field in (
        "default_receivable_account",
        "default_advance_received_account",
        "exchange_gain_account",
        "exchange_loss_account",
    ):
        account = getattr(company, field)
        if account is not None and account.company_id != company.pk:
            errors.add(
                field, _("“%(account)s” belongs to another company.") % {"account": account.name}
            )


def _price_list_side(price_list: PriceList, rows: Rows, errors: FieldErrors) -> None:
    if not price_list.selling and not price_list.buying:
        errors.add("selling", _("A price list is for selling, buying or both."))


def _portions_total_100(template: PaymentTermsTemplate, rows: Rows, errors: FieldErrors) -> None:
    """As in ERPNext, a template without terms totals 0 %: it is refused, not saved empty."""
    terms = rows.get("terms")
    if terms is None and template.pk:
        return
    if sum(Decimal(t.invoice_portion) for t in terms or []) != HUNDRED:
        errors.add("terms", _("The invoice portions must total 100 %."))


def _account_in_parent_company(account: Account, rows: Rows, errors: FieldErrors) -> None:
    parent = account.parent if account.parent_id else None
    if isinstance(parent, Account) and parent.company_id != account.company_id:
        errors.add("parent_account", _("The parent account belongs to another company."))


def _account_of_parent_root_type(account: Account, rows: Rows, errors: FieldErrors) -> None:
    """An asset account sits under assets, an income account under income: a chart whose
    branches mix root types would put amounts on the wrong side of the balance sheet."""
    parent = account.parent if account.parent_id else None
    if isinstance(parent, Account) and parent.root_type != account.root_type:
        errors.add(
            "root_type",
            _("The parent account “%(parent)s” is of root type %(root_type)s.")
            % {"parent": parent.name, "root_type": parent.get_root_type_display()},
        )


def _account_keeps_company_with_children(account: Account, rows: Rows, errors: FieldErrors) -> None:
    """Its child accounts would be left in the other company's chart."""
    if not account.pk or not account.numchild:
        return
    stored = Account.objects.filter(pk=account.pk).values_list("company_id", flat=True).get()
    if stored != account.company_id:
        errors.add("company", _("An account with child accounts cannot change company."))


def _company_account_needs_company(bank: BankAccount, rows: Rows, errors: FieldErrors) -> None:
    if bank.is_company_account and bank.company_id is None:
        errors.add("company", _("A company bank account needs its company."))
    account = bank.account if bank.account_id else None
    if account is not None and bank.company_id and account.company_id != bank.company_id:
        errors.add(
            "account",
            _("“%(account)s” belongs to another company.") % {"account": account.name},
        )


def _program_dates(program: LoyaltyProgram, rows: Rows, errors: FieldErrors) -> None:
    if program.from_date and program.to_date and program.to_date < program.from_date:
        errors.add("to_date", _("The program must end after it starts."))


def _fiscal_year_dates(year: FiscalYear, rows: Rows, errors: FieldErrors) -> None:
    if year.year_start_date and year.year_end_date and year.year_end_date <= year.year_start_date:
        errors.add("year_end_date", _("The year must end after it starts."))


def _distribution_total_100(
    distribution: MonthlyDistribution, rows: Rows, errors: FieldErrors
) -> None:
    """As in ERPNext, a distribution without months totals 0 %: it is refused."""
    percentages = rows.get("percentages")
    if percentages is None and distribution.pk:
        return
    if sum(Decimal(p.percentage_allocation) for p in percentages or []) != HUNDRED:
        errors.add("percentages", _("The monthly percentages must total 100 %."))


CURRENCY = Spec(
    Currency,
    "currency",
    fields=("name", "currency_name", "symbol", "enabled"),
    normalise={"name": lambda code: identifiers.currency(code)[0]},
    rules=(_currency_name,),
)
COMPANY = Spec(
    Company,
    "company",
    fields=(
        "name",
        "abbr",
        "country",
        "tax_id",
        "credit_limit",
        "role_allowed_for_frozen_entries",
        "legal_form",
        "share_capital",
        "siren",
        "late_payment_penalty_rate",
        "early_payment_discount",
    ),
    links=(
        Link("default_currency", Currency),
        Link("default_receivable_account", Account, check=receivable_ledger),
        Link("default_advance_received_account", Account, check=ledger_account),
        Link("exchange_gain_account", Account, check=ledger_account),
        Link("exchange_loss_account", Account, check=ledger_account),
        Link("payment_terms", PaymentTermsTemplate),
    ),
    normalise={
        "country": identifiers.country,
        "tax_id": identifiers.vat_or_company_id,
        "siren": identifiers.siren_number,
    },
    rules=(_company_accounts,),
)
PRICE_LIST = Spec(
    PriceList,
    "price_list",
    fields=("name", "selling", "buying", "enabled"),
    links=(Link("currency", Currency),),
    rules=(_price_list_side,),
)
PAYMENT_TERMS_TEMPLATE = Spec(
    PaymentTermsTemplate,
    "payment_terms_template",
    fields=("name",),
    children=(
        Child(
            "terms",
            PaymentTerm,
            ("description", "invoice_portion", "due_date_based_on", "credit_days", "credit_months"),
        ),
    ),
    rules=(_portions_total_100,),
)
ACCOUNT = Spec(
    Account,
    "account",
    fields=(
        "name",
        "account_name",
        "account_number",
        "root_type",
        "account_type",
        "is_group",
        "disabled",
    ),
    links=(Link("company", Company), Link("account_currency", Currency)),
    parent_input="parent_account",
    rules=(
        _account_in_parent_company,
        _account_of_parent_root_type,
        _account_keeps_company_with_children,
    ),
)
BANK_ACCOUNT = Spec(
    BankAccount,
    "bank_account",
    fields=("name", "account_name", "bank", "iban", "is_company_account", "disabled"),
    links=(Link("company", Company), Link("account", Account, check=ledger_account)),
    normalise={"iban": identifiers.iban},
    rules=(_company_account_needs_company,),
)
SALES_PERSON = Spec(
    SalesPerson,
    "sales_person",
    fields=("name", "is_group", "enabled", "commission_rate", "employee", "department"),
    parent_input="parent_sales_person",
)
SALES_PARTNER = Spec(SalesPartner, "sales_partner", fields=("name", "commission_rate", "enabled"))
LOYALTY_PROGRAM = Spec(
    LoyaltyProgram,
    "loyalty_program",
    fields=("name", "from_date", "to_date", "conversion_factor", "enabled"),
    links=(Link("company", Company),),
    rules=(_program_dates,),
)
TAX_CATEGORY = Spec(TaxCategory, "tax_category", fields=("name", "disabled"))
TAX_WITHHOLDING_CATEGORY = Spec(
    TaxWithholdingCategory,
    "tax_withholding_category",
    fields=("name", "rate"),
)
INDUSTRY = Spec(Industry, "industry", fields=("name",))
MARKET_SEGMENT = Spec(MarketSegment, "market_segment", fields=("name",))
ITEM_GROUP = Spec(
    ItemGroup, "item_group", fields=("name", "is_group"), parent_input="parent_item_group"
)
FISCAL_YEAR = Spec(
    FiscalYear,
    "fiscal_year",
    fields=("name", "year_start_date", "year_end_date"),
    rules=(_fiscal_year_dates,),
)
MONTHLY_DISTRIBUTION = Spec(
    MonthlyDistribution,
    "monthly_distribution",
    fields=("name",),
    links=(Link("fiscal_year", FiscalYear),),
    children=(
        Child(
            "percentages",
            MonthlyDistributionPercentage,
            ("month", "percentage_allocation"),
            unique=("month",),
        ),
    ),
    rules=(_distribution_total_100,),
)
