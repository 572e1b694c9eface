"""The REST API (``/api/v1/``): one NinjaAPI, each app's routers, one error format."""

import datetime
import functools
import logging

from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from clientele.classification.api import routers as selling_routers
from clientele.contacts.api import routers as contact_routers
from clientele.core.api_contract import contract_declare
from clientele.core.api_support import AUTH, StrictSchema
from clientele.core.errors import DomainError, field_path
from clientele.core.tokens import (
    DEFAULT_DAYS,
    MAX_DAYS,
    token_for_credentials,
    token_revoke,
    token_user,
    token_works,
    tokens_of,
)
from clientele.crm.api import routers as crm_routers
from clientele.customers.api import lead_router
from clientele.customers.api import router as customer_router
from clientele.jobs.api import router as job_router
from clientele.masters.api import routers as master_routers
from clientele.pricing.api import routers as pricing_routers
from clientele.privacy.api import router as privacy_router
from clientele.sales.api import customers_router as sales_customer_router
from clientele.sales.api import routers as sales_routers
from clientele.transfer.export_api import router as export_router
from clientele.transfer.import_api import router as import_router

log = logging.getLogger(__name__)


def docs_login_required(view):
    """The schema is readable by signed-in users and token holders only, like all data."""

    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and (user := token_user(header[7:].strip())):
            request.user = user
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse({"detail": _("Authentication required."), "errors": {}}, status=401)
        return redirect_to_login(request.get_full_path())

    return guarded


class ClienteleAPI(NinjaAPI):
    """The API, its OpenAPI document declaring every refusal and what each body requires
    (``core.api_contract``)."""

    def get_openapi_schema(self, **kwargs):
        return contract_declare(super().get_openapi_schema(**kwargs))


api = ClienteleAPI(
    title="Clientèle API",
    docs_decorator=docs_login_required,
    version="1",
    urls_namespace="api-v1",
    auth=AUTH,
    description="Customer master data. Authenticate with `POST /api/v1/auth/token`, then send "
    "`Authorization: Bearer <token>`.",
)


@api.exception_handler(ValidationError)
def invalid_request(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(field_path(list(error.get("loc", []))), []).append(error["msg"])
    return api.create_response(
        request, {"detail": _("Invalid input."), "errors": errors}, status=422
    )


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(
        request, {"detail": exc.message, "errors": exc.errors}, status=exc.status
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found."), "errors": {}}, status=404)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(
        request, {"detail": _("Authentication required."), "errors": {}}, status=401
    )


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """Errors ninja raises itself, such as a body that is not JSON."""
    message = _("The request body is not valid JSON.") if exc.status_code == 400 else exc.message
    return api.create_response(
        request, {"detail": message, "errors": {"__all__": [message]}}, status=exc.status_code
    )


@api.exception_handler(MultiPartParserError)
def unreadable_form(request, exc: MultiPartParserError):
    """A form upload Django cannot parse (a multipart body without its boundary, say): the
    client's fault, not the server's."""
    message = _("The request body is not a readable form.")
    return api.create_response(
        request, {"detail": message, "errors": {"__all__": [message]}}, status=400
    )


@api.exception_handler(IntegrityError)
def concurrent_change(request, exc: IntegrityError):
    """The database refused what the checks had allowed: another request changed the same
    records between the checks and the commit (deleted a record this one links to, say).
    The transaction rolled back, so the client may simply try again."""
    if request.method in ("GET", "HEAD", "OPTIONS"):  # a read changes nothing: not a clash
        return unexpected(request, exc)
    log.warning("Integrity error on %s %s: %s", request.method, request.path, exc)
    message = _(
        "Another change to the same records was made at the same moment: nothing was "
        "written. Try again."
    )
    return api.create_response(request, {"detail": message, "errors": {}}, status=409)


@api.exception_handler(Exception)
def unexpected(request, exc: Exception):
    """Logged with its traceback for operators; the client only learns that it failed."""
    log.exception("Unhandled error on %s %s", request.method, request.path)
    return api.create_response(request, {"detail": _("Internal error."), "errors": {}}, status=500)


class TokenIn(StrictSchema):
    username: str
    password: str
    name: str = Field("", max_length=100, description="What the token is for, to recognise it.")
    expires_in_days: int | None = Field(
        DEFAULT_DAYS,
        ge=1,
        le=MAX_DAYS,
        description="Days until it stops working; null: it never expires.",
    )


class TokenOut(Schema):
    token: str


class TokenInfo(Schema):
    id: int
    name: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    active: bool


@api.post("/auth/token", response=TokenOut, auth=None, tags=["Auth"])
def issue_token(request, payload: TokenIn):
    """A token for ``Authorization: Bearer …``, shown this once. It stops working when it
    expires, is revoked, or its owner's password changes or the owner is deactivated."""
    if request.content_type not in ("application/json", ""):
        # Read as JSON all the same, but a failed sign-in's record (django-axes) reads the
        # body as the form its type claims: a broken multipart one would fail there, and
        # the failure go uncounted, letting passwords be tried past the lockout.
        message = _("Send the credentials as JSON (Content-Type: application/json).")
        raise HttpError(415, message)
    token = token_for_credentials(
        request=request,
        username=payload.username,
        password=payload.password,
        label=payload.name,
        expires_in_days=payload.expires_in_days,
    )
    return {"token": token}


@api.get("/auth/tokens", response=list[TokenInfo], tags=["Auth"])
def token_list(request):
    """One's own tokens, newest first, without their secret (only a digest is kept)."""
    now = timezone.now()
    return [
        {
            "id": token.pk,
            "name": token.label,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "expires_at": token.expires_at,
            "active": token_works(token, request.auth, now),
        }
        for token in tokens_of(request.auth)
    ]


@api.delete("/auth/tokens/{int:token_id}", response={204: None}, tags=["Auth"])
def token_delete(request, token_id: int):
    """Revoke one of one's own tokens: it stops working at once."""
    token_revoke(user=request.auth, token_id=token_id)
    return Status(204, None)


# Customers first: URLs are tried in order, and theirs are the most requested (this saved
# ~140 pattern matches per customer request). The lead conversion route must come before
# the generic lead routes it would shadow.
# A customer's dashboard and statement come from the sales app, before the customer's
# own routes, whose read would take ``…/dashboard`` for a customer code.
api.add_router("customers", sales_customer_router)
api.add_router("customers", customer_router)
api.add_router("leads", lead_router)
for prefix, router in [
    *master_routers(),
    *selling_routers(),
    *contact_routers(),
    *crm_routers(),
    *pricing_routers(),
    *sales_routers(),
]:
    api.add_router(prefix, router)
api.add_router("jobs", job_router)
api.add_router("exports", export_router)
api.add_router("imports", import_router)
api.add_router("privacy", privacy_router)
