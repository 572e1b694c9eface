"""Refusals made before a view runs (a bad request, an unknown address, a crash outside the
API's own handlers): under ``/api/`` in the API's JSON error format, elsewhere the pages.

The API's own handlers (``clientele/api.py``) answer what happens inside it; these are
Django's ``handler400``/``403``/``404``/``500`` for the rest, so that a client of the API
never has to read HTML.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from clientele.core.input_text import API_PREFIX, body_too_big


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def _json(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail, "errors": {}}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig) and _is_api(request):
        return body_too_big()
    if _is_api(request):
        return _json(_("Bad request."), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(_("You are not allowed to do this."), 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return _json(_("Not found."), 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return _json(_("Internal error."), 500)
    return defaults.server_error(request)
