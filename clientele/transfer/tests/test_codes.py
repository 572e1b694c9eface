"""Codes for a chunk of new records: the same as one creation at a time would give."""

import pytest

from clientele.customers.models import Customer
from clientele.customers.services import customer_create
from clientele.transfer.codes import homonym_codes

pytestmark = pytest.mark.django_db


def test_homonyms_count_from_the_highest_numeric_suffix_of_each_base():
    # given codes with numeric suffixes, and others that only look alike
    for code in (
        "Durand",
        "durand-2",
        "Durand-10",
        "Durand-x",
        "Durand-3-1",
        "Durand-",
        "Durandal-99",
        "A_B",
        "AxB-5",
        "100%",
        "100 pourcent-4",
        "Big",
        "Big-123456789012345678901",
    ):
        customer_create(data={"name": code, "customer_name": "Durand"}, user=None)
    # when a chunk names them
    bases = ["Durand", "DURAND", "Durand-3", "A_B", "100%", "Big", "Neuf", "Neuf"]
    codes = homonym_codes(Customer, bases, 140)
    # then each base taken gets the next number after its highest, in the chunk's order
    assert codes == [
        "Durand-11",
        "DURAND-12",
        "Durand-3",  # free, though Durand-3-1 exists
        "A_B-1",  # “_” is no wildcard
        "100%-1",
        "Big-123456789012345678902",
        "Neuf",
        "Neuf-1",
    ]
