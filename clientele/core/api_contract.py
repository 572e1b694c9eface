"""The refusals every operation of the API may answer, declared in its OpenAPI document.

Handlers declare their success; the refusals follow from what an operation is, the same
for all, so they are added here rather than on 226 operations by hand: 401 when it needs
a signed-in user or a token, 403 (a role it needs), 404 when a path names a record, 409
for a write (a code taken, a record in use, a concurrent change), 413 for a JSON body over
the limit, 422 for input it reads, 429 on the token endpoint (throttled sign-ins). Each
with the one error body: ``{"detail": "…", "errors": {"field": ["message"]}}``.
"""

from typing import Any

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
    401: "Not signed in, or no valid token.",
    403: "The user lacks the role this needs.",
    404: "No such record.",
    409: "Conflict: a code taken, a record in use, or a concurrent change.",
    413: "The request body is over the limit.",
    422: "Invalid input, each message under its field.",
    429: "Too many failed sign-ins: try again after Retry-After seconds.",
}
WRITES = ("post", "put", "patch", "delete")


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
        return [401, 413, 422, 429]
    statuses = [401, 403]
    if "{" in path:
        statuses.append(404)
    if method in WRITES:
        statuses.append(409)
    if "requestBody" in operation:
        statuses.append(413)
    if operation.get("parameters") or "requestBody" in operation:
        statuses.append(422)
    return statuses


def _response(status: int) -> dict[str, Any]:
    return {
        "description": DESCRIPTIONS.get(status, "Refused."),
        "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
    }
