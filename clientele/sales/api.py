"""REST routes of the sales app: accounts settings, each kind of document with its
actions (submit, cancel, amend, make a follow-on), the customer's dashboard and
statement. Each route parses, calls one service or selector, and answers."""

from collections.abc import Callable
from typing import Any, cast

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from clientele.core.api_contract import body_contract
from clientele.core.api_support import AUTH, ChangeOut, history, json_answer, serialize
from clientele.core.roles import ACCOUNTING_WRITERS, require_role
from clientele.customers.models import Customer
from clientele.masters.models import Company
from clientele.sales import closing, follow_on, lifecycle, payments
from clientele.sales.accounts import (
    ACCOUNTS_SETTINGS,
    accounts_settings_get,
    accounts_settings_update,
)
from clientele.sales.advances import payment_allocate
from clientele.sales.doctypes import (
    BY_KEY,
    DELIVERY_NOTE,
    PAYMENT_ENTRY,
    QUOTATION,
    SALES_INVOICE,
    SALES_ORDER,
    DocType,
)
from clientele.sales.documents import (
    defaults_preview,
    document_create,
    document_delete,
    document_update,
)
from clientele.sales.print_api import print_route
from clientele.sales.schemas import (
    AccountsSettingsIn,
    AccountsSettingsOut,
    AllocateIn,
    DashboardOut,
    DefaultsParams,
    DefaultsPreviewOut,
    DeliveryNoteIn,
    DeliveryNoteOut,
    DocumentPage,
    DocumentParams,
    PaymentEntryIn,
    PaymentEntryOut,
    QuotationIn,
    QuotationOut,
    SalesInvoiceIn,
    SalesInvoiceOut,
    SalesOrderIn,
    SalesOrderOut,
    StatementOut,
    StatementParams,
)
from clientele.sales.selectors import (
    customer_dashboard,
    customer_statement,
    document_get,
    document_header,
    document_output,
    document_page,
)
from clientele.sales.types import AccountsSettingsData

settings_router = Router(tags=["Accounts settings"], auth=AUTH)


def _settings_out(settings) -> dict:
    return serialize(ACCOUNTS_SETTINGS, settings) | {"name": "Accounts Settings"}


@settings_router.get("/", response=AccountsSettingsOut)
def settings_read(request):
    return _settings_out(accounts_settings_get())


@settings_router.api_operation(["PUT", "PATCH"], "/", response=AccountsSettingsOut)
def settings_update(request, payload: AccountsSettingsIn):
    """Only the roles sent change (PUT and PATCH alike: the record is two fields)."""
    require_role(request.auth, ACCOUNTING_WRITERS)
    data = cast(AccountsSettingsData, payload.model_dump(exclude_unset=True))
    return _settings_out(accounts_settings_update(data=data, user=request.auth))


@settings_router.get("/history", response=list[ChangeOut])
def settings_history(request):
    return history("accounts_settings", 1)


# Per kind: (create, update, delete, submit, cancel, amend), each taking the user.
Actions = dict[str, Callable[..., Any]]


def _actions(doctype: DocType) -> Actions:
    if doctype is PAYMENT_ENTRY:
        return {
            "create": lambda data, user: payments.payment_create(data=data, user=user),
            "update": lambda doc, data, user: payments.payment_update(
                payment=doc, data=data, user=user
            ),
            "delete": lambda doc, user: document_delete(document=doc, user=user),
            "submit": lambda doc, user: payments.payment_submit(payment=doc, user=user),
            "cancel": lambda doc, user: payments.payment_cancel(payment=doc, user=user),
            "amend": lambda doc, user: payments.payment_amend(payment=doc, user=user),
        }
    return {
        "create": lambda data, user: document_create(doctype=doctype, data=data, user=user),
        "update": lambda doc, data, user: document_update(
            doctype=doctype, document=doc, data=data, user=user
        ),
        "delete": lambda doc, user: document_delete(document=doc, user=user),
        "submit": lambda doc, user: lifecycle.document_submit(
            doctype=doctype, document=doc, user=user
        ),
        "cancel": lambda doc, user: lifecycle.document_cancel(
            doctype=doctype, document=doc, user=user
        ),
        "amend": lambda doc, user: lifecycle.document_amend(
            doctype=doctype, document=doc, user=user
        ),
    }


# A submitted order closed (nothing more follows it) or re-opened.
ORDER_ACTIONS: Actions = {
    "close": lambda doc, user: closing.order_close(order=doc, user=user),
    "reopen": lambda doc, user: closing.order_reopen(order=doc, user=user),
}


def _sent(payload: Schema) -> dict[str, Any]:
    """The fields the request sent: an update changes only those."""
    return payload.model_dump(exclude_unset=True)


def _answer(doctype: DocType, document: Any, status: int = 200):
    """The document read again as stored: its tables, amounts and progress."""
    return json_answer(document_output(doctype, document_get(doctype, document.name)), status)


def _written(doctype: DocType, document: Any, status: int = 200):
    """A draft as its write left it, tables and links in hand: nothing is read again."""
    return json_answer(document_output(doctype, document), status)


def _create_contract(doctype: DocType) -> dict[str, Any]:
    """What a new document must name, as its OpenAPI body declares: the customer and the
    company, and a document with lines at least one (the services refuse it without)."""
    if doctype is PAYMENT_ENTRY:
        return body_contract(required=("customer", "company"))
    return body_contract(required=("customer", "company", "items"))


def document_router(doctype: DocType, schema_in: type[Schema], schema_out: type[Schema]) -> Router:
    """List, create, read, update and delete drafts; submit, cancel, amend; make."""
    router = Router(tags=[doctype.label])
    act = _actions(doctype)
    In, Out = schema_in, schema_out

    @router.get("/", response=DocumentPage, operation_id=f"{doctype.key}_list")
    def list_documents(request, params: Query[DocumentParams]):
        count, items = document_page(doctype, params)
        return {"count": count, "items": items}

    @router.post(
        "/",
        response={201: Out},
        operation_id=f"{doctype.key}_create",
        openapi_extra=_create_contract(doctype),
    )
    def create_document(request, payload: In):  # type: ignore[valid-type]  # run-time class
        require_role(request.auth, doctype.writers)
        return _written(doctype, act["create"](_sent(payload), request.auth), 201)

    @router.get("/{name}", response=Out, operation_id=f"{doctype.key}_read")
    def read_document(request, name: str):
        return json_answer(document_output(doctype, document_get(doctype, name)))

    @router.patch("/{name}", response=Out, operation_id=f"{doctype.key}_update")
    def update_document(request, name: str, payload: In):  # type: ignore[valid-type]  # run-time class
        require_role(request.auth, doctype.writers)
        document = document_get(doctype, name)
        return _written(doctype, act["update"](document, _sent(payload), request.auth))

    @router.delete("/{name}", response={204: None}, operation_id=f"{doctype.key}_delete")
    def delete_document(request, name: str):
        require_role(request.auth, doctype.writers)
        act["delete"](document_get(doctype, name), request.auth)
        return Status(204, None)

    for action in ("submit", "cancel", "amend"):
        _action_route(router, doctype, action, act[action], Out)
    if doctype is SALES_ORDER:
        for action, run in ORDER_ACTIONS.items():
            _action_route(router, doctype, action, run, Out)
    if doctype is PAYMENT_ENTRY:
        _allocate_route(router)
    if doctype is not PAYMENT_ENTRY:
        _make_route(router, doctype)
        print_route(router, doctype)
    return router


def _action_route(
    router: Router, doctype: DocType, action: str, run: Callable, Out: type[Schema]
) -> None:
    status = 201 if action == "amend" else 200

    @router.post(
        f"/{{name}}/{action}", response={status: Out}, operation_id=f"{doctype.key}_{action}"
    )
    def act(request, name: str):
        require_role(request.auth, doctype.writers)
        return _answer(doctype, run(document_header(doctype, name), request.auth), status)


def _allocate_route(router: Router) -> None:
    @router.post(
        "/{name}/allocate", response=PaymentEntryOut, operation_id="payment_entry_allocate"
    )
    def allocate(request, name: str, payload: AllocateIn):
        """Allocate what a submitted payment left unallocated (an advance) to invoices."""
        require_role(request.auth, PAYMENT_ENTRY.writers)
        payment_allocate(
            payment=document_header(PAYMENT_ENTRY, name),
            references=[ref.model_dump() for ref in payload.references],
            user=request.auth,
            on=payload.posting_date,
        )
        return _answer(PAYMENT_ENTRY, document_header(PAYMENT_ENTRY, name))


def _make_route(router: Router, doctype: DocType) -> None:
    @router.post("/{name}/make/{target}", response={201: dict}, operation_id=f"{doctype.key}_make")
    def make(request, name: str, target: str):
        """A draft follow-on: ``sales_order``, ``delivery_note``, ``sales_invoice``; from
        an invoice, ``payment_entry`` or ``credit_note``. Answers the new document."""
        key = target.replace("-", "_")
        target_type = SALES_INVOICE if key == "credit_note" else BY_KEY.get(key)
        if target_type is None:
            raise Http404(target)
        require_role(request.auth, target_type.writers)
        source = document_get(doctype, name)
        if target_type is PAYMENT_ENTRY and doctype is SALES_INVOICE:
            made = payments.payment_make(invoice=source, user=request.auth)
        elif key == "credit_note" and doctype is SALES_INVOICE:
            made = follow_on.credit_note_make(invoice=source, user=request.auth)
        else:
            made = follow_on.document_make(
                source=doctype, document=source, target_key=target_type.key, user=request.auth
            )
        return _written(target_type, made, 201)


customers_router = Router(tags=["Customers"], auth=AUTH)


@customers_router.get(
    "/{path:name}/dashboard", response=DashboardOut, summary="Documents and balances"
)
def dashboard(request, name: str):
    return customer_dashboard(customer=get_object_or_404(Customer, name=name))


@customers_router.get(
    "/{path:name}/document-defaults",
    response=DefaultsPreviewOut,
    summary="Defaults of a new document",
)
def document_defaults_read(request, name: str, params: Query[DefaultsParams]):
    """What a new document of ``company`` dated ``date`` (today by default) takes from the
    customer: the one defaults service of document creation, writing nothing."""
    return json_answer(
        defaults_preview(
            customer=get_object_or_404(Customer, name=name),
            company=get_object_or_404(Company, name=params.company),
            on=params.date or timezone.localdate(),
        )
    )


@customers_router.get("/{path:name}/statement", response=StatementOut, summary="Account statement")
def statement(request, name: str, params: Query[StatementParams]):
    return customer_statement(
        customer=get_object_or_404(Customer, name=name),
        company=get_object_or_404(Company, name=params.company),
        from_date=params.from_date,
        to_date=params.to_date,
    )


# Per kind: its request and response bodies.
SCHEMAS: dict[str, tuple[type[Schema], type[Schema]]] = {
    QUOTATION.key: (QuotationIn, QuotationOut),
    SALES_ORDER.key: (SalesOrderIn, SalesOrderOut),
    DELIVERY_NOTE.key: (DeliveryNoteIn, DeliveryNoteOut),
    SALES_INVOICE.key: (SalesInvoiceIn, SalesInvoiceOut),
    PAYMENT_ENTRY.key: (PaymentEntryIn, PaymentEntryOut),
}


def routers() -> list[tuple[str, Router]]:
    documents = [(dt.path, document_router(dt, *SCHEMAS[dt.key])) for dt in BY_KEY.values()]
    return [("accounts-settings", settings_router), *documents]
