"""Reference records customer tests link to, built through the real services.

The seed (see ``clientele.operations.seed``) gives groups, territories, the demo company
with its chart of accounts, price lists, "Net 30" and the naming series; this module adds
what customers can also point to: sales persons and partners, a loyalty program, a second
company, a lead...
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from clientele.classification import services as selling
from clientele.core.models import ChangeLog, SeriesCounter
from clientele.core.records import record_create
from clientele.crm.models import Lead
from clientele.customers.models import (
    AllowedCompany,
    Customer,
    CustomerAccount,
    CustomerCreditLimit,
    CustomerSearch,
    SalesTeamMember,
)
from clientele.masters import services as masters
from clientele.operations.seed import COMPANY

RECEIVABLE = "411000 - Clients - CD"
PAYABLE = "401000 - Fournisseurs - CD"
ADVANCE = "419100 - Clients - Avances reçues - CD"
ASSETS_GROUP = "Actif - CD"
COMPANY_BANK = "Banque Démo - CD"
OTHER_COMPANY = "Filiale Lyon SARL"
OTHER_RECEIVABLE = "411000 - Clients - FL"
SPECIAL_RECEIVABLE = "411100 - Clients distributeurs - CD"


def year() -> int:
    return timezone.localdate().year


def series_code(number: int) -> str:
    return f"CUST-{year()}-{number:05d}"


@dataclass(frozen=True)
class Refs:
    lead: str
    account_manager: str
    inactive_user: str


def build_refs() -> Refs:
    """Every kind of record the full customer form links to, plus disabled and wrong ones."""
    _create(masters.TAX_WITHHOLDING_CATEGORY, name="TDS 194C", rate="2")
    _create(masters.TAX_WITHHOLDING_CATEGORY, name="TDS 194J", rate="10")
    _create(masters.TAX_CATEGORY, name="Ancienne catégorie", disabled=True)
    _create(masters.PRICE_LIST, name="Tarif Revendeurs", currency="EUR", selling=True)
    _create(masters.PRICE_LIST, name="Tarif Export", currency="USD", selling=True)
    _create(masters.PRICE_LIST, name="Tarif 2019", currency="EUR", selling=True, enabled=False)
    _create(masters.CURRENCY, name="SEK", enabled=False)
    _create(
        masters.PAYMENT_TERMS_TEMPLATE,
        name="Net 60",
        terms=[{"description": "60 jours", "invoice_portion": "100", "credit_days": 60}],
    )
    _create(
        masters.PAYMENT_TERMS_TEMPLATE,
        name="Net 45",
        terms=[{"description": "45 jours", "invoice_portion": "100", "credit_days": 45}],
    )
    _create(
        masters.BANK_ACCOUNT,
        name="Compte de Dupont",
        account_name="Compte courant",
        is_company_account=False,
    )
    _create(
        masters.BANK_ACCOUNT,
        name="Banque Secondaire - CD",
        account_name="Compte épargne",
        company=COMPANY,
        is_company_account=True,
    )
    _create(masters.LOYALTY_PROGRAM, name="Fidélité Or", company=COMPANY)
    _create(masters.LOYALTY_PROGRAM, name="Fidélité Argent", company=COMPANY)
    _create(masters.LOYALTY_PROGRAM, name="Fidélité Close", enabled=False)
    _create(masters.SALES_PARTNER, name="Partenaire Sud", commission_rate="12.5")
    _create(masters.SALES_PARTNER, name="Partenaire Nord", commission_rate="4")
    _create(masters.SALES_PARTNER, name="Partenaire Parti", enabled=False)
    for person in ("Alice", "Bruno", "Chloé"):
        _create(masters.SALES_PERSON, name=person)
    _create(masters.SALES_PERSON, name="Équipe Nord", is_group=True)
    _create(masters.SALES_PERSON, name="Denise", parent_sales_person="Équipe Nord")
    _create(masters.SALES_PERSON, name="Ancien Vendeur", enabled=False)
    _create(
        masters.ACCOUNT,
        name=SPECIAL_RECEIVABLE,
        account_name="Clients distributeurs",
        company=COMPANY,
        root_type="Asset",
        account_type="Receivable",
        parent_account=ASSETS_GROUP,
    )
    _other_company()
    lead = Lead.objects.create(name="CRM-LEAD-2026-00007", lead_name="Jeanne Dupont")
    manager = User.objects.create_user(username="amelie")
    inactive = User.objects.create_user(username="parti", is_active=False)
    return Refs(lead=lead.name, account_manager=manager.username, inactive_user=inactive.username)


def _other_company() -> None:
    _create(masters.COMPANY, name=OTHER_COMPANY, abbr="FL", default_currency="EUR")
    _create(
        masters.ACCOUNT,
        name="Actif - FL",
        account_name="Actif",
        company=OTHER_COMPANY,
        root_type="Asset",
        is_group=True,
    )
    _create(
        masters.ACCOUNT,
        name=OTHER_RECEIVABLE,
        account_name="Clients",
        company=OTHER_COMPANY,
        root_type="Asset",
        account_type="Receivable",
        parent_account="Actif - FL",
    )


def _create(spec, **data: Any):
    return record_create(spec, data, user=None)


def group_create(**data: Any):
    return record_create(selling.CUSTOMER_GROUP, data, user=None)


def territory_create(**data: Any):
    return record_create(selling.TERRITORY, data, user=None)


def db_state() -> dict[str, Any]:
    """Everything a customer write touches; a refused request must leave all of it equal."""
    return {
        "customers": sorted(Customer.objects.values_list("name", flat=True)),
        "change log rows": ChangeLog.objects.count(),
        "series counters": dict(SeriesCounter.objects.values_list("prefix", "current")),
        "search documents": CustomerSearch.objects.count(),
        "credit limit rows": CustomerCreditLimit.objects.count(),
        "account rows": CustomerAccount.objects.count(),
        "sales team rows": SalesTeamMember.objects.count(),
        "allowed company rows": AllowedCompany.objects.count(),
    }
