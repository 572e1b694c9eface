"""What a client refused for too many failed sign-ins is told (django-axes' lockout
answer, ``AXES_LOCKOUT_CALLABLE``): under ``/api/`` the API's JSON error, on the sign-in
page the page itself with the message; both 429 with ``Retry-After``.

The count and the window are django-axes' (settings: ``SIGNIN_FAILURE_LIMIT``,
``SIGNIN_LOCKOUT_MINUTES``): while locked, the password is not even checked, so a guesser
costs the server no password hashing.
"""

import math

from axes.helpers import get_cool_off
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from clientele.core.input_text import API_PREFIX


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    cool_off = get_cool_off(request)
    seconds = math.ceil(cool_off.total_seconds()) if cool_off else 3600
    minutes = max(1, math.ceil(seconds / 60))
    message = ngettext(
        "Too many failed sign-ins: try again in %(minutes)d minute.",
        "Too many failed sign-ins: try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    if request.path_info.startswith(API_PREFIX):
        response: HttpResponse = JsonResponse({"detail": message, "errors": {}}, status=429)
    else:
        # Unbound, the username typed kept: a bound form would check the password again.
        form = AuthenticationForm(request, initial={"username": request.POST.get("username")})
        context = {"form": form, "locked": message, "next": request.POST.get("next", "")}
        response = render(request, "web/login.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response
