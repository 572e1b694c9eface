"""Fixtures of the core, masters and selling tests (the latter two import them).

Messages are asserted in English, whatever translations the project ships: services run
under ``translation.override("en")`` and every API client asks for English.
"""

import pytest
from django.utils import translation

from clientele.core.tests.helpers import make_company


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """The test users' passwords need no brute-force resistance; PBKDF2 costs 0.2 s each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _in_english(client):
    client.headers["Accept-Language"] = "en"
    return client


@pytest.fixture
def api(api):
    return _in_english(api)


@pytest.fixture
def manager_api(manager_api):
    return _in_english(manager_api)


@pytest.fixture
def sales_api(sales_api):
    return _in_english(sales_api)


@pytest.fixture
def reader_api(reader_api):
    return _in_english(reader_api)


@pytest.fixture
def anonymous(anonymous):
    return _in_english(anonymous)


@pytest.fixture
def other_company(db):
    """“Autre Société & Fils” (abbr AS) with its own receivable and payable ledgers."""
    return make_company("Autre Société & Fils", "AS")
