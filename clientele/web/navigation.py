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
    return Entry(label, "web:record-list", (kind,))


SECTIONS = (
    Section(
        _("Selling"),
        (
            Entry(_("Customer"), "web:customer-list"),
            Entry(_("Territory"), "web:territory-tree"),
            Entry(_("Selling Settings"), "web:selling-settings"),
            Entry(_("Naming Series"), "web:naming-series"),
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
            _record(_("Sales Partner"), "sales-partner"),
        ),
    ),
    Section(
        _("Accounting and prices"),
        (
            _record(_("Company"), "company"),
            _record(_("Currency"), "currency"),
            _record(_("Price List"), "price-list"),
            _record(_("Payment Terms Template"), "payment-terms-template"),
            Entry(_("Chart of Accounts"), "web:account-tree"),
            _record(_("Bank Account"), "bank-account"),
            _record(_("Tax Category"), "tax-category"),
            _record(_("Tax Withholding Category"), "tax-withholding-category"),
            _record(_("Loyalty Program"), "loyalty-program"),
            _record(_("Fiscal Year"), "fiscal-year"),
            _record(_("Monthly Distribution"), "monthly-distribution"),
        ),
    ),
    Section(
        _("Classification"),
        (
            _record(_("Industry"), "industry"),
            _record(_("Market Segment"), "market-segment"),
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
