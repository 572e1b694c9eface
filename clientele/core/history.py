"""The change history of a record written through its ``Spec``: what it was, what it
became, one row per changed field (see ``audit``)."""

from typing import Any

from django.db import models

from clientele.core import audit
from clientele.core.models import ChangeLog
from clientele.core.specs import Rows, Spec, rows_of
from clientele.core.typing import User

Snapshot = dict[str, Any]


def record_snapshot(spec: Spec, instance: models.Model) -> Snapshot:
    """Every audited field, link and child table of ``instance`` as it stands."""
    values = audit.snapshot(instance, spec.own_fields())
    for child in spec.children:
        rows = rows_of(instance, child.field)
        values[child.field] = [audit.snapshot(row, child.columns) for row in rows]
    return values


def snapshot_after(
    spec: Spec, instance: models.Model, rows: Rows, before: Snapshot | None
) -> Snapshot:
    """The record as this write leaves it: its fields, the child tables it wrote, and those
    it left as they were (``before``)."""
    after = audit.snapshot(instance, spec.own_fields())
    for child in spec.children:
        if child.field in rows:
            after[child.field] = [audit.snapshot(row, child.columns) for row in rows[child.field]]
        else:
            after[child.field] = (before or {}).get(child.field, [])
    return after


def history_write(
    spec: Spec,
    instance: models.Model,
    *,
    before: Snapshot | None,
    after: Snapshot,
    user: User | None,
    action: str,
) -> None:
    """One history row per field that changed, named as the API names it."""
    audit.record_changes(
        entity=spec.entity,
        instance=instance,
        before=spec.public(before),
        after=spec.public(after) or {},
        user=user,
        action=action,
    )


def history_page(
    *, entity: str, record_id: int, limit: int, offset: int = 0
) -> tuple[int, list[ChangeLog]]:
    """How many changes a record has, and one page of them, newest first, with who made
    them: a record edited for years has more history than one screen shows, and its page
    must cost the same two queries whatever that length."""
    rows = ChangeLog.objects.filter(entity=entity, record_id=record_id)
    page = rows.select_related("user").order_by("-id")[offset : offset + limit]
    return rows.count(), list(page)
