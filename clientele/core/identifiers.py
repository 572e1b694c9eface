"""Identifier checks, all delegated to maintained libraries (SPEC §3.12).

Each function returns the normalised value or raises ``ValueError`` with a message that
names the rule; services turn that into a field error.
"""

import re
import unicodedata
from functools import cache

import babel
import phonenumbers
import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext as _
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException
from stdnum import get_cc_module
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren, siret
from stdnum.in_ import pan as in_pan


def vat_or_company_id(value: str) -> str:
    """A VAT number with its country prefix (any country stdnum knows), or a SIREN/SIRET.

    A bare 9- or 14-digit number is read as a French SIREN or SIRET, the identifiers French
    users type most.
    """
    compact = re.sub(r"[\s.\-]", "", value).upper()
    if compact.isdigit() and len(compact) in (9, 14):
        french_id = siren if len(compact) == 9 else siret
        try:
            return french_id.validate(compact)
        except StdnumError as error:
            raise ValueError(_("Not a valid SIREN/SIRET number.")) from error
    country = compact[:2].lower()
    country = "gr" if country == "el" else country
    module = get_cc_module(country, "vat") if country.isalpha() else None
    if module is None:
        raise ValueError(
            _("Enter a VAT number with its country prefix (e.g. FR40303265045), or a SIREN/SIRET.")
        )
    try:
        return compact[:2] + module.validate(compact[2:]) if compact[2:] else module.validate("")
    except StdnumError as error:
        raise ValueError(
            _("Not a valid VAT number for %(country)s.") % {"country": compact[:2]}
        ) from error


def siren_of(tax_id: str) -> str | None:
    """The SIREN inside a French VAT number, SIREN or SIRET, for duplicate detection."""
    if tax_id.startswith("FR") and len(tax_id) == 13:
        return tax_id[4:]
    if tax_id.isdigit() and len(tax_id) in (9, 14):
        return tax_id[:9]
    return None


def siren_number(value: str) -> str:
    """A French company's SIREN (9 digits, Luhn key), spaces and dots as typed aside."""
    try:
        return siren.validate(re.sub(r"[\s.\-]", "", value))
    except StdnumError as error:
        raise ValueError(_("Not a valid SIREN number (9 digits).")) from error


def pan(value: str) -> str:
    try:
        return in_pan.validate(value)
    except StdnumError as error:
        raise ValueError(_("Not a valid PAN: 10 characters, e.g. ABCPE1234F.")) from error


def iban(value: str) -> str:
    try:
        return IBAN(value).compact
    except SchwiftyException as error:
        raise ValueError(_("Not a valid IBAN.")) from error


def email(value: str) -> str:
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError as error:
        raise ValueError(_("Not a valid e-mail address.")) from error
    return value.lower()


# A French number as people write it (06 12 34 56 78, 06.12…, +33 6…, 0033 6…): what
# ``phonenumbers.parse`` makes of it is known without running it (a fifth of a millisecond,
# most of an import's row), so it is read here and still validated by the library.
_FRENCH_NUMBER = re.compile(r"(?:0|\+33|0033)([1-9]\d{8})")
_SEPARATORS = str.maketrans("", "", " .-")


def phone(value: str, default_region: str = "FR") -> str:
    """Stored in E.164 so the same number typed two ways is found as one."""
    if default_region == "FR" and (found := _FRENCH_NUMBER.fullmatch(value.translate(_SEPARATORS))):
        number = phonenumbers.PhoneNumber(country_code=33, national_number=int(found[1]))
        if not phonenumbers.is_valid_number(number):
            raise ValueError(_("Not a valid phone number for its country."))
        return f"+33{found[1]}"
    try:
        number = phonenumbers.parse(value, default_region)
    except phonenumbers.NumberParseException as error:
        raise ValueError(_("Not a phone number.")) from error
    if not phonenumbers.is_valid_number(number):
        raise ValueError(_("Not a valid phone number for its country."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def language(value: str) -> str:
    try:
        return str(babel.Locale.parse(value.replace("-", "_")))
    except (ValueError, babel.UnknownLocaleError) as error:
        raise ValueError(_("Unknown language code (e.g. fr, en, de_CH).")) from error


def country(value: str) -> str:
    """The ISO 3166 alpha-2 code of a country given by that code, its alpha-3 code, or its
    English or French name, whatever the case, accents and punctuation (“FRA”, “france”,
    “Royaume-Uni”, “côte d'ivoire”): ERPNext and Dokos exports give names."""
    found = _country_index().get(_country_key(value))
    if found is None:
        raise ValueError(
            _("Unknown country: use its ISO code (e.g. FR, DE) or its English or French name.")
        )
    return found


# Former English names that ERPNext's country list still uses, and the United Kingdom's
# reserved code.
_COUNTRY_ALIASES = {
    "Ivory Coast": "CI",
    "Macedonia": "MK",
    "Palestinian Territory, Occupied": "PS",
    "Swaziland": "SZ",
    "Turkey": "TR",
    "UK": "GB",
}


def _country_key(text: str) -> str:
    """Letters and digits only, lower case, accents off: “Côte d’Ivoire” → “cotedivoire”."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]", "", plain)


@cache
def _country_index() -> dict[str, str]:
    """Every spelling of every country → its alpha-2 code; built once per process."""
    english, french = babel.Locale("en").territories, babel.Locale("fr").territories
    index = {_country_key(name): code for name, code in _COUNTRY_ALIASES.items()}
    for found in pycountry.countries:
        code = found.alpha_2
        names = (
            code,
            found.alpha_3,
            found.name,
            english.get(code),
            french.get(code),
            getattr(found, "official_name", None),
            getattr(found, "common_name", None),
        )
        index.update({_country_key(name): code for name in names if name})
    return index


def country_name(code: str, language: str | None = None) -> str:
    """The name of the country ``code`` in ``language`` (by default the request's): “DE” is
    “Allemagne” in French, “Germany” in English. An unknown code stays as it is."""
    locale = _locale(language or get_language() or settings.LANGUAGE_CODE)
    return locale.territories.get(code, code)


@cache
def _locale(language: str) -> babel.Locale:
    try:
        return babel.Locale.parse(to_locale(language))
    except (ValueError, babel.UnknownLocaleError):
        return babel.Locale("en")


def currency(value: str) -> tuple[str, str]:
    found = pycountry.currencies.get(alpha_3=value.upper()) if len(value) == 3 else None
    if found is None:
        raise ValueError(_("Unknown currency: use its ISO 4217 code (e.g. EUR)."))
    return found.alpha_3, found.name


def currency_of_name(name: str) -> str | None:
    """The ISO 4217 code whose official name is ``name`` (``US Dollar`` → ``USD``), if any."""
    found = pycountry.currencies.get(name=name)
    return found.alpha_3 if found else None
