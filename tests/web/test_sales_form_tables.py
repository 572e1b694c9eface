"""The document form's addresses, contact and tables (issue 11, the screens' leftovers):
the billing and shipping address and the contact chosen among the customer's, copied as
text on save; the taxes, payment schedule and sales team edited in place, each error on
its row and cell, nothing written on a refusal."""

import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client

from clientele.contacts.models import Contact
from clientele.contacts.services import address_create, contact_create
from clientele.core.records import record_create
from clientele.core.roles import SALES_USER
from clientele.masters import services as masters
from clientele.sales.models import Quotation
from clientele.sales.tests.builders import (
    VAT_ACCOUNT,
    build_world,
    created_by,
    customer,
    draft,
    submit,
)
from conftest import make_user
from tests.web.sales_helpers import form_of, html_of, quotation_post, stored
from tests.web.settings_helpers import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world(db):
    return build_world()


@pytest.fixture
def seller(client: Client):
    return signed_in(client, make_user("sally", SALES_USER))


def _address(who, line: str, city: str, **flags) -> str:
    body = {"address_line1": line, "city": city, "pincode": "69001", "country": "FR"}
    links = [{"party_type": "customer", "party_name": who.name}]
    return address_create(data=body | flags | {"links": links}, user=created_by()).name


@pytest.fixture
def lyon():
    """A customer with its head office (primary), a warehouse and two contacts."""
    who = customer("Client Lyonnais")
    head = _address(who, "1 rue de la République", "Lyon", is_primary_address=True)
    depot = _address(who, "8 chemin des Entrepôts", "Vénissieux")
    links = [{"party_type": "customer", "party_name": who.name}]
    for first, email in (("Anne", "anne@lyon.example"), ("Paul", "paul@lyon.example")):
        contact_create(
            data={
                "first_name": first,
                "emails": [{"email_id": email, "is_primary": True}],
                "links": links,
            },
            user=created_by(),
        )
    who.refresh_from_db()
    return {"customer": who, "head": head, "depot": depot}


def _previewed(client: Client, data: dict[str, str]) -> dict[str, str]:
    """The form as the screen holds it once the service filled it (“Recalculer”)."""
    page = client.post("/sales/quotations/new/", data | {"_preview": "1"})
    assert page.status_code == 200
    return form_of(page.content.decode())


def test_the_addresses_and_contacts_offered_are_the_customers_the_primary_chosen(seller, lyon):
    html = seller.post(
        "/sales/quotations/new/",
        quotation_post(lyon["customer"].name, {"item": "WIDGET", "qty": "1"}, _preview="1"),
    ).content.decode()
    shown = form_of(html)

    assert shown["customer_address"] == lyon["head"]
    assert f'<option value="{lyon["depot"]}"' in html
    assert "8 chemin des Entrepôts, Vénissieux" in html
    assert "Anne — anne@lyon.example" in html and "Paul — paul@lyon.example" in html


def test_an_address_and_contact_chosen_are_copied_as_text_on_save(seller, lyon):
    shown = _previewed(
        seller, quotation_post(lyon["customer"].name, {"item": "WIDGET", "qty": "1"})
    )
    contacts = html_of(seller, "/sales/quotations/new/", customer=lyon["customer"].name)
    paul = contacts.split("Paul — paul@lyon.example")[0].rsplit('value="', 1)[1].split('"')[0]
    chosen = shown | {"shipping_address_name": lyon["depot"], "contact_person": paul}

    answer = seller.post("/sales/quotations/new/", chosen)

    assert answer.status_code == 302
    quotation = Quotation.objects.get()
    assert quotation.customer_address.name == lyon["head"]
    assert quotation.shipping_address == "8 chemin des Entrepôts\n69001 Vénissieux\nFR"
    assert (quotation.contact_display, quotation.contact_email) == ("Paul", "paul@lyon.example")


def test_another_customer_forgets_the_address_chosen_for_the_first(seller, lyon):
    shown = _previewed(
        seller, quotation_post(lyon["customer"].name, {"item": "WIDGET", "qty": "1"})
    )
    other = customer("Client Sans Adresse")

    seller.post(
        "/sales/quotations/new/",
        shown | {"customer": other.name, "shipping_address_name": lyon["depot"]},
    )

    quotation = Quotation.objects.get()
    assert (quotation.customer, quotation.shipping_address_name) == (other, None)
    assert quotation.shipping_address == ""


def test_the_taxes_filled_are_shown_as_rows_and_a_rate_typed_is_saved(seller, lyon):
    shown = _previewed(
        seller, quotation_post(lyon["customer"].name, {"item": "WIDGET", "qty": "1"})
    )
    assert (shown["taxes-TOTAL_FORMS"], shown["taxes-0-account_head"]) == ("1", VAT_ACCOUNT)
    assert Decimal(shown["taxes-0-rate"]) == Decimal("20")

    answer = seller.post("/sales/quotations/new/", shown | {"taxes-0-rate": "10"})

    assert answer.status_code == 302
    quotation = Quotation.objects.get()
    assert [(t.account_head.name, t.rate) for t in quotation.taxes.all()] == [
        (VAT_ACCOUNT, Decimal("10.000"))
    ]
    assert quotation.grand_total == Decimal("110.00")


def test_a_tax_row_typed_on_a_draft_stays_when_it_is_saved_again(seller, lyon):
    quotation = draft("quotation", lyon["customer"], ("WIDGET", "1"))
    page = form_of(html_of(seller, f"/sales/quotations/{quotation.name}/"))
    seller.post(f"/sales/quotations/{quotation.name}/", page | {"taxes-0-rate": "5.5"})

    again = form_of(html_of(seller, f"/sales/quotations/{quotation.name}/"))
    seller.post(f"/sales/quotations/{quotation.name}/", again | {"items-0-qty": "2"})

    stored_quotation = Quotation.objects.get()
    assert [t.rate for t in stored_quotation.taxes.all()] == [Decimal("5.500")]
    assert stored_quotation.grand_total == Decimal("211.00")


def test_another_template_chosen_without_javascript_brings_its_taxes(seller, lyon):
    quotation = draft("quotation", lyon["customer"], ("WIDGET", "1"))
    page = form_of(html_of(seller, f"/sales/quotations/{quotation.name}/"))

    seller.post(f"/sales/quotations/{quotation.name}/", page | {"taxes_and_charges": "TVA 10 %"})

    stored_quotation = Quotation.objects.get()
    assert stored_quotation.taxes_and_charges.name == "TVA 10 %"
    assert [t.rate for t in stored_quotation.taxes.all()] == [Decimal("10.000")]


def test_the_sales_team_is_typed_in_place_and_must_total_100(seller, lyon):
    for person in ("Alice", "Bruno"):
        record_create(masters.SALES_PERSON, {"name": person}, user=None)
    shown = _previewed(
        seller, quotation_post(lyon["customer"].name, {"item": "WIDGET", "qty": "1"})
    )
    team = {
        "sales_team-TOTAL_FORMS": "2",
        "sales_team-INITIAL_FORMS": "0",
        "sales_team-0-sales_person": "Alice",
        "sales_team-0-allocated_percentage": "60",
        "sales_team-1-sales_person": "Bruno",
        "sales_team-1-allocated_percentage": "30",
    }
    before = stored()

    refused = seller.post("/sales/quotations/new/", shown | team)

    assert refused.status_code == 422
    assert "The contributions of the sales team must total 100." in refused.content.decode()
    assert stored() == before
    answer = seller.post(
        "/sales/quotations/new/", shown | team | {"sales_team-1-allocated_percentage": "40"}
    )
    assert answer.status_code == 302
    assert [
        (row.sales_person.name, row.allocated_percentage, row.allocated_amount)
        for row in Quotation.objects.get().sales_team.all()
    ] == [
        ("Alice", Decimal("60.000"), Decimal("60.00")),
        ("Bruno", Decimal("40.000"), Decimal("40.00")),
    ]


def test_an_unknown_sales_person_is_said_on_its_cell(seller, lyon):
    shown = _previewed(
        seller, quotation_post(lyon["customer"].name, {"item": "WIDGET", "qty": "1"})
    )
    team = {
        "sales_team-TOTAL_FORMS": "1",
        "sales_team-INITIAL_FORMS": "0",
        "sales_team-0-sales_person": "Personne",
        "sales_team-0-allocated_percentage": "100",
    }
    before = stored()

    answer = seller.post("/sales/quotations/new/", shown | team)

    html = answer.content.decode()
    assert answer.status_code == 422
    cell = html.split('id="id_sales_team-0-sales_person"')[1].split("</td>")[0]
    assert 'class="errorlist"' in cell and "Personne" in cell
    assert stored() == before


def test_the_payment_schedule_is_typed_in_place(seller, lyon):
    shown = _previewed(
        seller, quotation_post(lyon["customer"].name, {"item": "WIDGET", "qty": "1"})
    )
    schedule = {
        "payment_schedule-TOTAL_FORMS": "2",
        "payment_schedule-INITIAL_FORMS": "0",
        "payment_schedule-0-due_date": "2030-02-01",
        "payment_schedule-0-invoice_portion": "30",
        "payment_schedule-1-due_date": "2030-03-01",
        "payment_schedule-1-invoice_portion": "70",
    }

    answer = seller.post("/sales/quotations/new/", shown | schedule)

    assert answer.status_code == 302
    rows = Quotation.objects.get().payment_schedule.all()
    assert [(str(r.due_date), r.invoice_portion, r.payment_amount) for r in rows] == [
        ("2030-02-01", Decimal("30.000"), Decimal("36.00")),
        ("2030-03-01", Decimal("70.000"), Decimal("84.00")),
    ]


def test_a_blank_row_is_added_to_a_table(seller):
    html = html_of(seller, "/sales/quotations/row/taxes/", **{"taxes-TOTAL_FORMS": "1"})

    assert 'name="taxes-1-account_head"' in html and 'name="taxes-1-rate"' in html
    assert 'id="id_taxes-TOTAL_FORMS" value="2"' in html
    assert seller.get("/sales/quotations/row/nothing/").status_code == 404


def test_the_preview_remakes_the_taxes_once_the_template_changes(seller, lyon):
    shown = _previewed(
        seller, quotation_post(lyon["customer"].name, {"item": "WIDGET", "qty": "1"})
    )

    again = _previewed(seller, shown | {"taxes_and_charges": "TVA 5,5 %"})

    assert Decimal(again["taxes-0-rate"]) == Decimal("5.5")
    assert json.loads(again["_auto"])["#taxes"] != json.loads(shown["_auto"])["#taxes"]
    assert Quotation.objects.count() == 0


def test_a_submitted_documents_page_shows_its_shipping_address_and_contact(seller, lyon):
    quotation = draft(
        "quotation",
        lyon["customer"],
        ("WIDGET", "1"),
        shipping_address_name=lyon["depot"],
        contact_person=Contact.objects.get(full_name="Paul").name,
    )
    submit(quotation)

    html = html_of(seller, f"/sales/quotations/{quotation.name}/")

    assert "8 chemin des Entrepôts\n69001 Vénissieux\nFR" in unescape(html)
    assert '<a href="mailto:paul@lyon.example">paul@lyon.example</a>' in html


def test_an_address_of_another_customer_is_refused_on_its_field(seller, lyon):
    shown = _previewed(
        seller, quotation_post(lyon["customer"].name, {"item": "WIDGET", "qty": "1"})
    )
    other = customer("Client Parisien")
    paris = _address(other, "3 rue de Rivoli", "Paris")
    before = stored()

    answer = seller.post("/sales/quotations/new/", shown | {"shipping_address_name": paris})

    html = unescape(answer.content.decode())
    errors = re.search(
        r'<ul class="errorlist" id="id_shipping_address_name_error">(.*?)</ul>', html
    )
    assert answer.status_code == 422
    assert errors is not None and (
        f"This address is not one of the customer “{lyon['customer'].name}”: choose one of its "
        "addresses, or link this one to the customer first."
    ) in errors.group(1)
    assert stored() == before
