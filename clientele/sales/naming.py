"""Which naming series numbers a new document: each kind has its standard series
(``SAL-ORD-.YYYY.-.#####``), kept as a naming series record beside the customers' with
its counter, and may have others added under Naming Series (a series per shop, per
channel…); a document names the one it wants, else it takes its kind's standard one."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from clientele.core.errors import InvalidInput
from clientele.core.models import NamingSeries


def document_series(*, kind: str, standard: str, chosen: str | None) -> str:
    """``chosen`` when it is a series of ``kind``, else the kind's ``standard`` one; a
    series of another kind, or none at all, is refused on the field."""
    if not chosen or chosen == standard:
        return standard
    if NamingSeries.objects.filter(name=chosen, entity=kind).exists():
        return chosen
    raise InvalidInput.single(
        "naming_series",
        _(
            "“%(series)s” is not a naming series of this kind of document: add it under Naming "
            "Series, or leave the field empty for “%(standard)s”."
        )
        % {"series": chosen, "standard": standard},
    )


def refuse_series_change(document: Any, data: Mapping[str, Any]) -> None:
    """A draft keeps the series that numbered it: its number already comes from it."""
    chosen = data.get("naming_series")
    if chosen is not None and chosen != document.naming_series:
        raise InvalidInput.single(
            "naming_series",
            _("“%(name)s” was numbered by “%(series)s”: a draft cannot change series.")
            % {"name": document.name, "series": document.naming_series},
        )
