"""The print preview of a quotation, order, delivery note or invoice, and its PDF: the
same printing as the API's ``…/{name}/print`` (``clientele.sales.printing``)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clientele.sales.printing import document_html, document_response, printable_doctype
from clientele.sales.selectors import document_get


@login_required
def sales_print(request: HttpRequest, collection: str, name: str) -> HttpResponse:
    """The printed page framed in the screens' page; ``?format=pdf`` downloads the PDF."""
    doctype = printable_doctype(collection)
    document = document_get(doctype, name)
    if request.GET.get("format") == "pdf":
        return document_response(doctype=doctype, document=document, pdf=True)
    printed = document_html(doctype=doctype, document=document)
    context = {"document": document, "printed": printed, "collection": collection}
    return render(request, "web/sales/print.html", context)
