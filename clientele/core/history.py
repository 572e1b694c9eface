"""The change history of a record written through its ``Spec``: what it was, what it
became, one row per changed field, one row for its creation (see ``audit``); and its
readers, which show a creation row as the fields it holds."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models
from django.db.models import Count, OuterRef, Subquery, Window
from django.db.models.functions import Coalesce

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
    source: str = "",
) -> None:
    """One history row per field that changed, named as the API names it; a creation's
    one row names the import (``source``) it came from."""
    audit.record_changes(
        entity=spec.entity,
        instance=instance,
        before=spec.public(before),
        after=spec.public(after) or {},
        user=user,
        action=action,
        source=source,
    )


def history_entries(rows: Iterable[ChangeLog]) -> list[ChangeLog]:
    """The history as people read it, oldest first (``rows`` in that order): a creation
    row (``audit.CREATION``) as the rows it stands for, one per field it was created with,
    then the import it came from; other rows, and the per-field creation rows of older
    databases, as they are."""
    return [entry for row in rows for entry in _entries(row)]


def _entries(row: ChangeLog, *, newest_first: bool = False) -> list[ChangeLog]:
    if row.action != audit.CREATION:
        return [row]
    entries = [_entry(row, *fields) for fields in audit.creation_fields(row.new_value)]
    return entries[::-1] if newest_first else entries


def _entry(row: ChangeLog, action: str, field: str, new_value: str) -> ChangeLog:
    """One field of a creation row, as the row of its own that it stands for (not saved)."""
    entry = ChangeLog(
        id=row.id,
        entity=row.entity,
        record_id=row.record_id,
        record_name=row.record_name,
        user_id=row.user_id,
        at=row.at,
        action=action,
        field=field,
        old_value="",
        new_value=new_value,
    )
    if ChangeLog.user.is_cached(row):
        entry.user = row.user
    return entry


def history_count(*, entity: str, record_id: int) -> int:
    """How many entries a record's history shows (``history_entries``)."""
    rows = ChangeLog.objects.filter(entity=entity, record_id=record_id)
    creations = rows.filter(action=audit.CREATION).values_list("new_value", flat=True)
    shown = sum(len(audit.creation_fields(text)) for text in creations)
    return shown + rows.exclude(action=audit.CREATION).count()


# A layout part: the entries of a creation row (a list), or a range of the other rows
# (their positions, newest first, end excluded).
_Part = list[ChangeLog] | tuple[int, int]


def history_page(
    *, entity: str, record_id: int, limit: int, offset: int = 0
) -> tuple[int, list[ChangeLog]]:
    """How many entries a record's history shows, and one page of them, newest first, with
    who made them (``history_entries``): a record edited for years has more history than
    one screen shows, and its page must cost the same two queries whatever that length.

    The first query reads the record's creation rows (one, or a few after merges), each
    with how many other rows are newer and older than it; that places each creation's
    entries among the others, so the second reads just the other rows the page shows. The
    first page (the customer page's latest changes) is ``_first_page``."""
    rows = ChangeLog.objects.filter(entity=entity, record_id=record_id)
    others = rows.exclude(action=audit.CREATION).select_related("user").order_by("-id")
    if offset == 0:
        return _first_page(rows, others, limit)
    creations = list(
        rows.filter(action=audit.CREATION)
        .select_related("user")
        .annotate(
            newer=_others_count(others, id__gt=OuterRef("id")),
            older=_others_count(others, id__lt=OuterRef("id")),
        )
        .order_by("-id")
    )
    if not creations:
        return _counted_page(others, offset, limit)
    newer = [creation.newer for creation in creations]
    layout = _layout(creations, newer, creations[0].newer + creations[0].older)
    return sum(map(_size, layout)), _page(_window(layout, offset, limit), others)


def _first_page(
    rows: models.QuerySet, others: models.QuerySet, limit: int
) -> tuple[int, list[ChangeLog]]:
    """The newest ``limit`` entries, in two queries without subqueries (building those
    cost Django more than running both): the creation rows as they are, and the first
    ``limit`` other rows with how many there are (``_counted_page``). A creation's place
    is how many of those are newer than it: exact while it falls on the page, at least
    ``limit`` (past the page) otherwise."""
    creations = list(rows.filter(action=audit.CREATION).select_related("user").order_by("-id"))
    total, fetched = _counted_page(others, 0, limit)
    if not creations:
        return total, fetched
    newer = [sum(1 for row in fetched if row.id > creation.id) for creation in creations]
    layout = _layout(creations, newer, total)
    window = _window(layout, 0, limit)
    return sum(map(_size, layout)), _assembled(window, 0, fetched)


def _page(parts: list[_Part], others: models.QuerySet) -> list[ChangeLog]:
    """The entries of ``parts``: the creations' as they are, the other rows read at once
    (the ranges of a window are contiguous, around the creations between them)."""
    ranges = [part for part in parts if isinstance(part, tuple)]
    start = ranges[0][0] if ranges else 0
    fetched = list(others[start : ranges[-1][1]]) if ranges else []
    return _assembled(parts, start, fetched)


def _assembled(parts: list[_Part], start: int, fetched: list[ChangeLog]) -> list[ChangeLog]:
    """``parts`` as entries, the other rows taken from ``fetched`` (those from ``start``)."""
    page: list[ChangeLog] = []
    for part in parts:
        page += part if isinstance(part, list) else fetched[part[0] - start : part[1] - start]
    return page


def _counted_page(others: models.QuerySet, offset: int, limit: int) -> tuple[int, list[ChangeLog]]:
    """A history without creation rows: its page and its length in one query (a window
    count on each row), the length on its own only past the last page."""
    page = list(others.annotate(total=Window(Count("id")))[offset : offset + limit])
    if not page:
        return (others.count() if offset else 0), []
    return page[0].total, page


def _others_count(others: models.QuerySet, **where: Any) -> Coalesce:
    counted = others.filter(**where).order_by().values("record_id").annotate(n=Count("id"))
    counted = counted.values("n")
    return Coalesce(Subquery(counted[:1]), 0)


def _layout(creations: Sequence[ChangeLog], newer: list[int], total_others: int) -> list[_Part]:
    """The history newest first, as parts: each creation (newest first) after the other
    rows newer than it (``newer``, one count per creation)."""
    layout: list[_Part] = []
    position = 0
    for creation, before in zip(creations, newer, strict=True):
        if before > position:
            layout.append((position, before))
            position = before
        layout.append(_entries(creation, newest_first=True))
    if total_others > position:
        layout.append((position, total_others))
    return layout


def _size(part: _Part) -> int:
    return len(part) if isinstance(part, list) else part[1] - part[0]


def _window(layout: list[_Part], offset: int, limit: int) -> list[_Part]:
    """The parts of ``layout`` between the entries ``offset`` and ``offset + limit``."""
    wanted: list[_Part] = []
    at, end = 0, offset + limit
    for part in layout:
        size = _size(part)
        low, high = max(offset, at), min(end, at + size)
        if low < high:
            if isinstance(part, list):
                wanted.append(part[low - at : high - at])
            else:
                wanted.append((part[0] + low - at, part[0] + high - at))
        at += size
    return wanted
