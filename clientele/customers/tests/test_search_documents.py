"""Search documents (``core/search_index.py``): what is stored, what a prefix finds, on
SQLite's FTS5 and PostgreSQL's ``tsvector`` alike."""

import pytest

from clientele.core.rows import document_words, documents_write
from clientele.core.search_index import match_text
from clientele.customers.models import Customer, CustomerSearch
from clientele.customers.services import customer_create

pytestmark = pytest.mark.django_db

ODD_WORDS = ["o'neil", 'say"hi', "back\\slash", "fr-75", "a:b", "x&y|z", "(paren)", "jean.d@ex.fr"]


def _customer(code: str) -> Customer:
    return customer_create(data={"name": code, "customer_name": code}, user=None)


def _found(*words: str) -> list[str]:
    matching = CustomerSearch.objects.filter(words__matches=list(words))
    return sorted(
        Customer.objects.filter(id__in=matching.values("customer_id")).values_list(
            "name", flat=True
        )
    )


def test_a_creation_stores_the_customers_words():
    # when
    customer = customer_create(
        data={"name": "CLI-1", "customer_name": "Boulangerie Éloïse", "tax_id": "FR40303265045"},
        user=None,
    )
    # then
    assert document_words(CustomerSearch, customer.pk) == {
        "cli",
        "1",
        "boulangerie",
        "eloise",
        "fr40303265045",
        "303265045",
    }


def test_words_with_quotes_and_query_syntax_are_found_as_typed():
    # given
    odd, plain = _customer("Odd"), _customer("Plain")
    # when
    documents_write(CustomerSearch, [(odd.pk, ODD_WORDS), (plain.pk, ["plain"])], fresh=False)
    # then every word, and every start of it, finds the customer and only it
    assert document_words(CustomerSearch, odd.pk) == set(ODD_WORDS)
    for word in ODD_WORDS:
        assert _found(word) == ["Odd"], word
        assert _found(word[:3]) == ["Odd"], word
    assert _found("o'neil", "fr-7") == ["Odd"]
    assert _found("o'neil", "plain") == []
    assert _found("neil") == []  # a prefix, not a part


def test_a_write_replaces_the_document_and_a_deletion_removes_it():
    # given
    customer = _customer("Durand")
    documents_write(CustomerSearch, [(customer.pk, ["ancien", "mot"])], fresh=False)
    # when
    documents_write(CustomerSearch, [(customer.pk, ["nouveau"])], fresh=False)
    # then
    assert document_words(CustomerSearch, customer.pk) == {"nouveau"}
    assert _found("ancien") == [] and _found("nouv") == ["Durand"]
    # when
    customer.delete()
    # then
    assert not CustomerSearch.objects.filter(customer_id=customer.pk).exists()
    assert document_words(CustomerSearch, customer.pk) == set()


def test_a_record_without_words_is_found_by_none():
    customer = _customer("Vide")
    documents_write(CustomerSearch, [(customer.pk, [])], fresh=False)
    assert document_words(CustomerSearch, customer.pk) == set()
    assert _found("vide") == []


@pytest.mark.parametrize(
    ("vendor", "words", "expected"),
    [
        ("sqlite", ["jean", "du"], '"jean"* "du"*'),
        ("sqlite", ['say"hi'], '"say""hi"*'),
        ("sqlite", ["jean dup"], '"jean"* "dup"*'),
        ("postgresql", ["jean", "du"], "'jean':* & 'du':*"),
        ("postgresql", ["o'neil", "a\\b"], "'o''neil':* & 'a\\\\b':*"),
    ],
)
def test_the_query_quotes_every_word(vendor, words, expected):
    assert match_text(vendor, words) == expected
