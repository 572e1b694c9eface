"""What every screen shares: who may act, htmx requests, and service errors onto forms."""

import functools
from collections.abc import Callable

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from clientele.core.errors import DomainError
from clientele.core.roles import has_role
from clientele.core.typing import User


def acting_user(request: HttpRequest) -> User:
    """Who acts: every screen that writes is behind ``login_required``."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def is_htmx(request: HttpRequest) -> bool:
    """htmx asks for a fragment; a plain browser (no JavaScript) gets the whole page."""
    return request.headers.get("HX-Request") == "true"


def role_required(roles: tuple[str, ...]) -> Callable:
    """The API's roles apply to the screens: a forged request without the right gets 403."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args, **kwargs):
            if not has_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return guarded

    return decorator


def can(request: HttpRequest, roles: tuple[str, ...]) -> bool:
    """For templates: show an edit button only to those who may use it."""
    return has_role(request.user, roles)


def errors_onto_form(form: forms.Form, error: DomainError, *, prefix: str = "") -> None:
    """A service's field errors (``credit_limits[1].company``) onto the form's fields.

    ``prefix`` strips a nesting the form does not have (``contact.email`` on a contact
    sub-form). An error for a field the form does not show becomes a form-wide error, so
    nothing the service said is lost.
    """
    if not error.errors:
        form.add_error(None, error.message)
        return
    for path, messages in error.errors.items():
        field = path.removeprefix(prefix) if prefix else path
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
