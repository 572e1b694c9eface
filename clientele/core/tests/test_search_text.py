"""Search text: how records and queries are cut into the same normalised words."""

import pytest

from clientele.core.search_text import (
    _NO_MARKS,
    MARKS_KEPT,
    email_tokens,
    normalise,
    phone_tokens,
    query_words,
    word_tokens,
)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Éloïse  LEFÈVRE", ["eloise", "lefevre"]),
        ("Saint-Étienne", ["saint", "etienne"]),
        ("06 12 34 56 78", ["0612345678"]),
        ("+33 6 12 34 56 78", ["33612345678"]),
        ("Jean.Dupont@Exemple.FR", ["jean.dupont@exemple.fr"]),
        ("jean@", ["jean@"]),
        ("boulangerie-martin.fr", ["boulangerie-martin.fr"]),
        ("FR 40 303 265 045", ["fr40303265045"]),
        ("a b c d e f g", ["a", "b", "c", "d", "e"]),
        ("x" * 150, ["x" * 100]),  # as long as the longest token kept
        ("!!!", []),
        ("----", []),
        ("", []),
    ],
)
def test_a_query_is_cut_into_the_words_tokens_are_made_of(typed, words):
    assert query_words(typed) == words


def test_word_tokens_keep_a_dotted_word_and_its_parts():
    assert word_tokens("J.Dupont & Fils") == {"j.dupont", "j", "dupont", "fils"}


def test_email_tokens_are_the_address_and_its_parts():
    assert email_tokens("Jean.Dupont@Exemple.fr") == {
        "jean.dupont@exemple.fr",
        "jean",
        "dupont",
        "exemple",
        "fr",
    }


@pytest.mark.parametrize(
    ("stored", "tokens"),
    [
        ("+33612345678", {"33612345678", "0612345678"}),
        ("+3221234567", {"3221234567", "021234567"}),
        ("+16502530000", {"16502530000", "6502530000"}),
        ("", set()),
    ],
)
def test_a_phone_is_found_by_its_international_and_national_digits(stored, tokens):
    assert phone_tokens(stored) == tokens


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Éloïse LEFÈVRE", "eloise lefevre"),
        ("Nguyễn Thị Ánh", "nguyen thi anh"),  # two marks on one letter
        ("Ελλάδα", "ελλαδα"),  # Greek: its accent off, its letters kept
        ("Straße Øster Œuvre", "straße øster œuvre"),  # letters of their own, not accents
        ("Ｆｕｌｌ", "full"),  # compatibility forms folded
        ("北京 Москва", "北京 москва"),
    ],
)
def test_accents_are_taken_off_and_every_other_letter_kept(text, normalised):
    assert normalise(text) == normalised


def test_a_text_of_every_character_does_not_grow_the_remembered_marks_past_their_bound():
    # given a text of more distinct characters than are remembered
    text = "".join(chr(code) for code in range(0x4E00, 0x4E00 + MARKS_KEPT + 5_000))
    # when normalised (CJK letters: no accent, kept as they are)
    normalised = normalise(text + "é")
    # then every letter is there, and the table stayed within its bound
    assert normalised == text + "e"
    assert len(_NO_MARKS) <= MARKS_KEPT
