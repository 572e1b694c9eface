"""Numbers, amounts and dates in the reader's language (babel), never Python's ``str()``.

The screens format in the language of the request; a printed document in its own print
language, under ``translation.override``: both read the active language here.
"""

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent
from django.utils import timezone, translation

LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def active_locale() -> str:
    return LOCALES.get(translation.get_language() or "fr", "fr_FR")


def number(value: int | Decimal | float | None) -> str:
    """``1 240`` in French, ``1,240`` in English."""
    return "" if value is None else format_decimal(value, locale=active_locale())


def amount(value: Decimal | int | float | str | None, currency: str = "EUR") -> str:
    """``20 000,00 €`` in French, ``€20,000.00`` in English."""
    if value in (None, ""):
        return ""
    return format_currency(Decimal(str(value)), currency or "EUR", locale=active_locale())


def percent(value: Decimal | int | None) -> str:
    """A percentage given in hundredths as stored (``5.500``): ``5,5 %`` in French,
    ``5.5%`` in English, with no decimal lost or added."""
    if value is None:
        return ""
    share = Decimal(value) / 100
    return format_percent(share, locale=active_locale(), decimal_quantization=False)


def when(value: datetime | date | None, form: str = "medium") -> str:
    """A date, or a moment in the site's time zone, in the language's ``medium`` form
    (``30 nov. 2026``) or another of babel's (``long``: ``30 novembre 2026``)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(timezone.localtime(value), form, locale=active_locale())
    return format_date(value, form, locale=active_locale())
