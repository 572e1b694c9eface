"""The print route of every selling document: HTML or PDF, signed in only, 404 for a
number that is not one, documented in the OpenAPI document."""

import pytest

from clientele.sales.doctypes import SELLING
from clientele.sales.tests.print_builders import invoice, print_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world(db):
    print_world()


def test_an_invoice_prints_as_html_in_its_own_language(reader_api):
    document = invoice("fr")

    answer = reader_api.get(f"/sales-invoices/{document.name}/print")

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert f"Facture {document.name}" in answer.text  # whatever language the reader asks


def test_an_invoice_prints_as_a_pdf_named_after_its_number(reader_api):
    document = invoice("en")

    answer = reader_api.get(f"/sales-invoices/{document.name}/print", params={"format": "pdf"})

    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"] == (f'attachment; filename="{document.name}.pdf"')
    assert answer.content.startswith(b"%PDF-")


def test_printing_needs_a_signed_in_user_and_prints_nothing_otherwise(anonymous):
    document = invoice("fr")

    answer = anonymous.get(f"/sales-invoices/{document.name}/print", params={"format": "pdf"})

    assert answer.status_code == 401
    assert b"%PDF" not in answer.content


def test_an_unknown_number_or_format_is_refused(reader_api):
    document = invoice("fr")

    assert reader_api.get("/sales-invoices/ACC-SINV-0000-00000/print").status_code == 404
    assert reader_api.get(f"/sales-orders/{document.name}/print").status_code == 404
    wrong = reader_api.get(f"/sales-invoices/{document.name}/print", params={"format": "doc"})
    assert wrong.status_code == 422


def test_the_print_routes_are_documented_with_both_content_types(reader_api):
    paths = reader_api.get("/openapi.json").json()["paths"]

    for doctype in SELLING:
        operation = paths[f"/api/v1/{doctype.path}/{{name}}/print"]["get"]
        content = operation["responses"]["200"]["content"]
        assert set(content) == {"text/html", "application/pdf"}
        assert [p["name"] for p in operation["parameters"]] == ["name", "format"]
    assert "/api/v1/payment-entries/{name}/print" not in paths
