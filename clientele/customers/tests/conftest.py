"""Fixtures of the customer tests: the extra reference records and the naming switch."""

import pytest

from clientele.classification.services import selling_settings_update
from clientele.customers.tests.builders import Refs, build_refs


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """The test users' passwords need no brute-force resistance; PBKDF2 costs 0.2 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def refs(db) -> Refs:
    return build_refs()


@pytest.fixture
def by_customer_name(db) -> None:
    """Selling Settings switched to naming by customer name."""
    selling_settings_update(data={"customer_naming_by": "Customer Name"}, user=None)
