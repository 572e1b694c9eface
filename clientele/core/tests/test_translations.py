"""The French catalog is complete, compiled, and used when a client asks for French."""

from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from django.utils.translation.template import templatize

import clientele

SOURCES = Path(clientele.__file__).parent
LOCALE = SOURCES / "locale" / "fr" / "LC_MESSAGES"
# Django's translation functions, as its makemessages hands them to xgettext.
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "gettext_noop": None,
    "gettext_lazy": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# Tests assert English messages; the benchmark speaks English to developers only.
PYTHON_SOURCES = [
    ("**/tests/**", "ignore"),
    ("benchmark/**", "ignore"),
    ("**/migrations/**", "ignore"),
    ("**.py", "python"),
]


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


def _messages_in_the_sources() -> dict[tuple[str | None, str | tuple[str, ...]], str]:
    """Every literal message the code and the templates translate, keyed as the catalog
    keys them (context, id), with the first place it stands."""
    found = {}
    for filename, line, message, _comments, context in extract_from_dir(
        SOURCES, PYTHON_SOURCES, keywords=KEYWORDS
    ):
        found.setdefault((context, message), f"{filename}:{line}")
    for template in sorted(SOURCES.glob("**/templates/**/*.html")):
        # Django's own step before xgettext: template tags become gettext calls.
        code = templatize(template.read_text(encoding="utf-8"), origin=str(template))
        for line, message, _comments, context in extract(
            "python", BytesIO(code.encode()), keywords=KEYWORDS
        ):
            found.setdefault((context, message), f"{template.relative_to(SOURCES)}:{line}")
    return found


def test_every_message_in_the_sources_is_in_the_catalog():
    sources = _messages_in_the_sources()
    catalog = {(message.context, message.id) for message in _catalog() if message.id}

    missing = {key: where for key, where in sources.items() if key not in catalog}

    assert missing == {}
    # and the extraction saw the code, the app labels and the templates
    assert {
        (None, "Invalid input."),
        (None, "Customer classification"),
        (None, "Skip to content"),
    } <= set(sources)


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
