"""One service fills a selling document from its customer (SPEC §3.4), for the API, the
screens and the import alike: what the user typed is kept, only empty fields are filled.

The customer's chain (customer → group → ancestors → settings or company) is resolved by
``customers.defaults``; this module turns it into the document's fields, with what that
chain does not cover: the tax category of the billing address, the taxes template, the
exchange rates at the document's date, the addresses and contact copied as text.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from clientele.contacts.models import Address, Contact
from clientele.contacts.selectors import party_addresses, party_addresses_read, party_contacts
from clientele.core.errors import FieldErrors
from clientele.core.rows.reads import record_by_key
from clientele.core.specs import rows_of
from clientele.customers.defaults import Resolved, customer_defaults
from clientele.customers.models import Customer
from clientele.masters.models import Account, Company, Currency, PaymentTermsTemplate, PriceList
from clientele.pricing.selectors import exchange_rate, taxes_template_for

# The header fields a customer's defaults fill, in the order they depend on each other.
FILLED = (
    "customer_name",
    "tax_id",
    "currency",
    "selling_price_list",
    "price_list_currency",
    "payment_terms_template",
    "language",
    "customer_address",
    "address_display",
    "shipping_address_name",
    "shipping_address",
    "contact_person",
    "contact_display",
    "contact_email",
    "tax_category",
    "sales_partner",
    "commission_rate",
    "debit_to",
)


@dataclass
class DocumentDefaults:
    """What a customer gives a document of a company: header values by field name, and
    the sales team as (sales person, contribution) pairs."""

    values: dict[str, Any] = field(default_factory=dict)
    sales_team: list[tuple[Any, Decimal]] = field(default_factory=list)


def _by_name(model, name: str | None, related: tuple[str, ...] = ()):
    return record_by_key(model, "name", name, related=related) if name else None


def _known(resolved: Resolved, model, **held: Any):
    """The record a default names: the one its source already holds (the customer's or
    the company's link, read with them), else read by its code."""
    record = held.get(resolved.source)
    if record is not None and record.name == resolved.value:
        return record
    return _by_name(model, resolved.value)


def document_defaults(*, customer: Customer, company: Company) -> DocumentDefaults:
    """The customer's defaults for documents of ``company``, as records and text."""
    chain = customer_defaults(customer=customer, company=company).values
    # Its currency read with it: every document copies it.
    price_list = _by_name(PriceList, chain["price_list"].value, related=("currency",))
    currency = _known(
        chain["billing_currency"],
        Currency,
        customer=customer.default_currency,
        company=company.default_currency,
    )
    billing, shipping = _addresses(customer)
    contact = _contact(customer)
    values: dict[str, Any] = {
        "customer_name": customer.customer_name,
        "tax_id": customer.tax_id,
        "currency": currency,
        "selling_price_list": price_list,
        "price_list_currency": price_list.currency if price_list else None,
        "payment_terms_template": _known(
            chain["payment_terms"],
            PaymentTermsTemplate,
            customer=customer.payment_terms,
            company=company.payment_terms,
        ),
        "language": chain["print_language"].value or "",
        "customer_address": billing,
        "address_display": billing.render() if billing else "",
        "shipping_address_name": shipping,
        "shipping_address": shipping.render() if shipping else "",
        "contact_person": contact,
        "contact_display": contact.full_name if contact else "",
        "contact_email": contact.email_id if contact else "",
        # A billing address's tax category wins over the customer's (SPEC §3.4).
        "tax_category": (billing.tax_category if billing else None) or customer.tax_category,
        "sales_partner": customer.default_sales_partner,
        "commission_rate": _commission(customer),
        "debit_to": _known(
            chain["receivable_account"], Account, company=company.default_receivable_account
        ),
    }
    team = [(row.sales_person, row.allocated_percentage) for row in _team(customer)]
    return DocumentDefaults(values=values, sales_team=team)


def _commission(customer: Customer) -> Decimal | None:
    """The customer's own rate, else its sales partner's."""
    if customer.default_commission_rate is not None:
        return customer.default_commission_rate
    partner = customer.default_sales_partner
    return partner.commission_rate if partner is not None else None


def _team(customer: Customer) -> list:
    return rows_of(customer, "sales_team")


def _addresses(customer: Customer) -> tuple[Address | None, Address | None]:
    """The primary (billing) address, and the preferred shipping one, else the only one of
    type Shipping, else none; one query."""
    linked = [
        a
        for a in party_addresses_read(party_type="customer", party_id=customer.pk)
        if not a.disabled
    ]
    billing = next((a for a in linked if a.pk == customer.customer_primary_address_id), None)
    billing = billing or next((a for a in linked if a.is_primary_address), None)
    shipping = next((a for a in linked if a.is_shipping_address), None)
    typed = [a for a in linked if a.address_type == Address.AddressType.SHIPPING]
    return billing, shipping or (typed[0] if len(typed) == 1 else None)


def _contact(customer: Customer) -> Contact | None:
    if customer.customer_primary_contact_id is None:
        return None
    return record_by_key(Contact, "id", customer.customer_primary_contact_id)


def _empty(value: Any) -> bool:
    return value in (None, "")


# What each derived value is recomputed from when a draft changes.
RATE_SOURCES = frozenset(
    ("customer", "company", "currency", "selling_price_list", "transaction_date", "posting_date")
)
TEMPLATE_SOURCES = frozenset(("customer", "company", "tax_category", "customer_address"))


def defaults_apply(
    document: Any,
    *,
    typed: set[str],
    defaults: DocumentDefaults,
    errors: FieldErrors,
    changed: set[str] | None = None,
) -> None:
    """Fill each empty header field not typed from ``defaults``, then the exchange rates at
    the document's date and the taxes template of its tax category. ``changed``: the
    fields an update sends (``None`` for a new document); a rate or template is found
    again only when what it depends on changed, so what was typed before stays."""
    shown = _displays_chosen(document, typed)
    for name in FILLED:
        if not has_field(document, name) or name in typed or name in shown:
            continue
        value = defaults.values.get(name)
        if _unset(document, name) and not _empty(value):
            setattr(document, name, value)
    if document.selling_price_list_id:
        document.price_list_currency = document.selling_price_list.currency
    if changed is None or changed & RATE_SOURCES:
        rates_apply(document, typed=typed, errors=errors)
    template_stale = changed is None or bool(changed & TEMPLATE_SOURCES)
    if "taxes_and_charges" not in typed and template_stale:
        document.taxes_and_charges = taxes_template_for(
            company=document.company, tax_category=document.tax_category
        )


# The text copied from an address or contact the user chose (not the customer's primary).
DISPLAYS = {
    "customer_address": {"address_display": lambda a: a.render()},
    "shipping_address_name": {"shipping_address": lambda a: a.render()},
    "contact_person": {
        "contact_display": lambda c: c.full_name,
        "contact_email": lambda c: c.email_id,
    },
}


# The links a document takes among its customer's own, and how the customer's are read.
PARTY_BOUND = {
    "customer_address": party_addresses,
    "shipping_address_name": party_addresses,
    "contact_person": party_contacts,
}


def party_links_check(
    document: Any, *, typed: set[str], changed: set[str] | None, errors: FieldErrors
) -> None:
    """A billing or shipping address or a contact chosen for a document is one of its
    customer's (linked to it), else a field error: a document must not print another
    customer's address. Checked when chosen or when the customer changes, so a draft keeps
    one its customer has since let go (the screens offer it while the draft holds it)."""
    again = changed is None or "customer" in changed
    wanted = {
        name: getattr(document, f"{name}_id")
        for name in PARTY_BOUND
        if name in typed and (again or name in (changed or ())) and has_field(document, name)
    }
    wanted = {name: pk for name, pk in wanted.items() if pk is not None}
    for read in dict.fromkeys(PARTY_BOUND.values()):
        ids = {pk for name, pk in wanted.items() if PARTY_BOUND[name] is read}
        if not ids:
            continue
        found = read(party_type="customer", party_id=document.customer_id).filter(pk__in=ids)
        linked = set(found.values_list("pk", flat=True))
        for name, pk in wanted.items():
            if PARTY_BOUND[name] is read and pk not in linked:
                errors.add(name, _not_linked(name, document))


def _not_linked(name: str, document: Any) -> str:
    figures = {"customer": document.customer.name}
    if name == "contact_person":
        return (
            _(
                "This contact is not one of the customer “%(customer)s”: choose one of its "
                "contacts, or link this one to the customer first."
            )
            % figures
        )
    return (
        _(
            "This address is not one of the customer “%(customer)s”: choose one of its "
            "addresses, or link this one to the customer first."
        )
        % figures
    )


def _displays_chosen(document: Any, typed: set[str]) -> set[str]:
    """An address or contact chosen by the user is copied as text onto the document (what
    the request types itself is kept); the text fields so written."""
    written = set()
    for link, displays in DISPLAYS.items():
        record = getattr(document, link, None) if link in typed else None
        if record is None:
            continue
        for name, text in displays.items():
            if name not in typed:
                setattr(document, name, text(record) or "")
                written.add(name)
    return written


def _unset(document: Any, name: str) -> bool:
    """Empty, or still at its default on a new document (a commission rate of 0)."""
    field = document._meta.get_field(name)
    if field.is_relation:
        return getattr(document, field.attname) is None
    current = getattr(document, name)
    return _empty(current) or (document.pk is None and current == field.get_default())


def has_field(document: Any, name: str) -> bool:
    return any(f.name == name for f in document._meta.concrete_fields)


def rates_apply(document: Any, *, typed: set[str], errors: FieldErrors) -> None:
    """The document's and the price list's currencies against the company's, on the
    document's date; an unknown rate for a foreign currency is an error, never 1."""
    company_currency = document.company.default_currency.name
    on = document.document_date
    if document.currency_id is None:
        document.currency = document.company.default_currency
    pairs = [("conversion_rate", document.currency)]
    if document.price_list_currency_id is not None:
        pairs.append(("plc_conversion_rate", document.price_list_currency))
    for field_name, currency in pairs:
        if field_name in typed:
            continue
        rate = exchange_rate(from_currency=currency.name, to_currency=company_currency, on=on)
        if rate is None:
            errors.add(field_name, _rate_missing(currency.name, company_currency, on))
        else:
            setattr(document, field_name, rate)


def _rate_missing(source: str, target: str, on: date) -> str:
    return _(
        "No exchange rate from %(source)s to %(target)s on or before %(date)s: record one "
        "(currency exchange) or type the rate."
    ) % {"source": source, "target": target, "date": on.isoformat()}
