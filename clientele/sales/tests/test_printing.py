"""Printed documents: the print language's words, numbers, amounts and dates; the company's
legal details and the invoice's mentions; the stamps; the PDF read back as text."""

import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clientele.core.records import record_update
from clientele.masters import services as masters
from clientele.sales.doctypes import QUOTATION, SALES_INVOICE, SALES_ORDER
from clientele.sales.printing import document_html, document_pdf, print_language
from clientele.sales.selectors import document_get
from clientele.sales.tests.builders import cancel, draft, submit
from clientele.sales.tests.print_builders import POSTED, billed_customer, invoice, print_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world(db):
    print_world()


NNBSP, NBSP = "\u202f", "\u00a0"  # babel's group separator and space before € in French


def printed(document, doctype=SALES_INVOICE) -> str:
    return document_html(doctype=doctype, document=document_get(doctype, document.name))


def text_of(html: str) -> str:
    """The page's text, tags off and spaces as written."""
    return re.sub(r"\s*\n\s*", "\n", re.sub(r"<[^>]+>", "\n", html.split("<body>")[1]))


def test_a_french_invoice_speaks_french_with_french_figures_and_mentions():
    document = invoice("fr")

    text = text_of(printed(document))

    assert f"Facture {document.name}\nBrouillon" in text
    assert "Date\n30 novembre 2031\nDate d'échéance\n30 décembre 2031" in text
    assert f"1{NNBSP}028,80{NBSP}€\n1{NNBSP}028,80{NBSP}€" in text  # unit price, amount
    assert f"TVA 20 %\n20{NBSP}%\n1{NNBSP}028,80{NBSP}€\n205,76{NBSP}€" in text
    assert f"Total HT\n1{NNBSP}028,80{NBSP}€\nTotal des taxes\n205,76{NBSP}€" in text
    assert f"Total TTC\n1{NNBSP}234,56{NBSP}€" in text
    assert "Conditions de paiement : Net 30\n" in text
    assert f"30 décembre 2031\n30 jours\n100{NBSP}%\n1{NNBSP}234,56{NBSP}€" in text
    assert (
        "Pénalités de retard : trois fois le taux d'intérêt légal, exigibles dès le lendemain"
        " de la date d'échéance.\n"
        "Indemnité forfaitaire pour frais de recouvrement de 40 € en cas de retard de paiement.\n"
        "Pas d'escompte pour paiement anticipé." in text
    )


def test_the_parties_are_printed_with_their_legal_details():
    document = invoice("fr")

    text = text_of(printed(document))

    assert (
        "Clientèle Démo SAS\n12 rue de la Paix\n75002 Paris\nFrance\nN° TVA : FR40303265045\n"
        in text
    )
    assert (
        "Client\nBoulangerie Martin\n3 place Bellecour\n69002 Lyon\nFrance\n"
        f"Code client : {document.customer.name}\nN° TVA : FR40303265045\n" in text
    )
    assert (
        f"Clientèle Démo SAS — SAS au capital de 10{NNBSP}000,00{NBSP}€ — SIREN 303265045"
        " — N° TVA : FR40303265045" in text
    )


def test_an_english_invoice_speaks_english_with_english_figures():
    document = invoice("en")

    text = text_of(printed(document))

    assert f"Invoice {document.name}\nDraft" in text
    assert "Date\n30 November 2031\nDue date\n30 December 2031" in text
    assert "Net total\n€1,028.80\nTotal taxes\n€205.76\nGrand total\n€1,234.56" in text
    assert "Fixed indemnity for recovery costs of €40 in case of late payment." in text
    assert "No discount for early payment." in text
    assert "SAS with a share capital of €10,000.00 — SIREN 303265045" in text
    assert '<html lang="en">' in printed(document)


def test_without_a_print_language_a_document_prints_in_its_company_country_language():
    document = invoice("")

    assert print_language(document) == "fr"
    assert f"Facture {document.name}" in text_of(printed(document))


def test_a_print_language_with_a_region_prints_in_that_language():
    document = invoice("en_US")

    assert print_language(document) == "en"


def test_the_company_penalty_rate_and_early_payment_terms_replace_the_defaults():
    document = invoice("fr")
    record_update(
        masters.COMPANY,
        document.company,
        {"late_payment_penalty_rate": Decimal("12.5"), "early_payment_discount": "Escompte 2 %"},
        user=None,
    )

    text = text_of(printed(document))

    assert f"Pénalités de retard : 12,5{NBSP}% par an, exigibles" in text
    assert "Escompte 2 %\n" in text and "Pas d'escompte" not in text


def test_a_credit_note_is_titled_so_and_names_its_invoice():
    original = submit(invoice("fr"))
    note = submit(
        draft(
            "sales_invoice",
            original.customer,
            ("WIDGET", "-1"),
            is_return=True,
            return_against=original.name,
            posting_date=date(2031, 12, 5),
        )
    )

    text = text_of(printed(note))

    assert f"Avoir {note.name}\nDate\n5 décembre 2031\n" in text
    assert f"Avoir sur\nFacture {original.name} du 30 novembre 2031" in text
    assert "Brouillon" not in text and "Pénalités" not in text
    assert f"Total TTC\n-120,00{NBSP}€" in text


def test_a_submitted_invoice_has_no_stamp_and_a_cancelled_one_is_stamped():
    document = submit(invoice("fr"))
    assert "Brouillon" not in printed(document) and "Annulé" not in printed(document)

    cancel(document)

    assert f"Facture {document.name}\nAnnulé" in text_of(printed(document))


def test_a_quotation_and_an_order_print_their_own_dates():
    who = billed_customer("en")
    quotation = draft(
        "quotation",
        who,
        ("WIDGET", "2"),
        transaction_date=POSTED,
        valid_till=date(2031, 12, 31),
    )
    order = draft(
        "sales_order",
        who,
        ("WIDGET", "2"),
        transaction_date=POSTED,
        delivery_date=date(2032, 1, 15),
    )

    assert "Quotation" in printed(quotation, QUOTATION)
    assert "Valid till\n31 December 2031" in text_of(printed(quotation, QUOTATION))
    assert "Delivery date\n15 January 2032" in text_of(printed(order, SALES_ORDER))
    assert "Late payment" not in printed(order, SALES_ORDER)


def test_a_discount_gets_its_column():
    rows = [{"item": "WIDGET", "qty": Decimal(3), "discount_percentage": Decimal("12.5")}]
    document = draft("sales_invoice", billed_customer("fr"), items=rows, posting_date=POSTED)

    text = text_of(printed(document))

    assert "Remise" in text
    assert f"WIDGET\nWidget\n3 Unit\n87,50{NBSP}€\n12,5{NBSP}%\n262,50{NBSP}€" in text


def test_printing_reads_as_many_statements_for_fifty_lines_as_for_one():
    one, fifty = invoice("fr"), invoice("fr", lines=50)
    counts = []
    for document in (one, fifty):
        with CaptureQueriesContext(connection) as queries:
            printed(document)
        counts.append(len(queries))

    assert counts[0] == counts[1] == 2  # the document with its four tables, the company's address


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout


def test_the_pdf_is_a4_text_in_the_print_language(tmp_path):
    french, english = invoice("fr"), invoice("en")

    french_pdf = document_pdf(doctype=SALES_INVOICE, document=french)
    english_pdf = document_pdf(doctype=SALES_INVOICE, document=english)

    assert french_pdf.startswith(b"%PDF-")
    assert "Page size:       595.276 x 841.89 pts (A4)" in pdf_info(french_pdf, tmp_path)
    words = " ".join(pdf_text(french_pdf, tmp_path).split())
    assert f"Facture {french.name} BROUILLON" in words
    assert "Date 30 novembre 2031" in words
    assert "Total TTC 1 234,56 €" in words.replace(NNBSP, " ").replace(NBSP, " ")
    assert "Indemnité forfaitaire pour frais de recouvrement de 40 €" in words
    words = " ".join(pdf_text(english_pdf, tmp_path).split())
    assert f"Invoice {english.name} DRAFT" in words
    assert "Grand total €1,234.56" in words


def test_the_pdf_embeds_its_fonts(tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(document_pdf(doctype=SALES_INVOICE, document=invoice("fr")))

    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout

    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows)  # the "emb" column
