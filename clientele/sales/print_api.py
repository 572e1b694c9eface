"""The print route of each selling document: ``GET …/{name}/print`` answers the printed
page as HTML, ``?format=pdf`` as an A4 PDF to download, in the document's print language."""

from typing import Literal

from ninja import Query, Router

from clientele.core.api_support import InputSchema
from clientele.sales.doctypes import DocType
from clientele.sales.printing import document_response
from clientele.sales.selectors import document_get

PRINT_RESPONSES = {
    200: {
        "description": "The printed document: an HTML page, or a PDF (A4) with its file name.",
        "content": {
            "text/html": {"schema": {"type": "string"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        },
    },
    404: {"description": "No such document."},
}


class PrintParams(InputSchema):
    format: Literal["html", "pdf"] = "html"


def print_route(router: Router, doctype: DocType) -> None:
    @router.get(
        "/{name}/print",
        operation_id=f"{doctype.key}_print",
        summary=f"Print a {doctype.label.lower()}",
        openapi_extra={"responses": PRINT_RESPONSES},
    )
    def print_document(request, name: str, params: Query[PrintParams]):
        document = document_get(doctype, name)
        return document_response(doctype=doctype, document=document, pdf=params.format == "pdf")
