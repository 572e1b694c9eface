"""The kinds of record that hold a person (an individual customer, a contact, a lead) and
how each is found: by its code, as everywhere else in the API."""

from django.db import models

from clientele.contacts.models import Contact
from clientele.crm.models import Lead
from clientele.customers.models import Customer

PERSON_KINDS: dict[str, type[models.Model]] = {
    "customer": Customer,
    "contact": Contact,
    "lead": Lead,
}


def person_get(*, kind: str, name: str) -> models.Model | None:
    """The record of ``kind`` whose code is ``name``, or ``None`` (an unknown kind too)."""
    model = PERSON_KINDS.get(kind)
    if model is None:
        return None
    return model._default_manager.filter(name=name).first()
