"""In Chromium: a credit note made from an invoice's page (“Créer → Avoir”), its
quantity lowered in the form before it is submitted; an order closed (asked first, with
the keyboard) then re-opened; an
advance allocated from its payment's page. Data is built through the REST API."""

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import Server, assert_accessible, sign_in

COMPANY = "Clientèle Démo SAS"


def _ok(response, status: int = 201) -> dict:
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture
def shop(server: Server) -> dict:
    """An item at 10.00 in the standard selling list, and a customer."""
    tag = uuid.uuid4().hex[:6].upper()
    api = server.api()
    group = f"Produits {tag}"
    _ok(api.post("/item-groups/", json={"name": group, "is_group": False}))
    code = f"VIS{tag}"
    _ok(api.post("/items/", json={"name": code, "item_name": f"Vis {tag}", "item_group": group}))
    price = {"item": code, "price_list": "Standard Selling", "price_list_rate": "10.00"}
    _ok(api.post("/item-prices/", json=price))
    who = _ok(api.post("/customers/", json={"customer_name": f"Quincaillerie {tag}"}))
    return {"customer": who["name"], "item": code, "api": api}


def _submitted(shop: dict, path: str, qty: int) -> str:
    body = {"customer": shop["customer"], "company": COMPANY}
    body["items"] = [{"item": shop["item"], "qty": qty}]
    name = _ok(shop["api"].post(f"/{path}/", json=body))["name"]
    _ok(shop["api"].post(f"/{path}/{name}/submit"), 200)
    return name


def test_a_credit_note_returns_part_of_an_invoice(page: Page, shop):
    invoice = _submitted(shop, "sales-invoices", 5)
    sign_in(page, "admin")
    page.goto(f"/sales/sales-invoices/{invoice}/")

    page.get_by_role("button", name="Créer → Avoir").click()
    expect(page.get_by_label("Quantité (ligne 1)")).to_have_value("-5.000")
    page.get_by_label("Quantité (ligne 1)").fill("-2")
    page.get_by_label("Quantité (ligne 1)").press("Tab")
    expect(page.locator("#total-grand")).to_have_text("-24,00 €")
    assert_accessible(page)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("est enregistré")
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".document-head .badge")).to_have_text("Avoir")

    page.goto(f"/sales/sales-invoices/{invoice}/")
    expect(page.locator(".document-head .badge")).to_have_text("Avoir émis")
    expect(page.locator(".document-header")).to_contain_text("36,00 €")
    expect(page.get_by_role("button", name="Créer → Avoir")).to_be_visible()


def test_an_order_is_closed_then_reopened(page: Page, shop):
    order = _submitted(shop, "sales-orders", 3)
    sign_in(page, "admin")
    page.goto(f"/sales/sales-orders/{order}/")

    page.get_by_role("button", name="Fermer", exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"Fermer {order} ?")
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator(".document-head .badge")).to_have_text("À livrer et facturer")

    page.get_by_role("button", name="Fermer", exact=True).focus()
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("button", name="Fermer", exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(dialog.get_by_role("button", name="Fermer la commande")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".document-head .badge")).to_have_text("Fermée")
    expect(page.get_by_role("button", name="Créer → Bon de livraison")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Rouvrir").click()

    expect(page.locator(".document-head .badge")).to_have_text("À livrer et facturer")


def test_an_advance_is_allocated_from_its_payment(page: Page, shop):
    invoice = _submitted(shop, "sales-invoices", 1)
    body = {"customer": shop["customer"], "company": COMPANY, "paid_amount": "50.00"}
    payment = _ok(shop["api"].post("/payment-entries/", json=body))["name"]
    _ok(shop["api"].post(f"/payment-entries/{payment}/submit"), 200)
    sign_in(page, "admin")
    page.goto(f"/sales/payment-entries/{payment}/")

    page.get_by_role("button", name="Affecter l’acompte").click()
    page.get_by_label(f"Alloué à {invoice}").fill("12")
    assert_accessible(page)
    page.get_by_role("button", name="Affecter", exact=True).click()

    expect(page.get_by_role("status")).to_contain_text("L’acompte a été affecté")
    expect(page.locator(".document-header")).to_contain_text("38,00 €")
    page.goto(f"/sales/sales-invoices/{invoice}/")
    expect(page.locator(".document-head .badge")).to_have_text("Payé")
