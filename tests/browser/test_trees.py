"""The trees in Chromium: add a child, move by drag and drop and by the dialog, a refused
delete with its reason, search; a group's and a territory's own pages."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.pages import assert_accessible, screenshot, sign_in

ROOT = "All Customer Groups"


def add_group(api, name: str, parent: str = ROOT, *, is_group: bool = False) -> None:
    answer = api.post(
        "/customer-groups/",
        json={"name": name, "parent_customer_group": parent, "is_group": is_group},
    )
    assert answer.status_code == 201, answer.text


def add_customer(api, name: str, group: str, territory: str = "France") -> None:
    answer = api.post(
        "/customers/",
        json={"customer_name": name, "customer_group": group, "territory": territory},
    )
    assert answer.status_code == 201, answer.text


def tree_url(*opened: str) -> str:
    return "/customer-groups/?" + "&".join(f"open={quote(name)}" for name in opened)


def children_of(page: Page, name: str) -> Locator:
    """The list of a node's children, found from its toggle (``aria-controls``)."""
    toggle = page.get_by_role("button", name=name, exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "true")
    return page.locator("#" + toggle.get_attribute("aria-controls"))


@pytest.fixture(scope="module")
def companies(server):
    """Professionnels (group) > Artisans, Grandes entreprises, with a few customers."""
    api = server.api()
    add_group(api, "Professionnels", is_group=True)
    add_group(api, "Artisans", "Professionnels")
    add_group(api, "Grandes entreprises", "Professionnels")
    for number, group in enumerate(["Artisans", "Artisans", "Artisans", "Grandes entreprises"]):
        add_customer(api, f"Société {number} SARL", group)
    return api


def test_the_customer_group_tree_and_its_counts(page: Page, companies):
    sign_in(page, "manon")
    page.goto(tree_url(ROOT, "Professionnels"))

    rows = children_of(page, "Professionnels")
    expect(rows.get_by_text("3 clients")).to_be_attached()  # Artisans, as screen readers hear it
    page.get_by_role("link", name="Artisans").hover()
    assert_accessible(page)
    screenshot(page, "40-customer-group-tree")


def test_add_a_child_group_node_then_a_child_under_it(page: Page, companies):
    sign_in(page, "manon")
    page.goto("/customer-groups/")
    expect(page.get_by_role("heading", name="Groupe de clients", level=1)).to_be_visible()
    tree = page.get_by_role("list", name="Groupe de clients")
    expect(tree.get_by_role("link", name="Tous les groupes de clients")).to_be_visible()

    # "Ajouter un enfant" on the root, as the guide says
    page.get_by_role("button", name="Ajouter un enfant (Tous les groupes de clients)").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text(
        "Ajouter un enfant à « Tous les groupes de clients »"
    )
    assert_accessible(page)
    dialog.get_by_label("Nom du groupe de clients").fill("Collectivités")
    dialog.get_by_label("Noeud de groupe").check()
    dialog.get_by_role("button", name="Créer nouveau").click()

    # the new group node is in the tree, focused, and takes children in turn
    expect(dialog).to_be_hidden()
    expect(tree.get_by_role("link", name="Collectivités")).to_be_visible()
    page.get_by_role("button", name="Ajouter un enfant (Collectivités)").click()
    page.get_by_role("dialog").get_by_label("Nom du groupe de clients").fill("Communes")
    page.get_by_role("dialog").get_by_label("Nom du groupe de clients").press("Enter")

    expect(children_of(page, "Collectivités").get_by_role("link", name="Communes")).to_be_visible()
    # a leaf takes no child
    expect(page.get_by_role("button", name="Ajouter un enfant (Communes)")).to_have_count(0)

    # renamed, the group stays open with its child
    page.get_by_role("button", name="Renommer (Collectivités)").click()
    page.get_by_role("dialog").get_by_label("Nouveau nom").fill("Collectivités locales")
    page.get_by_role("dialog").get_by_role("button", name="Renommer").click()
    locales = children_of(page, "Collectivités locales")
    expect(locales.get_by_role("link", name="Communes")).to_be_visible()


def test_a_node_dragged_onto_a_group_moves_there_and_stays_after_a_reload(page: Page, server):
    api = server.api()
    add_group(api, "Europe", is_group=True)
    add_group(api, "Lyon", "Europe")
    add_group(api, "Ventes directes", is_group=True)
    sign_in(page, "manon")
    # tall enough that both nodes are on screen, whatever other tests added to the root:
    # a drag that has to scroll is not what a person does
    page.set_viewport_size({"width": 1280, "height": 4000})
    page.goto(tree_url(ROOT, "Europe"))

    page.get_by_role("link", name="Lyon", exact=True).drag_to(
        page.get_by_role("link", name="Ventes directes", exact=True)
    )

    expect(children_of(page, "Ventes directes").get_by_role("link", name="Lyon")).to_be_visible()
    # Europe has no child left: nothing to open
    expect(page.get_by_role("button", name="Europe", exact=True)).to_have_count(0)
    page.reload()
    expect(children_of(page, "Ventes directes").get_by_role("link", name="Lyon")).to_be_visible()
    assert api.get("/customer-groups/Lyon").json()["parent_customer_group"] == "Ventes directes"


def test_a_node_dropped_onto_a_leaf_stays_and_the_reason_is_shown(page: Page, server):
    api = server.api()
    add_group(api, "Marseille")
    add_group(api, "Nice")
    sign_in(page, "manon")
    page.goto("/customer-groups/")

    page.get_by_role("link", name="Marseille").drag_to(page.get_by_role("link", name="Nice"))

    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("“Nice” n'est pas un nœud de groupe", exact=False)).to_be_visible()
    assert api.get("/customer-groups/Marseille").json()["parent_customer_group"] == ROOT


def test_the_same_move_through_the_dialog_with_the_keyboard(page: Page, server):
    api = server.api()
    add_group(api, "Asie", is_group=True)
    add_group(api, "Tokyo")
    sign_in(page, "manon")
    page.goto("/customer-groups/")

    move = page.get_by_role("button", name="Déplacer (Tokyo)")
    move.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Déplacer « Tokyo »")
    expect(dialog.get_by_label("Nouveau parent")).to_be_focused()
    page.keyboard.type("Asie")
    page.keyboard.press("Enter")

    expect(dialog).to_be_hidden()
    expect(children_of(page, "Asie").get_by_role("link", name="Tokyo")).to_be_visible()
    assert api.get("/customer-groups/Tokyo").json()["parent_customer_group"] == "Asie"


def test_moving_a_group_under_its_own_child_is_refused_with_the_reason(page: Page, companies):
    sign_in(page, "manon")
    page.goto("/customer-groups/")

    page.get_by_role("button", name="Déplacer (Professionnels)").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Nouveau parent").fill("Professionnels")
    dialog.get_by_role("button", name="Déplacer").click()

    expect(dialog.get_by_label("Nouveau parent")).to_have_attribute("aria-invalid", "true")
    expect(
        dialog.get_by_text("ne peut pas être déplacé sous lui-même", exact=False)
    ).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()


def test_a_refused_delete_says_why_and_links_to_what_uses_the_group(page: Page, companies):
    sign_in(page, "manon")
    page.goto(tree_url(ROOT, "Professionnels"))

    page.get_by_role("button", name="Supprimer (Grandes entreprises)").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading")).to_have_text("Supprimer « Grandes entreprises » ?")
    dialog.get_by_role("button", name="Supprimer").click()

    alert = dialog.get_by_role("alert")
    expect(alert).to_contain_text("Suppression impossible.")
    link = alert.get_by_role("link", name="1 client utilise ce groupe")
    expect(link).to_have_attribute("href", "/customers/?customer_group=Grandes+entreprises")
    assert_accessible(page)
    dialog.get_by_role("button", name="Fermer").click()

    # a node with children: the other reason
    page.get_by_role("button", name="Supprimer (Professionnels)").click()
    page.get_by_role("dialog").get_by_role("button", name="Supprimer").click()
    expect(page.get_by_role("dialog").get_by_role("alert")).to_contain_text("a des nœuds enfants")


def test_search_finds_a_node_with_its_path_and_shows_it_in_the_tree(page: Page, companies):
    sign_in(page, "vendeur")
    page.goto("/customer-groups/")

    page.get_by_label("Rechercher dans l'arbre").fill("artis")

    results = page.locator("#tree-results")
    expect(results).to_contain_text("Professionnels › Artisans")
    results.get_by_role("link", name="Artisans").click()
    expect(children_of(page, "Professionnels").get_by_role("link", name="Artisans")).to_be_focused()
    # a Sales User reads the tree: no action to take
    expect(page.get_by_role("button", name=re.compile("^Ajouter un enfant"))).to_have_count(0)


def test_the_territory_tree(page: Page, server):
    api = server.api()
    answer = api.post("/territories/", json={"name": "Régions françaises", "is_group": True})
    assert answer.status_code == 201, answer.text
    for name in ("Hauts-de-France", "Normandie", "Auvergne-Rhône-Alpes"):
        answer = api.post(
            "/territories/", json={"name": name, "parent_territory": "Régions françaises"}
        )
        assert answer.status_code == 201, answer.text
    add_customer(api, "Boulangerie Martin SARL", "Commercial", territory="Normandie")
    sign_in(page, "manon")
    page.goto("/territories/?open=All+Territories&open=R%C3%A9gions+fran%C3%A7aises")

    expect(page.get_by_role("heading", name="Région", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Toutes les régions")).to_be_visible()
    expect(
        children_of(page, "Régions françaises").get_by_role("link", name="Normandie")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "41-territory-tree")


def test_a_customer_group_page_saves_its_defaults(page: Page, companies):
    sign_in(page, "manon")
    page.goto("/customer-groups/Artisans/")

    expect(page.get_by_role("heading", name="Artisans", level=1)).to_be_visible()
    page.get_by_label("Liste de prix par défaut").select_option("Standard Selling")
    page.get_by_label("Modèle de termes de paiement par défaut").select_option("Net 30")
    page.get_by_label("Société, ligne 1").first.select_option("Clientèle Démo SAS")
    page.get_by_label("Limite de crédit, ligne 1").fill("-5")
    page.get_by_role("button", name="Enregistrer").click()

    # refused in its cell, nothing typed lost
    expect(page.get_by_label("Limite de crédit, ligne 1")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Liste de prix par défaut")).to_have_value("Standard Selling")
    page.get_by_label("Limite de crédit, ligne 1").fill("15000")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_have_text("Enregistré.")
    stored = companies.get("/customer-groups/Artisans").json()
    assert stored["default_price_list"] == "Standard Selling"
    assert stored["payment_terms"] == "Net 30"
    assert [(row["company"], row["credit_limit"]) for row in stored["credit_limits"]] == [
        ("Clientèle Démo SAS", "15000.00")
    ]
    assert_accessible(page)
    screenshot(page, "42-customer-group-page")


def test_a_territory_page_saves_its_manager_and_targets(page: Page, server):
    api = server.api()
    assert api.post("/sales-persons/", json={"name": "Claire Dupuis"}).status_code == 201
    assert api.post("/territories/", json={"name": "Occitanie"}).status_code == 201
    sign_in(page, "manon")
    page.goto("/territories/Occitanie/")

    page.get_by_label("Responsable de territoire").select_option("Claire Dupuis")
    page.get_by_label("Exercice fiscal, ligne 1").select_option("2026")
    page.get_by_label("Groupe d'articles, ligne 1").select_option("All Item Groups")
    page.get_by_label("Montant cible, ligne 1").fill("120000")
    page.get_by_role("button", name="Ajouter une ligne").click()
    page.get_by_label("Exercice fiscal, ligne 2").select_option("2026")
    page.get_by_role("button", name="Enregistrer").click()

    # the second target has no goal: refused in its row, the first one kept as typed
    expect(page.get_by_label("Qté cible, ligne 2")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Montant cible, ligne 1")).to_have_value("120000")
    page.get_by_label("Qté cible, ligne 2").fill("40")
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("status")).to_have_text("Enregistré.")
    stored = api.get("/territories/Occitanie").json()
    assert stored["territory_manager"] == "Claire Dupuis"
    assert [(t["fiscal_year"], t["target_qty"], t["target_amount"]) for t in stored["targets"]] == [
        ("2026", "0.000", "120000.00"),
        ("2026", "40.000", "0.00"),
    ]
    assert_accessible(page)
    screenshot(page, "43-territory-page")
