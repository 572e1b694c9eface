"""Naming series: codes like ``CUST-2026-00001`` that are never handed out twice.

The counter is advanced by one ``UPDATE … RETURNING`` inside the caller's transaction: on
PostgreSQL the row lock makes concurrent creators queue, on SQLite the IMMEDIATE transaction
does; a rolled-back creation gives its number back.
"""

import re
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clientele.core import audit
from clientele.core.errors import Conflict, InvalidInput
from clientele.core.models import NamingSeries, SeriesCounter
from clientele.core.rows import execute, highest_suffixes, prepared
from clientele.core.typing import User

SERIES_SHAPE = re.compile(r"^[^#]*#+$")
# Twelve digits: more codes than any customer base, well inside both databases' integers.
MAX_COUNTER = 999_999_999_999


def series_template_check(template: str) -> str:
    """A series must end with a run of ``#`` (the counter); ``CUST-.YYYY.-`` gets ``.#####``."""
    template = template.strip()
    if not template:
        raise InvalidInput.single("name", _("A series cannot be empty."))
    if "#" not in template:
        template = f"{template.rstrip('.')}.#####"
    if not SERIES_SHAPE.match(template):
        raise InvalidInput.single(
            "name",
            _("The run of # (the counter) must come last, e.g. CUST-.YYYY.-.#####."),
        )
    limit = NamingSeries._meta.get_field("name").max_length
    if limit is not None and len(template) > limit:
        raise InvalidInput.single(
            "name", _("A series has at most %(limit)d characters.") % {"limit": limit}
        )
    return template


def series_resolve(template: str, today: date) -> tuple[str, int]:
    """Return the prefix with date tokens filled in, and the counter's width."""
    counter = re.search(r"#+$", template)
    if counter is None:  # ``series_template_check`` lets no such series in
        raise ValueError(f"No counter (#) at the end of the series {template!r}.")
    width = len(counter.group(0))
    return _resolve_tokens(re.sub(r"\.?#+$", "", template), today), width


def _resolve_tokens(body: str, today: date) -> str:
    """Dots delimit tokens, as in ERPNext: ``.YYYY.MM.`` is two tokens sharing a dot.

    A dot next to a token is its delimiter and disappears; a dot between two plain parts is
    part of the code and stays.
    """
    values = {"YYYY": f"{today:%Y}", "YY": f"{today:%y}", "MM": f"{today:%m}", "DD": f"{today:%d}"}
    resolved, after_token = "", True
    for index, part in enumerate(body.split(".")):
        is_token = part in values
        if index and not is_token and not after_token:
            resolved += "."
        resolved += values.get(part, part)
        after_token = is_token
    return resolved


def series_next(*, template: str, today: date) -> str:
    """Hand out the next code of ``template``; must run inside the creating transaction."""
    prefix, width = series_resolve(template, today)
    counter_table = SeriesCounter._meta.db_table
    sql = (
        f"INSERT INTO {counter_table} (prefix, current) VALUES (%s, 1) "
        f"ON CONFLICT (prefix) DO UPDATE SET current = {counter_table}.current + 1 "
        "RETURNING current"
    )
    with connection.cursor() as cursor, prepared():
        execute(cursor, sql, [prefix])
        number = cursor.fetchone()[0]
    return f"{prefix}{number:0{width}d}"


@transaction.atomic
def series_set_current(*, prefix: str, current: int, user: User | None = None) -> SeriesCounter:
    """Let a manager restart or advance a counter (e.g. after importing old codes); the
    change is kept in the history, since a counter set too low hands out codes again."""
    if current < 0:
        raise InvalidInput.single("current", _("The current value cannot be negative."))
    if current > MAX_COUNTER:
        raise InvalidInput.single(
            "current",
            _("The current value is at most %(max)s.")
            % {"max": number_format(MAX_COUNTER, force_grouping=True)},
        )
    old = SeriesCounter.objects.filter(prefix=prefix).values_list("current", flat=True).first()
    counter, _created = SeriesCounter.objects.update_or_create(
        prefix=prefix,
        defaults={"current": current},
    )
    audit.record_changes(
        entity="series_counter",
        instance=counter,
        before={"current": old},
        after={"current": current},
        user=user,
    )
    return counter


# The kinds of record a naming series numbers, with the label people know them by; an
# app adds its own (``series_kind_add``: the sales documents).
SERIES_KINDS: dict[str, Any] = {
    "customer": gettext_lazy("Customers"),
    "lead": gettext_lazy("Leads"),
}


def series_kind_add(key: str, label: Any) -> None:
    SERIES_KINDS[key] = label


def series_create(*, name: str, entity: str = "customer") -> NamingSeries:
    """Add a series for a kind of record; a template that already exists is a conflict,
    not a silent no-op."""
    if entity not in SERIES_KINDS:
        raise InvalidInput.single(
            "entity",
            _("Unknown kind of record “%(entity)s”: one of %(kinds)s.")
            % {"entity": entity, "kinds": ", ".join(sorted(SERIES_KINDS))},
        )
    template = series_template_check(name)
    if NamingSeries.objects.filter(name=template).exists():
        raise Conflict(
            _("The series “%(series)s” already exists.") % {"series": template},
            errors={"name": [_("This series already exists.")]},
        )
    return NamingSeries.objects.create(name=template, entity=entity)


# The words after a record's code in the sub-addresses of the API (``/customers/{code}/history``)
# and of the screens (``/customer-groups/{code}/children/``).
ROUTE_WORDS = frozenset(
    (
        "add",
        "addresses",
        "children",
        "contacts",
        "convert",
        "dashboard",
        "defaults",
        "document-defaults",
        "delete",
        "duplicates",
        "history",
        "merge",
        "move",
        "rename",
        "statement",
    )
)


def code_unaddressable(code: str) -> str | None:
    """Why ``code`` could not be read back at ``/…/{code}``, or ``None`` if it can.

    Codes may hold slashes (``Dupont / Fils``), but a last part that is a sub-address word
    would send ``/customers/A/history`` to A's history, never to customer ``A/history``; and
    a ``.`` or ``..`` part is dropped by every HTTP client before the request leaves.
    """
    parts = code.split("/")
    if any(part in (".", "..") for part in parts):
        return _("A code cannot have “.” or “..” between slashes: web addresses drop them.")
    if len(parts) > 1 and parts[-1] in ROUTE_WORDS:
        return _(
            "A code cannot end with “/%(word)s”: that address leads to another record's %(word)s."
        ) % {"word": parts[-1]}
    return None


def name_lock(key: str) -> None:
    """Serialise creators of the same name on PostgreSQL (SQLite already serialises writers)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key.lower()])


def code_key(name: str) -> str:
    """How codes are compared: case-insensitively, Unicode included (École = école)."""
    return name.casefold()[:255]


def homonym_code(model, base: str, max_length: int) -> str:
    """``base`` if no record of ``model`` has it, else ``base-N``, N one above the highest in use.

    ``model`` has an indexed ``code_key`` (see ``code_key``), so both lookups are index scans.
    A base that could not be read back by URL (``code_unaddressable``) gets a suffix too,
    and its ``.`` and ``..`` parts become ``-`` and ``--``.
    The caller holds ``name_lock(base)`` so two creators of the same name cannot pick the
    same suffix; ``base`` is shortened to leave room for the suffix.
    """
    base = "/".join("-" * len(part) if part in (".", "..") else part for part in base.split("/"))
    rows = model._default_manager
    key = code_key(base)
    if not code_unaddressable(base) and not rows.filter(code_key=key).exists():
        return base[:max_length]
    suffix = highest_suffixes(model, [key]).get(key, 0) + 1
    return f"{base[: max_length - len(str(suffix)) - 1]}-{suffix}"
