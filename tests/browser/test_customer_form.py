"""The customer's full form in Chromium: the quick entry's "Modifier en pleine page", child
tables edited in the page, an error in a row corrected without retyping, type-ahead, and
"+ créer" a linked record without leaving the form."""

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import Server, assert_accessible, screenshot, sign_in

COMPANY = "Clientèle Démo SAS"
OTHER_COMPANY = "Filiale Lyon SARL"


@pytest.fixture(scope="module")
def references(server: Server) -> None:
    """A second company and two sales persons, through the REST API."""
    with server.api() as api:
        for path, body in (
            ("/companies/", {"name": OTHER_COMPANY, "abbr": "FL", "default_currency": "EUR"}),
            ("/sales-persons/", {"name": "Alice"}),
            ("/sales-persons/", {"name": "Bruno"}),
        ):
            answer = api.post(path, json=body)
            assert answer.status_code in (201, 409), answer.text


def _customer(server: Server, name: str) -> str:
    with server.api() as api:
        answer = api.post("/customers/", json={"customer_name": name})
        assert answer.status_code == 201, answer.text
        return answer.json()["name"]


def _stored(server: Server, code: str) -> dict:
    with server.api() as api:
        return api.get(f"/customers/{code}").json()


def _code_from(page: Page) -> str:
    expect(page).to_have_url(re.compile(r"/customer/[^/]+/$"))
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def test_the_full_form_holds_what_the_quick_entry_typed(page: Page, server: Server):
    sign_in(page, "vendeur")

    page.goto(
        "/customers/new/?customer_name=Boulangerie%20Martin&customer_type=Company"
        "&tax_id=FR40303265045&customer_group=Commercial&territory=France"
        "&contact-first_name=Claire&contact-last_name=Martin&contact-email_id=claire%40example.fr"
        "&address-address_line1=12%20rue%20de%20la%20Paix&address-city=Paris"
        "&address-pincode=75002&address-country=FR"
    )

    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau client")
    expect(page.get_by_label("Nom complet")).to_have_value("Boulangerie Martin")
    expect(page.get_by_role("radio", name="Société")).to_be_checked()
    expect(page.get_by_label("Numéro de TVA")).to_have_value("FR40303265045")
    expect(page.get_by_label("Groupe de clients", exact=True)).to_have_value("Commercial")
    contact = page.get_by_role("group", name="Détails du contact principal")
    expect(contact.get_by_label("Prénom")).to_have_value("Claire")
    expect(contact.get_by_label("E-mail")).to_have_value("claire@example.fr")
    address = page.get_by_role("group", name="Détails de l'adresse principale")
    expect(address.get_by_label("Ville")).to_have_value("Paris")
    # the guide's sections, one page, with a table of contents
    toc = page.get_by_role("navigation", name="Sections du formulaire")
    for section in (
        "Détails",
        "Devise et liste de prix",
        "Adresse principale et coordonnées du contact",
        "Comptabilité",
        "Limite de crédit et conditions de paiement",
        "Informations additionnelles",
        "Points de fidélité",
        "Partenaire commercial et commission",
        "Équipe de vente",
    ):
        expect(toc.get_by_role("link", name=section, exact=True)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "20-customer-form")

    # saving creates the customer with its contact and address
    page.get_by_role("button", name="Enregistrer").first.click()
    customer = _stored(server, _code_from(page))
    assert (customer["customer_name"], customer["tax_id"], customer["email_id"]) == (
        "Boulangerie Martin",
        "FR40303265045",
        "claire@example.fr",
    )


def _add_row(page: Page, table: str) -> None:
    page.get_by_role("button", name=f"Ajouter une ligne ({table})").click()


def test_child_tables_are_edited_in_the_page(page: Page, server: Server, references):
    code = _customer(server, f"Transports Lefèvre {uuid.uuid4().hex[:6]}")
    sign_in(page, "vendeur")
    page.goto(f"/customer/{code}/edit/")

    # two credit limits: each "add a row" gives an empty row and moves the focus into it
    _add_row(page, "Limites de crédit")
    expect(page.get_by_label("Société, ligne 1")).to_be_focused()
    page.get_by_label("Société, ligne 1").fill(COMPANY)
    page.get_by_label("Limite de crédit, ligne 1").fill("20000")
    page.get_by_label("Ignorer le contrôle de la limite de crédit à la commande, ligne 1").check()
    _add_row(page, "Limites de crédit")
    page.get_by_label("Société, ligne 2").fill(OTHER_COMPANY)
    page.get_by_label("Limite de crédit, ligne 2").fill("5000,50")
    # and a sales team of one
    _add_row(page, "Détails de l'équipe des ventes")
    page.get_by_label("Vendeur, ligne 1").fill("Alice")
    page.get_by_label("Contribution (%), ligne 1").fill("100")
    # what was typed in the first table is still there
    expect(page.get_by_label("Limite de crédit, ligne 1")).to_have_value("20000")

    page.get_by_role("button", name="Enregistrer").first.click()
    assert _code_from(page) == code

    # after a reload of the form, the rows are there
    page.goto(f"/customer/{code}/edit/")
    expect(page.get_by_label("Société, ligne 2")).to_have_value(OTHER_COMPANY)
    expect(page.get_by_label("Limite de crédit, ligne 1")).to_have_value("20000,00")
    expect(page.get_by_label("Limite de crédit, ligne 2")).to_have_value("5000,50")
    expect(page.get_by_label("Vendeur, ligne 1")).to_have_value("Alice")
    stored = _stored(server, code)
    assert stored["credit_limits"] == [
        {"company": COMPANY, "credit_limit": "20000.00", "bypass_credit_limit_check": True},
        {"company": OTHER_COMPANY, "credit_limit": "5000.50", "bypass_credit_limit_check": False},
    ]
    assert stored["sales_team"] == [{"sales_person": "Alice", "allocated_percentage": "100.000"}]

    # removing a row takes it off the page; saving stores the rest
    page.get_by_role("button", name="Supprimer la ligne 1").first.click()
    expect(page.get_by_label("Société, ligne 1")).to_have_value(OTHER_COMPANY)
    expect(page.get_by_label("Société, ligne 2")).to_have_count(0)
    page.get_by_role("button", name="Enregistrer").first.click()
    _code_from(page)
    assert [row["company"] for row in _stored(server, code)["credit_limits"]] == [OTHER_COMPANY]


def test_an_error_in_the_second_row_is_shown_there_then_corrected(
    page: Page, server: Server, references
):
    sign_in(page, "vendeur")
    page.goto("/customers/new/")
    page.get_by_label("Nom complet").fill("Sophie Garnier")
    page.get_by_role("radio", name="Particulier").check()
    page.get_by_label("Numéro de TVA").fill("FR40303265045")
    _add_row(page, "Limites de crédit")
    page.get_by_label("Société, ligne 1").fill(COMPANY)
    page.get_by_label("Limite de crédit, ligne 1").fill("1000")
    _add_row(page, "Limites de crédit")
    page.get_by_label("Société, ligne 2").fill("Société Fantôme")
    page.get_by_label("Limite de crédit, ligne 2").fill("2000")

    page.get_by_role("button", name="Enregistrer").first.click()

    # the error is in the second row's company cell, and in the summary at the top
    second = page.get_by_label("Société, ligne 2")
    expect(second).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_credit_limits-1-company_error")).to_have_text(
        "Introuvable\xa0: société “Société Fantôme”."
    )
    expect(page.get_by_label("Société, ligne 1")).not_to_have_attribute("aria-invalid", "true")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("1 erreur à corriger")
    expect(summary).to_be_focused()
    assert_accessible(page)
    screenshot(page, "21-customer-form-errors")

    # the summary's link takes the focus to the cell; only that cell is typed again
    summary.get_by_role("link").click()
    expect(second).to_be_focused()
    second.fill(OTHER_COMPANY)
    expect(page.get_by_label("Nom complet")).to_have_value("Sophie Garnier")
    expect(page.get_by_label("Limite de crédit, ligne 2")).to_have_value("2000")
    page.get_by_role("button", name="Enregistrer").first.click()

    customer = _stored(server, _code_from(page))
    assert (customer["customer_name"], customer["customer_type"]) == (
        "Sophie Garnier",
        "Individual",
    )
    assert [(row["company"], row["credit_limit"]) for row in customer["credit_limits"]] == [
        (COMPANY, "1000.00"),
        (OTHER_COMPANY, "2000.00"),
    ]


def test_type_ahead_offers_the_price_lists_and_one_is_picked(page: Page, server: Server):
    sign_in(page, "vendeur")
    page.goto("/customers/new/")
    price_list = page.get_by_label("Liste de prix par défaut")

    price_list.press_sequentially("Stand", delay=30)

    options = page.locator("#id_default_price_list-options option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", "Standard Selling")
    # the browser offers it under the field (a <datalist>, drawn by the browser itself
    # outside the page, so a headless browser cannot click it): picking it fills the field
    price_list.fill(options.first.get_attribute("value") or "")
    expect(price_list).to_have_value("Standard Selling")
    page.get_by_label("Nom complet").fill("Cabinet Moreau Architectes")
    page.get_by_role("button", name="Enregistrer").first.click()
    assert _stored(server, _code_from(page))["default_price_list"] == "Standard Selling"


def test_create_a_linked_record_without_leaving_the_form(page: Page, server: Server):
    industry = f"Boulangerie artisanale {uuid.uuid4().hex[:4]}"
    segment = f"Artisans {uuid.uuid4().hex[:4]}"
    sign_in(page, "manon")
    page.goto("/customers/new/")
    page.get_by_label("Nom complet").fill("Fournil du Marais")

    # "+ créer" next to the industry opens a dialog
    page.get_by_role("button", name="créer (Industrie)").click()
    dialog = page.get_by_role("dialog", name="Nouvelle industrie")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Nom")).to_be_focused()
    assert_accessible(page)
    dialog.get_by_label("Nom").fill(industry)
    dialog.get_by_role("button", name="Créer").click()

    # the dialog closes and the field holds the new industry, focused
    expect(dialog).to_have_count(0)
    expect(page.get_by_label("Industrie", exact=True)).to_have_value(industry)
    expect(page.get_by_label("Industrie", exact=True)).to_be_focused()

    # Escape closes a dialog, the focus back on its button
    create_segment = page.get_by_role("button", name="créer (Part de marché)")
    create_segment.click()
    dialog = page.get_by_role("dialog", name="Nouvelle part de marché")
    expect(dialog.get_by_label("Nom")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(create_segment).to_be_focused()
    # a refusal stays in the dialog, the field in error focused; Enter creates
    create_segment.click()
    dialog.get_by_role("button", name="Créer").click()
    expect(dialog.get_by_label("Nom")).to_be_focused()
    expect(dialog.get_by_label("Nom")).to_have_attribute("aria-invalid", "true")
    dialog.get_by_label("Nom").fill(segment)
    dialog.get_by_label("Nom").press("Enter")
    expect(dialog).to_have_count(0)
    expect(page.get_by_label("Part de marché", exact=True)).to_have_value(segment)

    # the name typed before is still there; saving stores both links
    expect(page.get_by_label("Nom complet")).to_have_value("Fournil du Marais")
    page.get_by_role("button", name="Enregistrer").first.click()
    customer = _stored(server, _code_from(page))
    assert (customer["industry"], customer["market_segment"]) == (industry, segment)


def test_a_sales_user_gets_no_create_button_where_only_managers_create(page: Page):
    sign_in(page, "vendeur")
    page.goto("/customers/new/")

    expect(page.get_by_label("Industrie", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="créer (Industrie)")).to_have_count(0)
    # and readers do not get the form
    page.get_by_role("button", name=re.compile("Se déconnecter")).click()
    sign_in(page, "lecteur")
    response = page.goto("/customers/new/")
    assert response is not None and response.status == 403


def test_on_a_phone_a_child_table_row_is_a_card(browser: Browser, server: Server, references):
    code = _customer(server, f"Primeurs Gauthier {uuid.uuid4().hex[:6]}")
    context = browser.new_context(
        base_url=server.url, locale="fr-FR", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    sign_in(page, "vendeur")
    page.goto(f"/customer/{code}/edit/")

    _add_row(page, "Limites de crédit")
    company = page.get_by_label("Société, ligne 1")
    cell = page.get_by_role("cell").filter(has=company)

    assert cell.evaluate("cell => getComputedStyle(cell).display") == "block"
    assert cell.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Société : "'
    company.fill(COMPANY)
    page.get_by_label("Limite de crédit, ligne 1").fill("1500")
    # nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
    screenshot(page, "13-customer-form-phone")
    page.get_by_role("button", name="Enregistrer").first.click()
    assert _code_from(page) == code
    assert _stored(server, code)["credit_limits"][0]["credit_limit"] == "1500.00"
    context.close()
