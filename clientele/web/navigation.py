"""The navigation of the user's guide (Accueil > Vente > Client …), in one place.

Each entry names a URL; the home page and the menu are drawn from this list. An entry whose
screen is not there resolves to ``None`` and is shown as not yet available, never hidden
(tests/web assert every entry resolves once the UI is complete).
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    label: Promise
    url_name: str
    args: tuple[str, ...] = ()

    @property
    def url(self) -> str | None:
        try:
            return reverse(self.url_name, args=self.args)
        except NoReverseMatch:
            return None


@dataclass(frozen=True)
class Section:
    label: Promise
    entries: tuple[Entry, ...]


def _record(label: Promise, kind: str) -> Entry:
    """A master record's list; ``kind`` is its path in the REST API (``price-lists``)."""
    return Entry(label, "web:record-list", (kind,))


def _sales(label: Promise, kind: str) -> Entry:
    """A kind of sales document's list; ``kind`` is its path in the REST API."""
    return Entry(label, "web:sales-list", (kind,))


SECTIONS = (
    Section(
        _("Selling"),
        (
            Entry(_("Customer"), "web:customer-list"),
            _sales(_("Quotation"), "quotations"),
            _sales(_("Sales Order"), "sales-orders"),
            _sales(_("Delivery Note"), "delivery-notes"),
            _sales(_("Sales Invoice"), "sales-invoices"),
            Entry(_("Territory"), "web:territory-tree"),
            Entry(_("Selling Settings"), "web:selling-settings"),
            Entry(_("Naming Series"), "web:naming-series"),
            Entry(_("Import data"), "web:import-list"),
            Entry(_("Jobs"), "web:job-list"),
        ),
    ),
    Section(
        _("CRM"),
        (
            Entry(_("Customer"), "web:customer-list"),
            Entry(_("Customer Group"), "web:customer-group-tree"),
            Entry(_("Leads"), "web:lead-list"),
            Entry(_("Contacts"), "web:contact-list"),
            Entry(_("Addresses"), "web:address-list"),
        ),
    ),
    Section(
        _("Sales people"),
        (
            Entry(_("Sales Person"), "web:sales-person-tree"),
            _record(_("Sales Partner"), "sales-partners"),
        ),
    ),
    Section(
        _("Items and prices"),
        (
            _record(_("Items"), "items"),
            _record(_("Item Prices"), "item-prices"),
            _record(_("Currency Exchange Rates"), "currency-exchanges"),
            _record(_("Sales Taxes and Charges Templates"), "sales-taxes-templates"),
        ),
    ),
    Section(
        _("Accounting and prices"),
        (
            _sales(_("Payment Entry"), "payment-entries"),
            Entry(_("Receivables"), "web:sales-receivables"),
            Entry(_("Customer statement"), "web:sales-statement"),
            Entry(_("Accounts Settings"), "web:accounts-settings"),
            _record(_("Company"), "companies"),
            _record(_("Currency"), "currencies"),
            _record(_("Price List"), "price-lists"),
            _record(_("Payment Terms Template"), "payment-terms-templates"),
            Entry(_("Chart of Accounts"), "web:account-tree"),
            _record(_("Bank Account"), "bank-accounts"),
            _record(_("Tax Category"), "tax-categories"),
            _record(_("Tax Withholding Category"), "tax-withholding-categories"),
            _record(_("Loyalty Program"), "loyalty-programs"),
            _record(_("Fiscal Year"), "fiscal-years"),
            _record(_("Monthly Distribution"), "monthly-distributions"),
        ),
    ),
    Section(
        _("Classification"),
        (
            _record(_("Industry"), "industries"),
            _record(_("Market Segment"), "market-segments"),
            Entry(_("Item Group"), "web:item-group-tree"),
        ),
    ),
)

# The top bar: what a sales administrator opens all day.
MENU = (
    Entry(_("Customer"), "web:customer-list"),
    Entry(_("Customer Group"), "web:customer-group-tree"),
    Entry(_("Territory"), "web:territory-tree"),
    Entry(_("Contacts"), "web:contact-list"),
    Entry(_("Leads"), "web:lead-list"),
)


def menu(request) -> dict:
    """Context processor: the top bar's entries."""
    return {"menu": MENU}
