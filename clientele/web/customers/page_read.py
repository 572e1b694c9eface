"""What the customer page shows, read in a fixed number of queries whatever the customer holds.

Every piece comes from the selectors the REST API uses (``customer_detail``,
``party_contacts``, ``customer_defaults``, the duplicates look-up, the history); this
module only puts them together and words them for people (sources of defaults, languages,
amounts).
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import phonenumbers
from babel import Locale, UnknownLocaleError
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy, to_locale
from django.utils.translation import gettext as _

from clientele.contacts.models import Address, Contact
from clientele.contacts.selectors import party_addresses, party_contacts
from clientele.core.history import history_page
from clientele.core.identifiers import country_name
from clientele.core.labels import label_of
from clientele.core.models import ChangeLog
from clientele.core.specs import rows_of
from clientele.customers.defaults import Resolved, customer_defaults
from clientele.customers.duplicates import Candidate
from clientele.customers.models import Customer
from clientele.customers.selectors import customer_detail
from clientele.customers.services import duplicates_lookup
from clientele.masters.models import Company
from clientele.web.customers.page_documents import (
    CompanyBalance,
    DocumentGroup,
    customer_balances,
    linked_documents,
)
from clientele.web.templatetags.web_format import amount, number

# The page shows the latest changes; the whole history is one link away, by pages.
HISTORY_SHOWN = 10
HISTORY_PER_PAGE = 50

DEFAULT_LABELS = {
    "price_list": gettext_lazy("Price List"),
    "billing_currency": gettext_lazy("Billing Currency"),
    "payment_terms": gettext_lazy("Payment Terms"),
    "receivable_account": gettext_lazy("Receivable Account"),
    "advance_account": gettext_lazy("Advance Account"),
    "credit_limit": gettext_lazy("Credit Limit"),
    "tax_category": gettext_lazy("Tax Category"),
    "print_language": gettext_lazy("Print Language"),
    "sales_partner": gettext_lazy("Sales Partner"),
    "commission_rate": gettext_lazy("Commission Rate"),
    "sales_team": gettext_lazy("Sales Team"),
    "loyalty_program": gettext_lazy("Loyalty Program"),
}


@dataclass(frozen=True)
class DefaultRow:
    key: str
    label: str
    value: str
    source: str


@dataclass
class DefaultsPanel:
    companies: list[Company]
    company: Company | None
    rows: list[DefaultRow] = field(default_factory=list)


@dataclass(frozen=True)
class ContactRow:
    """A contact as the page lists it: its phones as people read them."""

    contact: Contact
    phone: str
    mobile: str


@dataclass(frozen=True)
class AddressRow:
    """An address as the page lists it: its lines as printed."""

    address: Address
    lines: list[str]


@dataclass(frozen=True)
class HistoryRow:
    """One changed field, worded for people: “Modification · Groupe de clients”."""

    at: datetime
    user: str
    action: str
    field: str
    old_value: str
    new_value: str


@dataclass
class Sheet:
    customer: Customer
    contacts: list[ContactRow]
    addresses: list[AddressRow]
    defaults: DefaultsPanel
    history: list[HistoryRow]
    history_count: int
    duplicates: list["DuplicateRow"]
    documents: list[DocumentGroup]
    balances: list[CompanyBalance] = field(default_factory=list)

    @property
    def group_label(self) -> str:
        group = self.customer.customer_group
        return label_of(group.name) if group else ""

    @property
    def territory_label(self) -> str:
        territory = self.customer.territory
        return label_of(territory.name) if territory else ""

    @property
    def contacts_and_addresses(self) -> int:
        return len(self.contacts) + len(self.addresses)

    @property
    def print_language(self) -> str:
        return language_name(self.customer.language)

    @property
    def credit_limits(self) -> list[tuple[str, str]]:
        """The customer's own limit per company, in its billing currency (else the
        company's)."""
        own = self.customer.default_currency
        currencies = {c.name: c.default_currency.name for c in self.defaults.companies}
        return [
            (
                row.company.name,
                amount(row.credit_limit, own.name if own else currencies.get(row.company.name, "")),
            )
            for row in rows_of(self.customer, "credit_limits")
        ]

    @property
    def primary_contact(self) -> ContactRow | None:
        wanted = self.customer.customer_primary_contact_id
        return next((row for row in self.contacts if row.contact.pk == wanted), None)

    @property
    def primary_address(self) -> AddressRow | None:
        wanted = self.customer.customer_primary_address_id
        return next((row for row in self.addresses if row.address.pk == wanted), None)


def customer_sheet(*, name: str, company: str | None) -> Sheet | None:
    """Everything the customer page shows; ``None`` when no customer has this code."""
    customer = customer_detail(name)
    if customer is None:
        return None
    history_count, changes = history_page(
        entity="customer", record_id=customer.pk, limit=HISTORY_SHOWN
    )
    return Sheet(
        customer=customer,
        contacts=customer_contacts(customer),
        addresses=customer_addresses(customer),
        defaults=defaults_panel(customer=customer, company=company),
        history=history_rows(changes),
        history_count=history_count,
        duplicates=duplicate_rows(duplicates_lookup(customer).candidates()),
        documents=linked_documents(customer),
        balances=customer_balances(customer),
    )


TABLE_LABELS = {
    "contacts": gettext_lazy("Contacts"),
    "addresses": gettext_lazy("Addresses"),
    "credit_limits": gettext_lazy("Credit limits"),
    "accounts": gettext_lazy("Accounts per company"),
    "sales_team": gettext_lazy("Sales team members"),
    "companies": gettext_lazy("Allowed companies"),
    "history": gettext_lazy("History entries"),
    "merged": gettext_lazy("Merged customer"),
    "lead_name": gettext_lazy("From lead"),
    # The entry of an import in the history of each record it creates or updates.
    "import": gettext_lazy("Source"),
}
ACTIONS = {
    "create": gettext_lazy("Creation"),
    "update": gettext_lazy("Modification"),
    "rename": gettext_lazy("Renaming"),
    "merge": gettext_lazy("Merging"),
    "delete": gettext_lazy("Deletion"),
    "import": gettext_lazy("Import"),
}


@dataclass(frozen=True)
class HistoryPages:
    rows: list[HistoryRow]
    count: int
    number: int
    last: int


def history_pages(customer: Customer, page: str) -> HistoryPages:
    """Page ``page`` (a number as typed in the address; anything else is the first) of the
    customer's whole history, newest first."""
    number = int(page) if page.isdigit() and 0 < int(page) < 1_000_000 else 1
    count, changes = history_page(
        entity="customer",
        record_id=customer.pk,
        limit=HISTORY_PER_PAGE,
        offset=(number - 1) * HISTORY_PER_PAGE,
    )
    last = max(1, -(-count // HISTORY_PER_PAGE))
    return HistoryPages(history_rows(changes), count, number, last)


REASONS = {
    "name": gettext_lazy("near-identical name"),
    "tax_id": gettext_lazy("same VAT number"),
    "siren": gettext_lazy("same SIREN"),
    "email": gettext_lazy("same e-mail"),
    "phone": gettext_lazy("same phone"),
}


@dataclass(frozen=True)
class DuplicateRow:
    name: str
    customer_name: str
    reasons: str


def duplicate_rows(candidates: list[Candidate]) -> list[DuplicateRow]:
    """Likely duplicates with why, in words (“same VAT number, near-identical name”)."""
    return [
        DuplicateRow(
            c.name,
            c.customer_name,
            ", ".join(str(REASONS.get(reason, reason)) for reason in c.reasons),
        )
        for c in candidates
    ]


def history_rows(changes: list[ChangeLog]) -> list[HistoryRow]:
    return [
        HistoryRow(
            at=change.at,
            user=change.user.username if change.user else "",
            action=str(ACTIONS.get(change.action, change.action)),
            field=field_label(change.field),
            old_value=readable(change.old_value, change.field),
            new_value=readable(change.new_value, change.field),
        )
        for change in changes
    ]


def readable(value: str, field: str = "") -> str:
    """A recorded value as a person reads it: yes or no for a flag, a choice by its label
    (“Société”, not “Company”), a child table's rows (recorded as JSON) one after the
    other, “Clientèle Démo SAS, 20000”."""
    if value in ("true", "false"):
        return str(_("Yes") if value == "true" else _("No"))
    if label := _choice_label(field, value):
        return label
    if not value.startswith("[{"):
        return value
    try:
        rows = json.loads(value)
    except ValueError:
        return value
    return "; ".join(
        ", ".join(str(v) for v in row.values() if v not in (None, "", False, True))
        for row in rows
        if isinstance(row, dict)
    )


def _choice_label(field: str, value: str) -> str:
    try:
        choices = getattr(Customer._meta.get_field(field), "choices", None) if field else None
    except FieldDoesNotExist:
        return ""
    return next((str(label) for key, label in choices or () if key == value), "")


def field_label(name: str) -> str:
    """A customer's field as its form names it (“Groupe de clients”), from the model."""
    if not name or name in TABLE_LABELS:
        return str(TABLE_LABELS.get(name, ""))
    try:
        verbose = getattr(Customer._meta.get_field(name), "verbose_name", name)
    except FieldDoesNotExist:
        return name
    return capfirst(str(verbose))


def customer_contacts(customer: Customer) -> list[ContactRow]:
    return [
        ContactRow(contact, phone_display(contact.phone), phone_display(contact.mobile_no))
        for contact in party_contacts(party_type="customer", party_id=customer.pk)
    ]


def customer_addresses(customer: Customer) -> list[AddressRow]:
    return [
        AddressRow(address, address_lines(address))
        for address in party_addresses(party_type="customer", party_id=customer.pk)
    ]


def address_lines(address: Address) -> list[str]:
    """As on a letter, French order, the country by its name in the reader's language."""
    town = " ".join(part for part in (address.pincode, address.city) if part)
    lines = [address.address_line1, address.address_line2, town, address.state]
    return [line for line in lines if line] + [country_name(address.country)]


def phone_display(value: str) -> str:
    """``+33612345678`` as people read it: ``+33 6 12 34 56 78``."""
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def language_name(code: str) -> str:
    """``fr`` → “Français” (in English: “French”)."""
    if not code:
        return ""
    try:
        name = Locale.parse(to_locale(code)).get_display_name(to_locale(get_language() or "fr"))
    except (ValueError, UnknownLocaleError):
        return code
    return (name or code)[:1].upper() + (name or code)[1:]


def defaults_panel(*, customer: Customer, company: str | None) -> DefaultsPanel:
    """The resolved defaults for ``company`` (by default the first one), each with where
    it comes from, and the companies to choose from."""
    companies = list(
        Company.objects.select_related(
            "default_currency",
            "payment_terms",
            "default_receivable_account",
            "default_advance_received_account",
        ).order_by("name")
    )
    chosen = next((c for c in companies if c.name == company), companies[0] if companies else None)
    panel = DefaultsPanel(companies=companies, company=chosen)
    if chosen is not None:
        resolved = customer_defaults(customer=customer, company=chosen).values
        currency = resolved["billing_currency"].value or ""
        panel.rows = [
            DefaultRow(key, str(label), _shown(key, resolved[key], currency), source(resolved[key]))
            for key, label in DEFAULT_LABELS.items()
            if key in resolved
        ]
    return panel


def source(resolved: Resolved) -> str:
    """Where a default comes from, in words: “← groupe PME”, “← société”."""
    if resolved.value in (None, "", []):
        return ""
    if resolved.source == "customer_group":
        return _("← group %(name)s") % {"name": label_of(resolved.source_name)}
    words = {
        "customer": _("← customer"),
        "company": _("← company"),
        "selling_settings": _("← selling settings"),
        "settings": _("← site default"),
    }
    return words.get(resolved.source, resolved.source)


def _shown(key: str, resolved: Resolved, currency: str) -> str:
    value = resolved.value
    if value in (None, "", []):
        return ""
    if key == "credit_limit":
        return amount(value, currency)
    if key == "commission_rate":
        return f"{number(Decimal(value))} %"
    if key == "print_language":
        return language_name(value)
    if key == "sales_team":
        return ", ".join(
            f"{member['sales_person']} ({number(Decimal(member['allocated_percentage']))} %)"
            for member in value
        )
    return str(value)
