"""REST plumbing shared by every app: auth, error mapping, schemas and CRUD routes from a Spec.

Handlers stay thin: parse (Pydantic), call one service or selector, serialise. Schemas are
derived from the same ``Spec`` the services use, so the OpenAPI document, the validation and
the rules cannot drift apart.
"""

import datetime
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer, SessionAuth
from pydantic import ConfigDict, Field, create_model

from clientele.core.models import ChangeLog
from clientele.core.records import (
    Child,
    Spec,
    record_create,
    record_delete,
    record_move,
    record_update,
)
from clientele.core.roles import require_role
from clientele.core.tokens import token_user
from clientele.core.trees import TreeNode


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        user = token_user(token)
        if user is not None:
            request.user = user
        return user


class SignedInSessionAuth(SessionAuth):
    """The web UI's session login. CSRF is checked for a signed-in session only: a request
    with no session and no valid token is unauthenticated (401), not a CSRF failure (403)."""

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


AUTH = [BearerAuth(), SignedInSessionAuth()]


class Page(Schema):
    count: int
    items: list[Any]


class ChangeOut(Schema):
    at: datetime.datetime
    user: str | None
    action: str
    field: str
    old_value: str
    new_value: str
    record_name: str


# Far past any list's end, and far from the 64-bit limit the databases' OFFSET takes.
MAX_OFFSET = 1_000_000_000


class PageParams(Schema):
    limit: int = Field(20, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    q: str | None = Field(None, max_length=200)


class TreeParams(PageParams):
    parent: str | None = Field(None, max_length=140, description="Only the children of this node")
    subtree: str | None = Field(None, max_length=140, description="This node and all below it")


class MoveIn(Schema):
    parent: str = Field(..., min_length=1, max_length=140)


def _python_type(model_field: models.Field) -> Any:
    if isinstance(model_field, models.BooleanField):
        return bool
    if isinstance(model_field, models.DecimalField):
        return Decimal
    if isinstance(model_field, models.DateField):
        return datetime.date
    if isinstance(model_field, models.IntegerField):
        return int
    return str


def _fields_of(model: type[models.Model], fields, links) -> dict[str, tuple[Any, Any]]:
    out: dict[str, tuple[Any, Any]] = {}
    for name in fields:
        out[name] = (_python_type(model._meta.get_field(name)) | None, None)
    for link in links:
        out[link.name] = (str | None, None)
    return out


def _row_schema(child: Child, suffix: str):
    links = {link.name for link in child.links}
    fields = _fields_of(child.model, [c for c in child.columns if c not in links], child.links)
    return create_model(f"{child.model.__name__}{suffix}", __base__=StrictSchema, **fields)


class StrictSchema(Schema):
    """Unknown keys are refused: a misspelt field must not be silently ignored."""

    model_config = ConfigDict(extra="forbid")


def input_schema(spec: Spec, name: str):
    fields = _fields_of(spec.model, spec.fields, spec.links)
    for child in spec.children:
        fields[child.field] = (list[_row_schema(child, "Row")] | None, None)
    if spec.is_tree:
        fields[spec.parent_input] = (str | None, None)
        fields.setdefault("is_group", (bool | None, None))
    return create_model(name, __base__=StrictSchema, **fields)


def output_schema(spec: Spec, name: str, extra: dict[str, tuple[Any, Any]] | None = None):
    fields = _fields_of(spec.model, spec.fields, spec.links)
    fields["name"] = (str, ...)
    for child in spec.children:
        fields[child.field] = (list[_row_schema(child, "RowOut")], [])
    if spec.is_tree:
        fields.update(
            {
                spec.parent_input: (str | None, None),
                "is_group": (bool, False),
                "label": (str, ""),
                "depth": (int, 1),
                "children_count": (int, 0),
            }
        )
    fields.update(extra or {})
    return create_model(name, __base__=Schema, **fields)


def json_answer(data: Any, status: int = 200) -> HttpResponse:
    """``data``, built by ``serialize``, as the route's JSON answer, as django-ninja would
    render it but without validating it again against the route's response schema.

    Why: on the busiest routes (read, create and update a customer) that second pass over
    fifty fields cost a tenth of the request. The schema still documents the route, and the
    tests check these answers against it.
    """
    return HttpResponse(
        json.dumps(data, cls=NinjaJSONEncoder),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def link_value(obj: models.Model | None) -> str | None:
    if obj is None:
        return None
    return getattr(obj, "name", None) or getattr(obj, "username", None)


def field_value(instance: models.Model, name: str) -> Any:
    """A field as stored: decimals at their column's scale even before a database round trip,
    links by their code."""
    value = getattr(instance, name)
    if isinstance(value, models.Model):
        return link_value(value)
    field = instance._meta.get_field(name)
    if value is not None and isinstance(field, models.DecimalField):
        return Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
    return value


def serialize(spec: Spec, instance: models.Model, label=None) -> dict[str, Any]:
    data: dict[str, Any] = {name: field_value(instance, name) for name in spec.fields}
    data["name"] = getattr(instance, "name", "")
    for link in spec.links:
        data[link.name] = link_value(getattr(instance, link.field))
    for child in spec.children:
        data[child.field] = [
            {column: field_value(row, column) for column in child.columns}
            for row in getattr(instance, child.field).all()
        ]
    if isinstance(instance, TreeNode):
        data.update(
            {
                spec.parent_input: link_value(instance.parent),
                "is_group": instance.is_group,
                "label": label(instance.name) if label else instance.name,
                "depth": instance.depth,
                "children_count": instance.numchild,
            }
        )
    return data


def related_names(spec: Spec) -> tuple[list[str], list[str]]:
    select = [link.field for link in spec.links]
    if spec.is_tree:
        select.append("parent")
    prefetch = []
    for child in spec.children:
        prefetch.append(child.field)
        prefetch += [f"{child.field}__{link.field}" for link in child.links]
    return select, prefetch


def history(entity: str, record_id: int) -> list[dict[str, Any]]:
    rows = ChangeLog.objects.filter(entity=entity, record_id=record_id).select_related("user")
    return [
        {
            "at": row.at,
            "user": row.user.username if row.user else None,
            "action": row.action,
            "field": row.field,
            "old_value": row.old_value,
            "new_value": row.new_value,
            "record_name": row.record_name,
        }
        for row in rows.order_by("id")
    ]


def crud_router(
    spec: Spec,
    *,
    tag: str,
    writers: tuple[str, ...],
    label=None,
    with_history: bool = False,
    create: Callable[..., models.Model] | None = None,
    update: Callable[..., models.Model] | None = None,
) -> Router:
    """List, read, create, partial update and delete for one master record, by code."""
    router = Router(tags=[tag])
    base = spec.model.__name__
    In, Out = input_schema(spec, f"{base}In"), output_schema(spec, f"{base}Out")
    select, prefetch = related_names(spec)
    queryset = spec.model._default_manager.select_related(*select).prefetch_related(*prefetch)
    ordering = ["path"] if spec.is_tree else ["name"]

    def fetch(name: str):
        return get_object_or_404(queryset, name=name)

    @router.get(
        "/", response=Page, operation_id=f"{spec.entity}_list_records", summary=f"List {tag}"
    )
    def list_records(request, params: Query[TreeParams]):
        rows = queryset.order_by(*ordering)
        if params.q:
            rows = rows.filter(name__icontains=params.q)
        if spec.is_tree and params.parent:
            rows = rows.filter(parent=fetch(params.parent))
        if spec.is_tree and params.subtree:
            rows = rows.filter(path__startswith=fetch(params.subtree).path)
        items = rows[params.offset : params.offset + params.limit]
        return {"count": rows.count(), "items": [Out(**serialize(spec, r, label)) for r in items]}

    @router.post(
        "/",
        response={201: Out},
        operation_id=f"{spec.entity}_create_record",
        summary=f"Create in {tag}",
    )
    def create_record(request, payload: In):
        require_role(request.auth, writers)
        data = payload.model_dump(exclude_unset=True)
        record = (
            create(data=data, user=request.auth)
            if create
            else record_create(spec, data, user=request.auth)
        )
        return Status(201, serialize(spec, fetch(record.name), label))

    if with_history:

        @router.get(
            "/{path:name}/history",
            response=list[ChangeOut],
            operation_id=f"{spec.entity}_record_history",
            summary="Change history",
        )
        def record_history(request, name: str):
            return history(spec.entity, fetch(name).pk)

    if spec.is_tree:

        @router.post(
            "/{path:name}/move",
            response=Out,
            operation_id=f"{spec.entity}_move_record",
            summary="Move with its subtree",
        )
        def move_record(request, name: str, payload: MoveIn):
            require_role(request.auth, writers)
            record = record_move(spec, fetch(name), payload.parent, user=request.auth)
            return serialize(spec, fetch(record.name), label)

    @router.get(
        "/{path:name}",
        response=Out,
        operation_id=f"{spec.entity}_read_record",
        summary=f"Read one of {tag}",
    )
    def read_record(request, name: str):
        return serialize(spec, fetch(name), label)

    @router.patch(
        "/{path:name}",
        response=Out,
        operation_id=f"{spec.entity}_update_record",
        summary=f"Update one of {tag}",
    )
    def update_record(request, name: str, payload: In):
        require_role(request.auth, writers)
        data = payload.model_dump(exclude_unset=True)
        record = (
            update(record=fetch(name), data=data, user=request.auth)
            if update
            else record_update(spec, fetch(name), data, user=request.auth)
        )
        return serialize(spec, fetch(record.name), label)

    @router.delete(
        "/{path:name}",
        response={204: None},
        operation_id=f"{spec.entity}_delete_record",
        summary=f"Delete one of {tag}",
    )
    def delete_record(request, name: str):
        require_role(request.auth, writers)
        record_delete(spec, fetch(name), user=request.auth)
        return Status(204, None)

    return router
