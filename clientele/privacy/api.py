"""``/api/v1/privacy/{kind}/{code}/export`` and ``…/erase``: a person's data (an individual
customer, a contact, a lead, each by its code) read as one document, or erased."""

from dataclasses import asdict
from typing import Literal

from django.http import Http404
from ninja import Router

from clientele.core.api_support import AUTH
from clientele.core.roles import PERSONAL_DATA_ERASERS, require_role
from clientele.privacy.kinds import person_get
from clientele.privacy.schemas import ErasureOut, PersonalDataOut
from clientele.privacy.selectors import person_export
from clientele.privacy.services import person_erase

router = Router(tags=["Personal data"], auth=AUTH)

Kind = Literal["customer", "contact", "lead"]


def _fetch(kind: str, name: str):
    record = person_get(kind=kind, name=name)
    if record is None:
        raise Http404(name)
    return record


@router.get("/{kind}/{path:name}/export", response=PersonalDataOut, summary="Export a person")
def privacy_export(request, kind: Kind, name: str):
    """Everything held about the person (GDPR articles 15 and 20). Anyone signed in may
    read it, as they may read each record it gathers."""
    return person_export(kind=kind, record=_fetch(kind, name))


@router.post("/{kind}/{path:name}/erase", response=ErasureOut, summary="Erase a person")
def privacy_erase(request, kind: Kind, name: str):
    """Anonymises the person (GDPR article 17); refused (409, nothing written) where the
    company keeps the data: a customer that is not an individual, or with invoices, orders
    or deliveries still open. Erasing again changes nothing (``erased`` false)."""
    require_role(request.auth, PERSONAL_DATA_ERASERS)
    return asdict(person_erase(kind=kind, record=_fetch(kind, name), user=request.auth))
