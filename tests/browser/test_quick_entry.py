"""Quick entry in Chromium: "+ Ajouter Client", the keyboard, duplicates, errors corrected
without typing again, and "Modifier en pleine page"."""

import random
import re
import uuid
from urllib.parse import parse_qs, urlsplit

import phonenumbers
from playwright.sync_api import Page, expect

from tests.browser.pages import Server, assert_accessible, htmx_settled, screenshot, sign_in


def _french_vat() -> str:
    """A valid French VAT number no other test uses: a SIREN (Luhn) and its key."""
    digits = [random.randint(1, 9)] + [random.randint(0, 9) for _ in range(7)]
    for check in range(10):
        candidate = [*digits, check]
        total = sum(
            d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
            for i, d in enumerate(reversed(candidate))
        )
        if total % 10 == 0:
            siren = int("".join(map(str, candidate)))
            return f"FR{(12 + 3 * (siren % 97)) % 97:02d}{siren:09d}"
    raise AssertionError("unreachable")


def _mobile() -> tuple[str, str]:
    """A valid French mobile number no other customer has (else it would be a duplicate),
    as typed and as stored. Not every 06 number is valid (06 00 … is not allocated): a
    random one is drawn until phonenumbers accepts it."""
    while True:
        digits = f"{random.randint(0, 99_999_999):08d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(f"+336{digits}")):
            break
    typed = "06 " + " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    return typed, f"+336{digits}"


def _saved(page: Page, save) -> None:
    """Save, and the new customer's page opens."""
    save()
    page.wait_for_url(re.compile(r"/customer/CUST-\d{4}-\d{5}/$"), timeout=20_000)


def _open_dialog(page: Page, path: str = "/customers/"):
    page.goto(path)
    page.get_by_role("button", name="+ Ajouter Client").click()
    dialog = page.get_by_role("dialog", name="Nouveau client")
    expect(dialog).to_be_visible()
    return dialog


def test_quick_entry_with_contact_and_address_saved_with_the_enter_key(page: Page, server: Server):
    tag = uuid.uuid4().hex[:6]
    mobile, stored_mobile = _mobile()
    sign_in(page, "vendeur")
    # over a short list, so that the picture of the page is the dialog
    dialog = _open_dialog(page, f"/customers/?q=boulangerie+martin+{tag}")

    # the name has the focus, group and territory come from the selling settings
    expect(dialog.get_by_label("Nom complet")).to_be_focused()
    expect(dialog.get_by_label("Groupe de clients")).to_have_value("Commercial")
    expect(dialog.get_by_label("Région")).to_have_value("France")
    expect(dialog.get_by_role("radio", name="Société")).to_be_checked()

    dialog.get_by_label("Nom complet").fill(f"Boulangerie Martin {tag}")
    dialog.get_by_text("Détails du contact principal").click()
    dialog.get_by_label("Prénom").fill("Claire")
    dialog.get_by_label("Nom de famille").fill("Martin")
    dialog.get_by_label("E-mail").fill(f"claire.{tag}@boulangerie-martin.fr")
    dialog.get_by_label("Mobile").fill(mobile)
    dialog.get_by_text("Détails de l'adresse principale").click()
    dialog.get_by_label("Adresse ligne 1").fill("12 rue de la Paix")
    dialog.get_by_label("Code postal").fill("75002")
    dialog.get_by_label("Ville").fill("Paris")
    expect(dialog.get_by_label("Pays")).to_have_value("France")
    assert_accessible(page)
    dialog.get_by_role("heading", name="Nouveau client").scroll_into_view_if_needed()
    screenshot(page, "11-quick-entry")

    # Enter saves, and the new customer's page opens (once the duplicates check that
    # leaving the mobile field started has answered, as a person reads it before saving)
    htmx_settled(page)
    _saved(page, lambda: dialog.get_by_label("Ville").press("Enter"))
    code = urlsplit(page.url).path.split("/")[2]
    with server.api() as api:
        customer = api.get(f"/customers/{code}").json()
        [contact] = api.get(f"/customers/{code}/contacts").json()
        [address] = api.get(f"/customers/{code}/addresses").json()
    assert (customer["customer_name"], customer["customer_group"], customer["territory"]) == (
        f"Boulangerie Martin {tag}",
        "Commercial",
        "France",
    )
    assert (contact["first_name"], contact["last_name"], contact["email_id"]) == (
        "Claire",
        "Martin",
        f"claire.{tag}@boulangerie-martin.fr",
    )
    assert contact["mobile_no"] == stored_mobile
    assert (address["address_line1"], address["pincode"], address["city"]) == (
        "12 rue de la Paix",
        "75002",
        "Paris",
    )
    assert address["country"] == "FR"


def test_a_duplicate_is_shown_while_typing_and_needs_a_second_click(page: Page, server: Server):
    tag = uuid.uuid4().hex[:6]
    vat = _french_vat()
    with server.api() as api:
        existing = api.post("/customers/", json={"customer_name": f"Martin {tag}", "tax_id": vat})
        assert existing.status_code == 201, existing.text
    sign_in(page, "vendeur")
    dialog = _open_dialog(page)

    dialog.get_by_label("Nom complet").fill(f"Tout autre nom {tag}")
    dialog.get_by_label("Numéro de TVA").fill(vat)
    dialog.get_by_label("Numéro de TVA").press("Tab")

    # the warning comes before saving, with a link to the existing customer
    warning = dialog.get_by_text(f"Doublon possible : Martin {tag} (même numéro de TVA)")
    expect(warning).to_be_visible()
    link = dialog.get_by_role("link", name=re.compile(rf"^ouvrir Martin {tag}"))
    expect(link).to_have_attribute("href", f"/customer/{existing.json()['name']}/")

    # saving asks for a confirmation first
    dialog.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(dialog.get_by_role("alert")).to_contain_text(
        "Ce client ressemble à des clients existants"
    )
    expect(dialog.get_by_label("Numéro de TVA")).to_have_value(vat)
    dialog.get_by_role("button", name="Enregistrer quand même").click()
    page.wait_for_url(re.compile(r"/customer/CUST-\d{4}-\d{5}/$"), timeout=20_000)
    with server.api() as api:
        found = api.get("/customers/", params={"q": f"autre nom {tag}"}).json()
    assert [item["tax_id"] for item in found["items"]] == [vat]


def test_an_error_is_shown_then_corrected_without_typing_again(page: Page, server: Server):
    tag = uuid.uuid4().hex[:6]
    mobile, stored_mobile = _mobile()
    sign_in(page, "vendeur")
    dialog = _open_dialog(page)
    dialog.get_by_label("Nom complet").fill(f"Atelier Dupuis {tag}")
    dialog.get_by_role("radio", name="Individuel").check()
    dialog.get_by_text("Détails du contact principal").click()
    dialog.get_by_label("Prénom").fill("Léa")
    dialog.get_by_label("E-mail").fill("lea@")
    dialog.get_by_label("Mobile").fill(mobile)
    dialog.get_by_text("Détails de l'adresse principale").click()
    dialog.get_by_label("Adresse ligne 1").fill("3 place Bellecour")
    dialog.get_by_label("Ville").fill("Lyon")

    dialog.get_by_role("button", name="Enregistrer", exact=True).click()

    # the error is next to its field, announced, and the cursor is there
    email = dialog.get_by_label("E-mail")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(dialog.get_by_role("alert")).to_contain_text("Adresse e-mail non valide.")
    expect(email).to_be_focused()
    expect(page.locator("#id_contact-email_id-error")).to_have_text("Adresse e-mail non valide.")
    # everything else is as typed
    expect(dialog.get_by_label("Nom complet")).to_have_value(f"Atelier Dupuis {tag}")
    expect(dialog.get_by_role("radio", name="Individuel")).to_be_checked()
    expect(dialog.get_by_label("Prénom")).to_have_value("Léa")
    expect(dialog.get_by_label("Mobile")).to_have_value(mobile)
    expect(dialog.get_by_label("Adresse ligne 1")).to_have_value("3 place Bellecour")
    expect(dialog.get_by_label("Ville")).to_have_value("Lyon")
    assert_accessible(page)

    # when only the e-mail is corrected (and the duplicates check it starts has answered)
    email.fill(f"lea.{tag}@dupuis.fr")
    email.blur()
    # (its answer swapped in and nothing moving: a click lands where the button now is)
    htmx_settled(page)
    _saved(page, lambda: dialog.get_by_role("button", name="Enregistrer", exact=True).click())
    code = urlsplit(page.url).path.split("/")[2]
    with server.api() as api:
        customer = api.get(f"/customers/{code}").json()
    assert (customer["customer_type"], customer["email_id"], customer["mobile_no"]) == (
        "Individual",
        f"lea.{tag}@dupuis.fr",
        stored_mobile,
    )


def test_edit_full_page_carries_what_was_typed(page: Page):
    sign_in(page, "vendeur")
    dialog = _open_dialog(page)
    dialog.get_by_label("Nom complet").fill("Garage Lefèvre & Fils")
    dialog.get_by_label("Numéro de TVA").fill("FR40303265045")
    dialog.get_by_text("Détails du contact principal").click()
    dialog.get_by_label("Prénom").fill("Luc")

    dialog.get_by_role("button", name="Modifier en pleine page").click()

    page.wait_for_url(re.compile(r"/customers/new/\?"))
    query = parse_qs(urlsplit(page.url).query)
    assert query == {
        "customer_name": ["Garage Lefèvre & Fils"],
        "customer_type": ["Company"],
        "customer_group": ["Commercial"],
        "territory": ["France"],
        "tax_id": ["FR40303265045"],
        "contact-first_name": ["Luc"],
        "address-country": ["France"],
    }


def test_escape_closes_the_dialog_and_gives_the_focus_back(page: Page):
    sign_in(page, "vendeur")
    dialog = _open_dialog(page)
    dialog.get_by_label("Nom complet").fill("Abandonné")

    page.keyboard.press("Escape")

    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name="+ Ajouter Client")).to_be_focused()
    # and the close button does the same
    page.get_by_role("button", name="+ Ajouter Client").press("Enter")
    dialog = page.get_by_role("dialog", name="Nouveau client")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Fermer").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name="+ Ajouter Client")).to_be_focused()
