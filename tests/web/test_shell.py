"""The frame of the screens: sign-in required, the home page, the language a user picks."""

import pytest
from django.test import Client

from clientele.core.models import UserPreference
from clientele.web.navigation import MENU, SECTIONS


@pytest.fixture
def browser(admin) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(db):
    response = Client().get("/")

    assert (response.status_code, response.headers["Location"]) == (302, "/login/?next=/")


def test_the_sign_in_page_speaks_the_browser_language(db):
    french = Client().get("/login/")
    english = Client(headers={"Accept-Language": "en"}).get("/login/")

    assert '<html lang="fr">' in french.text and "Se connecter" in french.text
    assert '<html lang="en">' in english.text and "Sign in" in english.text


def test_every_entry_of_the_navigation_has_its_screen():
    missing = [str(e.label) for s in SECTIONS for e in s.entries if e.url is None]
    missing += [str(e.label) for e in MENU if e.url is None]

    assert missing == []


def test_the_home_page_costs_a_fixed_number_of_queries(browser, django_assert_num_queries):
    with django_assert_num_queries(2):  # the session, then the user
        response = browser.get("/")

    assert response.status_code == 200
    assert 'hx-headers=\'{"X-CSRFToken": ' in response.text


def test_a_user_picks_english_and_keeps_it(browser, admin):
    response = browser.post("/language/", {"language": "en", "next": "/customers/"})

    assert (response.status_code, response.headers["Location"]) == (302, "/customers/")
    assert UserPreference.objects.get(user=admin).language == "en"
    assert '<html lang="en">' in browser.get("/").text


def test_an_unknown_language_is_refused_and_nothing_is_stored(browser, admin):
    response = browser.post("/language/", {"language": "de"})

    assert response.status_code == 400
    assert not UserPreference.objects.filter(user=admin).exists()


def test_the_language_switch_never_sends_the_user_to_another_site(browser):
    response = browser.post("/language/", {"language": "fr", "next": "https://evil.example/"})

    assert response.headers["Location"] == "/"
