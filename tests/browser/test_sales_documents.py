"""The sales documents in Chromium: a quotation typed with two lines (items picked by
type-ahead, rates filled from the price list, totals recomputed by the server as one
types), submitted, then turned into an order, an invoice and a payment; the customer
page's dashboard counts them. Data is built through the REST API."""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import Server, assert_accessible, screenshot, sign_in


def _ok(response, status: int = 201) -> dict:
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture
def shop(server: Server) -> dict:
    """Two items priced in the standard selling list, and a customer."""
    tag = uuid.uuid4().hex[:6].upper()
    api = server.api()
    group = f"Produits {tag}"
    _ok(api.post("/item-groups/", json={"name": group, "is_group": False}))
    items = {f"CAFE{tag}": "12.50", f"THE{tag}": "8.00"}
    for code, rate in items.items():
        _ok(
            api.post(
                "/items/", json={"name": code, "item_name": f"Article {code}", "item_group": group}
            )
        )
        _ok(
            api.post(
                "/item-prices/",
                json={"item": code, "price_list": "Standard Selling", "price_list_rate": rate},
            )
        )
    who = _ok(api.post("/customers/", json={"customer_name": f"Épicerie {tag}"}))
    return {"customer": who["name"], "name": who["customer_name"], "items": list(items)}


def _pick_item(page: Page, line: int, code: str) -> None:
    """Type the start of the code, wait for the type-ahead to offer it, then take it."""
    field = page.get_by_label(f"Article (ligne {line})")
    field.fill(code[:5])
    options = page.locator(f"#id_items-{line - 1}-item-options option[value='{code}']")
    expect(options).to_have_count(1)
    field.fill(code)
    field.press("Tab")


def test_a_quotation_becomes_an_order_an_invoice_and_a_payment(page: Page, shop):
    sign_in(page, "admin")
    page.goto(f"/sales/quotations/new/?customer={shop['customer']}")
    expect(page.get_by_role("heading", name="Nouveau devis")).to_be_visible()
    first, second = shop["items"]

    _pick_item(page, 1, first)
    expect(page.get_by_label("Prix (ligne 1)")).to_have_value("12.50")
    expect(page.locator("#total-grand")).to_have_text("15,00 €")
    page.get_by_label("Quantité (ligne 1)").fill("4")
    page.get_by_label("Quantité (ligne 1)").press("Tab")
    expect(page.locator("#total-grand")).to_have_text("60,00 €")
    page.get_by_role("button", name="Ajouter une ligne", exact=True).click()
    expect(page.get_by_label("Article (ligne 2)")).to_be_visible()
    expect(page.locator("#rows-items .htmx-added")).to_have_count(0)  # the new line settled
    _pick_item(page, 2, second)
    expect(page.get_by_label("Prix (ligne 2)")).to_have_value("8.00")
    page.get_by_label("Quantité (ligne 2)").fill("1")
    page.get_by_label("Remise (%) (ligne 2)").fill("10")
    page.get_by_label("Remise (%) (ligne 2)").press("Tab")
    expect(page.get_by_label("Prix (ligne 2)")).to_have_value("7.20")
    expect(page.locator("#total-net")).to_have_text("57,20 €")
    expect(page.locator("#total-grand")).to_have_text("68,64 €")
    assert_accessible(page)
    screenshot(page, "60-quotation-form")

    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text("est enregistré")
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".document-head .badge")).to_have_text("Ouvert")
    assert_accessible(page)

    page.get_by_role("button", name="Créer → Commande client").click()
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".document-head .badge")).to_have_text("À livrer et facturer")
    page.get_by_role("button", name="Créer → Facture de vente").click()
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".document-head .badge")).to_have_text("Impayé")
    screenshot(page, "61-sales-invoice")
    page.get_by_role("button", name="Créer → Écriture de paiement").click()
    expect(page.get_by_label(re.compile("Alloué à"))).to_have_value("68.64")
    assert_accessible(page)
    page.get_by_role("button", name="Valider").click()
    expect(page.locator(".document-head .badge")).to_have_text("Validé")

    page.goto(f"/customer/{shop['customer']}/")
    documents = page.locator("#documents")
    for label in ("Devis", "Commande client", "Facture de vente", "Écriture de paiement"):
        row = documents.locator("li", has_text=label)
        expect(row.locator(".document-count")).to_have_text("1")
    balances = page.get_by_role("table", name="Facturation par société")
    expect(balances).to_contain_text("68,64 €")
    screenshot(page, "62-customer-documents")


def test_the_lists_filter_by_customer_and_read_well(page: Page, server: Server, shop):
    api = server.api()
    body = {"customer": shop["customer"], "company": "Clientèle Démo SAS"}
    body["items"] = [{"item": shop["items"][0], "qty": 2}]
    _ok(api.post("/quotations/", json=body))
    sign_in(page, "vendeur")

    page.goto("/sales/quotations/")
    page.get_by_label("Client").fill(shop["customer"])
    page.get_by_label("Client").press("Enter")

    expect(page.get_by_text("1 document", exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(f"customer={shop['customer']}"))
    assert_accessible(page)
    screenshot(page, "63-quotation-list")
    for kind in ("sales-orders", "delivery-notes", "sales-invoices", "payment-entries"):
        page.goto(f"/sales/{kind}/")
        assert_accessible(page)
    page.goto("/accounts-settings/")
    assert_accessible(page)
