"""Identifier checks delegate to maintained libraries and name the rule broken (SPEC §3.12)."""

import random

import phonenumbers
import pytest
from django.utils import translation

from clientele.core import identifiers

VAT_PREFIX = "Enter a VAT number with its country prefix (e.g. FR40303265045), or a SIREN/SIRET."


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("FR40303265045", "FR40303265045"),
        ("fr 40 303 265 045", "FR40303265045"),
        ("FR40.303.265.045", "FR40303265045"),
        ("DE136695976", "DE136695976"),
        ("BE0403019261", "BE0403019261"),
        ("EL094259216", "EL094259216"),
        ("303265045", "303265045"),
        ("732 829 320 00074", "73282932000074"),
    ],
)
def test_vat_with_country_prefix_or_bare_siren_siret_is_normalised(given, stored):
    assert identifiers.vat_or_company_id(given) == stored


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("FR123", "Not a valid VAT number for FR."),
        ("FR40303265046", "Not a valid VAT number for FR."),
        ("DE136695977", "Not a valid VAT number for DE."),
        ("FR", "Not a valid VAT number for FR."),
        ("303265046", "Not a valid SIREN/SIRET number."),
        ("30326504500017", "Not a valid SIREN/SIRET number."),
        ("12345", VAT_PREFIX),
        ("XX123456789", VAT_PREFIX),
    ],
)
def test_bad_vat_or_company_id_names_the_rule(given, message):
    with pytest.raises(ValueError) as refused:
        identifiers.vat_or_company_id(given)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("tax_id", "siren"),
    [
        ("FR40303265045", "303265045"),
        ("303265045", "303265045"),
        ("73282932000074", "732829320"),
        ("DE136695976", None),
    ],
)
def test_siren_is_read_out_of_french_identifiers(tax_id, siren):
    assert identifiers.siren_of(tax_id) == siren


def test_pan_is_upper_cased():
    assert identifiers.pan("acupa7085r") == "ACUPA7085R"


@pytest.mark.parametrize("given", ["ABC123", "ACUPA7085", "1CUPA7085R"])
def test_bad_pan_is_refused(given):
    with pytest.raises(ValueError) as refused:
        identifiers.pan(given)
    assert str(refused.value) == "Not a valid PAN: 10 characters, e.g. ABCPE1234F."


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("fr76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189"),
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
    ],
)
def test_iban_is_stored_compact(given, stored):
    assert identifiers.iban(given) == stored


@pytest.mark.parametrize("given", ["FR7630006000011234567890188", "XX", "FR76"])
def test_bad_iban_is_refused(given):
    with pytest.raises(ValueError) as refused:
        identifiers.iban(given)
    assert str(refused.value) == "Not a valid IBAN."


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("01 23 45 67 89", "+33123456789"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+32 2 555 12 12", "+3225551212"),
        ("+1 650 253 0000", "+16502530000"),
    ],
)
def test_phone_is_stored_in_e164_with_france_as_default_country(given, stored):
    assert identifiers.phone(given) == stored


def _by_the_library(value: str) -> str | None:
    """What ``phonenumbers`` itself makes of ``value``: E.164, or ``None`` when refused."""
    try:
        number = phonenumbers.parse(value, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _ours(value: str) -> str | None:
    try:
        return identifiers.phone(value)
    except ValueError:
        return None


def test_french_numbers_read_without_the_parser_are_what_the_parser_makes_of_them():
    # given every three-digit start of a French number, valid or not, each end in turn,
    # written in the ways people write them (and a few odd ones)
    rng = random.Random(12)
    numbers = [f"{start:03d}{rng.randrange(1_000_000):06d}" for start in range(100, 1000)]
    numbers += ["612345678", "799999999", "100000000", "900000000", "836012345"]
    shapes = [
        "0{}",
        "+33{}",
        "0033{}",
        "0{0}.{1}.{2}",
        "+33 {0} {1} {2}",
        "0{0}-{1}-{2}-",
        "--0{}",
        "0-0-33{}",
        " 0{} ",
    ]
    for number in numbers:
        parts = (number[:3], number[3:6], number[6:])
        for shape in shapes:
            given = shape.format(*parts) if "{0}" in shape else shape.format(number)
            # then
            assert _ours(given) == _by_the_library(given), given


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("abc", "Not a phone number."),
        ("12", "Not a valid phone number for its country."),
        ("+33 1 23", "Not a valid phone number for its country."),
    ],
)
def test_bad_phone_is_refused(given, message):
    with pytest.raises(ValueError) as refused:
        identifiers.phone(given)
    assert str(refused.value) == message


def test_email_is_trimmed_and_lower_cased():
    assert identifiers.email("  Jean.Dupont@Example.FR ") == "jean.dupont@example.fr"


@pytest.mark.parametrize("given", ["jean@", "jean.example.fr", "a b@example.fr"])
def test_bad_email_is_refused(given):
    with pytest.raises(ValueError) as refused:
        identifiers.email(given)
    assert str(refused.value) == "Not a valid e-mail address."


@pytest.mark.parametrize(
    ("given", "stored"), [("fr", "fr"), ("de-CH", "de_CH"), ("en_us", "en_US"), ("EN", "en")]
)
def test_language_code_is_normalised_by_babel(given, stored):
    assert identifiers.language(given) == stored


@pytest.mark.parametrize("given", ["xx", "français", "zz-ZZ"])
def test_unknown_language_is_refused(given):
    with pytest.raises(ValueError) as refused:
        identifiers.language(given)
    assert str(refused.value) == "Unknown language code (e.g. fr, en, de_CH)."


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("fr", "FR"),
        ("DE", "DE"),
        ("gb", "GB"),
        ("FRA", "FR"),
        ("deu", "DE"),
        ("France", "FR"),
        ("france", "FR"),
        ("Allemagne", "DE"),
        ("Germany", "DE"),
        ("Royaume-Uni", "GB"),
        ("royaume uni", "GB"),
        ("United Kingdom", "GB"),
        ("côte d'ivoire", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("COTE D IVOIRE", "CI"),
        ("États-Unis", "US"),
        ("etats unis", "US"),
        ("Korea, Republic of", "KR"),
        ("Corée du Sud", "KR"),
        ("Russian Federation", "RU"),
        ("Bolivia, Plurinational State of", "BO"),
        ("Ivory Coast", "CI"),
        ("Turkey", "TR"),
        ("UK", "GB"),
    ],
)
def test_country_is_its_iso_code_given_a_code_or_an_english_or_french_name(given, stored):
    assert identifiers.country(given) == stored


@pytest.mark.parametrize("given", ["XX", "XYZ", "Francia", "Deutschland", "Fr ance land", ""])
def test_unknown_country_is_refused_with_how_to_write_one(given):
    with pytest.raises(ValueError) as refused:
        identifiers.country(given)
    assert str(refused.value) == (
        "Unknown country: use its ISO code (e.g. FR, DE) or its English or French name."
    )


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [("DE", "fr", "Allemagne"), ("DE", "en", "Germany"), ("CI", "fr", "Côte d’Ivoire")],
)
def test_country_name_is_in_the_language_asked(code, language, name):
    assert identifiers.country_name(code, language) == name


def test_country_name_follows_the_active_language():
    with translation.override("fr"):
        assert identifiers.country_name("GB") == "Royaume-Uni"
    with translation.override("en"):
        assert identifiers.country_name("GB") == "United Kingdom"


def test_currency_is_its_iso_code_with_its_name():
    assert identifiers.currency("eur") == ("EUR", "Euro")


@pytest.mark.parametrize("given", ["XYZ", "EURO", "€"])
def test_unknown_currency_is_refused(given):
    with pytest.raises(ValueError) as refused:
        identifiers.currency(given)
    assert str(refused.value) == "Unknown currency: use its ISO 4217 code (e.g. EUR)."
