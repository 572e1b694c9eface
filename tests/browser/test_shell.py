"""Signing in and out, the home page's navigation, and the language a user picks."""

from playwright.sync_api import Page, expect

from tests.browser.pages import PASSWORD, assert_accessible, screenshot, sign_in


def test_nothing_is_visible_before_signing_in(page: Page):
    # when an anonymous visitor opens the home page
    page.goto("/")

    # then they land on the sign-in page, in French
    expect(page).to_have_url("/login/?next=/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Clientèle")
    assert_accessible(page)
    screenshot(page, "00-sign-in")


def test_a_wrong_password_is_refused_then_the_right_one_signs_in(page: Page):
    page.goto("/login/")
    page.get_by_label("Nom d'utilisateur").fill("vendeur")
    page.get_by_label("Mot de passe").fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_have_text("Nom d'utilisateur ou mot de passe incorrect.")

    # the username is still there; only the password is typed again
    expect(page.get_by_label("Nom d'utilisateur")).to_have_value("vendeur")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Accueil", level=1)).to_be_visible()


def test_the_home_page_follows_the_guide_navigation(page: Page):
    sign_in(page)

    home = page.get_by_role("main")
    for section in ("Vente", "CRM", "Comptabilité et prix", "Classification"):
        expect(home.get_by_role("heading", name=section, level=2, exact=True)).to_be_visible()
    selling = home.get_by_role("region", name="Vente", exact=True)
    expect(selling.get_by_role("link", name="Client", exact=True)).to_have_attribute(
        "href", "/customers/"
    )
    expect(
        home.get_by_role("region", name="CRM").get_by_role("link", name="Groupe de clients")
    ).to_have_attribute("href", "/customer-groups/")
    assert_accessible(page)
    screenshot(page, "01-home")


def test_the_language_a_user_picks_follows_them_to_their_next_session(browser, server):
    # given a user who switches to English
    context = browser.new_context(base_url=server.url, locale="fr-FR")
    page = context.new_page()
    sign_in(page, "manon")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Home", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    context.close()

    # when they sign in again from another (French) browser
    other = browser.new_context(base_url=server.url, locale="fr-FR")
    page = other.new_page()
    page.goto("/login/")
    page.get_by_label("Nom d'utilisateur").fill("manon")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    # then the screens speak English
    expect(page.get_by_role("heading", name="Home", level=1)).to_be_visible()
    # and switching back is one click
    page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", name="Accueil", level=1)).to_be_visible()
    other.close()


def test_signing_out_closes_the_session(page: Page):
    sign_in(page, "vendeur")
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page).to_have_url("/login/")
    page.goto("/")
    expect(page).to_have_url("/login/?next=/")


# (address, the English heading it opens on) for a tour of the screens in English
ENGLISH_SCREENS = [
    ("/customers/", "Customer"),
    ("/customers/new/", "New customer"),
    ("/customer-groups/", "Customer Group"),
    ("/territories/", "Territory"),
    ("/selling-settings/", "Selling Settings"),
    ("/naming-series/", "Naming Series"),
    ("/leads/", "Leads"),
    ("/contacts/", "Contacts"),
    ("/addresses/", "Addresses"),
    ("/records/price-lists/", "Price lists"),
]


def test_every_main_screen_reads_in_english_and_stays_accessible(browser, server):
    context = browser.new_context(base_url=server.url, locale="fr-FR")
    page = context.new_page()
    sign_in(page, "admin")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Home", level=1)).to_be_visible()
    try:
        for address, heading in ENGLISH_SCREENS:
            page.goto(address)
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
            expect(page.locator("html")).to_have_attribute("lang", "en")
            assert_accessible(page)
    finally:
        page.get_by_role("button", name="Français").click()
        expect(page.get_by_role("heading", level=1)).not_to_have_text("Home")
        context.close()
