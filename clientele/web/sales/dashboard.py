"""The customer page's documents (its registry, ``customers/page_documents.py``): each
kind of sales document counted with its “+”, and per company what was billed this fiscal
year and is still unpaid, from the sales app's dashboard selector."""

from collections.abc import Callable
from urllib.parse import urlencode

from clientele.customers.models import Customer
from clientele.sales.selectors import customer_balances
from clientele.web.customers.page_documents import (
    CompanyBalance,
    balances_enable,
    document_type_enable,
)
from clientele.web.sales import SCREENS, Screen
from clientele.web.sales.statement import statement_url


def _new(screen: Screen) -> Callable[[Customer], str]:
    return lambda customer: f"{screen.new_url}?{urlencode({'customer': customer.name})}"


def _balances(customer: Customer) -> list[CompanyBalance]:
    figures = customer_balances(customer=customer)["companies"]
    return [
        CompanyBalance(
            row["company"],
            row["currency"],
            row["billing_this_year"],
            row["total_unpaid"],
            statement_url(customer.name, row["company"]),
        )
        for row in figures
    ]


def dashboard_enable() -> None:
    """Plugged in once the application is ready (``web.apps``)."""
    for screen in SCREENS.values():
        document_type_enable(screen.key, documents=screen.doctype.model, new_url=_new(screen))
    balances_enable(_balances)
