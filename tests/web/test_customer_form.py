"""The customer's full form (guide §2.3): create and edit with child rows, errors on the
right row and cell, the quick entry's "Modifier en pleine page", roles, query counts."""

import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clientele.contacts.models import Address, Contact
from clientele.core.api_support import serialize
from clientele.core.records import record_create
from clientele.customers import selectors
from clientele.customers.quick_entry import customer_quick_create
from clientele.customers.services import CUSTOMER, customer_create
from clientele.customers.tests.builders import (
    ADVANCE,
    OTHER_COMPANY,
    OTHER_RECEIVABLE,
    RECEIVABLE,
    build_refs,
    db_state,
    series_code,
)
from clientele.masters import services as masters
from clientele.operations.seed import COMPANY

pytestmark = pytest.mark.django_db

NEW = "/customers/new/"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def refs(db):
    return build_refs()


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(user)
    return client


def edit_url(code: str) -> str:
    return f"/customer/{code}/edit/"


def empty_form(**values) -> dict[str, str]:
    """What the browser posts for a new customer's form left empty, then ``values``."""
    fields = (
        "customer_name customer_type pan tax_withholding_category default_bank_account "
        "lead_name account_manager customer_group territory tax_id tax_category "
        "represents_company default_currency default_price_list payment_terms "
        "customer_details market_segment industry language website loyalty_program "
        "loyalty_program_tier default_sales_partner default_commission_rate"
    ).split()
    blocks = [f"contact-{f}" for f in ("first_name", "last_name", "email_id", "mobile_no")] + [
        f"address-{f}" for f in ("address_line1", "address_line2", "city", "pincode", "country")
    ]
    return {name: "" for name in fields + blocks} | {"customer_type": "Company"} | values


def rows(table: str, *cells: dict[str, str]) -> dict[str, str]:
    return {
        f"{table}-{index}-{column}": value
        for index, row in enumerate(cells)
        for column, value in row.items()
    }


def stored(code: str) -> dict:
    return serialize(CUSTOMER, selectors.customer_detail(code))


def cell(html: str, input_id: str) -> str:
    """The input tag with ``input_id``."""
    found = re.search(rf'<input[^>]*id="{re.escape(input_id)}"[^>]*>', html)
    assert found, input_id
    return found.group(0)


# --- creating ---------------------------------------------------------------------------


def test_a_new_customer_with_child_rows_contact_and_address_is_stored_as_typed(sales_user, refs):
    # when a sales user fills in the full form
    data = empty_form(
        customer_name="Boulangerie Martin",
        customer_group="Commercial",
        territory="France",
        tax_id="FR40303265045",
        default_price_list="Tarif Revendeurs",
        payment_terms="Net 60",
        industry="Retail",
        market_segment="SME",
        language="fr",
        is_frozen="on",
        default_sales_partner="Partenaire Sud",
        default_commission_rate="7,5",
        **{
            "contact-first_name": "Claire",
            "contact-last_name": "Martin",
            "contact-email_id": "claire@boulangerie-martin.fr",
            "address-address_line1": "12 rue de la Paix",
            "address-city": "Paris",
            "address-pincode": "75002",
            "address-country": "FR",
        },
    )
    data |= rows(
        "credit_limits",
        {"company": COMPANY, "credit_limit": "20000", "bypass_credit_limit_check": "on"},
        {"company": OTHER_COMPANY, "credit_limit": "5000,50"},
    )
    data |= rows(
        "accounts", {"company": COMPANY, "account": RECEIVABLE, "advance_account": ADVANCE}
    )
    data |= rows(
        "sales_team",
        {"sales_person": "Alice", "allocated_percentage": "60"},
        {"sales_person": "Bruno", "allocated_percentage": "40"},
    )
    response = signed_in(sales_user).post(NEW, data)

    # then it is created and the browser goes to its page
    code = series_code(1)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == f"/customer/{code}/"
    customer = stored(code)
    assert {
        key: customer[key]
        for key in (
            "customer_name",
            "customer_type",
            "customer_group",
            "territory",
            "tax_id",
            "default_price_list",
            "payment_terms",
            "industry",
            "market_segment",
            "language",
            "is_frozen",
            "disabled",
            "default_sales_partner",
            "default_commission_rate",
            "customer_primary_contact",
        )
    } == {
        "customer_name": "Boulangerie Martin",
        "customer_type": "Company",
        "customer_group": "Commercial",
        "territory": "France",
        "tax_id": "FR40303265045",
        "default_price_list": "Tarif Revendeurs",
        "payment_terms": "Net 60",
        "industry": "Retail",
        "market_segment": "SME",
        "language": "fr",
        "is_frozen": True,
        "disabled": False,
        "default_sales_partner": "Partenaire Sud",
        "default_commission_rate": Decimal("7.500"),
        "customer_primary_contact": "Claire Martin",
    }
    assert customer["credit_limits"] == [
        {
            "company": COMPANY,
            "credit_limit": Decimal("20000.00"),
            "bypass_credit_limit_check": True,
        },
        {
            "company": OTHER_COMPANY,
            "credit_limit": Decimal("5000.50"),
            "bypass_credit_limit_check": False,
        },
    ]
    assert customer["accounts"] == [
        {"company": COMPANY, "account": RECEIVABLE, "advance_account": ADVANCE}
    ]
    assert customer["sales_team"] == [
        {"sales_person": "Alice", "allocated_percentage": Decimal("60.000")},
        {"sales_person": "Bruno", "allocated_percentage": Decimal("40.000")},
    ]
    address = Address.objects.get(name=customer["customer_primary_address"])
    assert (address.address_line1, address.city, address.pincode, address.country) == (
        "12 rue de la Paix",
        "Paris",
        "75002",
        "FR",
    )
    assert Contact.objects.get(name="Claire Martin").email_id == "claire@boulangerie-martin.fr"


def test_a_new_customer_without_contact_or_address_creates_neither(sales_user):
    before = (Contact.objects.count(), Address.objects.count())

    response = signed_in(sales_user).post(NEW, empty_form(customer_name="Cabinet Moreau"))

    assert response.status_code == 302
    assert stored(series_code(1))["customer_name"] == "Cabinet Moreau"
    assert (Contact.objects.count(), Address.objects.count()) == before


def test_the_full_form_is_prefilled_from_the_quick_entry(sales_user):
    # given what the quick entry's "Modifier en pleine page" sends
    typed = {
        "customer_name": "Boulangerie Martin",
        "customer_type": "Individual",
        "customer_group": "Government",
        "territory": "Belgium",
        "tax_id": "FR40303265045",
        "contact-first_name": "Claire",
        "contact-last_name": "Martin",
        "contact-email_id": "claire@example.fr",
        "contact-mobile_no": "+33612345678",
        "address-address_line1": "12 rue de la Paix",
        "address-address_line2": "Bât. B",
        "address-city": "Paris",
        "address-pincode": "75002",
        "address-country": "FR",
    }

    # when the full form opens
    response = signed_in(sales_user).get(f"{NEW}?{urlencode(typed)}")

    # then nothing typed is lost
    html = response.content.decode()
    assert response.status_code == 200
    for name, value in typed.items():
        if name == "customer_type":
            continue
        assert f'value="{value}"' in cell(html, f"id_{name}"), name
    assert "checked" in cell(html, "id_customer_type_1")  # Individual
    assert "checked" not in cell(html, "id_customer_type_0")


def test_an_empty_new_form_takes_group_and_territory_from_the_selling_settings(sales_user):
    html = signed_in(sales_user).get(NEW).content.decode()

    assert 'value="Commercial"' in cell(html, "id_customer_group")
    assert 'value="France"' in cell(html, "id_territory")
    assert "<h1>Nouveau client</h1>" in html


# --- errors -----------------------------------------------------------------------------


def test_an_unknown_company_in_the_second_credit_limit_row_is_shown_in_that_cell(sales_user, refs):
    before = db_state()
    data = empty_form(customer_name="Boulangerie Martin", tax_id="FR40303265045")
    data |= rows(
        "credit_limits",
        {"company": COMPANY, "credit_limit": "20000"},
        {"company": "Société Inconnue", "credit_limit": "3000"},
    )

    response = signed_in(sales_user).post(NEW, data)

    # then nothing is written
    assert response.status_code == 422
    assert db_state() == before
    html = response.content.decode()
    # the second row's company cell holds the error, the first row's does not
    second = cell(html, "id_credit_limits-1-company")
    assert 'aria-invalid="true"' in second
    assert 'aria-describedby="id_credit_limits-1-company_error"' in second
    assert 'value="Société Inconnue"' in second
    assert re.search(
        r'<ul class="errorlist" id="id_credit_limits-1-company_error"><li>'
        r"Introuvable\xa0: société “Société Inconnue”.</li></ul>",
        html,
    )
    assert "aria-invalid" not in cell(html, "id_credit_limits-0-company")
    # everything typed is still there
    assert 'value="20000"' in cell(html, "id_credit_limits-0-credit_limit")
    assert 'value="FR40303265045"' in cell(html, "id_tax_id")
    # and the summary at the top links to the cell
    assert (
        '<a href="#id_credit_limits-1-company">Limites de crédit, ligne 2, Société\xa0: '
        "Introuvable\xa0: société “Société Inconnue”.</a>"
    ) in html
    assert "Le client n'a pas été enregistré\xa0: 1 erreur à corriger." in html


def test_a_row_that_is_not_a_number_is_refused_before_the_service(sales_user, refs):
    before = db_state()
    data = empty_form(customer_name="Boulangerie Martin")
    data |= rows("credit_limits", {"company": COMPANY, "credit_limit": "beaucoup"})

    response = signed_in(sales_user).post(NEW, data)

    assert response.status_code == 422
    assert db_state() == before
    html = response.content.decode()
    assert 'aria-invalid="true"' in cell(html, "id_credit_limits-0-credit_limit")
    assert "Saisissez un nombre." in html


def test_a_sales_team_not_totalling_100_is_shown_on_the_table(sales_user, refs):
    before = db_state()
    data = empty_form(customer_name="Boulangerie Martin")
    data |= rows(
        "sales_team",
        {"sales_person": "Alice", "allocated_percentage": "60"},
        {"sales_person": "Bruno", "allocated_percentage": "30"},
    )

    response = signed_in(sales_user).post(NEW, data)

    assert response.status_code == 422
    assert db_state() == before
    html = response.content.decode()
    assert (
        '<ul class="errorlist" id="table-sales_team-error"><li>Les contributions de '
        "l&#x27;équipe de vente doivent totaliser 100\xa0%.</li></ul>"
    ) in html


def test_a_partial_address_is_an_error_in_the_address_block(sales_user):
    before = db_state()
    data = empty_form(customer_name="Boulangerie Martin", **{"address-city": "Paris"})

    response = signed_in(sales_user).post(NEW, data)

    assert response.status_code == 422
    assert db_state() == before
    html = response.content.decode()
    assert 'aria-invalid="true"' in cell(html, "id_address-address_line1")
    assert 'value="Paris"' in cell(html, "id_address-city")


def test_a_blank_row_is_kept_on_screen_and_not_sent(sales_user, refs):
    # a blank first row, then an unknown company: the error lands on the second row shown
    data = empty_form(customer_name="Boulangerie Martin")
    data |= rows(
        "credit_limits",
        {"company": "", "credit_limit": ""},
        {"company": "Société Inconnue", "credit_limit": "3000"},
    )

    response = signed_in(sales_user).post(NEW, data)

    html = response.content.decode()
    assert response.status_code == 422
    assert "aria-invalid" not in cell(html, "id_credit_limits-0-company")
    assert 'aria-invalid="true"' in cell(html, "id_credit_limits-1-company")


def test_the_name_is_required(sales_user):
    response = signed_in(sales_user).post(NEW, empty_form())

    assert response.status_code == 422
    assert 'aria-invalid="true"' in cell(response.content.decode(), "id_customer_name")


# --- rows added and removed -------------------------------------------------------------


def test_add_a_row_returns_the_table_with_one_more_row_and_saves_nothing(sales_user, refs):
    before = db_state()
    data = empty_form(customer_name="")
    data |= rows("credit_limits", {"company": COMPANY, "credit_limit": "20000"})

    response = signed_in(sales_user).post(
        NEW, data | {"_row": "add:credit_limits"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert db_state() == before
    html = response.content.decode()
    assert html.strip().startswith('<div class="child-table" id="table-credit_limits"')
    assert 'value="20000"' in cell(html, "id_credit_limits-0-credit_limit")
    assert "value=" not in cell(html, "id_credit_limits-1-company")
    assert "<h1>" not in html
    # nothing is checked before "Enregistrer"
    assert "aria-invalid" not in html


def test_remove_a_row_without_javascript_returns_the_whole_page_without_it(sales_user, refs):
    data = empty_form(customer_name="Boulangerie Martin")
    data |= rows(
        "credit_limits",
        {"company": COMPANY, "credit_limit": "20000"},
        {"company": OTHER_COMPANY, "credit_limit": "3000"},
    )

    data["credit_limits-1-credit_limit"] = "beaucoup"
    response = signed_in(sales_user).post(NEW, data | {"_row": "remove:credit_limits:0"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "aria-invalid" not in html
    assert 'value="beaucoup"' in cell(html, "id_credit_limits-1-credit_limit")
    assert "id_credit_limits-0-company" not in html
    assert f'value="{OTHER_COMPANY}"' in cell(html, "id_credit_limits-1-company")
    assert 'value="Boulangerie Martin"' in cell(html, "id_customer_name")


# --- editing ----------------------------------------------------------------------------


@pytest.fixture
def martin(refs, admin):
    return customer_create(
        data={
            "customer_name": "Boulangerie Martin",
            "tax_id": "FR40303265045",
            "default_price_list": "Tarif Revendeurs",
            "credit_limits": [{"company": COMPANY, "credit_limit": Decimal("20000")}],
            "sales_team": [{"sales_person": "Alice", "allocated_percentage": Decimal(100)}],
        },
        user=admin,
    )


def test_the_edit_form_shows_the_stored_values_and_rows(sales_user, martin):
    html = signed_in(sales_user).get(edit_url(martin.name)).content.decode()

    assert 'value="Boulangerie Martin"' in cell(html, "id_customer_name")
    assert 'value="Tarif Revendeurs"' in cell(html, "id_default_price_list")
    assert f'value="{COMPANY}"' in cell(html, "id_credit_limits-0-company")
    assert 'value="20000,00"' in cell(html, "id_credit_limits-0-credit_limit")
    assert 'value="Alice"' in cell(html, "id_sales_team-0-sales_person")
    assert "<h1>Modifier Boulangerie Martin</h1>" in html


def test_an_edit_replaces_the_fields_and_rows_as_typed(sales_user, martin):
    data = empty_form(
        customer_name="Boulangerie Martin et Fils",
        tax_id="FR40303265045",
        default_price_list="Tarif Export",
        disabled="on",
        customer_primary_contact="",
        customer_primary_address="",
    )
    data |= rows(
        "credit_limits",
        {"company": COMPANY, "credit_limit": "25000"},
        {"company": OTHER_COMPANY, "credit_limit": "0"},
    )
    data |= rows("accounts", {"company": OTHER_COMPANY, "account": OTHER_RECEIVABLE})
    data |= rows(
        "sales_team",
        {"sales_person": "Bruno", "allocated_percentage": "50"},
        {"sales_person": "Chloé", "allocated_percentage": "50"},
    )

    response = signed_in(sales_user).post(edit_url(martin.name), data)

    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == f"/customer/{martin.name}/"
    customer = stored(martin.name)
    assert (
        customer["customer_name"],
        customer["default_price_list"],
        customer["disabled"],
        customer["tax_id"],
    ) == ("Boulangerie Martin et Fils", "Tarif Export", True, "FR40303265045")
    assert customer["credit_limits"] == [
        {
            "company": COMPANY,
            "credit_limit": Decimal("25000.00"),
            "bypass_credit_limit_check": False,
        },
        {
            "company": OTHER_COMPANY,
            "credit_limit": Decimal("0.00"),
            "bypass_credit_limit_check": False,
        },
    ]
    assert customer["accounts"] == [
        {"company": OTHER_COMPANY, "account": OTHER_RECEIVABLE, "advance_account": None}
    ]
    assert customer["sales_team"] == [
        {"sales_person": "Bruno", "allocated_percentage": Decimal("50.000")},
        {"sales_person": "Chloé", "allocated_percentage": Decimal("50.000")},
    ]


def test_a_refused_edit_writes_nothing(sales_user, martin):
    before = db_state()
    data = empty_form(customer_name="Boulangerie Martin")
    data |= rows(
        "credit_limits",
        {"company": COMPANY, "credit_limit": "25000"},
        {"company": COMPANY, "credit_limit": "1000"},
    )

    response = signed_in(sales_user).post(edit_url(martin.name), data)

    assert response.status_code == 422
    assert db_state() == before
    assert stored(martin.name)["credit_limits"][0]["credit_limit"] == Decimal("20000.00")
    html = response.content.decode()
    assert 'aria-invalid="true"' in cell(html, "id_credit_limits-1-company")
    assert "La ligne 1 a déjà cette valeur." in html


def test_an_unknown_customer_is_404(sales_user):
    assert signed_in(sales_user).get(edit_url("CUST-0000")).status_code == 404


# --- who may ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(db):
    client = Client()
    for url in (NEW, edit_url("CUST-1")):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, f"/login/?next={url}")


def test_a_reader_can_neither_open_nor_post_the_form(reader, martin):
    before = db_state()
    client = signed_in(reader)

    assert client.get(NEW).status_code == 403
    assert client.get(edit_url(martin.name)).status_code == 403
    assert client.post(NEW, empty_form(customer_name="Intrus")).status_code == 403
    assert client.post(edit_url(martin.name), empty_form(customer_name="Intrus")).status_code == 403
    assert db_state() == before


def test_a_sales_user_sees_no_create_button_for_records_only_managers_create(sales_user):
    html = signed_in(sales_user).get(NEW).content.decode()

    assert 'href="/lookup/industries/new/?field=id_industry"' not in html
    assert 'href="/lookup/leads/new/?field=id_lead_name"' in html  # sales users create leads


def test_a_manager_sees_the_create_buttons(master_manager):
    html = signed_in(master_manager).get(NEW).content.decode()

    assert 'href="/lookup/industries/new/?field=id_industry"' in html
    # accounting records stay with the accountants
    assert 'href="/lookup/currencies/new/' not in html


# --- cost -------------------------------------------------------------------------------


def _edit_queries(client: Client, code: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(edit_url(code)).status_code == 200
    return len(queries)


def test_the_edit_form_costs_the_same_queries_for_2_or_20_rows(sales_user, admin, refs):
    people = [f"Vendeur {n:02d}" for n in range(20)]
    for person in people:
        record_create(masters.SALES_PERSON, {"name": person}, user=None)

    def customer_with(team: list[str]) -> str:
        share = Decimal(100) / len(team)
        return customer_create(
            data={
                "customer_name": f"Équipe de {len(team)}",
                "sales_team": [{"sales_person": p, "allocated_percentage": share} for p in team],
            },
            user=admin,
        ).name

    small, big = customer_with(people[:2]), customer_with(people)
    client = signed_in(sales_user)
    _edit_queries(client, small)  # the session's first read

    assert _edit_queries(client, small) == _edit_queries(client, big) == 6


def test_the_primary_contact_and_address_are_chosen_among_the_customers_own(sales_user, admin):
    customer = customer_quick_create(
        data={"customer_name": "Boulangerie Martin"},
        contact={"first_name": "Claire", "last_name": "Martin"},
        address={"address_line1": "12 rue de la Paix", "city": "Paris", "country": "FR"},
        user=admin,
    )
    client = signed_in(sales_user)

    html = client.get(edit_url(customer.name)).content.decode()

    contact = re.search(r'<select name="customer_primary_contact".*?</select>', html, re.S)[0]
    assert re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', contact) == [
        ("", "", "(aucun)"),
        ("Claire Martin", " selected", "Claire Martin"),
    ]
    address = re.search(r'<select name="customer_primary_address".*?</select>', html, re.S)[0]
    assert "12 rue de la Paix, Paris</option>" in address
    # choosing none is stored
    data = empty_form(customer_name="Boulangerie Martin") | {
        "customer_primary_contact": "",
        "customer_primary_address": customer.customer_primary_address.name,
    }
    assert client.post(edit_url(customer.name), data).status_code == 302
    after = stored(customer.name)
    assert (after["customer_primary_contact"], after["customer_primary_address"]) == (
        None,
        customer.customer_primary_address.name,
    )


def test_an_internal_customer_lists_the_companies_allowed_to_bill_it(sales_user, refs):
    data = empty_form(
        customer_name="Filiale Lyon (interne)",
        is_internal_customer="on",
        represents_company=OTHER_COMPANY,
    ) | rows("companies", {"company": COMPANY})

    response = signed_in(sales_user).post(NEW, data)

    assert response.status_code == 302, response.content.decode()
    customer = stored(series_code(1))
    assert (
        customer["is_internal_customer"],
        customer["represents_company"],
        customer["companies"],
    ) == (True, OTHER_COMPANY, [{"company": COMPANY}])


def test_likely_duplicates_are_told_after_saving(sales_user, martin):
    response = signed_in(sales_user).post(
        NEW, empty_form(customer_name="Boulangerie Martin SARL", tax_id="FR40303265045")
    )

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Client “Boulangerie Martin SARL” enregistré.",
        f"Doublons possibles\xa0: Boulangerie Martin ({martin.name}).",
    ]


def test_the_new_form_costs_a_fixed_number_of_queries(sales_user):
    client = signed_in(sales_user)
    client.get(NEW)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(NEW).status_code == 200

    assert len(queries) == 4
