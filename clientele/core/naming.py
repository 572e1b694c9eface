"""Naming series: codes like ``CUST-2026-00001`` that are never handed out twice.

The counter is advanced by one ``UPDATE … RETURNING`` inside the caller's transaction: on
PostgreSQL the row lock makes concurrent creators queue, on SQLite the IMMEDIATE transaction
does; a rolled-back creation gives its number back.
"""

import re
from datetime import date

from django.db import connection, transaction
from django.utils.translation import gettext as _

from clientele.core.errors import InvalidInput
from clientele.core.models import NamingSeries, SeriesCounter

_DATE_TOKEN = re.compile(r"\.(YYYY|YY|MM|DD)\.")
SERIES_SHAPE = re.compile(r"^[^#]*#+$")


def series_template_check(template: str) -> str:
    """A series must end with a run of ``#`` (the counter); ``CUST-.YYYY.-`` gets ``.#####``."""
    template = template.strip()
    if not template:
        raise InvalidInput.single("name", _("A series cannot be empty."))
    if "#" not in template:
        template = f"{template.rstrip('.')}.#####"
    if not SERIES_SHAPE.match(template.replace(".#", "#")):
        raise InvalidInput.single(
            "name",
            _("The run of # (the counter) must come last, e.g. CUST-.YYYY.-.#####."),
        )
    return template


def series_resolve(template: str, today: date) -> tuple[str, int]:
    """Return the prefix with date tokens filled in, and the counter's width."""
    values = {"YYYY": f"{today:%Y}", "YY": f"{today:%y}", "MM": f"{today:%m}", "DD": f"{today:%d}"}
    width = len(re.search(r"#+$", template).group(0))
    body = re.sub(r"\.?#+$", "", template)
    return _DATE_TOKEN.sub(lambda match: values[match.group(1)], body), width


def series_next(*, template: str, today: date) -> str:
    """Hand out the next code of ``template``; must run inside the creating transaction."""
    prefix, width = series_resolve(template, today)
    counter_table = SeriesCounter._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {counter_table} (prefix, current) VALUES (%s, 0) "
            "ON CONFLICT (prefix) DO NOTHING",
            [prefix],
        )
        cursor.execute(
            f"UPDATE {counter_table} SET current = current + 1 WHERE prefix = %s RETURNING current",
            [prefix],
        )
        number = cursor.fetchone()[0]
    return f"{prefix}{number:0{width}d}"


def series_set_current(*, prefix: str, current: int) -> SeriesCounter:
    """Let a manager restart or advance a counter (e.g. after importing old codes)."""
    if current < 0:
        raise InvalidInput.single("current", _("The current value cannot be negative."))
    counter, _created = SeriesCounter.objects.update_or_create(
        prefix=prefix,
        defaults={"current": current},
    )
    return counter


def series_create(*, name: str, entity: str = "customer") -> NamingSeries:
    template = series_template_check(name)
    series, _created = NamingSeries.objects.get_or_create(
        name=template, defaults={"entity": entity}
    )
    return series


def name_lock(key: str) -> None:
    """Serialise creators of the same name on PostgreSQL (SQLite already serialises writers)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key.lower()])
