"""REST routes for the master records, all through the generic CRUD router."""

from ninja import Router, Schema

from clientele.core.labels import label_of
from clientele.core.roles import ACCOUNTING_WRITERS, MASTER_WRITERS
from clientele.core.routes import crud_router, spec_routes
from clientele.core.specs import Spec
from clientele.masters import schemas as sch
from clientele.masters import services as s

# Path, record, tag, writers, and the request and response bodies (``schemas.py``).
Entry = tuple[str, Spec, str, tuple[str, ...], type[Schema], type[Schema]]
ROUTES: list[Entry] = [
    ("companies", s.COMPANY, "Companies", ACCOUNTING_WRITERS, sch.CompanyIn, sch.CompanyOut),
    ("currencies", s.CURRENCY, "Currencies", ACCOUNTING_WRITERS, sch.CurrencyIn, sch.CurrencyOut),
    (
        "price-lists",
        s.PRICE_LIST,
        "Price lists",
        MASTER_WRITERS,
        sch.PriceListIn,
        sch.PriceListOut,
    ),
    (
        "payment-terms-templates",
        s.PAYMENT_TERMS_TEMPLATE,
        "Payment terms templates",
        ACCOUNTING_WRITERS,
        sch.PaymentTermsTemplateIn,
        sch.PaymentTermsTemplateOut,
    ),
    ("accounts", s.ACCOUNT, "Accounts", ACCOUNTING_WRITERS, sch.AccountIn, sch.AccountOut),
    (
        "bank-accounts",
        s.BANK_ACCOUNT,
        "Bank accounts",
        ACCOUNTING_WRITERS,
        sch.BankAccountIn,
        sch.BankAccountOut,
    ),
    (
        "sales-persons",
        s.SALES_PERSON,
        "Sales persons",
        MASTER_WRITERS,
        sch.SalesPersonIn,
        sch.SalesPersonOut,
    ),
    (
        "sales-partners",
        s.SALES_PARTNER,
        "Sales partners",
        MASTER_WRITERS,
        sch.SalesPartnerIn,
        sch.SalesPartnerOut,
    ),
    (
        "loyalty-programs",
        s.LOYALTY_PROGRAM,
        "Loyalty programs",
        MASTER_WRITERS,
        sch.LoyaltyProgramIn,
        sch.LoyaltyProgramOut,
    ),
    (
        "tax-categories",
        s.TAX_CATEGORY,
        "Tax categories",
        ACCOUNTING_WRITERS,
        sch.TaxCategoryIn,
        sch.TaxCategoryOut,
    ),
    (
        "tax-withholding-categories",
        s.TAX_WITHHOLDING_CATEGORY,
        "Tax withholding categories",
        ACCOUNTING_WRITERS,
        sch.TaxWithholdingCategoryIn,
        sch.TaxWithholdingCategoryOut,
    ),
    ("industries", s.INDUSTRY, "Industries", MASTER_WRITERS, sch.IndustryIn, sch.IndustryOut),
    (
        "market-segments",
        s.MARKET_SEGMENT,
        "Market segments",
        MASTER_WRITERS,
        sch.MarketSegmentIn,
        sch.MarketSegmentOut,
    ),
    ("item-groups", s.ITEM_GROUP, "Item groups", MASTER_WRITERS, sch.ItemGroupIn, sch.ItemGroupOut),
    (
        "fiscal-years",
        s.FISCAL_YEAR,
        "Fiscal years",
        ACCOUNTING_WRITERS,
        sch.FiscalYearIn,
        sch.FiscalYearOut,
    ),
    (
        "monthly-distributions",
        s.MONTHLY_DISTRIBUTION,
        "Monthly distributions",
        MASTER_WRITERS,
        sch.MonthlyDistributionIn,
        sch.MonthlyDistributionOut,
    ),
]


def routers() -> list[tuple[str, Router]]:
    return [
        (
            path,
            crud_router(
                spec_routes(
                    spec,
                    tag=tag,
                    writers=writers,
                    label=label_of,
                    schema_in=schema_in,
                    schema_out=schema_out,
                )
            ),
        )
        for path, spec, tag, writers, schema_in, schema_out in ROUTES
    ]
