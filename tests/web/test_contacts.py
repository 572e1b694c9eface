"""Contacts (/contacts/) and addresses (/addresses/): lists, pages, forms."""

import pytest

from clientele.contacts.models import Address, Contact
from clientele.contacts.services import address_create, contact_create
from clientele.customers.models import Customer
from clientele.customers.services import customer_create
from clientele.web.customers import customer_url
from tests.web.settings_helpers import formset, queries_of, signed_in

pytestmark = pytest.mark.django_db


def _customer(name: str = "Boulangerie Martin") -> Customer:
    return customer_create(data={"customer_name": name}, user=None)


def _contact(full_name: str, email: str, customer: Customer | None = None, phone: str = ""):
    links = [{"party_type": "customer", "party_name": customer.name}] if customer else []
    return contact_create(
        data={
            "full_name": full_name,
            "designation": "Gérante",
            "emails": [{"email_id": email, "is_primary": True}],
            "phones": [{"phone": phone, "is_primary_mobile_no": True}] if phone else [],
            "links": links,
        },
        user=None,
    )


def _address(line1: str, city: str, pincode: str, customer: Customer | None = None):
    links = [{"party_type": "customer", "party_name": customer.name}] if customer else []
    return address_create(
        data={
            "address_line1": line1,
            "city": city,
            "pincode": pincode,
            "country": "FR",
            "links": links,
        },
        user=None,
    )


# --- contacts --------------------------------------------------------------------------


def test_the_contact_list_shows_each_contact_with_the_customer_it_belongs_to(client, reader):
    customer = _customer()
    _contact("Claire Martin", "claire@martin.fr", customer, phone="+33612345678")
    _contact("Paul Durand", "paul@durand.fr")
    signed_in(client, reader)

    page = client.get("/contacts/").content.decode()

    assert "2 contacts" in page
    assert '<a href="/contacts/Claire%20Martin/">Claire Martin</a>' in page
    assert "claire@martin.fr" in page and "+33612345678" in page and "Gérante" in page
    assert f'<a href="{customer_url(customer.name)}">{customer.name}</a>' in page
    assert "not linked" in page
    assert "+ Add Contact" not in page


def test_the_contact_list_searches_names_e_mails_and_phones(client, reader):
    _contact("Claire Martin", "claire@martin.fr", phone="+33612345678")
    _contact("Paul Durand", "paul@durand.fr")
    signed_in(client, reader)

    by_name = client.get("/contacts/?q=mart").content.decode()
    by_email = client.get("/contacts/?q=paul@durand.fr").content.decode()
    by_phone = client.get("/contacts/?q=0612345678", HTTP_HX_REQUEST="true").content.decode()

    assert "1 contact" in by_name and "Claire Martin" in by_name and "Paul Durand" not in by_name
    assert "1 contact" in by_email and "Paul Durand" in by_email
    assert "<html" not in by_phone and "Claire Martin" in by_phone


def test_the_contact_list_costs_the_same_queries_for_2_and_20_contacts(client, reader):
    customer = _customer()
    for number in range(2):
        _contact(f"Personne {number}", f"p{number}@example.fr", customer, phone="+33612345678")
    signed_in(client, reader)
    few = queries_of(client, "/contacts/")
    for number in range(2, 20):
        _contact(f"Personne {number}", f"p{number}@example.fr", customer, phone="+33612345678")

    assert queries_of(client, "/contacts/") == few <= 10
    assert queries_of(client, "/contacts/?q=personne") <= few + 2


def test_the_contact_page_links_to_the_customer(client, reader):
    customer = _customer()
    _contact("Claire Martin", "claire@martin.fr", customer, phone="+33612345678")
    signed_in(client, reader)

    page = client.get("/contacts/Claire Martin/").content.decode()

    assert "<h1>Claire Martin</h1>" in page
    assert '<a href="mailto:claire@martin.fr">claire@martin.fr</a>' in page
    assert f'href="{customer_url(customer.name)}"' in page


def test_a_contact_is_created_with_its_e_mails_phones_and_link(client, sales_user):
    customer = _customer()
    signed_in(client, sales_user)

    answer = client.post(
        "/contacts/new/",
        {
            "salutation": "Mme",
            "first_name": "Claire",
            "last_name": "Martin",
            "designation": "Gérante",
            **formset("emails", [{"email_id": "Claire@Martin.fr", "is_primary": "on"}]),
            **formset(
                "phones",
                [
                    {"phone": "01 42 00 00 00", "is_primary_phone": "on"},
                    {"phone": "06 12 34 56 78", "is_primary_mobile_no": "on"},
                ],
            ),
            **formset("links", [{"party_type": "customer", "party_name": customer.name}]),
        },
    )

    contact = Contact.objects.get()
    assert answer.status_code == 302 and answer["Location"] == "/contacts/Claire%20Martin/"
    stored = (contact.name, contact.salutation, contact.email_id, contact.phone, contact.mobile_no)
    assert stored == (
        "Claire Martin",
        "Mme",
        "claire@martin.fr",
        "+33142000000",
        "+33612345678",
    )
    assert list(contact.links.values_list("party_type", "party_id")) == [("customer", customer.pk)]


def test_editing_a_contact_replaces_its_rows_and_keeps_its_code(client, sales_user):
    customer = _customer()
    contact = _contact("Claire Martin", "claire@martin.fr", customer)
    signed_in(client, sales_user)
    form = client.get("/contacts/Claire Martin/edit/").content.decode()
    assert 'name="emails-0-email_id" value="claire@martin.fr"' in form
    assert 'name="links-0-party_name" value="' + customer.name + '"' in form

    answer = client.post(
        "/contacts/Claire Martin/edit/",
        {
            "first_name": "Claire",
            "last_name": "Martin-Dubois",
            **formset(
                "emails",
                [
                    {"email_id": "claire@martin.fr", "DELETE": "on"},
                    {"email_id": "claire@dubois.fr", "is_primary": "on"},
                ],
                initial=1,
            ),
            **formset("phones", []),
            **formset("links", [{"party_type": "customer", "party_name": customer.name}], 1),
        },
    )

    contact.refresh_from_db()
    assert answer.status_code == 302
    assert (contact.name, contact.full_name, contact.email_id) == (
        "Claire Martin",
        "Claire Martin-Dubois",
        "claire@dubois.fr",
    )
    assert list(contact.emails.values_list("email_id", flat=True)) == ["claire@dubois.fr"]


def test_a_bad_e_mail_and_an_unknown_party_are_refused_on_their_rows(client, sales_user):
    signed_in(client, sales_user)

    answer = client.post(
        "/contacts/new/",
        {
            "first_name": "Claire",
            **formset("emails", [{"email_id": "claire-at-martin", "is_primary": "on"}]),
            **formset("phones", []),
            **formset("links", [{"party_type": "customer", "party_name": "PERSONNE"}]),
        },
    )

    page = answer.content.decode()
    assert answer.status_code == 422
    assert 'aria-describedby="id_emails-0-email_id_error"' in page
    assert '<ul class="errorlist" id="id_links-0-party_name_error"><li>No customer named' in page
    assert Contact.objects.count() == 0


def test_a_forged_contact_write_without_the_role_is_forbidden(client, reader):
    _contact("Claire Martin", "claire@martin.fr")
    signed_in(client, reader)

    created = client.post("/contacts/new/", {"first_name": "Intrus"})
    edited = client.post("/contacts/Claire Martin/edit/", {"first_name": "Intrus"})
    row = client.get("/contacts/new/row/?table=emails")

    assert created.status_code == edited.status_code == row.status_code == 403
    assert list(Contact.objects.values_list("first_name", flat=True)) == ["Claire"]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in ("/contacts/", "/addresses/", "/contacts/X/", "/addresses/X/edit/"):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/login/")


# --- addresses -------------------------------------------------------------------------


def test_the_address_list_shows_and_searches_addresses(client, reader):
    customer = _customer()
    _address("12 rue de la Paix", "Paris", "75002", customer)
    _address("3 place Bellecour", "Lyon", "69002")
    signed_in(client, reader)

    page = client.get("/addresses/").content.decode()
    by_city = client.get("/addresses/?q=lyon").content.decode()
    by_code = client.get("/addresses/?q=75002").content.decode()

    assert "2 addresses" in page and "France" in page
    assert f'<a href="{customer_url(customer.name)}">{customer.name}</a>' in page
    assert "1 address" in by_city and "Bellecour" in by_city and "Paix" not in by_city
    assert "1 address" in by_code and "Paix" in by_code


def test_the_address_list_costs_the_same_queries_for_2_and_20_addresses(client, reader):
    customer = _customer()
    for number in range(2):
        _address(f"{number} rue de la Paix", "Paris", "75002", customer)
    signed_in(client, reader)
    few = queries_of(client, "/addresses/")
    for number in range(2, 20):
        _address(f"{number} rue de la Paix", "Paris", "75002", customer)

    assert queries_of(client, "/addresses/") == few <= 8


def test_an_address_is_edited_with_its_country_and_link(client, sales_user):
    customer = _customer()
    address = _address("12 rue de la Paix", "Paris", "75002", customer)
    signed_in(client, sales_user)
    page = client.get(f"/addresses/{address.name}/").content.decode()
    assert f'href="{customer_url(customer.name)}"' in page and "75002 Paris" in page

    answer = client.post(
        f"/addresses/{address.name}/edit/",
        {
            "address_type": "Shipping",
            "address_line1": "Rue Neuve 5",
            "city": "Bruxelles",
            "pincode": "1000",
            "country": "BE",
            "is_shipping_address": "on",
            **formset("links", [{"party_type": "customer", "party_name": customer.name}], 1),
        },
    )

    address.refresh_from_db()
    assert answer.status_code == 302
    assert answer["Location"] == "/addresses/12%20rue%20de%20la%20Paix-Billing/"
    assert (
        address.address_type,
        address.address_line1,
        address.city,
        address.country,
        address.is_shipping_address,
    ) == ("Shipping", "Rue Neuve 5", "Bruxelles", "BE", True)


def test_a_wrong_postal_code_is_refused_next_to_it(client, sales_user):
    signed_in(client, sales_user)

    answer = client.post(
        "/addresses/new/",
        {
            "address_type": "Billing",
            "address_line1": "1 rue X",
            "city": "Paris",
            "pincode": "7500",
            "country": "FR",
            **formset("links", []),
        },
    )

    assert answer.status_code == 422
    assert 'id="id_pincode_error"><li>Not a valid postal code for FR' in answer.content.decode()
    assert Address.objects.count() == 0
