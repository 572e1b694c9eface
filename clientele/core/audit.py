"""Field-level change history, written by the services that change master data."""

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone

from clientele.core.models import ChangeLog
from clientele.core.rows import insert_values
from clientele.core.typing import User


def audit_value(value: Any) -> Any:
    """A JSON-friendly form of a field value: links by their code, decimals as text."""
    if isinstance(value, models.Model):
        return getattr(value, "name", None) or getattr(value, "username", None) or value.pk
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, list | tuple):
        return [audit_value(item) for item in value]
    if isinstance(value, dict):
        return {key: audit_value(item) for key, item in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {field: audit_value(getattr(instance, field)) for field in fields}


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


_COLUMNS = (
    "entity",
    "record_id",
    "record_name",
    "user",
    "at",
    "action",
    "field",
    "old_value",
    "new_value",
)


def record_changes(
    *,
    entity: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    user: User | None,
    action: str = "update",
) -> int:
    """Write one row per changed field; a creation writes every non-empty field."""
    before = before or {}
    user_id = user.pk if user is not None and user.is_authenticated else None
    # One change, one moment: every row of it carries the same time.
    head = (entity, instance.pk, str(getattr(instance, "name", "")), user_id, timezone.now())
    rows = [
        (*head, action, field, _text(before.get(field)), _text(new))
        for field, new in after.items()
        if before.get(field) != new and not (action == "create" and new in (None, "", [], False))
    ]
    insert_values(ChangeLog, _COLUMNS, rows)
    return len(rows)


def record_event(
    *, entity: str, instance: models.Model, user: User | None, action: str, detail: str = ""
) -> None:
    """A change that is not a field edit: rename, move, delete."""
    ChangeLog.objects.create(
        entity=entity,
        record_id=instance.pk,
        record_name=str(getattr(instance, "name", "")),
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        new_value=detail,
    )
