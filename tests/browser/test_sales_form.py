"""The document form's addresses, contact and tables in Chromium: the billing address
filled with the customer's primary one and the shipping address chosen among its own, a
tax rate typed over the template's with the totals following, a sales person typed ahead
into the sales team; on a desktop and on a phone, checked with axe. Data is built through
the REST API."""

import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import Server, assert_accessible, screenshot, sign_in
from tests.browser.test_sales_documents import _ok, _pick_item, shop  # noqa: F401

COMPANY = "Clientèle Démo SAS"


@pytest.fixture
def addressed(server: Server, shop) -> dict:  # noqa: F811
    """The shop's customer with its head office (primary), a warehouse, a contact, and a
    sales person to share the sale with."""
    api = server.api()
    links = [{"party_type": "customer", "party_name": shop["customer"]}]
    tag = uuid.uuid4().hex[:4]
    places = {}
    for title, line, primary in (
        ("Siège", "1 rue de la Paix", True),
        ("Dépôt", "8 quai Sud", False),
    ):
        body = {
            "address_title": f"{title} {tag}",
            "address_line1": line,
            "city": "Lyon",
            "pincode": "69002",
            "country": "FR",
            "is_primary_address": primary,
            "links": links,
        }
        places[title] = _ok(api.post("/addresses/", json=body))["name"]
    person = f"Vendeuse {tag}"
    _ok(api.post("/sales-persons/", json={"name": person}))
    return shop | {"head": places["Siège"], "depot": places["Dépôt"], "person": person}


def _fill_quotation(page: Page, addressed: dict) -> None:
    page.goto(f"/sales/quotations/new/?customer={addressed['customer']}")
    _pick_item(page, 1, addressed["items"][0])
    expect(page.locator("#total-grand")).to_have_text("15,00\u00a0€")
    expect(page.get_by_label("Adresse de facturation")).to_have_value(addressed["head"])


def test_addresses_taxes_and_team_are_chosen_in_the_form(page: Page, addressed):
    sign_in(page, "vendeur")
    _fill_quotation(page, addressed)

    page.get_by_label("Adresse de livraison").select_option(addressed["depot"])
    expect(page.locator("#document-summary")).to_contain_text("8 quai Sud")
    rate = page.get_by_label("Taux (%) (ligne 1)")
    expect(rate).to_have_value("20.000")
    rate.fill("10")
    rate.press("Tab")
    expect(page.locator("#total-grand")).to_have_text("13,75\u00a0€")
    team = page.get_by_role("group", name="Équipe de vente")
    team.get_by_role("button", name="Ajouter une ligne").click()
    person = team.get_by_label("Vendeur (ligne 1)")
    expect(person).to_be_visible()
    expect(team.locator(".htmx-added")).to_have_count(0)  # the new row settled
    person.fill(addressed["person"][:8])
    options = page.locator(
        f"#id_sales_team-0-sales_person-options option[value='{addressed['person']}']"
    )
    expect(options).to_have_count(1)
    person.fill(addressed["person"])
    team.get_by_label("Contribution (%) (ligne 1)").fill("100")
    team.get_by_label("Contribution (%) (ligne 1)").press("Tab")
    assert_accessible(page)
    screenshot(page, "66-quotation-form-tables")

    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_contain_text("est enregistré")
    expect(page.get_by_label("Adresse de livraison")).to_have_value(addressed["depot"])
    expect(page.get_by_label("Taux (%) (ligne 1)")).to_have_value("10.000")
    expect(page.get_by_label("Vendeur (ligne 1)")).to_have_value(addressed["person"])
    expect(page.locator("#total-grand")).to_have_text("13,75\u00a0€")


def test_the_form_with_its_tables_on_a_phone(browser: Browser, server: Server, addressed):
    context = browser.new_context(
        base_url=server.url, locale="fr-FR", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, "vendeur")
        _fill_quotation(page, addressed)
        page.get_by_role("button", name="Ajouter une ligne", exact=True).click()
        expect(page.get_by_label("Article (ligne 2)")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(page)
        screenshot(page, "67-quotation-form-phone")
    finally:
        context.close()
