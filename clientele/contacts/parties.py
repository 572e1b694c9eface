"""Registry of the kinds of party a contact or address can be linked to.

Each owning app registers its party type at start-up (``AppConfig.ready``) with the model
and, optionally, a callback run after a linked contact or address changed, e.g. so a
customer's mirrored e-mail follows its primary contact. An explicit registry rather than
signals: who reacts to what can be read in one place.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

from clientele.core.errors import FieldErrors


@dataclass(frozen=True)
class PartyType:
    key: str
    model: type[models.Model]
    # Called with the ids of the parties whose linked contacts (addresses) changed, and the
    # user who changed them.
    on_contact_change: Callable[..., None] | None = None
    on_address_change: Callable[..., None] | None = None


PARTY_TYPES: dict[str, PartyType] = {}


def register_party_type(party_type: PartyType) -> None:
    PARTY_TYPES[party_type.key] = party_type


def register_master_parties() -> None:
    from clientele.masters.models import Company, SalesPartner

    register_party_type(PartyType("company", Company))
    register_party_type(PartyType("sales_partner", SalesPartner))


def party_resolve(party_type: str, name: str, errors: FieldErrors, path: str) -> int | None:
    """The id of the party named ``name`` of ``party_type``, or ``None`` with a field error.
    Only the id: a customer read whole costs Django more than the rest of a link."""
    kind = PARTY_TYPES.get(party_type)
    if kind is None:
        errors.add(
            f"{path}.party_type",
            _("Unknown party type “%(type)s” (one of: %(types)s).")
            % {"type": party_type, "types": ", ".join(sorted(PARTY_TYPES))},
        )
        return None
    party = kind.model._default_manager.filter(name=name).values_list("pk", flat=True).first()
    if party is None:
        errors.add(
            f"{path}.party_name",
            _("No %(kind)s named “%(name)s”.")
            % {"kind": kind.model._meta.verbose_name, "name": name},
        )
    return party


def party_names(links) -> dict[tuple[str, int], str]:
    """Codes of the linked parties, one query per party type."""
    wanted: dict[str, set[int]] = {}
    for link in links:
        wanted.setdefault(link.party_type, set()).add(link.party_id)
    names = {}
    for key, ids in wanted.items():
        model = PARTY_TYPES[key].model
        for pk, name in model._default_manager.filter(pk__in=ids).values_list("pk", "name"):
            names[(key, pk)] = name
    return names
