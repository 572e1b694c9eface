"""Search text: the normalised words a record is found by, and the words a query is cut into.

Shared by every searchable app (customers, contacts, addresses): a record's tokens and a
typed query go through the same functions, so “Éloïse”, “eloise” and “ELOISE” meet, and a
phone number, an e-mail address or a VAT number typed with any spacing is one word.
"""

import re
import unicodedata

import phonenumbers

MAX_TOKEN = 100
# Characters whose accent-or-not ``normalise`` remembers (the table of each process).
MARKS_KEPT = 10_000
_PHONE_QUERY = re.compile(r"^\+?[\d\s().\-/]{4,}$")
# A VAT number as printed ("FR 40 303 265 045"): country prefix, then at least 8 digits.
_VAT_QUERY = re.compile(r"^[A-Za-z]{2}[\s.\-]*(?:\d[\s.\-]*){8,}$")
# An e-mail address, or the start of one: kept whole, hyphens and dots included.
_EMAIL_QUERY = re.compile(r"^[^\s@]+@[^\s@]*$")
# A domain or a local part with dots ("boulangerie-martin.fr", "jean-pierre.dupont"): kept
# whole too, else its hyphens would cut it into words that no token starts with.
_DOTTED_QUERY = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")


class _CombiningMarks(dict):
    """``str.translate``'s table dropping the combining marks (accents) and keeping every
    other character, filled as characters are met: the translation runs in C, where a
    test of each character in Python cost an import 20 µs a customer. At most
    ``MARKS_KEPT`` characters are remembered: texts made of every character there is
    cannot grow it past a megabyte."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if len(self) < MARKS_KEPT:
            self[code] = kept
        return kept


_NO_MARKS = _CombiningMarks()


def normalise(text: str) -> str:
    """Lower case, accents off: “Éloïse” and “eloise” are the same word."""
    if text.isascii():  # no accent to take off (ASCII is its own NFKD), most texts
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_NO_MARKS).lower()


_WORD_BREAK = re.compile(r"[^\w@.+]+|(?<=\w)[.](?=\s|$)")
_WORD_PARTS = re.compile(r"\W+")
_EMAIL_PARTS = re.compile(r"[@.]")
_NOT_DIGIT = re.compile(r"\D")


def words(text: str) -> list[str]:
    return [w for w in _WORD_BREAK.split(normalise(text)) if w]


def word_tokens(text: str) -> set[str]:
    """The words of ``text`` and the parts of those holding a dot (“j.dupont”: also “j” and
    “dupont”), so that either spelling finds it."""
    found = set(words(text))
    # A word holds word characters and “@”, “.”, “+” only: those are where it splits.
    dotted = [word for word in found if "." in word or "@" in word or "+" in word]
    found.update(part for word in dotted for part in _WORD_PARTS.split(word) if part)
    return found


def code_tokens(code: str) -> set[str]:
    """The words of a record's code, as its search document holds them: an import works
    out the rest of a record's words before its code is known, then adds these."""
    return {token[:MAX_TOKEN] for token in word_tokens(code) if token}


def email_tokens(email: str) -> set[str]:
    """The address whole and its parts between “@” and dots: “jean@” and “durand” find
    jean.durand@exemple.fr."""
    email = email.lower()
    return {email, *_EMAIL_PARTS.split(email)} - {""}


def phone_tokens(phone: str) -> set[str]:
    """The digits of a stored (E.164) number, international and national: “+33 6 12 34 56
    78”, “0612345678” and “06 12 34 56 78” are all found (the query keeps digits only)."""
    digits = _NOT_DIGIT.sub("", phone)
    if not digits:
        return set()
    if phone.startswith("+33") and len(digits) == 11:
        # The common case, without parsing: a French national number is 0 + 9 digits.
        return {digits, "0" + digits[2:]}
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return {digits}
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return {digits, _NOT_DIGIT.sub("", national)} - {""}


def query_words(q: str) -> list[str]:
    """A typed phone or VAT number is one word whatever its spacing, an e-mail address (or a
    dotted part of one) is one word whatever it holds; else at most 5 words."""
    q = q.strip()
    if _PHONE_QUERY.match(q):
        digits = re.sub(r"\D", "", q)
        return [digits] if digits else []
    if _VAT_QUERY.match(q):
        return [re.sub(r"[\s.\-]", "", q).lower()]
    if _EMAIL_QUERY.match(q) or _DOTTED_QUERY.match(q):
        return [normalise(q)[:MAX_TOKEN]]
    return [w[:MAX_TOKEN] for w in words(q) if w][:5]
