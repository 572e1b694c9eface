"""Printed quotations, sales orders, delivery notes and invoices (credit notes included):
one HTML rendering in the document's print language (SPEC §3.14), with that language's
number, date and currency formats, and the same HTML laid out on A4 as a PDF.

What a print shows is what the document holds (its copied customer name and billing
address, its lines, taxes and schedule), plus the company's legal details as they are
when it is printed and, on an invoice, the payment mentions French law requires
(Code de commerce L441-9 and D441-5).
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.languages import get_official_languages
from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from clientele.contacts.models import Address
from clientele.core.formats import LOCALES
from clientele.core.identifiers import country_name, siren_of
from clientele.core.pdf import pdf_from_html
from clientele.core.specs import rows_of
from clientele.masters.models import Company, Currency
from clientele.sales.doctypes import BY_PATH, SELLING, DocType
from clientele.sales.models import DocStatus

PRINTABLE = {doctype.path: doctype for doctype in SELLING}
TITLES = {
    "quotation": _("Quotation"),
    "sales_order": _("Sales Order"),
    "delivery_note": _("Delivery Note"),
    "sales_invoice": _("Invoice"),
}
STAMPS = {DocStatus.DRAFT: _("Draft"), DocStatus.CANCELLED: _("Cancelled")}


@dataclass(frozen=True)
class Seller:
    """The company as its documents must present it."""

    name: str
    address: list[str]
    legal_form: str
    share_capital: Decimal | None
    siren: str
    tax_id: str
    late_payment_penalty_rate: Decimal | None
    early_payment_discount: str


@dataclass(frozen=True)
class TaxLine:
    """The taxes of one rate, added up."""

    description: str
    rate: Decimal
    amount: Decimal


def printable_doctype(collection: str) -> DocType:
    """The kind of document printed under the API's collection name; 404 for another."""
    doctype = BY_PATH.get(collection)
    if doctype is None or doctype.path not in PRINTABLE:
        raise Http404(collection)
    return doctype


def print_language(document: Any) -> str:
    """The document's print language when it is one documents print in (French or
    English); else the language of its company's country; else the site's (French)."""
    code = (document.language or "").replace("-", "_").split("_")[0].lower()
    if code in LOCALES:
        return code
    for language in get_official_languages(document.company.country, de_facto=True):
        if language in LOCALES:
            return language
    return settings.LANGUAGE_CODE


def document_html(*, doctype: DocType, document: Any) -> str:
    """The document as a standalone HTML page (its own styles, nothing fetched), in its
    print language."""
    with translation.override(print_language(document)):
        return render_to_string(
            f"sales/print/{doctype.key}.html", print_context(doctype=doctype, document=document)
        )


def document_pdf(*, doctype: DocType, document: Any) -> bytes:
    """The same page on A4, its text searchable and its fonts embedded (``core.pdf``)."""
    return pdf_from_html(document_html(doctype=doctype, document=document))


def print_filename(document: Any, extension: str) -> str:
    """``ACC-SINV-2026-00001.pdf``: the number names the file, with nothing a file system
    or a ``Content-Disposition`` header would choke on."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in document.name)
    return f"{safe}.{extension}"


def print_context(*, doctype: DocType, document: Any) -> dict[str, Any]:
    """Everything a template shows, read in a fixed number of queries whatever the
    number of lines (the document's tables are already in hand)."""
    company = document.company
    currency = document.currency.name
    lines = rows_of(document, "items")
    return {
        "kind": doctype.key,
        "doc": document,
        "title": _title(doctype, document),
        "stamp": STAMPS.get(document.docstatus),
        "seller": seller_of(company),
        "customer_address": address_lines(document.address_display),
        "shipping_address": address_lines(document.shipping_address),
        "lines": lines,
        "discounted": any(line.discount_percentage for line in lines),
        "taxes": taxes_by_rate(rows_of(document, "taxes")),
        "schedule": rows_of(document, "payment_schedule"),
        "currency": currency,
        "company_currency": _company_currency(company, document.currency_id),
    }


def _title(doctype: DocType, document: Any) -> Any:
    if getattr(document, "is_return", False):
        return _("Credit Note")
    return TITLES[doctype.key]


def _company_currency(company: Company, currency_id: int) -> str | None:
    """The company's currency when the document is in another (its totals are then
    printed in both), else ``None``."""
    if company.default_currency_id == currency_id:
        return None
    return Currency.objects.values_list("name", flat=True).get(pk=company.default_currency_id)


def seller_of(company: Company) -> Seller:
    """The company's legal details; its SIREN typed, else read in its French VAT number;
    its address the preferred one of those linked to it (one query)."""
    address = (
        Address.objects.filter(
            links__party_type="company", links__party_id=company.pk, disabled=False
        )
        .order_by("-is_primary_address", "id")
        .first()
    )
    return Seller(
        name=company.name,
        address=address_lines(address.render()) if address else [],
        legal_form=company.legal_form,
        share_capital=company.share_capital,
        siren=company.siren or siren_of(company.tax_id) or "",
        tax_id=company.tax_id,
        late_payment_penalty_rate=company.late_payment_penalty_rate,
        early_payment_discount=company.early_payment_discount,
    )


def address_lines(text: str) -> list[str]:
    """An address as copied on a document, one line per part; its last line, a country
    code as stored, printed as the country's name in the print language."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if lines and len(lines[-1]) == 2 and lines[-1].isupper():
        lines[-1] = country_name(lines[-1])
    return lines


def taxes_by_rate(taxes: list[Any]) -> list[TaxLine]:
    """One line per tax rate, amounts of the same rate added up, in the document's order."""
    found: dict[Decimal, TaxLine] = {}
    for tax in taxes:
        seen = found.get(tax.rate)
        amount = tax.tax_amount + (seen.amount if seen else 0)
        description = seen.description if seen else tax.description
        found[tax.rate] = TaxLine(description, tax.rate, amount)
    return list(found.values())


def document_response(*, doctype: DocType, document: Any, pdf: bool) -> HttpResponse:
    """The print as an HTTP answer: the HTML page, or the PDF as a named download."""
    if not pdf:
        html = document_html(doctype=doctype, document=document)
        return HttpResponse(html, content_type="text/html; charset=utf-8")
    response = HttpResponse(
        document_pdf(doctype=doctype, document=document), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{print_filename(document, "pdf")}"'
    return response
