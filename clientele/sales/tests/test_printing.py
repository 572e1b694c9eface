import pytest

from clientele.sales.doctypes import SALES_INVOICE
from clientele.sales.printing import document_html, document_pdf
from clientele.sales.tests.print_builders import invoice

pytestmark = pytest.mark.django_db


def test_dump():
    doc = invoice("en")
    open("/tmp/pp/en.html", "w").write(document_html(doctype=SALES_INVOICE, document=doc))
    open("/tmp/pp/en.pdf", "wb").write(document_pdf(doctype=SALES_INVOICE, document=doc))
