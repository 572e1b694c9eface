"""REST routes for the master records, all through the generic CRUD router."""

from ninja import Router

from clientele.core.labels import label_of
from clientele.core.roles import ACCOUNTING_WRITERS, MASTER_WRITERS
from clientele.core.routes import crud_router, spec_routes
from clientele.masters import services as s

ROUTES = [
    ("companies", s.COMPANY, "Companies", ACCOUNTING_WRITERS),
    ("currencies", s.CURRENCY, "Currencies", ACCOUNTING_WRITERS),
    ("price-lists", s.PRICE_LIST, "Price lists", MASTER_WRITERS),
    (
        "payment-terms-templates",
        s.PAYMENT_TERMS_TEMPLATE,
        "Payment terms templates",
        ACCOUNTING_WRITERS,
    ),
    ("accounts", s.ACCOUNT, "Accounts", ACCOUNTING_WRITERS),
    ("bank-accounts", s.BANK_ACCOUNT, "Bank accounts", ACCOUNTING_WRITERS),
    ("sales-persons", s.SALES_PERSON, "Sales persons", MASTER_WRITERS),
    ("sales-partners", s.SALES_PARTNER, "Sales partners", MASTER_WRITERS),
    ("loyalty-programs", s.LOYALTY_PROGRAM, "Loyalty programs", MASTER_WRITERS),
    ("tax-categories", s.TAX_CATEGORY, "Tax categories", ACCOUNTING_WRITERS),
    (
        "tax-withholding-categories",
        s.TAX_WITHHOLDING_CATEGORY,
        "Tax withholding categories",
        ACCOUNTING_WRITERS,
    ),
    ("industries", s.INDUSTRY, "Industries", MASTER_WRITERS),
    ("market-segments", s.MARKET_SEGMENT, "Market segments", MASTER_WRITERS),
    ("item-groups", s.ITEM_GROUP, "Item groups", MASTER_WRITERS),
    ("fiscal-years", s.FISCAL_YEAR, "Fiscal years", ACCOUNTING_WRITERS),
    ("monthly-distributions", s.MONTHLY_DISTRIBUTION, "Monthly distributions", MASTER_WRITERS),
]


def routers() -> list[tuple[str, Router]]:
    return [
        (path, crud_router(spec_routes(spec, tag=tag, writers=writers, label=label_of)))
        for path, spec, tag, writers in ROUTES
    ]
