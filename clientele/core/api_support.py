"""REST plumbing shared by every app: auth, error mapping, schemas and CRUD routes from a Spec.

Handlers stay thin: parse (Pydantic), call one service or selector, serialise. Schemas are
derived from the same ``Spec`` the services use, so the OpenAPI document, the validation and
the rules cannot drift apart.
"""

import datetime
import json
import re
import typing
from collections.abc import Iterable
from decimal import Decimal
from types import GenericAlias
from typing import Any

from django.db import models
from django.db.models import ForeignObjectRel
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer, SessionAuth
from pydantic import ConfigDict, Field, ValidationInfo, create_model, field_validator
from pydantic_core import PydanticCustomError

from clientele.core.history import history_entries
from clientele.core.models import ChangeLog
from clientele.core.specs import Child, Link, Spec, rows_of
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


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_date(annotation: Any) -> bool:
    """A ``date`` field, or one that may also be ``None`` (a ``datetime`` is not one)."""
    return annotation is datetime.date or datetime.date in typing.get_args(annotation)


class InputSchema(Schema):
    """What a request sends, in a body or a query string.

    A date is taken as the document says, ``YYYY-MM-DD``: pydantic would also read a number
    (``0``, ``"20240101"``) as seconds since 1970 and file the record in another year.
    """

    @field_validator("*", mode="before")
    @classmethod
    def _iso_dates_only(cls, value: Any, info: ValidationInfo) -> Any:
        if info.field_name not in _date_fields(cls):
            return value
        if value is None or isinstance(value, datetime.date):
            return value
        if isinstance(value, str) and ISO_DATE.fullmatch(value):
            return value
        raise PydanticCustomError("date_format", _("Enter a date as YYYY-MM-DD."))


_DATE_FIELDS: dict[type, frozenset[str]] = {}


def _date_fields(schema: type[InputSchema]) -> frozenset[str]:
    """The names of ``schema``'s date fields, worked out once per schema: the validator
    runs on every field of every request."""
    found = _DATE_FIELDS.get(schema)
    if found is None:
        fields = schema.model_fields.items()
        found = _DATE_FIELDS[schema] = frozenset(n for n, f in fields if _is_date(f.annotation))
    return found


class StrictSchema(InputSchema):
    """Unknown keys are refused: a misspelt field must not be silently ignored."""

    model_config = ConfigDict(extra="forbid")


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


class PageParams(InputSchema):
    limit: int = Field(20, ge=1, le=500)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    q: str | None = Field(None, max_length=200)


class TreeParams(PageParams):
    parent: str | None = Field(None, max_length=140, description="Only the children of this node")
    subtree: str | None = Field(None, max_length=140, description="This node and all below it")


class MoveIn(Schema):
    parent: str = Field(..., min_length=1, max_length=140)


def _python_type(model_field: models.Field | ForeignObjectRel) -> type:
    if isinstance(model_field, models.BooleanField):
        return bool
    if isinstance(model_field, models.DecimalField):
        return Decimal
    if isinstance(model_field, models.DateField):
        return datetime.date
    if isinstance(model_field, models.IntegerField):
        return int
    return str


def _fields_of(
    model: type[models.Model], fields: Iterable[str], links: Iterable[Link]
) -> dict[str, Any]:
    """``{field: (type, default)}`` as ``create_model`` takes them: every field optional."""
    out: dict[str, Any] = {}
    for name in fields:
        out[name] = (_python_type(model._meta.get_field(name)) | None, None)
    for link in links:
        out[link.name] = (str | None, None)
    return out


def _row_schema(child: Child, suffix: str) -> type[StrictSchema]:
    links = {link.name for link in child.links}
    fields = _fields_of(child.model, [c for c in child.columns if c not in links], child.links)
    return create_model(f"{child.model.__name__}{suffix}", __base__=StrictSchema, **fields)


def _list_of(row: type[StrictSchema]) -> GenericAlias:
    """``list[row]`` for a class made at run time (the type checker only reads ``list[...]``
    of classes it knows)."""
    return GenericAlias(list, (row,))


def input_schema(spec: Spec, name: str) -> type[StrictSchema]:
    """The request body of ``spec``'s record: every field optional, links by code."""
    fields = _fields_of(spec.model, spec.fields, spec.links)
    for child in spec.children:
        fields[child.field] = (_list_of(_row_schema(child, "Row")) | None, None)
    if spec.is_tree:
        fields[spec.parent_input] = (str | None, None)
        fields.setdefault("is_group", (bool | None, None))
    return create_model(name, __base__=StrictSchema, **fields)


def output_schema(
    spec: Spec, name: str, extra: dict[str, tuple[Any, Any]] | None = None
) -> type[Schema]:
    """The response body of ``spec``'s record, links by code, trees with their place."""
    fields = _fields_of(spec.model, spec.fields, spec.links)
    fields["name"] = (str, ...)
    for child in spec.children:
        fields[child.field] = (_list_of(_row_schema(child, "RowOut")), [])
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
            for row in rows_of(instance, child.field)
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
    """Every entry of one record's history, oldest first, as people read it (a creation
    as its fields: ``history_entries``)."""
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
        for row in history_entries(rows.order_by("id"))
    ]
