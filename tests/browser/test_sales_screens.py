"""The sales screens in English and on a phone, checked with axe: the list, the form with
its lines, a document's page with its actions, the payment form and the print preview.
On a phone the list's rows become cards, as the customer list's do. Data is built
through the REST API."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import Server, assert_accessible, screenshot, sign_in
from tests.browser.test_sales_documents import _ok, shop  # noqa: F401  (a fixture)

COMPANY = "Clientèle Démo SAS"


def _invoice(server: Server, shop: dict) -> str:  # noqa: F811
    """A submitted invoice of 4 × the first item (60.00 with VAT), unpaid."""
    api = server.api()
    body = {"customer": shop["customer"], "company": COMPANY, "posting_date": "2030-01-10"}
    body["items"] = [{"item": shop["items"][0], "qty": 4}]
    name = _ok(api.post("/sales-invoices/", json=body))["name"]
    _ok(api.post(f"/sales-invoices/{name}/submit"), 200)
    return name


def _pick(page: Page, code: str) -> None:
    field = page.get_by_label("Item (line 1)")
    field.fill(code[:5])
    expect(page.locator(f"#id_items-0-item-options option[value='{code}']")).to_have_count(1)
    field.fill(code)
    field.press("Tab")


def test_the_sales_screens_in_english(page: Page, server: Server, shop):  # noqa: F811
    invoice = _invoice(server, shop)
    sign_in(page, "admin")
    page.get_by_role("button", name="English").click()
    try:
        page.goto(f"/sales/quotations/new/?customer={shop['customer']}")
        expect(page.get_by_role("heading", name="New quotation")).to_be_visible()
        _pick(page, shop["items"][0])
        expect(page.locator("#total-grand")).to_have_text("€15.00")
        assert_accessible(page)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("was saved")
        page.get_by_role("button", name="Submit").click()
        expect(page.locator(".document-head .badge")).to_have_text("Open")
        expect(page.get_by_role("button", name="Create → Sales Order")).to_be_visible()
        assert_accessible(page)

        page.goto("/sales/quotations/")
        expect(page.get_by_role("heading", name="Quotation", level=1)).to_be_visible()
        assert_accessible(page)

        page.goto(f"/sales/sales-invoices/{invoice}/")
        expect(page.locator(".document-head .badge")).to_have_text("Unpaid")
        page.get_by_role("button", name="Print preview").click()
        expect(page.get_by_role("heading", name=f"Print preview of {invoice}")).to_be_visible()
        assert_accessible(page)
        page.go_back()
        page.get_by_role("button", name="Create → Payment Entry").click()
        expect(page.get_by_label(re.compile(f"Allocated to {invoice}"))).to_have_value("60.00")
        assert_accessible(page)
        screenshot(page, "68-payment-form-en")
    finally:
        # the language is stored on the user: back to French for the other tests
        page.get_by_role("button", name="Français").click()


def test_the_sales_screens_on_a_phone(browser: Browser, server: Server, shop):  # noqa: F811
    invoice = _invoice(server, shop)
    context = browser.new_context(
        base_url=server.url, locale="fr-FR", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in(page, "admin")
        page.goto(f"/sales/sales-invoices/?customer={shop['customer']}")
        row = page.get_by_role("row").filter(has_text=invoice)
        expect(row).to_be_visible()
        assert row.evaluate("row => getComputedStyle(row).display") == "block"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(page)
        screenshot(page, "69-invoice-list-phone")

        row.get_by_role("link", name=invoice).click()
        expect(page.get_by_role("button", name="Créer → Écriture de paiement")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(page)
        page.get_by_role("button", name="Créer → Écriture de paiement").click()
        expect(page.get_by_label(re.compile(f"Alloué à {invoice}"))).to_have_value("60.00")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(page)

        page.goto(f"/sales/sales-invoices/{invoice}/print/")
        expect(page.get_by_role("button", name="Télécharger le PDF")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(page)
    finally:
        context.close()
