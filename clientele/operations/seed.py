"""Reference data every installation starts with; running it again changes nothing.

Everything goes through the same services as user input, so the seed obeys the rules too.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from clientele.classification import services as selling
from clientele.classification.models import CustomerGroup, SellingSettings, Territory
from clientele.core.models import NamingSeries
from clientele.core.naming import series_create
from clientele.core.records import record_create, record_update
from clientele.core.roles import ALL_ROLES
from clientele.core.specs import Spec
from clientele.core.trees import tree_root_add
from clientele.masters import services as masters
from clientele.masters.models import Company, ItemGroup, SalesPerson
from clientele.pricing import services as pricing
from clientele.sales.doctypes import ALL

CURRENCIES = ["EUR", "USD", "GBP", "CHF", "CAD", "JPY"]
GROUPS = ["Commercial", "Individual", "Government", "Non Profit"]
TERRITORIES = [
    "France",
    "Belgium",
    "Germany",
    "Italy",
    "Spain",
    "Switzerland",
    "United Kingdom",
    "United States",
]
CUSTOMER_SERIES = "CUST-.YYYY.-.#####"
COMPANY = "Clientèle Démo SAS"
ABBR = "CD"
# (name, parent, root type, account type, is group)
CHART = [
    (f"Actif - {ABBR}", None, "Asset", "", True),
    (f"411000 - Clients - {ABBR}", f"Actif - {ABBR}", "Asset", "Receivable", False),
    (f"512000 - Banque - {ABBR}", f"Actif - {ABBR}", "Asset", "Bank", False),
    (f"Passif - {ABBR}", None, "Liability", "", True),
    (f"401000 - Fournisseurs - {ABBR}", f"Passif - {ABBR}", "Liability", "Payable", False),
    (
        f"419100 - Clients - Avances reçues - {ABBR}",
        f"Passif - {ABBR}",
        "Liability",
        "Receivable",
        False,
    ),
    (f"445710 - TVA collectée - {ABBR}", f"Passif - {ABBR}", "Liability", "Tax", False),
    (f"Capitaux propres - {ABBR}", None, "Equity", "", True),
    (f"101000 - Capital - {ABBR}", f"Capitaux propres - {ABBR}", "Equity", "", False),
    (f"Produits - {ABBR}", None, "Income", "", True),
    (
        f"706000 - Prestations de services - {ABBR}",
        f"Produits - {ABBR}",
        "Income",
        "Income Account",
        False,
    ),
    (f"766000 - Gains de change - {ABBR}", f"Produits - {ABBR}", "Income", "", False),
    (f"Charges - {ABBR}", None, "Expense", "", True),
    (f"666000 - Pertes de change - {ABBR}", f"Charges - {ABBR}", "Expense", "", False),
    (
        f"607000 - Achats de marchandises - {ABBR}",
        f"Charges - {ABBR}",
        "Expense",
        "Expense Account",
        False,
    ),
]


def _ensure(spec: Spec, name: str, data: dict) -> None:
    if not spec.model._default_manager.filter(name=name).exists():
        record_create(spec, {"name": name, **data}, user=None)


def _ensure_root(model, name: str) -> None:
    if not model.objects.filter(depth=1).exists():
        tree_root_add(node=model(name=name))


def _trees() -> None:
    for model in (CustomerGroup, Territory, SalesPerson, ItemGroup):
        _ensure_root(model, model.ROOT_NAME)
    for name in GROUPS:
        _ensure(selling.CUSTOMER_GROUP, name, {"is_group": False})
    for name in TERRITORIES:
        _ensure(selling.TERRITORY, name, {"is_group": False})


def _company() -> None:
    _ensure(
        masters.COMPANY,
        COMPANY,
        {"abbr": ABBR, "country": "FR", "default_currency": "EUR", "tax_id": "FR40303265045"},
    )
    for name, parent, root_type, account_type, is_group in CHART:
        name_only = name.rsplit(" - ", 1)[0]
        _ensure(
            masters.ACCOUNT,
            name,
            {
                "account_name": name_only.split(" - ", 1)[-1],
                "company": COMPANY,
                "account_number": name_only.split(" - ")[0] if name_only[0].isdigit() else "",
                "root_type": root_type,
                "account_type": account_type,
                "is_group": is_group,
                "parent_account": parent,
            },
        )
    _ensure(
        masters.PAYMENT_TERMS_TEMPLATE,
        "Net 30",
        {
            "terms": [
                {"description": "30 jours", "invoice_portion": "100", "credit_days": 30},
            ]
        },
    )
    _ensure(
        masters.BANK_ACCOUNT,
        f"Banque Démo - {ABBR}",
        {
            "account_name": "Compte courant",
            "bank": "Banque Démo",
            "company": COMPANY,
            "iban": "FR7630006000011234567890189",
            "is_company_account": True,
            "account": f"512000 - Banque - {ABBR}",
        },
    )
    company = Company.objects.get(name=COMPANY)
    if company.default_receivable_account_id is None:
        record_update(
            masters.COMPANY,
            company,
            {
                "default_receivable_account": f"411000 - Clients - {ABBR}",
                "default_advance_received_account": f"419100 - Clients - Avances reçues - {ABBR}",
                "payment_terms": "Net 30",
            },
            user=None,
        )
    if company.exchange_gain_account_id is None:
        record_update(
            masters.COMPANY,
            Company.objects.get(pk=company.pk),
            {
                "exchange_gain_account": f"766000 - Gains de change - {ABBR}",
                "exchange_loss_account": f"666000 - Pertes de change - {ABBR}",
            },
            user=None,
        )


# French VAT (CGI art. 278 to 281): each rate its own tax category and template, the
# standard rate the company's default.
VAT_RATES = [
    ("TVA 20 %", "20"),
    ("TVA 10 %", "10"),
    ("TVA 5,5 %", "5.5"),
    ("TVA 2,1 %", "2.1"),
    ("Exonéré", "0"),
]
VAT_ACCOUNT = f"445710 - TVA collectée - {ABBR}"


def _vat() -> None:
    for name, rate in VAT_RATES:
        _ensure(masters.TAX_CATEGORY, name, {})
        _ensure(
            pricing.SALES_TAXES_TEMPLATE,
            name,
            {
                "company": COMPANY,
                "tax_category": name,
                "is_default": name == VAT_RATES[0][0],
                "taxes": [{"account_head": VAT_ACCOUNT, "description": name, "rate": rate}],
            },
        )


def _lists() -> None:
    for code in CURRENCIES:
        _ensure(masters.CURRENCY, code, {})
    _ensure(masters.PRICE_LIST, "Standard Selling", {"currency": "EUR", "selling": True})
    _ensure(
        masters.PRICE_LIST, "Standard Buying", {"currency": "EUR", "selling": False, "buying": True}
    )
    for name in ("Standard", "Intra-EU", "Export"):
        _ensure(masters.TAX_CATEGORY, name, {})
    _ensure(
        masters.FISCAL_YEAR,
        "2026",
        {"year_start_date": "2026-01-01", "year_end_date": "2026-12-31"},
    )
    for name in ("Retail", "Manufacturing", "Services", "Public sector"):
        _ensure(masters.INDUSTRY, name, {})
    for name in ("SME", "Large accounts", "Consumers"):
        _ensure(masters.MARKET_SEGMENT, name, {})


def _settings() -> None:
    if not NamingSeries.objects.filter(entity="customer").exists():
        series_create(name=CUSTOMER_SERIES)
    settings = selling.selling_settings_get()
    if settings.customer_naming_series_id is None:
        selling.selling_settings_update(
            data={
                "customer_naming_by": SellingSettings.NamingBy.NAMING_SERIES,
                "customer_naming_series": CUSTOMER_SERIES,
                "customer_group": "Commercial",
                "territory": "France",
                "selling_price_list": "Standard Selling",
            },
            user=None,
        )


@transaction.atomic
def _document_series() -> None:
    """Each kind of sales document's standard series, managed beside the customers'."""
    for doctype in ALL:
        if not NamingSeries.objects.filter(name=doctype.series).exists():
            series_create(name=doctype.series, entity=doctype.key)


def seed_reference_data() -> None:
    for role in ALL_ROLES:
        Group.objects.get_or_create(name=role)
    _lists()
    _trees()
    _company()
    _vat()
    _settings()
    _document_series()
