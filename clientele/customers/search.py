"""Search words: the normalised words a customer can be found by (``q`` on the list), kept
in its search document (``core/search_index.py``)."""

from clientele.core.rows import documents_write
from clientele.core.search_text import (
    MAX_TOKEN,
    code_tokens,
    email_tokens,
    phone_tokens,
    word_tokens,
    words,
)
from clientele.customers.models import Customer, CustomerSearch


def customer_tokens(customer: Customer) -> set[str]:
    return code_tokens(customer.name) | customer_content_tokens(customer)


def customer_content_tokens(customer: Customer) -> set[str]:
    """Every word of the customer but its code's."""
    tokens = word_tokens(customer.customer_name)
    if customer.email_id:
        tokens.update(email_tokens(customer.email_id))
    if customer.mobile_no:
        tokens.update(phone_tokens(customer.mobile_no))
    if customer.tax_id:
        tokens.add(customer.tax_id.lower())
    if customer.siren:
        tokens.add(customer.siren)
    if customer.primary_address:
        tokens.update(words(customer.primary_address))
    return {t[:MAX_TOKEN] for t in tokens if t}


def search_tokens_refresh(customers: list[Customer], *, fresh: bool = False) -> None:
    """Replace the search documents of ``customers`` (``fresh`` customers have none yet)."""
    documents_write(CustomerSearch, [(c.pk, customer_tokens(c)) for c in customers], fresh=fresh)
