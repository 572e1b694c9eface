"""One row of a file being imported, and the links its rows name, found in bulk."""

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from clientele.core.errors import FieldErrors
from clientele.core.links import no_such_record, resolve_link
from clientele.core.naming import code_key
from clientele.core.specs import Link


@dataclass
class Line:
    """A data row: where it is (file, line number as a spreadsheet shows it, the header
    being line 1), its cells as read, and its values by field."""

    file: str
    row: int
    cells: list[str]
    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)

    def refuse(self, field_name: str, message: str) -> None:
        self.errors.setdefault(field_name, []).append(str(message))

    def refuse_all(self, errors: dict[str, list[str]], renamed: dict[str, str] | None = None):
        """Field errors of a service, each named after the column's field it came from."""
        for path, messages in errors.items():
            name = (renamed or {}).get(path, path)
            for message in messages:
                self.refuse(name, message)

    def has(self, *names: str) -> bool:
        return any(self.values.get(name) for name in names)


def flag(value: str) -> bool | None:
    """A check box as exports write it: 1/0, Yes/No, Oui/Non, true/false; empty is unsaid."""
    text = value.strip().lower()
    if not text:
        return None
    if text in ("1", "yes", "y", "oui", "o", "true", "vrai", "x"):
        return True
    if text in ("0", "no", "n", "non", "false", "faux"):
        return False
    raise ValueError(_("Write 1 or 0 (yes or no)."))


class LinkFinder:
    """The records a link names across a whole import, read once per new batch of names
    (one query per kind of link and chunk, never one per row), then checked as a single
    write checks them (disabled, a leaf, a selling price list…)."""

    def __init__(self, link: Link):
        self.link = link
        self._found: dict[str, models.Model | None] = {}

    def load(self, values: set[str]) -> None:
        """Read the records named by ``values`` not read yet: by code, and for a model
        with code keys also whatever the case."""
        missing = {v for v in values if v and v not in self._found}
        if not missing:
            return
        manager = self.link.model._default_manager
        key = self.link.key
        for obj in manager.filter(**{f"{key}__in": missing}):
            self._found[getattr(obj, key)] = obj
        left = missing - self._found.keys()
        if left and hasattr(self.link.model, "code_key"):
            by_key = {code_key(v): v for v in left}
            for obj in manager.filter(code_key__in=list(by_key)):
                self._found[by_key[code_key(getattr(obj, key))]] = obj
        for value in missing:
            self._found.setdefault(value, None)

    def found_among(self, values: set[str]) -> dict[str, models.Model | None]:
        """What ``load`` found for ``values``: to hand to a worker process's finder."""
        return {value: self._found.get(value) for value in values}

    def found_update(self, found: dict[str, models.Model | None]) -> None:
        self._found.update(found)

    def known(self, value: str, obj: models.Model) -> None:
        self._found[value] = obj

    def missing(self, value: str) -> bool:
        return bool(value) and self._found.get(value) is None

    def resolve(self, value: str, line: Line, field_name: str) -> Any:
        """The record, or ``None`` with the row refused as the service would refuse it."""
        obj = self._found.get(value)
        if obj is None:
            line.refuse(field_name, no_such_record(self.link, value))
            return None
        errors = FieldErrors()
        found = resolve_link(self.link, obj, errors, field_name)
        line.refuse_all(errors.errors)
        return found
