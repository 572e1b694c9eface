"""The French catalog is complete, compiled, and used when a client asks for French."""

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import clientele

LOCALE = Path(clientele.__file__).parent / "locale" / "fr" / "LC_MESSAGES"


def _catalog():
    with open(LOCALE / "django.po", "rb") as po:
        return read_po(po)


def test_every_message_has_a_french_translation():
    missing = [
        message.id
        for message in _catalog()
        if message.id and (not all(_forms(message.string)) or message.fuzzy)
    ]
    assert missing == []


def _forms(value) -> tuple[str, ...]:
    """A translation's forms: one for a plain message, one per plural form otherwise."""
    return (value,) if isinstance(value, str) else tuple(value)


def test_compiled_catalog_matches_the_sources():
    with open(LOCALE / "django.mo", "rb") as mo:
        compiled = {_forms(m.id): _forms(m.string) for m in read_mo(mo) if m.id}
    assert compiled == {_forms(m.id): _forms(m.string) for m in _catalog() if m.id}


@pytest.mark.django_db
def test_errors_speak_french_by_default_and_english_on_request(anonymous):
    del anonymous.headers["Accept-Language"]
    assert anonymous.get("/customers/").json()["detail"] == "Authentification requise."
    anonymous.headers["Accept-Language"] = "en"
    assert anonymous.get("/customers/").json()["detail"] == "Authentication required."
