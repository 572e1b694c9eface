"""The print preview screen of a sales document and its PDF download (``web:sales-print``)."""

import base64
import hashlib
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from clientele.sales.tests.print_builders import invoice, print_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(reader) -> Client:
    client = Client()
    client.force_login(reader)
    return client


@pytest.fixture
def document(db):
    print_world()
    return invoice("fr")


def url(document, collection: str = "sales-invoices") -> str:
    return reverse("web:sales-print", args=[collection, document.name])


def test_the_preview_frames_the_printed_page_and_offers_the_pdf(browser, document):
    response = browser.get(url(document))

    assert response.status_code == 200
    assert f'href="{url(document)}?format=pdf"' in response.text
    framed = unescape(response.text.split('srcdoc="')[1].split('"></iframe>')[0])
    assert framed.startswith("<!doctype html>")
    assert f"Facture {document.name}" in framed


def test_the_pdf_downloads_with_its_number_as_name(browser, document):
    response = browser.get(url(document), {"format": "pdf"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{document.name}.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_an_anonymous_visitor_is_sent_to_sign_in(document):
    response = Client().get(url(document), {"format": "pdf"})

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/?next=")


def test_an_unknown_document_or_kind_is_not_found(browser, document):
    assert browser.get(url(document, "sales-orders")).status_code == 404
    assert browser.get(url(document, "payment-entries")).status_code == 404
    assert browser.get(url(document, "nothing")).status_code == 404
    missing = reverse("web:sales-print", args=["sales-invoices", "ACC-SINV-0000-00000"])
    assert browser.get(missing).status_code == 404


def test_the_preview_costs_as_many_queries_for_fifty_lines_as_for_one(
    browser, django_assert_num_queries
):
    print_world()
    one, fifty = invoice("fr"), invoice("fr", lines=50)
    for document in (one, fifty):
        # the session, the user, the document with its four tables, the company's address
        with django_assert_num_queries(4):
            assert browser.get(url(document)).status_code == 200


def test_the_printed_pages_own_style_is_the_one_inline_style_the_policy_allows(browser, document):
    # given the preview (the printed page framed, with its own <style>)
    response = browser.get(url(document))
    framed = unescape(response.text.split('srcdoc="')[1].split('"></iframe>')[0])
    style = framed.split("<style>")[1].split("</style>")[0]
    # then the page's policy allows that style by its hash, and no inline style otherwise
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = response["Content-Security-Policy"]
    assert f"style-src 'self' 'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy
