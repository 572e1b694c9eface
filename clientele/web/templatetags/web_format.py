"""Numbers, amounts and dates in the reader's language (babel), never Python's ``str()``."""

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal
from django import template
from django.utils import timezone, translation

register = template.Library()


def _locale() -> str:
    return {"fr": "fr_FR", "en": "en_GB"}.get(translation.get_language() or "fr", "fr_FR")


@register.filter
def number(value: int | Decimal | float | None) -> str:
    """``1 240`` in French, ``1,240`` in English."""
    return "" if value is None else format_decimal(value, locale=_locale())


@register.filter
def amount(value: Decimal | int | float | str | None, currency: str = "EUR") -> str:
    """``20 000,00 €`` in French, ``€20,000.00`` in English."""
    if value in (None, ""):
        return ""
    return format_currency(Decimal(str(value)), currency or "EUR", locale=_locale())


@register.filter
def when(value: datetime | date | None) -> str:
    """A date, or a moment in the site's time zone, in the medium form of the language."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(timezone.localtime(value), "medium", locale=_locale())
    return format_date(value, "medium", locale=_locale())
