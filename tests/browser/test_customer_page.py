"""The customer page in Chromium: defaults with their source, the history after an edit, a
contact added in its dialog and made primary, a merge after its dry-run report, a delete
confirmed in its dialog, and the page in English. Data is built through the REST API."""

import re
import uuid
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import Server, assert_accessible, screenshot, sign_in


def _path(code: str) -> str:
    return quote(code, safe="")


def page_url(code: str) -> str:
    return f"/customer/{_path(code)}/"


def _ok(response, status: int = 201) -> dict:
    assert response.status_code == status, response.text
    return response.json() if response.content else {}


@pytest.fixture
def bakery(server: Server, trial_groups: str) -> dict:
    """A group with a default price list, and a customer of that group with a primary
    contact and address (quick entry), its code holding "/", "&" and accents."""
    tag = uuid.uuid4().hex[:6]
    api = server.api()
    group = f"PME {tag}"
    _ok(api.post("/price-lists/", json={"name": f"Tarif {group}", "currency": "EUR"}))
    _ok(
        api.post(
            "/customer-groups/",
            json={
                "name": group,
                "is_group": False,
                "default_price_list": f"Tarif {group}",
                "parent_customer_group": trial_groups,
            },
        )
    )
    code = f"Boulangerie/Martin & Fils é {tag}"
    _ok(
        api.post(
            "/customers/",
            json={
                "name": code,
                "customer_name": "Boulangerie Martin SARL",
                "customer_group": group,
                "territory": "France",
                "tax_id": "FR40303265045",
                "credit_limits": [{"company": "Clientèle Démo SAS", "credit_limit": "20000"}],
                "contact": {
                    "first_name": "Claire",
                    "last_name": "Martin",
                    "email_id": "claire@martin.fr",
                    "mobile_no": "06 12 34 56 78",
                },
                "address": {
                    "address_line1": "12 rue de la Paix",
                    "city": "Paris",
                    "pincode": "75002",
                    "country": "FR",
                },
            },
        )
    )
    return {"code": code, "group": group}


def test_the_defaults_show_their_source_and_the_history_follows_an_edit(
    page: Page, server: Server, bakery
):
    sign_in(page)
    page.goto(page_url(bakery["code"]))

    expect(page.get_by_role("heading", level=1)).to_have_text("Boulangerie Martin SARL")
    defaults = page.get_by_role("region", name="Valeurs par défaut des transactions")
    expect(defaults.get_by_label("Par société")).to_have_value("Clientèle Démo SAS")
    expect(defaults.get_by_role("row", name="Liste de prix")).to_have_text(
        re.compile(rf"Liste de prix\s*Tarif {bakery['group']}\s*← groupe {bakery['group']}")
    )
    expect(defaults.get_by_role("row", name="Devise de facturation")).to_contain_text("← société")
    expect(defaults.get_by_role("row", name="Limite de crédit")).to_contain_text("← client")
    glance = page.get_by_role("region", name="En bref")
    expect(glance).to_contain_text("Claire Martin")
    expect(glance).to_contain_text("12 rue de la Paix")

    # when the VAT number changes through the REST API
    _ok(
        server.api().patch(f"/customers/{_path(bakery['code'])}", json={"tax_id": "FR83404833048"}),
        200,
    )
    page.reload()

    # then the history's newest row says who changed what, from what to what
    history = page.get_by_role("region", name="Historique")
    newest = history.get_by_role("row").nth(1)
    expect(newest).to_contain_text("admin")
    expect(newest).to_contain_text("Modification")
    expect(newest).to_contain_text("Numéro de TVA")
    expect(newest).to_contain_text("FR40303265045")
    expect(newest).to_contain_text("→ FR83404833048")
    expect(page.get_by_role("link", name=re.compile("Historique"))).to_be_visible()
    assert_accessible(page)
    screenshot(page, "30-customer-page")


def test_a_contact_added_in_its_dialog_becomes_the_primary_one(page: Page, bakery):
    sign_in(page, "vendeur")
    page.goto(page_url(bakery["code"]))

    page.get_by_role("button", name="Ajouter un contact").click()
    dialog = page.get_by_role("dialog", name="Nouveau contact")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Prénom")).to_be_focused()
    dialog.get_by_label("Prénom").fill("Paul")
    dialog.get_by_label("Nom de famille").fill("Durand")
    dialog.get_by_label("E-mail").fill("pas-un-mail")
    dialog.get_by_label("Mobile").fill("06 98 76 54 32")
    assert_accessible(page)
    dialog.get_by_role("button", name="Enregistrer").click()

    # the mistake is shown next to its field, nothing typed is lost
    expect(dialog.get_by_text("Adresse e-mail non valide.")).to_be_visible()
    expect(dialog.get_by_label("E-mail")).to_have_attribute("aria-invalid", "true")
    expect(dialog.get_by_label("Prénom")).to_have_value("Paul")
    dialog.get_by_label("E-mail").fill("paul@durand.fr")
    dialog.get_by_label("E-mail").press("Enter")

    contacts = page.get_by_role("table", name=re.compile("Contacts"))
    paul = contacts.get_by_role("row", name=re.compile("Paul Durand"))
    expect(paul).to_contain_text("paul@durand.fr")
    expect(paul).to_contain_text("+33 6 98 76 54 32")
    paul.get_by_role("button", name=re.compile("Définir comme contact principal")).click()

    glance = page.get_by_role("region", name="En bref")
    expect(glance).to_contain_text("Paul Durand")
    expect(glance).to_contain_text("paul@durand.fr")
    expect(paul.get_by_text("Contact principal", exact=True)).to_be_visible()


def test_a_merge_shows_its_dry_run_report_before_it_is_confirmed(
    page: Page, server: Server, bakery
):
    api = server.api()
    source = f"DOUBLON-{uuid.uuid4().hex[:6]}"
    _ok(
        api.post(
            "/customers/",
            json={
                "name": source,
                "customer_name": "Boulangerie Martin",
                "contact": {"first_name": "Luc", "last_name": "Bernard"},
            },
        )
    )
    sign_in(page, "manon")
    page.goto(page_url(source))

    page.get_by_text("Plus", exact=True).click()
    page.get_by_role("link", name="Fusionner", exact=True).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Client à conserver (son code)").fill("PERSONNE")
    dialog.get_by_role("button", name="Voir ce qui serait transféré").click()
    expect(dialog.get_by_text("Aucun client “PERSONNE”.")).to_be_visible()
    dialog.get_by_label("Client à conserver (son code)").fill(bakery["code"])
    dialog.get_by_role("button", name="Voir ce qui serait transféré").click()

    # the report comes first: what would move, nothing written yet
    expect(dialog.get_by_role("heading")).to_have_text(f"Fusionner {source} dans {bakery['code']}")
    expect(dialog.get_by_role("row", name="Contacts")).to_have_text(re.compile(r"Contacts\s*1\s*0"))
    expect(dialog).to_contain_text("Rien n'a encore changé.")
    assert_accessible(page)
    screenshot(page, "32-customer-merge")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Boulangerie Martin")

    # confirmed, the kept customer's page opens with the moved contact
    page.get_by_text("Plus", exact=True).click()
    page.get_by_role("link", name="Fusionner", exact=True).click()
    page.get_by_label("Client à conserver (son code)").fill(bakery["code"])
    page.get_by_role("button", name="Voir ce qui serait transféré").click()
    page.get_by_role("button", name="Confirmer la fusion").click()
    expect(page).to_have_url(re.compile(re.escape(page_url(bakery["code"])) + "$"))
    expect(page.get_by_role("status")).to_contain_text(f"“{source}” a été fusionné")
    expect(page.get_by_role("table", name=re.compile("Contacts"))).to_contain_text("Luc Bernard")
    assert api.get(f"/customers/{source}").status_code == 404


def test_delete_asks_for_confirmation_and_a_sales_user_is_not_offered_it(
    page: Page, server: Server, browser
):
    code = f"A-SUPPRIMER-{uuid.uuid4().hex[:6]}"
    _ok(server.api().post("/customers/", json={"name": code, "customer_name": "Client éphémère"}))
    sign_in(page, "manon")
    page.goto(page_url(code))

    page.get_by_text("Plus", exact=True).click()
    page.get_by_role("link", name="Supprimer").click()
    dialog = page.get_by_role("dialog", name="Supprimer Client éphémère")
    expect(dialog).to_contain_text("C'est définitif.")
    assert_accessible(page)
    dialog.get_by_role("button", name="Annuler").click()
    expect(dialog).to_be_hidden()
    assert server.api().get(f"/customers/{code}").status_code == 200

    page.get_by_text("Plus", exact=True).click()
    page.get_by_role("link", name="Supprimer").click()
    page.get_by_role("dialog").get_by_role("button", name="Supprimer").click()
    expect(page).to_have_url(re.compile("/customers/$"))
    assert server.api().get(f"/customers/{code}").status_code == 404

    # a sales user may edit a customer, not delete or merge it
    other = browser.new_context(base_url=server.url, locale="fr-FR")
    seller = other.new_page()
    sign_in(seller, "vendeur")
    _ok(server.api().post("/customers/", json={"name": code, "customer_name": "Client éphémère"}))
    seller.goto(page_url(code))
    seller.get_by_text("Plus", exact=True).click()
    expect(seller.get_by_role("link", name="Renommer")).to_be_visible()
    expect(seller.get_by_role("link", name="Supprimer")).to_have_count(0)
    expect(seller.get_by_role("link", name="Fusionner")).to_have_count(0)
    other.close()


def test_the_customer_page_in_english(page: Page, bakery):
    sign_in(page)
    page.goto(page_url(bakery["code"]))
    page.get_by_role("button", name="English").click()
    try:
        expect(page.get_by_role("heading", name="Transaction defaults")).to_be_visible()
        defaults = page.get_by_role("region", name="Transaction defaults")
        expect(defaults.get_by_role("row", name="Price List")).to_contain_text(
            f"← group {bakery['group']}"
        )
        expect(page.get_by_role("region", name="Linked documents")).to_contain_text("coming soon")
        expect(page.get_by_role("region", name="At a glance")).to_contain_text("€20,000.00")
        assert_accessible(page)
        screenshot(page, "31-customer-page-en")
    finally:
        # the language is stored on the user: back to French for the other tests
        page.get_by_role("button", name="Français").click()
    expect(page.get_by_role("heading", name="Valeurs par défaut des transactions")).to_be_visible()
    assert_accessible(page)
