"""Selling settings, naming series, leads and contacts, in Chromium, in French."""

import re
import uuid

from playwright.sync_api import Page, expect

from tests.browser.pages import assert_accessible, htmx_settled, screenshot, sign_in


def test_the_default_customer_group_is_changed_and_saved(page: Page, server):
    api = server.api("manon")
    before = api.get("/selling-settings/").json()
    try:
        sign_in(page, "manon")
        page.goto("/selling-settings/")
        expect(page.get_by_role("heading", name="Paramètres de vente", level=1)).to_be_visible()
        # the customer naming decision stands apart, with what it fixes
        naming = page.get_by_role("article", name="Comment les clients reçoivent leur code")
        expect(naming.get_by_role("radio", name="Nom de série")).to_be_checked()
        assert_accessible(page)
        screenshot(page, "50-selling-settings")

        page.get_by_label("Groupe de clients par défaut").select_option(label="Administration")
        page.get_by_role("button", name="Enregistrer les valeurs par défaut").click()

        expect(page.get_by_role("status")).to_have_text("Les paramètres de vente sont enregistrés.")
        expect(page.get_by_label("Groupe de clients par défaut")).to_have_value("Government")
        assert api.get("/selling-settings/").json()["customer_group"] == "Government"
    finally:
        api.patch("/selling-settings/", json={"customer_group": before["customer_group"]})


def test_a_reader_sees_the_settings_without_a_save_button(page: Page):
    sign_in(page, "lecteur")
    page.goto("/selling-settings/")

    expect(page.get_by_label("Groupe de clients par défaut")).to_be_disabled()
    expect(page.get_by_role("button", name=re.compile("^Enregistrer"))).to_have_count(0)


def test_a_counter_is_raised_then_lowered_after_the_warning(page: Page):
    series = f"ESSAI{uuid.uuid4().hex[:4].upper()}-.####"
    prefix = series.removesuffix(".####")
    sign_in(page, "manon")
    page.goto("/naming-series/")
    page.get_by_label("Nouvelle série").fill(series)
    page.get_by_role("button", name="Ajouter la série").click()
    expect(page.get_by_role("status")).to_have_text(f"La série « {series} » est ajoutée.")

    counter = page.get_by_label(f"Valeur actuelle de {prefix}")
    counter.fill("50")
    counter.press("Enter")
    expect(page.get_by_role("status")).to_have_text(f"Le compteur {prefix} est maintenant à 50.")
    expect(page.get_by_role("row", name=re.compile(f"^{series}"))).to_contain_text(f"{prefix}0051")

    # lowering it: a warning first, nothing written
    page.get_by_label(f"Valeur actuelle de {prefix}").fill("10")
    page.get_by_label(f"Valeur actuelle de {prefix}").press("Enter")
    warning = page.get_by_role("alert").filter(has_text="Baisser le compteur")
    expect(warning).to_contain_text(f"Baisser le compteur de {prefix} de 50 à 10 ?")
    expect(warning).to_contain_text("Les numéros 11 à 50 ont déjà été attribués")
    assert_accessible(page)

    htmx_settled(page)
    warning.get_by_role("button", name="Baisser quand même à 10").click()
    expect(page.get_by_role("status")).to_have_text(f"Le compteur {prefix} est maintenant à 10.")
    screenshot(page, "51-naming-series")
    expect(page.get_by_role("row", name=re.compile(f"^{series}"))).to_contain_text(f"{prefix}0011")


def test_a_lead_is_created_then_converted_to_a_customer(page: Page, server):
    organisation = f"Fromagerie Vidal {uuid.uuid4().hex[:6]}"
    sign_in(page, "vendeur")
    page.goto("/leads/")
    page.get_by_role("button", name="+ Ajouter Prospect").click()
    expect(page.get_by_role("heading", name="Nouveau prospect", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Nom de la personne").fill("Hélène Vidal")
    page.get_by_label("Nom de l'organisation").fill(organisation)
    page.get_by_label("E-mail").fill("helene@vidal.example")
    page.get_by_label("Région").select_option("France")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(organisation)
    code = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.goto("/leads/")
    page.get_by_label("Rechercher : code, nom, organisation, e-mail, téléphone").fill("vidal")
    expect(page.get_by_role("link", name=code)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "52-leads")

    page.get_by_role("link", name=code).click()
    page.get_by_role("button", name="Convertir en client").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Région")).to_have_value("France")
    dialog.get_by_label("Groupe de clients").select_option("Commercial")
    assert_accessible(page)
    dialog.get_by_role("button", name="Créer le client").click()

    expect(page).to_have_url(re.compile(r"/customer/[^/]+/$"))
    customers = server.api().get("/customers/", params={"q": organisation}).json()["items"]
    assert [c["customer_name"] for c in customers] == [organisation]
    customer = server.api().get(f"/customers/{customers[0]['name']}").json()
    assert page.url.endswith(f"/customer/{customer['name']}/")
    assert (customer["lead_name"], customer["customer_group"]) == (code, "Commercial")
    lead = server.api().get(f"/leads/{code}").json()
    assert lead["status"] == "Converted"


def test_contacts_are_found_by_name_as_one_types(page: Page, server):
    api = server.api()
    tag = uuid.uuid4().hex[:6]
    data = {"customer_name": f"Boulangerie Martin {tag}", "customer_type": "Company"}
    customer = api.post("/customers/", json=data).json()
    for first, last in (("Claire", f"Martin{tag}"), ("Paul", f"Durand{tag}")):
        api.post(
            "/contacts/",
            json={
                "first_name": first,
                "last_name": last,
                "emails": [{"email_id": f"{first.lower()}.{tag}@example.fr"}],
                "links": [{"party_type": "customer", "party_name": customer["name"]}],
            },
        ).raise_for_status()
    sign_in(page, "vendeur")
    page.goto("/contacts/")

    page.get_by_label("Rechercher : nom, e-mail, téléphone").fill(f"martin{tag}")

    expect(page.get_by_text("1 contact", exact=True)).to_be_visible()
    row = page.get_by_role("row", name=re.compile(f"Claire Martin{tag}"))
    expect(row.get_by_role("link", name=customer["name"])).to_have_attribute(
        "href", f"/customer/{customer['name']}/"
    )
    expect(page.get_by_role("link", name=f"Paul Durand{tag}")).to_have_count(0)
    expect(page).to_have_url(re.compile(f"q=martin{tag}"))
    assert_accessible(page)
    screenshot(page, "53-contacts")

    page.get_by_role("link", name=f"Claire Martin{tag}").click()
    expect(page.get_by_role("heading", name=f"Claire Martin{tag}", level=1)).to_be_visible()
    assert_accessible(page)
