"""Text the databases cannot store is refused where it comes in.

PostgreSQL text cannot hold the NUL character (U+0000): a search, a code or a name holding
one made the database fail, hence a 500, where the client deserves a field error (body and
query string) or a 404 (a code in the address, which no record can have). SQLite would
store it, and a record would then exist that PostgreSQL could not hold: both refuse it.

A lone UTF-16 surrogate (``"\\ud800"`` in a JSON body, half of a pair whose other half is
missing) is no character at all: it cannot be written as UTF-8, so neither database can
store it, and the driver failed with a 500. It is refused the same way, as a field error.
"""

import json
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from clientele.core.errors import field_path

NUL = "\x00"
API_PREFIX = "/api/"
# What a database cannot store: NUL, and a surrogate left alone (a pair spelt in JSON is
# read as the one character it stands for, so any surrogate left in a string is lone).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# How a JSON body spells them: ``\\u0000``, ``\\ud800``…``\\udfff`` (raw, neither is valid).
UNSTORABLE_SPELLING = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


def _unstorable_paths(value: Any, path: list) -> list[list]:
    """Where in ``value`` (JSON data) a string holds what cannot be stored, key or value."""
    if isinstance(value, str):
        return [path] if UNSTORABLE.search(value) else []
    if isinstance(value, dict):
        found = [[*path, key] for key in value if UNSTORABLE.search(key)]
        for key, item in value.items():
            found += _unstorable_paths(item, [*path, key])
        return found
    if isinstance(value, list):
        return [
            p for index, item in enumerate(value) for p in _unstorable_paths(item, [*path, index])
        ]
    return []


def _body_paths(request) -> list[list]:
    """Only a body spelling NUL or a surrogate is read here to find where (a surrogate pair,
    an emoji, is read too, and found fine). An upload (multipart) is not read here: its
    body may be large, and its files are checked as they are read."""
    if request.content_type == "multipart/form-data":
        return []
    if not UNSTORABLE_SPELLING.search(request.body):
        return []
    try:
        return _unstorable_paths(json.loads(request.body), [])
    except ValueError:
        return []  # not JSON: the API answers that itself


def _query_paths(request) -> list[list]:
    if "%00" not in request.META.get("QUERY_STRING", ""):
        return []
    return [[key] for key, values in request.GET.lists() if any(NUL in v for v in values)]


class UnstorableTextMiddleware:
    """Cheap on every request: a substring test on the address, the query string and a
    JSON body; the JSON is parsed only when the body spells NUL or a surrogate."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path_info:
            return JsonResponse({"detail": _("Not found."), "errors": {}}, status=404)
        if request.path_info.startswith(API_PREFIX):
            try:
                paths = _query_paths(request) + _body_paths(request)
            except RequestDataTooBig:
                return body_too_big()
            if paths:
                message = _(
                    "This text holds a NUL character or a lone surrogate, which cannot be stored."
                )
                errors = {field_path(path): [message] for path in paths}
                return JsonResponse({"detail": _("Invalid input."), "errors": errors}, status=422)
        return self.get_response(request)


def body_too_big() -> JsonResponse:
    """A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused before it is read whole; the
    API says so in its own format (Django's answer would be an HTML 400)."""
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    message = _("The request body is larger than the limit of %(limit)s.") % {"limit": limit}
    return JsonResponse({"detail": message, "errors": {}}, status=413)
