"""Users of the accounting roles, besides those of the project's conftest."""

import pytest
from django.contrib.auth.models import User

from clientele.core.roles import ACCOUNTS_MANAGER, ACCOUNTS_USER
from clientele.core.tests.conftest import english, other_company  # noqa: F401
from conftest import ApiClient, client_for, make_user


@pytest.fixture
def accounts_user(db) -> User:
    return make_user("alice", ACCOUNTS_USER)


@pytest.fixture
def accounts_manager(db) -> User:
    return make_user("amaury", ACCOUNTS_MANAGER)


@pytest.fixture
def accounts_api(accounts_user) -> ApiClient:
    return client_for(accounts_user)


@pytest.fixture
def accounts_manager_api(accounts_manager) -> ApiClient:
    return client_for(accounts_manager)
