"""Domain errors: every face (API, CLI, UI) maps them to its own way of refusing.

Field errors are a mapping of field path to messages, e.g. ``{"credit_limits[1].company":
["..."]}``, so a client can show each message next to the input that caused it.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of the errors a service raises on purpose; ``status`` is the HTTP mapping."""

    status = 400

    def __init__(self, message: str, *, errors: dict[str, list[str]] | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.errors = errors or {}


class InvalidInput(DomainError):
    status = 422

    def __init__(self, errors: dict[str, list[str]], message: str | None = None):
        super().__init__(message or str(_("Invalid input.")), errors=errors)

    @classmethod
    def single(cls, field: str, message: str) -> "InvalidInput":
        return cls({field: [str(message)]})


class Conflict(DomainError):
    status = 409


class Forbidden(DomainError):
    status = 403


class FieldErrors:
    """Collects field errors across a whole input, so the caller sees all of them at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def extend(self, errors: Mapping[str, Iterable[str]], prefix: str = "") -> None:
        for field, messages in errors.items():
            for message in messages:
                self.add(f"{prefix}{field}", message)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)


def from_django(error: DjangoValidationError, prefix: str = "") -> InvalidInput:
    """Turn a ``full_clean()`` error into field errors, keeping non-field ones under ``__all__``."""
    collected = FieldErrors()
    if hasattr(error, "error_dict"):
        for field, items in error.error_dict.items():
            for item in items:
                collected.add(f"{prefix}{field}", " ".join(item.messages))
    else:
        for message in error.messages:
            collected.add(f"{prefix}__all__" if prefix else "__all__", message)
    return InvalidInput(collected.errors)


def field_path(location: list) -> str:
    """A validation error's location as the API names fields: ``credit_limits[1].company``
    (where the body, query, path, form or file it came from is left out)."""
    where = ("body", "payload", "query", "params", "path", "form", "file")
    parts = [str(p) for p in location if p not in where]
    path = ""
    for part in parts:
        path += f"[{part}]" if part.isdigit() else (f".{part}" if path else part)
    return path or "__all__"
