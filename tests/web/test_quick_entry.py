"""Quick entry: the dialog, its refusals next to their fields, duplicates to confirm."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clientele.classification.services import selling_settings_update
from clientele.contacts.models import Address, Contact
from clientele.customers.models import Customer
from clientele.customers.services import customer_create
from clientele.customers.tests.builders import group_create, series_code
from clientele.customers.tests.party_builders import world_state

HTMX = {"HX-Request": "true"}
TYPED = {
    "customer_name": "Boulangerie Martin",
    "customer_type": "Company",
    "customer_group": "Commercial",
    "territory": "France",
    "tax_id": "FR40 303 265 045",
    "contact-first_name": "Claire",
    "contact-last_name": "Martin",
    "contact-email_id": "Claire@Boulangerie-Martin.fr",
    "contact-mobile_no": "06 12 34 56 78",
    "address-address_line1": "12 rue de la Paix",
    "address-address_line2": "Bât. B",
    "address-city": "Paris",
    "address-pincode": "75002",
    "address-country": "France",
}
# A browser sends every field of the form, empty or not.
BLANK = {name: "" for name in TYPED} | {
    "customer_type": "Company",
    "customer_group": "Commercial",
    "territory": "France",
    "address-country": "France",
}


@pytest.fixture
def seller(sales_user) -> Client:
    client = Client()
    client.force_login(sales_user)
    return client


def _field(html: str, name: str) -> str:
    """The ``<input>`` (or ``<select>``) named ``name``."""
    found = re.search(rf'<(?:input|select)[^>]*name="{re.escape(name)}"[^>]*>', html)
    assert found, name
    return found.group(0)


def test_the_dialog_opens_prefilled_from_the_selling_settings(seller, db):
    group_create(name="PME")
    selling_settings_update(data={"customer_group": "PME"}, user=None)

    response = seller.get("/customers/quick/", headers=HTMX)

    assert response.status_code == 200
    html = response.text
    assert '<dialog data-modal aria-labelledby="quick-title"' in html
    assert "<html" not in html
    assert '<h2 id="quick-title">Nouveau client</h2>' in html
    assert '<button type="button" rel="prev" data-close-dialog aria-label="Fermer">' in html
    assert '<option value="PME" selected>PME</option>' in html
    assert '<option value="France" selected>France</option>' in html
    assert '<input type="radio" name="customer_type" value="Company" checked> Société' in html
    assert '<input type="radio" name="customer_type" value="Individual"> Individuel' in html
    assert 'value="France" autocomplete="country-name"' in _field(html, "address-country")
    assert "autofocus" in _field(html, "customer_name")
    for summary in ("Détails du contact principal", "Détails de l'adresse principale"):
        assert f"<summary>{summary}</summary>" in html
    assert "<details open>" not in html


def test_without_javascript_the_quick_entry_is_a_page(seller):
    response = seller.get("/customers/quick/")

    assert response.status_code == 200
    assert "<h1>Nouveau client</h1>" in response.text
    assert '<form id="quick-entry" method="post" action="/customers/quick/" novalidate' in (
        response.text
    )
    assert "<dialog" not in response.text


def test_edit_full_page_sends_what_was_typed_to_the_full_form_under_its_names(seller):
    html = seller.get("/customers/quick/", headers=HTMX).text

    assert (
        '<button type="submit" class="secondary outline" formaction="/customers/new/" '
        'formmethod="get" formnovalidate data-navigate>Modifier en pleine page</button>'
    ) in html
    names = re.findall(r'<(?:input|select)[^>]*name="([^"]+)"', html)
    assert sorted(set(names)) == sorted(["csrfmiddlewaretoken", *TYPED])
    # Enter submits with the first button: save
    assert html.index(">Enregistrer</button>") < html.index("Modifier en pleine page")


def test_saving_creates_the_customer_its_primary_contact_and_address(seller, sales_user):
    # when
    response = seller.post("/customers/quick/", TYPED)

    # then
    code = series_code(1)
    assert (response.status_code, response.headers["Location"]) == (303, f"/customer/{code}/")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"Client créé : {code}"]
    customer = Customer.objects.select_related(
        "customer_group", "territory", "customer_primary_contact", "customer_primary_address"
    ).get()
    assert (
        customer.customer_name,
        customer.customer_type,
        customer.customer_group.name,
        customer.territory.name,
        customer.tax_id,
        customer.email_id,
        customer.mobile_no,
    ) == (
        "Boulangerie Martin",
        "Company",
        "Commercial",
        "France",
        "FR40303265045",
        "claire@boulangerie-martin.fr",
        "+33612345678",
    )
    contact = Contact.objects.get()
    assert (contact.first_name, contact.last_name, contact.email_id, contact.mobile_no) == (
        "Claire",
        "Martin",
        "claire@boulangerie-martin.fr",
        "+33612345678",
    )
    address = Address.objects.get()
    assert (
        address.address_line1,
        address.address_line2,
        address.city,
        address.pincode,
        address.country,
        address.is_primary_address,
    ) == ("12 rue de la Paix", "Bât. B", "Paris", "75002", "FR", True)
    assert customer.customer_primary_contact == contact
    assert customer.customer_primary_address == address


def test_htmx_is_sent_to_the_new_customer_page_by_a_header(seller):
    response = seller.post(
        "/customers/quick/", BLANK | {"customer_name": "Atelier Dupuis"}, headers=HTMX
    )

    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == f"/customer/{series_code(1)}/"
    # without contact nor address typed (the country left at France), none is created
    assert (Customer.objects.count(), Contact.objects.count(), Address.objects.count()) == (1, 0, 0)


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"customer_name": ""}, "customer_name", "Ce champ est obligatoire."),
        ({"territory": ""}, "territory", "Ce champ est obligatoire."),
        ({"contact-email_id": "claire@"}, "contact-email_id", "Adresse e-mail non valide."),
        ({"contact-mobile_no": "06 12"}, "contact-mobile_no", "Numéro de téléphone non valide"),
        ({"tax_id": "FR12345"}, "tax_id", "Numéro de TVA non valide pour FR."),
        ({"address-address_line1": ""}, "address-address_line1", "ne peut pas être vide"),
        ({"address-country": "Atlantide"}, "address-country", "Pays inconnu"),
        ({"customer_group": "Nulle part"}, "customer_group", "Nulle part"),
    ],
)
def test_each_refusal_is_shown_next_to_its_field_keeping_what_was_typed(
    seller, typed, field, message
):
    # given
    before = world_state()

    # when
    response = seller.post("/customers/quick/", TYPED | typed, headers=HTMX)

    # then nothing is written
    assert response.status_code == 422
    assert world_state() == before
    html = response.text
    assert html.lstrip().startswith('<form id="quick-entry"')
    identifier = f"id_{field}"
    # the message under the field, tied to it, and in the summary read out at once
    error = re.search(
        rf'<ul class="errorlist" id="{identifier}-error"><li>([^<]*)</li>', html
    ).group(1)
    assert message in error
    assert f'aria-invalid="true" aria-describedby="{identifier}-error"' in _field(html, field)
    assert 'role="alert"' in html and f'<a href="#{identifier}">' in html
    assert "autofocus" in _field(html, field)
    # every other value is still there
    for name, value in (TYPED | typed).items():
        if name not in ("customer_type", "customer_group", "territory", field):
            assert f'value="{value}"' in _field(html, name).replace("&#x27;", "'"), name


def test_a_leaf_is_needed_for_the_group(seller):
    group_create(name="Entreprises", is_group=True)
    before = world_state()

    response = seller.post("/customers/quick/", TYPED | {"customer_group": "Entreprises"})

    assert response.status_code == 422
    assert world_state() == before
    assert '<option value="Entreprises" selected disabled>Entreprises</option>' in response.text
    assert "choisissez l&#x27;un de ses nœuds feuilles" in response.text
    assert 'id="id_customer_group-error"' in response.text


def test_an_address_with_a_city_only_is_refused_not_dropped(seller):
    before = world_state()
    partial = BLANK | {"customer_name": "Atelier", "address-city": "Lyon"}

    response = seller.post("/customers/quick/", partial, headers=HTMX)

    assert response.status_code == 422
    assert world_state() == before
    assert 'id="id_address-address_line1-error"' in response.text
    assert "<details open>" in response.text


def test_duplicates_are_shown_and_saving_needs_a_second_click(seller):
    # given a customer with the same VAT number
    customer_create(
        data={"name": "DUP", "customer_name": "Martin & Fils", "tax_id": "FR40303265045"}, user=None
    )
    before = world_state()

    # when saved once
    first = seller.post("/customers/quick/", TYPED, headers=HTMX)

    # then nothing is written and the duplicate is listed, with a link to it
    assert first.status_code == 409
    assert world_state() == before
    assert "Doublon possible : Martin &amp; Fils (même numéro de TVA) — " in first.text
    assert '<a href="/customer/DUP/" target="_blank" rel="noopener">ouvrir' in first.text
    confirm = '<button type="submit" name="confirm_duplicates" value="1" class="contrast">'
    assert f"{confirm}Enregistrer quand même</button>" in first.text
    assert 'value="Claire@Boulangerie-Martin.fr"' in _field(first.text, "contact-email_id")

    # when saved again with the confirmation
    second = seller.post("/customers/quick/", TYPED | {"confirm_duplicates": "1"}, headers=HTMX)

    # then
    assert second.headers["HX-Redirect"] == f"/customer/{series_code(1)}/"
    assert sorted(Customer.objects.values_list("name", flat=True)) == [series_code(1), "DUP"]


def test_duplicates_are_shown_as_one_types(seller):
    customer_create(data={"name": "DUP", "customer_name": "Boulangerie Martin SARL"}, user=None)
    customer_create(
        data={"name": "TVA", "customer_name": "Autre", "tax_id": "303265045"}, user=None
    )

    found = seller.get(
        "/customers/quick/duplicates/",
        {"customer_name": "boulangerie martin", "tax_id": "FR40303265045", "contact-email_id": ""},
        headers=HTMX,
    )
    none = seller.get("/customers/quick/duplicates/", {"customer_name": "Tout autre"})

    assert found.status_code == 200
    items = re.findall(r"<li>(.*?)</li>", found.text, flags=re.S)
    assert [re.sub(r"<[^>]+>", "", item).strip() for item in items] == [
        "⚠ Doublon possible : Boulangerie Martin SARL (même nom) — ouvrir "
        "Boulangerie Martin SARL (DUP), dans un nouvel onglet",
        "⚠ Doublon possible : Autre (même SIREN) — ouvrir Autre (TVA), dans un nouvel onglet",
    ]
    assert none.text.strip() == ""
    # the fields that tell a duplicate ask for this list when they change
    dialog = seller.get("/customers/quick/", headers=HTMX).text
    for name in ("customer_name", "tax_id", "contact-email_id", "contact-mobile_no"):
        assert 'hx-get="/customers/quick/duplicates/" hx-trigger="change"' in _field(dialog, name)


def test_a_reader_cannot_open_the_dialog_nor_forge_a_creation(reader):
    client = Client()
    client.force_login(reader)
    before = world_state()

    assert client.get("/customers/quick/", headers=HTMX).status_code == 403
    assert client.post("/customers/quick/", TYPED).status_code == 403
    assert client.get("/customers/quick/duplicates/", {"customer_name": "x"}).status_code == 403
    assert world_state() == before


def test_an_anonymous_visitor_is_sent_to_the_sign_in_page(db):
    before = world_state()

    response = Client().post("/customers/quick/", TYPED)

    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/login/?next=/customers/quick/",
    )
    assert world_state() == before


def test_the_dialog_costs_a_fixed_number_of_queries(seller):
    with CaptureQueriesContext(connection) as queries:
        assert seller.get("/customers/quick/", headers=HTMX).status_code == 200

    # session, user, roles, selling settings, the two trees
    assert len(queries) == 6
