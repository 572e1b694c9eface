"""Shared fixtures: a seeded database, users with roles, and an HTTP client on the app.

The seed runs once per test session, committed in the test database; each test then runs
in a transaction that is rolled back. Tests that need committed data across connections
(``transaction=True``) run last (pytest-django orders them so) and seed for themselves.
"""

import httpx
import pytest
from django.contrib.auth.models import Group, User
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import translation

from clientele.core.roles import SALES_MASTER_MANAGER, SALES_USER
from clientele.core.tokens import token_issue
from clientele.operations.seed import seed_reference_data


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Each test starts in English: a request leaves its language active in the thread
    (Django sets it per request), so a service test after a French page would otherwise
    speak French or English depending on the order tests ran in. Tests of French ask for
    it (a request's Accept-Language, a user's choice, ``translation.override``)."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        seed_reference_data()


def make_user(username: str, *roles: str, superuser: bool = False) -> User:
    user = User.objects.create_user(
        username=username, password="s3cret-Pass!", is_superuser=superuser
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def admin(db) -> User:
    return make_user("root", superuser=True)


@pytest.fixture
def sales_user(db) -> User:
    return make_user("sally", SALES_USER)


@pytest.fixture
def master_manager(db) -> User:
    return make_user("manon", SALES_MASTER_MANAGER)


@pytest.fixture
def reader(db) -> User:
    return make_user("reda")


def _pep3333_path(app):
    """httpx hands PATH_INFO over as decoded text; WSGI servers pass UTF-8 bytes as latin-1."""

    def wrapped(environ, start_response):
        environ["PATH_INFO"] = environ["PATH_INFO"].encode("utf-8").decode("latin-1")
        return app(environ, start_response)

    return wrapped


class ApiClient(httpx.Client):
    """httpx over the WSGI app: real requests through every middleware and the URL router,
    in the test's own database transaction."""

    def __init__(self, token: str | None = None):
        from clientele.wsgi import application

        # As Django's own test client does: the request must not close the test's connection.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        # Messages are asserted in English; French has tests of its own.
        headers = {"Accept-Language": "en"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        super().__init__(
            transport=httpx.WSGITransport(app=_pep3333_path(application)),
            base_url="http://testserver/api/v1",
            headers=headers,
        )


def client_for(user: User | None) -> ApiClient:
    return ApiClient(token_issue(user=user) if user else None)


@pytest.fixture
def api(admin) -> ApiClient:
    return client_for(admin)


@pytest.fixture
def anonymous(db) -> ApiClient:
    return client_for(None)


@pytest.fixture
def sales_api(sales_user) -> ApiClient:
    return client_for(sales_user)


@pytest.fixture
def reader_api(reader) -> ApiClient:
    return client_for(reader)


@pytest.fixture
def manager_api(master_manager) -> ApiClient:
    return client_for(master_manager)
