"""The pricing tests' fixtures: those of core (English, API clients, a second company)."""

from clientele.core.tests.conftest import (  # noqa: F401
    anonymous,
    api,
    english,
    fast_password_hashing,
    manager_api,
    other_company,
    reader_api,
    sales_api,
)
