"""Search tokens: the normalised words a customer can be found by (``q`` on the list)."""

import re
import unicodedata

from clientele.core.rows import insert_values
from clientele.customers.models import Customer, CustomerSearchToken

MAX_TOKEN = 100
_PHONE_QUERY = re.compile(r"^\+?[\d\s().\-/]{4,}$")
# A VAT number as printed ("FR 40 303 265 045"): country prefix, then at least 8 digits.
_VAT_QUERY = re.compile(r"^[A-Za-z]{2}[\s.\-]*(?:\d[\s.\-]*){8,}$")
# An e-mail address, or the start of one: kept whole, hyphens and dots included.
_EMAIL_QUERY = re.compile(r"^[^\s@]+@[^\s@]*$")


def normalise(text: str) -> str:
    """Lower case, accents off: “Éloïse” and “eloise” are the same word."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w@.+]+|(?<=\w)[.](?=\s|$)", normalise(text)) if w]


def _phone_tokens(phone: str) -> set[str]:
    digits = re.sub(r"\D", "", phone)
    tokens = {digits} if digits else set()
    if phone.startswith("+33") and len(digits) == 11:
        tokens.add("0" + digits[2:])
    return tokens


def customer_tokens(customer: Customer) -> set[str]:
    tokens: set[str] = set()
    for text in (customer.name, customer.customer_name):
        tokens.update(words(text))
        tokens.update(w for part in words(text) for w in re.split(r"[^\w]+", part) if w)
    if customer.email_id:
        email = customer.email_id.lower()
        tokens.update({email, *re.split(r"[@.]", email)})
    if customer.mobile_no:
        tokens.update(_phone_tokens(customer.mobile_no))
    if customer.tax_id:
        tokens.add(customer.tax_id.lower())
    if customer.siren:
        tokens.add(customer.siren)
    if customer.primary_address:
        tokens.update(words(customer.primary_address))
    return {t[:MAX_TOKEN] for t in tokens if t}


def search_tokens_refresh(customers: list[Customer], *, fresh: bool = False) -> None:
    """Replace the tokens of ``customers`` (one delete, one bulk insert; ``fresh`` customers
    have none yet, so the delete is skipped)."""
    if not fresh:
        CustomerSearchToken.objects.filter(customer__in=[c.pk for c in customers]).delete()
    insert_values(
        CustomerSearchToken,
        ("customer", "token"),
        [(c.pk, t) for c in customers for t in customer_tokens(c)],
    )


def query_words(q: str) -> list[str]:
    """A typed phone or VAT number is one word whatever its spacing, an e-mail address is
    one word whatever it holds; else at most 5 words."""
    q = q.strip()
    if _PHONE_QUERY.match(q):
        digits = re.sub(r"\D", "", q)
        return [digits] if digits else []
    if _VAT_QUERY.match(q):
        return [re.sub(r"[\s.\-]", "", q).lower()]
    if _EMAIL_QUERY.match(q):
        return [normalise(q)[:MAX_TOKEN]]
    return [w for w in words(q) if w][:5]
