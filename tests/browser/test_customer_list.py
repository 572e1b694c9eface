"""The customer list in Chromium: search as one types, a group filter with its subgroups kept
in the URL, and rows as cards on a phone."""

import re
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import PASSWORD, Server, assert_accessible, screenshot, sign_in


def _created(response) -> dict:
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def distribution(server: Server, trial_groups: str) -> dict[str, str]:
    """A parent group with two subgroups, a customer in each, and one elsewhere."""
    tag = uuid.uuid4().hex[:6]
    names = {
        "parent": f"Distribution {tag}",
        "wholesale": f"Grossistes {tag}",
        "retail": f"Détaillants {tag}",
    }
    with server.api() as api:
        parent = {"name": names["parent"], "is_group": True}
        parent["parent_customer_group"] = trial_groups
        _created(api.post("/customer-groups/", json=parent))
        for key in ("wholesale", "retail"):
            _created(
                api.post(
                    "/customer-groups/",
                    json={"name": names[key], "parent_customer_group": names["parent"]},
                )
            )
        customers = {
            "wholesaler": _created(
                api.post(
                    "/customers/",
                    json={
                        "customer_name": f"Grossiste Lefèvre {tag}",
                        "customer_group": names["wholesale"],
                        "contact": {"email_id": f"luc.{tag}@lefevre.fr", "mobile_no": "0612345678"},
                    },
                )
            ),
            "retailer": _created(
                api.post(
                    "/customers/",
                    json={
                        "customer_name": f"Épicerie Moreau {tag}",
                        "customer_group": names["retail"],
                    },
                )
            ),
            "other": _created(
                api.post("/customers/", json={"customer_name": f"Cabinet Duval {tag}"})
            ),
        }
    return names | {key: value["name"] for key, value in customers.items()} | {"tag": tag}


def _rows(page: Page):
    return page.get_by_role("table").get_by_role("row")


def test_list_search_and_subtree_filter_kept_in_the_url(page: Page, distribution):
    sign_in(page, "vendeur")
    page.goto("/customers/")
    expect(page.get_by_role("heading", name="Client", level=1)).to_be_visible()

    # when the parent group is chosen
    page.get_by_label("Groupe de clients (sous-groupes inclus)").select_option(
        distribution["parent"]
    )

    # then the customers of both subgroups are listed, and only them
    expect(page.get_by_role("main").get_by_text("2 clients", exact=True)).to_be_visible()
    table = page.get_by_role("table")
    expect(
        table.get_by_role("link", name=f"Grossiste Lefèvre {distribution['tag']}")
    ).to_be_visible()
    expect(table.get_by_role("link", name=f"Épicerie Moreau {distribution['tag']}")).to_be_visible()
    expect(_rows(page)).to_have_count(3)  # the header and two customers
    expect(page).to_have_url(re.compile(r"customer_group="))
    assert parse_qs(urlsplit(page.url).query) == {"customer_group": [distribution["parent"]]}
    expect(
        table.get_by_role("link", name=f"Grossiste Lefèvre {distribution['tag']}")
    ).to_have_attribute("href", f"/customer/{distribution['wholesaler']}/")
    assert_accessible(page)
    screenshot(page, "10-customer-list")

    # a reload keeps the filter
    page.reload()
    expect(page.get_by_label("Groupe de clients (sous-groupes inclus)")).to_have_value(
        distribution["parent"]
    )
    expect(_rows(page)).to_have_count(3)

    # searching as one types narrows the filtered list, by e-mail here
    page.get_by_label("Rechercher", exact=True).fill(f"luc.{distribution['tag']}")
    expect(page.get_by_role("main").get_by_text("1 client", exact=True)).to_be_visible()
    expect(_rows(page)).to_have_count(2)
    expect(page).to_have_url(re.compile(rf"q=luc\.{distribution['tag']}"))
    row = _rows(page).nth(1)
    expect(row).to_contain_text(f"luc.{distribution['tag']}@lefevre.fr · 06 12 34 56 78")

    # and clearing the group filter finds the other customers by name
    page.get_by_label("Groupe de clients (sous-groupes inclus)").select_option("")
    page.get_by_label("Rechercher", exact=True).fill(f"duval {distribution['tag']}")
    expect(_rows(page)).to_have_count(2)
    expect(page.get_by_role("link", name=f"Cabinet Duval {distribution['tag']}")).to_be_visible()
    assert parse_qs(urlsplit(page.url).query) == {"q": [f"duval {distribution['tag']}"]}


def test_sorting_by_a_column_header(page: Page, distribution):
    sign_in(page, "vendeur")
    page.goto(f"/customers/?customer_group={distribution['parent']}")

    page.get_by_role("link", name="Nom").click()

    header = page.get_by_role("columnheader", name="Nom")
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(_rows(page).nth(1)).to_contain_text("Épicerie Moreau")
    expect(page).to_have_url(re.compile(r"sort=name"))
    page.get_by_role("link", name="Nom").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(_rows(page).nth(1)).to_contain_text("Grossiste Lefèvre")


def test_a_reader_sees_the_list_without_the_add_button(page: Page, distribution):
    sign_in(page, "lecteur")
    page.goto("/customers/")

    expect(page.get_by_role("heading", name="Client", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="+ Ajouter Client")).to_have_count(0)


def test_on_a_phone_each_customer_is_a_card(browser: Browser, server: Server, distribution):
    context = browser.new_context(
        base_url=server.url, locale="fr-FR", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    sign_in(page, "vendeur")
    page.goto(f"/customers/?customer_group={distribution['parent']}")

    card = _rows(page).nth(1)
    expect(card).to_be_visible()
    assert card.evaluate("row => getComputedStyle(row).display") == "block"
    assert page.locator("table.cards thead").evaluate(
        "head => head.getBoundingClientRect().right <= 0"
    )
    cell_label = card.get_by_role("cell").first.evaluate(
        "cell => getComputedStyle(cell, '::before').content"
    )
    assert cell_label == '"Code : "'
    # nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.get_by_role("button", name="+ Ajouter Client")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "12-customer-list-phone")
    context.close()


def test_the_list_and_the_dialog_in_english(browser: Browser, server: Server, distribution):
    context = browser.new_context(base_url=server.url, locale="en-GB")
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("Username").fill("vendeur")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"/customers/?customer_group={distribution['parent']}")
    expect(page.get_by_role("heading", name="Customer", level=1)).to_be_visible()
    expect(page.get_by_role("main").get_by_text("2 customers", exact=True)).to_be_visible()
    expect(page.get_by_label("Customer Group (subgroups included)")).to_have_value(
        distribution["parent"]
    )
    assert_accessible(page)
    page.get_by_role("button", name="+ Add Customer").click()
    dialog = page.get_by_role("dialog", name="New customer")
    expect(dialog.get_by_role("button", name="Edit Full Page")).to_be_visible()
    assert_accessible(page)
    context.close()
