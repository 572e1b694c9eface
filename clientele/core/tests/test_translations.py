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
        message.id for message in _catalog() if message.id and (not message.string or message.fuzzy)
    ]
    assert missing == []


def test_compiled_catalog_matches_the_sources():
    with open(LOCALE / "django.mo", "rb") as mo:
        compiled = {m.id: m.string for m in read_mo(mo) if m.id}
    assert compiled == {m.id: m.string for m in _catalog() if m.id}


@pytest.mark.django_db
def test_errors_speak_french_by_default_and_english_on_request(anonymous):
    del anonymous.headers["Accept-Language"]
    assert anonymous.get("/customers/").json()["detail"] == "Authentification requise."
    anonymous.headers["Accept-Language"] = "en"
    assert anonymous.get("/customers/").json()["detail"] == "Authentication required."
