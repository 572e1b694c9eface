"""Field-level change history, written by the services that change master data.

A change is one row per field (what it was, what it became). A record's creation is one row
(``CREATION``) holding every field it was created with, as a JSON object in its
``new_value`` (and the import it came from, if any): a creation has no old values, and an
import of 100,000 customers with their contacts and addresses writes 300,000 rows instead
of two million. Databases written before hold one ``create`` row per field instead; both
read the same through ``history.history_entries``.
"""

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


# The action of a record's creation row, and of each field it gives back when read.
CREATION = "created"
CREATE = "create"
# The action and field of the entry an import's creation row gives for the import itself.
IMPORT = "import"


def value_text(value: Any) -> str:
    """A value as a field's history row holds it: text as it is, anything else as JSON."""
    if value is None:
        return ""
    return value if isinstance(value, str) else _JSON.encode(value)


# ``json.dumps(…, ensure_ascii=False)`` makes an encoder each call.
_JSON = json.JSONEncoder(ensure_ascii=False)


HISTORY_COLUMNS = (
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


def _user_id(user: User | None) -> int | None:
    return user.pk if user is not None and user.is_authenticated else None


def record_changes(
    *,
    entity: str,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    user: User | None,
    action: str = "update",
    source: str = "",
) -> int:
    """Write one row per changed field; a creation (``action="create"``) writes one row
    holding every non-empty field and the label of the import it came from, if any
    (``creation_row``)."""
    # One change, one moment: every row of it carries the same time.
    head = (entity, instance.pk, str(getattr(instance, "name", "")), _user_id(user), timezone.now())
    if action == CREATE:
        insert_values(ChangeLog, HISTORY_COLUMNS, [creation_row(head, after, source=source)])
        return 1
    before = before or {}
    rows = [
        (*head, action, field, value_text(before.get(field)), value_text(new))
        for field, new in after.items()
        if before.get(field) != new
    ]
    insert_values(ChangeLog, HISTORY_COLUMNS, rows)
    return len(rows)


def _kept(value: Any) -> bool:
    """Whether a creation records a field: an empty one says nothing (nor does ``0``, as
    ``0 == False``: the per-field rows of older databases left it out too)."""
    return value not in (None, "", [], False)


def creation_row(head: tuple, values: dict[str, Any], *, source: str = "") -> tuple:
    """The row of a creation, as ``HISTORY_COLUMNS`` after ``head`` (entity, record id, code,
    user id, moment): its non-empty ``values`` (audit values: text, numbers, flags, lists
    of child rows) in order, and the label of the import it came from."""
    kept = {k: v for k, v in values.items() if _kept(v)}
    return (*head, CREATION, "", "", creation_text(kept, source=source))


def creation_text(fields: dict[str, Any], *, source: str = "") -> str:
    """A creation row's ``new_value``: ``fields`` as they are, and the import's label."""
    body: dict[str, Any] = {"fields": fields}
    if source:
        body[IMPORT] = source
    return _JSON.encode(body)


def creation_read(text: str) -> tuple[dict[str, Any], str]:
    """The fields of a creation row's ``new_value``, and the import it came from."""
    body = json.loads(text)
    return body["fields"], body.get(IMPORT, "")


def creation_fields(text: str) -> list[tuple[str, str, str]]:
    """A creation row as the rows it stands for, oldest first: ``(action, field, new
    value)`` of each field (its value as a field row holds it: text as it is, anything
    else as JSON), then the import it came from, as an import used to write them."""
    fields, source = creation_read(text)
    entries = [(CREATE, field, value_text(value)) for field, value in fields.items()]
    if source:
        entries.append((IMPORT, IMPORT, source))
    return entries


def creation_extend(
    *, entity: str, instance: models.Model, values: dict[str, Any], user: User | None
) -> None:
    """Add ``values`` to the creation row of ``instance``, written by the same transaction
    (quick entry makes the customer, then its primary contact and address, which are part
    of its creation); a record without one gets one."""
    row = (
        ChangeLog.objects.filter(entity=entity, record_id=instance.pk, action=CREATION)
        .order_by("-id")
        .first()
    )
    if row is None:
        record_changes(
            entity=entity, instance=instance, before=None, after=values, user=user, action=CREATE
        )
        return
    fields, source = creation_read(row.new_value)
    fields.update({k: v for k, v in values.items() if _kept(v)})
    row.new_value = creation_text(fields, source=source)
    row.save(update_fields=["new_value"])


def record_event(
    *, entity: str, instance: models.Model, user: User | None, action: str, detail: str = ""
) -> None:
    """A change that is not a field edit: rename, move, delete."""
    ChangeLog.objects.create(
        entity=entity,
        record_id=instance.pk,
        record_name=str(getattr(instance, "name", "")),
        user_id=_user_id(user),
        action=action,
        new_value=detail,
    )
