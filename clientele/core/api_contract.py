"""The refusals every operation of the API may answer, declared in its OpenAPI document.

Handlers declare their success; the refusals follow from what an operation is, the same
for all, so they are added here rather than on 226 operations by hand: 400 for a body
that cannot be read (not JSON, a broken form), 401 when it needs a signed-in user or a
token, 403 (a role it needs), 404 when a path or a list's filter names a record, 409 for a
write (a code taken, a record in use, a concurrent change), 413 for a JSON body over the
limit, 414 when its address (path and query) is over the server's 8,190-byte request line,
415 on the token endpoint for credentials not sent as JSON, 422 for input it reads, 429 on
the token endpoint (throttled sign-ins). Each with the one error body:
``{"detail": "…", "errors": {"field": ["message"]}}``.

Request bodies are classes whose every field may be left out (an update changes only what
it sends), so pydantic's document says neither which fields a create must send nor which
refuse ``null``. A route states both with ``body_contract`` (the generic routes derive it
from their ``Spec``, ``spec_body_contract``), and ``contract_declare`` writes them into the
document: a create's body becomes its own component, ``<Body>Create``, listing its
``required`` fields, and each child table's row the columns it must give. The services
still do the refusing, with their own messages; the document only tells what they do, and
``tests/test_api_contract.py`` holds it to that.
"""

import copy
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import ForeignObjectRel

from clientele.core.specs import Child, Spec

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail", "errors"],
}
ERROR_REF = "#/components/schemas/Error"
DESCRIPTIONS = {
    400: "The request body cannot be read: not JSON, or a broken form.",
    401: "Not signed in, or no valid token.",
    403: "The user lacks the role this needs.",
    404: "No such record.",
    409: "Conflict: a code taken, a record in use, or a concurrent change.",
    413: "The request body is over the limit.",
    414: "The address (path and query string) is over the server's limit.",
    415: "The credentials are not sent as JSON.",
    422: "Invalid input, each message under its field.",
    429: "Too many failed sign-ins: try again after Retry-After seconds.",
}
WRITES = ("post", "put", "patch", "delete")


# The key of an operation's ``openapi_extra`` carrying its body's contract; taken out of
# the document once applied.
CONTRACT_KEY = "x-clientele-body"


def body_contract(
    *,
    required: Iterable[str] = (),
    not_null: Iterable[str] = (),
    rows: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """An operation's ``openapi_extra``: the fields of its body it refuses when left out
    (``required``) and those it refuses as ``null`` (``not_null``: the required fields are
    refused as ``null`` too); ``rows``: the columns each row of a child table must give."""
    required = list(required)
    not_null = [*required, *(name for name in not_null if name not in required)]
    return {CONTRACT_KEY: {"required": required, "not_null": not_null, "rows": rows or {}}}


def _refuses_blank(field: models.Field | ForeignObjectRel) -> bool:
    """A field the record's validation refuses empty: ``null`` (stored as empty or as the
    column's default) and leaving it out of a create are both refused."""
    return isinstance(field, models.Field) and not field.blank and not field.has_default()


def spec_body_contract(spec: Spec, *, create: bool, filled: Iterable[str] = ()) -> dict[str, Any]:
    """The contract of a body written through ``spec``: a field or link whose model field
    refuses blank is refused as ``null``, and on a create refused when left out, unless the
    service fills it itself or ignores it (``filled``: a code from its series, which an
    update leaves as it is)."""
    filled = set(filled)
    refused = [name for name in spec.fields if _refuses_blank(spec.model._meta.get_field(name))] + [
        link.name for link in spec.links if _refuses_blank(spec.model._meta.get_field(link.field))
    ]
    not_null = [name for name in refused if name not in filled]
    rows = {child.field: _row_refused(child) for child in spec.children}
    return body_contract(
        required=not_null if create else (),
        not_null=not_null,
        rows={table: columns for table, columns in rows.items() if columns},
    )


def _row_refused(child: Child) -> list[str]:
    """The columns a row of ``child`` must give, not ``null``: a table is replaced whole,
    so a row is new on an update too."""
    return [
        column
        for column in child.columns
        if _refuses_blank(
            child.model._meta.get_field(link.field if (link := child.link(column)) else column)
        )
    ]


def contract_declare(schema: dict[str, Any]) -> dict[str, Any]:
    """The document with each operation's refusals and its body's contract declared, and
    each create linked to what may follow it."""
    return links_declare(refusals_declare(_bodies_declare(schema)))


def links_declare(schema: dict[str, Any]) -> dict[str, Any]:
    """Link each create (``POST …/``, 201) to the operations on the record it made
    (``…/{name}…``), by the ``name`` its answer gives: OpenAPI links, which tell a client,
    and a fuzzer's sequences, that a new record is read, changed or deleted at that code."""
    paths = schema.get("paths", {})
    for path, methods in paths.items():
        responses = methods.get("post", {}).get("responses", {})
        created = responses.get(201, responses.get("201"))
        if not path.endswith("/") or created is None:
            continue
        links = {
            operation["operationId"]: {
                "operationId": operation["operationId"],
                "parameters": {"name": "$response.body#/name"},
            }
            for other, others in paths.items()
            if other.startswith(f"{path}{{name}}")
            for operation in others.values()
            if "operationId" in operation
        }
        if links:
            created["links"] = links
    return schema


def _bodies_declare(schema: dict[str, Any]) -> dict[str, Any]:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    originals = copy.deepcopy(components)
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            contract = operation.pop(CONTRACT_KEY, None)
            if contract is None:
                continue
            body = operation["requestBody"]["content"]["application/json"]["schema"]
            name = body["$ref"].rsplit("/", 1)[-1]
            declared = _body_declared(
                originals[name], required=contract["required"], not_null=contract["not_null"]
            )
            for table, columns in contract["rows"].items():
                row = _row_component(originals[name]["properties"][table])
                components[row] = _body_declared(originals[row], required=columns, not_null=columns)
            if contract["required"] and "Create" not in name:  # a create's own component
                name = f"{name}Create"
                body["$ref"] = f"#/components/schemas/{name}"
            components[name] = declared
    return schema


def _body_declared(
    body: dict[str, Any], *, required: list[str], not_null: list[str]
) -> dict[str, Any]:
    declared = copy.deepcopy(body)
    properties = declared["properties"]
    for name in not_null:
        properties[name] = _without_null(properties[name])
    if required:
        declared["required"] = sorted({*declared.get("required", []), *required})
    return declared


def _row_component(prop: dict[str, Any]) -> str:
    """The component name of the rows of a child table's property (``list[Row] | None``)."""
    array = next(member for member in prop.get("anyOf", [prop]) if member.get("type") == "array")
    return array["items"]["$ref"].rsplit("/", 1)[-1]


def _without_null(prop: dict[str, Any]) -> dict[str, Any]:
    """``prop`` with ``null`` no longer among its types (and no ``null`` default)."""
    kept = [member for member in prop.get("anyOf", []) if member.get("type") != "null"]
    out = {key: value for key, value in prop.items() if key != "anyOf"}
    if out.get("default", ...) is None:
        del out["default"]
    if len(kept) == 1:
        out.update(kept[0])
    elif kept:
        out["anyOf"] = kept
    return out


def refusals_declare(schema: dict[str, Any]) -> dict[str, Any]:
    """Add to each operation of ``schema`` (an OpenAPI document) the refusals it may give."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            responses = operation["responses"]
            for status in _refusals(path, method, operation):
                responses.setdefault(status, _response(status))
            for status, response in responses.items():  # those a handler declared itself
                if 400 <= int(status) < 500:
                    response.setdefault("content", _response(int(status))["content"])
    return schema


def _refusals(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    if not operation.get("security"):  # the one operation without auth: the token's
        return [400, 401, 413, 415, 422, 429]
    statuses = [400] if "requestBody" in operation else []
    statuses += [401, 403]
    if "{" in path or _filters_by_code(operation):
        statuses.append(404)
    if method in WRITES:
        statuses.append(409)
    if "requestBody" in operation:
        statuses.append(413)
    if operation.get("parameters"):
        statuses.append(414)
    if operation.get("parameters") or "requestBody" in operation:
        statuses.append(422)
    return statuses


# Query parameters that name no record: the page, the search text.
NOT_CODES = ("limit", "offset", "q")


def _filters_by_code(operation: dict[str, Any]) -> bool:
    """Whether a list takes a filter naming a record by its code (a parent, a group, a
    company…), which answers 404 when no such record exists: a text query parameter other
    than the page and the search text."""
    return any(
        parameter["in"] == "query"
        and parameter["name"] not in NOT_CODES
        and _is_text(parameter.get("schema", {}))
        for parameter in operation.get("parameters", [])
    )


def _is_text(schema: dict[str, Any]) -> bool:
    members = schema.get("anyOf", [schema])
    return any(member.get("type") == "string" and "format" not in member for member in members)


def _response(status: int) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS.get(status, "Refused."),
        "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
    }
