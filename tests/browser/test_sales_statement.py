"""A customer's statement in Chromium: reached from the customer page and from the
receivables, its period changed in the address, read on a phone, printed without the
screens' chrome. Data is built through the REST API."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import PASSWORD, Server, assert_accessible, screenshot, sign_in
from tests.browser.test_sales_documents import _ok, shop  # noqa: F401  (a fixture)

COMPANY = "Clientèle Démo SAS"


def _history(server: Server, shop: dict) -> dict:  # noqa: F811
    """An invoice of 4 × 12.50 + 20 % VAT (60.00) in January 2030, 25.00 paid in
    February."""
    api = server.api()
    body = {"customer": shop["customer"], "company": COMPANY, "posting_date": "2030-01-10"}
    body["items"] = [{"item": shop["items"][0], "qty": 4}]
    invoice = _ok(api.post("/sales-invoices/", json=body))["name"]
    _ok(api.post(f"/sales-invoices/{invoice}/submit"), 200)
    payment = {"customer": shop["customer"], "company": COMPANY, "posting_date": "2030-02-15"}
    payment["references"] = [{"sales_invoice": invoice, "allocated_amount": "25.00"}]
    paid = _ok(api.post("/payment-entries/", json=payment))["name"]
    _ok(api.post(f"/payment-entries/{paid}/submit"), 200)
    return {"invoice": invoice, "payment": paid}


def sign_in_english(page: Page, username: str) -> None:
    """An English browser signing in: the screens speak its language (the user picked
    none)."""
    page.goto("/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name=re.compile("Sign out"))).to_be_visible()


def test_the_statement_from_the_customer_page_and_the_receivables(
    page: Page,
    server: Server,
    shop,  # noqa: F811
):
    made = _history(server, shop)
    sign_in(page, "vendeur")
    page.goto(f"/customer/{shop['customer']}/")
    page.get_by_role("link", name=f"Relevé avec {COMPANY}").click()
    expect(page.get_by_role("heading", name=f"Relevé de compte de {shop['name']}")).to_be_visible()

    page.get_by_label("Du", exact=True).fill("2030-02-01")
    page.get_by_label("Au", exact=True).fill("2030-02-28")
    page.get_by_role("button", name="Afficher").click()

    expect(page).to_have_url(re.compile("from_date=2030-02-01&to_date=2030-02-28"))
    expect(page.locator("#opening-balance")).to_have_text("60,00\u00a0€")
    expect(page.locator("#closing-balance")).to_have_text("35,00\u00a0€")
    expect(page.get_by_role("link", name=made["payment"])).to_be_visible()
    assert_accessible(page)
    screenshot(page, "64-customer-statement")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Afficher")).to_be_hidden()
    expect(page.locator("#closing-balance")).to_be_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Comptes clients").click()
    row = page.get_by_role("row").filter(has_text=shop["name"])
    expect(row).to_contain_text("35,00\u00a0€")
    assert_accessible(page)


def test_the_statement_in_english_on_a_phone(
    browser: Browser,
    server: Server,
    shop,  # noqa: F811
):
    _history(server, shop)
    context = browser.new_context(
        base_url=server.url, locale="en-GB", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        sign_in_english(page, "vendeur")
        page.goto(
            f"/receivables/statement/?customer={shop['customer']}&company={COMPANY}"
            "&from_date=2030-01-01&to_date=2030-12-31"
        )
        expect(page.locator("#closing-balance")).to_have_text("€35.00")
        expect(page.get_by_text("Opening balance")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert_accessible(page)
        screenshot(page, "65-customer-statement-phone-en")
    finally:
        context.close()
