"""The customer page's writes: contacts and addresses, the primary ones, rename, merge and
delete; each refusal shown with its reason and writing nothing, each role as in the API."""

import re
from html import unescape

import pytest

from clientele.contacts.models import Address, AddressLink, Contact, ContactLink
from clientele.core.history import history_count
from clientele.customers.models import Customer
from clientele.customers.tests.party_builders import world_state
from clientele.web.customers import customer_url
from tests.web.test_customer_page import (
    CODE,
    add_address,
    add_contact,
    build_martin,
    make_customer,
    page_of,
    signed_in,
    text,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def martin(admin) -> Customer:
    return build_martin(admin)


def _links(model, customer: Customer) -> list[int]:
    owner = "contact_id" if model is ContactLink else "address_id"
    rows = model.objects.filter(party_type="customer", party_id=customer.pk)
    return sorted(rows.values_list(owner, flat=True))


def _errors_of(html: str, field: str) -> list[str]:
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", unescape(found.group(1))) if found else []


# Contacts and addresses


def test_the_contact_dialog_opens_as_a_modal_or_as_a_page(admin, martin):
    client = signed_in(admin)

    modal = client.get(customer_url(CODE, "contacts/new"), **HTMX).content.decode()
    page = client.get(customer_url(CODE, "contacts/new")).content.decode()

    assert '<dialog data-modal aria-labelledby="dialog-title">' in modal
    assert '<h2 id="dialog-title">Nouveau contact</h2>' in modal
    assert '<label for="id_first_name">Prénom</label>' in modal
    assert "<html" in page and '<h1 id="dialog-title">Nouveau contact</h1>' in page


def test_a_contact_added_from_the_page_is_linked_to_the_customer(admin, martin):
    response = signed_in(admin).post(
        customer_url(CODE, "contacts/new"),
        {
            "first_name": "Paul",
            "last_name": "Martin",
            "designation": "Comptable",
            "email_id": "Paul@Martin.fr",
            "mobile_no": "06 98 76 54 32",
            "phone": "01 42 00 00 00",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == customer_url(CODE)
    paul = Contact.objects.get(first_name="Paul")
    assert (paul.full_name, paul.designation, paul.email_id, paul.mobile_no, paul.phone) == (
        "Paul Martin",
        "Comptable",
        "paul@martin.fr",
        "+33698765432",
        "+33142000000",
    )
    assert paul.pk in _links(ContactLink, martin)
    # and the page lists it, the primary contact unchanged
    html = page_of(signed_in(admin))
    assert "Paul Martin" in html and "+33 6 98 76 54 32" in html
    assert Customer.objects.get(name=CODE).customer_primary_contact.first_name == "Claire"


def test_a_contact_without_first_name_or_with_a_bad_e_mail_is_refused_next_to_the_field(
    admin, martin
):
    before = world_state()

    response = signed_in(admin).post(
        customer_url(CODE, "contacts/new"), {"first_name": "", "email_id": "pas-un-mail"}, **HTMX
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert _errors_of(html, "first_name") == ["Ce champ est obligatoire."]
    assert _errors_of(html, "email_id") == ["Adresse e-mail non valide."]
    assert 'aria-invalid="true" aria-describedby="id_email_id_error"' in html
    assert 'value="pas-un-mail"' in html  # nothing typed is lost
    assert '<div role="alert" class="form-alert">' in html
    assert world_state() == before


def test_editing_a_contact_replaces_its_primary_e_mail_and_keeps_the_others(admin, martin):
    claire = Contact.objects.get(first_name="Claire")
    contacts_update = {"emails": [{"email_id": "claire@martin.fr"}, {"email_id": "c@perso.fr"}]}
    from clientele.contacts.services import contact_update

    contact_update(contact=claire, data=contacts_update, user=admin)
    client = signed_in(admin)
    url = customer_url(CODE, f"contacts/{claire.pk}/edit")
    assert 'value="claire@martin.fr"' in client.get(url, **HTMX).content.decode()

    response = client.post(
        url,
        {
            "first_name": "Claire",
            "last_name": "Martin-Durand",
            "designation": "Gérante",
            "email_id": "claire@martin-durand.fr",
            "mobile_no": "06 12 34 56 78",
        },
    )

    assert response.status_code == 302 and response["Location"] == customer_url(CODE)
    claire.refresh_from_db()
    emails = list(claire.emails.values_list("email_id", "is_primary"))
    assert emails == [("claire@martin-durand.fr", True), ("c@perso.fr", False)]
    assert (claire.full_name, claire.mobile_no) == ("Claire Martin-Durand", "+33612345678")
    # the customer's mirrors follow its primary contact
    assert Customer.objects.get(name=CODE).email_id == "claire@martin-durand.fr"


def test_another_customers_contact_cannot_be_edited_from_this_page(admin, martin):
    make_customer(admin, code="AUTRE", tax_id="")
    stranger = add_contact(admin, "Ines", "AUTRE")

    response = signed_in(admin).get(customer_url(CODE, f"contacts/{stranger.pk}/edit"))

    assert response.status_code == 404


def test_an_address_added_and_edited_from_the_page(admin, martin):
    client = signed_in(admin)
    response = client.post(
        customer_url(CODE, "addresses/new"),
        {
            "address_title": "Entrepôt",
            "address_type": "Warehouse",
            "address_line1": "3 quai de Bercy",
            "pincode": "94220",
            "city": "Charenton-le-Pont",
            "country": "France",
        },
        **HTMX,
    )
    assert response.status_code == 200, response.content.decode()
    depot = Address.objects.get(address_title="Entrepôt")
    assert depot.pk in _links(AddressLink, martin)

    response = client.post(
        customer_url(CODE, f"addresses/{depot.pk}/edit"),
        {
            "address_title": "Entrepôt",
            "address_type": "Warehouse",
            "address_line1": "Hafenstraße 5",
            "address_line2": "",
            "pincode": "20457",
            "city": "Hamburg",
            "country": "Allemagne",
        },
        **HTMX,
    )

    assert response.status_code == 200
    depot.refresh_from_db()
    assert (depot.address_line1, depot.pincode, depot.city, depot.country) == (
        "Hafenstraße 5",
        "20457",
        "Hamburg",
        "DE",
    )
    html = page_of(client)
    assert "Entrepôt Hafenstraße 5, 20457 Hamburg, Allemagne" in text(html)


def test_an_address_with_a_wrong_postal_code_is_refused_on_that_field(admin, martin):
    address = Address.objects.get(address_line1="12 rue de la Paix")
    before = world_state()

    response = signed_in(admin).post(
        customer_url(CODE, f"addresses/{address.pk}/edit"),
        {
            "address_type": "Billing",
            "address_line1": "12 rue de la Paix",
            "pincode": "7500",
            "city": "Paris",
            "country": "FR",
        },
        **HTMX,
    )

    assert response.status_code == 422
    assert _errors_of(response.content.decode(), "pincode") == [
        "Code postal non valide pour FR (p. ex. 33380)."
    ]
    assert world_state() == before


def test_another_contact_and_address_become_the_primary_ones(admin, martin):
    paul = add_contact(admin, "Paul", emails=[{"email_id": "paul@martin.fr"}])
    depot = add_address(admin, "3 quai de Bercy", city="Charenton-le-Pont", pincode="94220")
    client = signed_in(admin)

    first = client.post(customer_url(CODE, "primary"), {"contact": paul.name})
    second = client.post(customer_url(CODE, "primary"), {"address": depot.name})

    assert (first.status_code, second.status_code) == (302, 302)
    customer = Customer.objects.get(name=CODE)
    assert (customer.customer_primary_contact_id, customer.customer_primary_address_id) == (
        paul.pk,
        depot.pk,
    )
    assert customer.email_id == "paul@martin.fr"
    assert customer.primary_address == "3 quai de Bercy\n94220 Charenton-le-Pont\nFR"
    glance = text(re.search(r'<section class="glance".*?</section>', page_of(client), re.S)[0])
    assert "Contact principal Paul paul@martin.fr" in glance
    assert "Adresse principale 3 quai de Bercy 94220 Charenton-le-Pont France" in glance


def test_a_contact_of_another_customer_cannot_become_primary(admin, martin):
    make_customer(admin, code="AUTRE", tax_id="")
    stranger = add_contact(admin, "Ines", "AUTRE")
    before = world_state()
    client = signed_in(admin)

    response = client.post(customer_url(CODE, "primary"), {"contact": stranger.name}, follow=True)

    assert world_state() == before
    messages = re.search(
        r'<div role="status" class="messages">(.*?)</div>', response.content.decode()
    )
    assert text(messages[1]) == "“Ines” n'a pas de lien avec ce client : créez d'abord ce lien."


# Rename


def test_rename_moves_the_page_to_the_new_code(admin, martin):
    client = signed_in(admin)
    response = client.post(
        customer_url(CODE, "rename"), {"new_name": "Martin/Durand & Cie"}, **HTMX
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == customer_url("Martin/Durand & Cie")
    assert response["HX-Redirect"] == "/customer/Martin%2FDurand%20%26%20Cie/"
    assert Customer.objects.get(pk=martin.pk).name == "Martin/Durand & Cie"
    html = page_of(client, "Martin/Durand & Cie")
    assert "Le code du client est désormais “Martin/Durand &amp; Cie”." in html


def test_rename_onto_a_taken_code_is_refused_on_the_field(admin, martin):
    make_customer(admin, code="PRIS", tax_id="")
    before = world_state()

    response = signed_in(admin).post(customer_url(CODE, "rename"), {"new_name": "pris"}, **HTMX)

    assert response.status_code == 409
    assert _errors_of(response.content.decode(), "new_name") == ["Ce code est déjà pris."]
    assert world_state() == before


# Merge


@pytest.fixture
def duplicate(admin, martin) -> Customer:
    """Another record of the same bakery, with a contact of its own."""
    customer = make_customer(admin, code="DUP-1", tax_id="")
    add_contact(admin, "Luc", "DUP-1")
    return customer


def test_the_merge_dry_run_reports_what_would_move_and_writes_nothing(admin, duplicate):
    before = world_state()

    response = signed_in(admin).get(customer_url("DUP-1", "merge"), {"into": CODE}, **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="dialog-title">Fusionner DUP-1 dans Martin &amp; Fils/Société</h2>' in html
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(\d+)</td><td>(\d+)</td></tr>', html)
    assert dict((label, (int(a), int(b))) for label, a, b in rows) == {
        "Contacts": (1, 0),
        "Adresses": (0, 0),
        "Limites de crédit": (0, 0),
        "Comptes par société": (0, 0),
        "Membres de l&#x27;équipe de vente": (0, 0),
        "Sociétés autorisées": (0, 0),
        "Entrées de l&#x27;historique": (_history_of(duplicate), 0),
    }
    assert '<input type="hidden" name="into" value="Martin &amp; Fils/Société">' in html
    assert ">Confirmer la fusion</button>" in html
    assert world_state() == before


def _history_of(customer: Customer) -> int:
    return history_count(entity="customer", record_id=customer.pk)


def test_without_javascript_the_merge_report_is_a_page_whose_button_confirms(admin, duplicate):
    client = signed_in(admin)

    report = client.get(customer_url("DUP-1", "merge"), {"into": CODE}).content.decode()

    assert '<h1 id="dialog-title">Fusionner DUP-1 dans Martin &amp; Fils/Société</h1>' in report
    assert '<a href="/customer/DUP-1/" role="button" class="secondary">Annuler</a>' in report
    response = client.post(customer_url("DUP-1", "merge"), {"into": CODE})
    assert response.status_code == 302 and response["Location"] == customer_url(CODE)
    assert not Customer.objects.filter(name="DUP-1").exists()


def test_the_confirmed_merge_moves_everything_and_opens_the_kept_customer(admin, duplicate):
    luc = Contact.objects.get(first_name="Luc")

    client = signed_in(admin)
    response = client.post(customer_url("DUP-1", "merge"), {"into": CODE}, **HTMX)

    assert response.status_code == 200
    assert response["HX-Redirect"] == customer_url(CODE)
    assert not Customer.objects.filter(name="DUP-1").exists()
    assert luc.pk in _links(ContactLink, Customer.objects.get(name=CODE))
    html = page_of(client)
    assert "“DUP-1” a été fusionné dans “Martin &amp; Fils/Société”." in html


def test_merging_into_an_unknown_customer_is_refused_on_the_field(admin, duplicate):
    before = world_state()

    response = signed_in(admin).get(customer_url("DUP-1", "merge"), {"into": "NOBODY"}, **HTMX)

    assert response.status_code == 422
    assert _errors_of(response.content.decode(), "into") == ["Aucun client “NOBODY”."]
    assert world_state() == before


def test_merging_a_customer_into_itself_is_refused(admin, martin):
    before = world_state()

    response = signed_in(admin).post(customer_url(CODE, "merge"), {"into": CODE}, **HTMX)

    assert response.status_code == 422
    assert _errors_of(response.content.decode(), "into") == [
        "Un client ne peut pas être fusionné avec lui-même."
    ]
    assert world_state() == before


# Delete


def test_delete_asks_first_then_deletes(admin, martin):
    client = signed_in(admin)

    confirm = client.get(customer_url(CODE, "delete"), **HTMX)
    assert confirm.status_code == 200
    assert "Le client “Martin &amp; Fils/Société” sera supprimé" in confirm.content.decode()
    assert Customer.objects.filter(name=CODE).exists()

    response = client.post(customer_url(CODE, "delete"), **HTMX)

    assert response.status_code == 200 and response["HX-Redirect"] == "/customers/"
    assert not Customer.objects.filter(name=CODE).exists()


def test_a_refused_delete_says_what_still_uses_the_customer(admin, martin, monkeypatch):
    # what a later sales app brings: documents pointing to the customer
    monkeypatch.setattr(
        "clientele.core.refusals.usage_counts", lambda instance: {"factures de vente": 3}
    )
    before = world_state()

    response = signed_in(admin).post(customer_url(CODE, "delete"), **HTMX)

    assert response.status_code == 409
    alert = text(re.search(r'<div role="alert">.*?</div>', response.content.decode(), re.S)[0])
    assert alert == (
        "Ce client ne peut pas être supprimé : Des enregistrements font encore référence à "
        "“Martin & Fils/Société” : factures de vente (3). factures de vente: 3"
    )
    assert world_state() == before


# Roles


WRITES = [
    ("contacts/new", {"first_name": "Zoé"}),
    ("addresses/new", {"address_line1": "1 rue", "city": "Paris", "country": "FR"}),
    ("contacts/{contact}/edit", {"first_name": "Zoé"}),
    ("addresses/{address}/edit", {"address_line1": "1 rue", "city": "Paris", "country": "FR"}),
    ("primary", {"contact": "Claire Martin"}),
    ("rename", {"new_name": "NOUVEAU"}),
    ("merge", {"into": "DUP-1"}),
    ("delete", {}),
]


def _action(path: str) -> str:
    contact = Contact.objects.get(first_name="Claire").pk
    address = Address.objects.get(address_line1="12 rue de la Paix").pk
    return customer_url(CODE, path.format(contact=contact, address=address))


@pytest.mark.parametrize(("path", "data"), WRITES, ids=[path for path, _ in WRITES])
def test_a_reader_gets_403_on_every_write_and_nothing_changes(reader, duplicate, path, data):
    client = signed_in(reader)
    before = world_state()

    assert client.post(_action(path), data).status_code == 403
    assert client.get(_action(path), **HTMX).status_code in (403, 405)
    assert world_state() == before


@pytest.mark.parametrize("path", ["merge", "delete"])
def test_a_sales_user_may_neither_merge_nor_delete(sales_user, duplicate, path):
    before = world_state()

    response = signed_in(sales_user).post(_action(path), {"into": "DUP-1"})

    assert response.status_code == 403
    assert world_state() == before


@pytest.mark.parametrize(("path", "data"), WRITES, ids=[path for path, _ in WRITES])
def test_anonymous_writes_are_sent_to_sign_in(client, duplicate, path, data):
    before = world_state()

    response = client.post(_action(path), data)

    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert world_state() == before
