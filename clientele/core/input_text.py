"""Text the databases cannot store is refused where it comes in.

PostgreSQL text cannot hold the NUL character (U+0000): a search, a code or a name holding
one made the database fail, hence a 500, where the client deserves a field error (body and
query string) or a 404 (a code in the address, which no record can have). SQLite would
store it, and a record would then exist that PostgreSQL could not hold: both refuse it.
"""

import json
from typing import Any

from django.http import JsonResponse
from django.utils.translation import gettext as _

from clientele.core.errors import field_path

NUL = "\x00"
API_PREFIX = "/api/"


def _nul_paths(value: Any, path: list) -> list[list]:
    """Where in ``value`` (JSON data) a string holds NUL, key or value."""
    if isinstance(value, str):
        return [path] if NUL in value else []
    if isinstance(value, dict):
        found = [[*path, key] for key in value if isinstance(key, str) and NUL in key]
        for key, item in value.items():
            found += _nul_paths(item, [*path, key])
        return found
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _nul_paths(item, [*path, index])]
    return []


def _body_paths(request) -> list[list]:
    """A JSON body spells NUL ``\\u0000`` (a raw NUL byte is not JSON, and the API says
    so); only a body holding that spelling is read here to find where."""
    if b"\\u0000" not in request.body:
        return []
    try:
        return _nul_paths(json.loads(request.body), [])
    except ValueError:
        return []  # not JSON: the API answers that itself


def _query_paths(request) -> list[list]:
    if "%00" not in request.META.get("QUERY_STRING", ""):
        return []
    return [[key] for key, values in request.GET.lists() if any(NUL in v for v in values)]


class NulTextMiddleware:
    """Cheap on every request: a substring test on the address, the query string and the
    body; the JSON is read only when the body spells a NUL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info:
            return JsonResponse({"detail": _("Not found."), "errors": {}}, status=404)
        if request.path_info.startswith(API_PREFIX):
            paths = _query_paths(request) + _body_paths(request)
            if paths:
                message = _("This text holds a NUL character, which cannot be stored.")
                errors = {field_path(path): [message] for path in paths}
                return JsonResponse({"detail": _("Invalid input."), "errors": errors}, status=422)
        return self.get_response(request)
