"""The master records' screens in Chromium: a price list, a payment terms template with
two rows, and a refused delete."""

import uuid

from playwright.sync_api import Page, expect

from tests.browser.pages import assert_accessible, screenshot, sign_in


def test_a_price_list_is_created_from_the_records_screens(page: Page, server):
    name = f"Tarif PME {uuid.uuid4().hex[:4]}"
    sign_in(page, "manon")
    page.goto("/records/price-lists/")
    page.get_by_role("button", name="+ Ajouter Liste de prix").click()
    assert_accessible(page)

    page.get_by_label("Nom").fill(name)
    page.get_by_label("Devise").select_option("EUR")
    page.get_by_label("Achat").check()
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_have_text(f"« {name} » est enregistré.")
    expect(page.get_by_role("link", name=name)).to_be_visible()
    assert_accessible(page)
    screenshot(page, "54-records-price-lists")
    stored = server.api().get(f"/price-lists/{name}").json()
    assert (stored["currency"], stored["selling"], stored["buying"], stored["enabled"]) == (
        "EUR",
        True,
        True,
        True,
    )


def test_a_payment_terms_template_is_created_with_two_term_rows(page: Page, server):
    name = f"Acompte et solde {uuid.uuid4().hex[:4]}"
    sign_in(page, "admin")
    page.goto("/records/payment-terms-templates/new/")
    page.get_by_label("Nom").fill(name)
    page.get_by_label("Description (ligne 1)").fill("Acompte")
    page.get_by_label("Portion de facture (%) (ligne 1)").fill("30")

    page.get_by_role("button", name="Ajouter une ligne").click()
    page.get_by_label("Description (ligne 2)").fill("Solde")
    page.get_by_label("Portion de facture (%) (ligne 2)").fill("70")
    page.get_by_label("Jours de crédit (ligne 2)").fill("30")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_have_text(f"« {name} » est enregistré.")
    terms = server.api().get(f"/payment-terms-templates/{name}").json()["terms"]
    assert [(t["description"], t["invoice_portion"], t["credit_days"]) for t in terms] == [
        ("Acompte", "30.000", 0),
        ("Solde", "70.000", 30),
    ]


def test_portions_not_totalling_100_are_shown_and_corrected_without_retyping(page: Page):
    name = f"Incomplet {uuid.uuid4().hex[:4]}"
    sign_in(page, "admin")
    page.goto("/records/payment-terms-templates/new/")
    page.get_by_label("Nom").fill(name)
    page.get_by_label("Portion de facture (%) (ligne 1)").fill("90")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_text("Les portions de facture doivent totaliser 100 %.")).to_be_visible()
    expect(page.get_by_label("Nom")).to_have_value(name)
    page.get_by_label("Portion de facture (%) (ligne 1)").fill("100")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_have_text(f"« {name} » est enregistré.")


def test_deleting_a_price_list_in_use_is_refused_with_the_reason(page: Page, server):
    api = server.api()
    name = f"Tarif utilisé {uuid.uuid4().hex[:4]}"
    api.post("/price-lists/", json={"name": name, "currency": "EUR"}).raise_for_status()
    api.post(
        "/customers/",
        json={"customer_name": f"Client de {name}", "default_price_list": name},
    ).raise_for_status()
    sign_in(page, "manon")
    page.goto("/records/price-lists/")
    page.get_by_role("link", name=name).click()

    page.get_by_role("button", name="Supprimer").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Supprimer").click()

    expect(dialog.get_by_role("alert")).to_contain_text("Suppression impossible.")
    expect(dialog.get_by_role("alert")).to_contain_text(f"“{name}” : clients (1).")
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    assert api.get(f"/price-lists/{name}").status_code == 200
