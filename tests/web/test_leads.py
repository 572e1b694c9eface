"""Leads (/leads/): list, page, form, and “Convertir en client”."""

import pytest
from django.utils import timezone

from clientele.contacts.models import Contact
from clientele.core.naming import series_resolve
from clientele.crm.models import Lead
from clientele.crm.services import LEAD_SERIES, lead_create
from clientele.customers.models import Customer
from clientele.customers.services import customer_create
from clientele.web.customers import customer_url
from tests.web.settings_helpers import queries_of, signed_in

pytestmark = pytest.mark.django_db


def _lead(**data) -> Lead:
    return lead_create(data=data, user=None)


def _garnier() -> Lead:
    return _lead(
        name="LEAD-GARNIER",
        lead_name="Sophie Garnier",
        company_name="Garnier Conseil",
        email_id="sophie@garnier.fr",
        mobile_no="+33612345678",
        territory="Belgium",
        industry="Services",
    )


# --- list ----------------------------------------------------------------------------


def test_the_list_shows_the_leads_newest_first_with_their_status(client, reader):
    _lead(name="L-1", lead_name="Jeanne Petit", email_id="jeanne@example.fr")
    _garnier()
    signed_in(client, reader)

    page = client.get("/leads/").content.decode()

    assert "2 leads" in page
    assert page.index("LEAD-GARNIER") < page.index("L-1<")
    assert '<a href="/leads/LEAD-GARNIER/">LEAD-GARNIER</a>' in page
    assert "Garnier Conseil" in page and "+33612345678" in page and ">Open</span>" in page
    assert "+ Add Lead" not in page


def test_the_list_searches_names_organisations_and_e_mails(client, reader):
    _lead(name="L-1", lead_name="Jeanne Petit", email_id="jeanne@example.fr")
    _garnier()
    signed_in(client, reader)

    by_person = client.get("/leads/?q=sophie").content.decode()
    by_organisation = client.get("/leads/?q=garnier conseil").content.decode()
    by_email = client.get("/leads/?q=example.fr", HTTP_HX_REQUEST="true").content.decode()

    assert "1 lead" in by_person and "LEAD-GARNIER" in by_person
    assert "1 lead" in by_organisation
    assert "<html" not in by_email and "L-1" in by_email and "LEAD-GARNIER" not in by_email


def test_the_list_pages_by_twenty(client, reader):
    for number in range(23):
        _lead(name=f"L-{number:02d}", lead_name=f"Personne {number}")
    signed_in(client, reader)

    second = client.get("/leads/?page=2").content.decode()

    assert "23 leads" in second and "L-02<" in second and "L-03<" not in second


def test_the_list_costs_the_same_queries_for_2_and_20_leads(client, reader):
    for number in range(2):
        _lead(name=f"L-{number:02d}", lead_name="P", territory="France", industry="Retail")
    signed_in(client, reader)
    few = queries_of(client, "/leads/")
    for number in range(2, 20):
        _lead(name=f"L-{number:02d}", lead_name="P", territory="France", industry="Retail")

    assert queries_of(client, "/leads/") == few <= 5


def test_anonymous_visitors_are_sent_to_sign_in(client):
    for url in ("/leads/", "/leads/new/", "/leads/X/", "/leads/X/convert/"):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/login/")


# --- create, read, edit ---------------------------------------------------------------


def test_a_lead_without_a_code_takes_the_next_one_of_the_series(client, sales_user):
    signed_in(client, sales_user)

    answer = client.post(
        "/leads/new/",
        {
            "name": "",
            "lead_name": "Paul Durand",
            "company_name": "Durand Frères",
            "email_id": "Paul@Durand.fr",
            "mobile_no": "06 12 34 56 78",
            "status": "Interested",
            "source": "Salon",
            "territory": "France",
            "industry": "Retail",
            "market_segment": "SME",
            "notes": "Rappeler en mars.",
        },
    )

    prefix, _width = series_resolve(LEAD_SERIES, timezone.localdate())
    lead = Lead.objects.get(company_name="Durand Frères")
    assert lead.name == f"{prefix}00001"
    assert answer.status_code == 302 and answer["Location"] == f"/leads/{lead.name}/"
    assert (
        lead.lead_name,
        lead.email_id,
        lead.mobile_no,
        lead.status,
        lead.source,
        lead.territory.name,
        lead.industry.name,
        lead.market_segment.name,
        lead.notes,
    ) == (
        "Paul Durand",
        "paul@durand.fr",
        "+33612345678",
        "Interested",
        "Salon",
        "France",
        "Retail",
        "SME",
        "Rappeler en mars.",
    )


def test_a_lead_without_a_name_is_refused_next_to_the_field(client, sales_user):
    signed_in(client, sales_user)

    nameless = client.post("/leads/new/", {"email_id": "qui@example.fr", "status": "Open"})
    bad_email = client.post(
        "/leads/new/", {"lead_name": "Qui", "email_id": "qui", "status": "Open"}
    )

    assert nameless.status_code == bad_email.status_code == 422
    assert (
        'id="id_lead_name_error"><li>A lead needs a person name or an organisation name.'
        in nameless.content.decode()
    )
    assert 'value="qui@example.fr"' in nameless.content.decode()
    assert 'aria-invalid="true" aria-describedby="id_email_id_error"' in bad_email.content.decode()
    assert Lead.objects.count() == 0


def test_the_lead_page_shows_its_details_and_its_actions(client, sales_user):
    _garnier()
    signed_in(client, sales_user)

    page = client.get("/leads/LEAD-GARNIER/").content.decode()

    assert "<h1>Garnier Conseil" in page and "sophie@garnier.fr" in page and "Belgium" in page
    assert 'href="/leads/LEAD-GARNIER/edit/"' in page
    assert 'hx-get="/leads/LEAD-GARNIER/convert/"' in page


def test_a_reader_sees_the_lead_but_no_action(client, reader):
    _garnier()
    signed_in(client, reader)

    page = client.get("/leads/LEAD-GARNIER/").content.decode()
    edit = client.get("/leads/LEAD-GARNIER/edit/").content.decode()

    assert "Convert to customer" not in page and "/edit/" not in page
    assert 'name="lead_name" value="Sophie Garnier" maxlength="140" disabled' in edit
    assert ">Save<" not in edit


def test_editing_a_lead_changes_what_was_sent_and_keeps_its_code(client, sales_user):
    _garnier()
    signed_in(client, sales_user)

    answer = client.post(
        "/leads/LEAD-GARNIER/edit/",
        {
            "lead_name": "Sophie Garnier",
            "company_name": "Garnier & Associés",
            "email_id": "contact@garnier.fr",
            "status": "Replied",
            "territory": "France",
        },
    )

    assert answer.status_code == 302 and answer["Location"] == "/leads/LEAD-GARNIER/"
    lead = Lead.objects.get(name="LEAD-GARNIER")
    assert (lead.company_name, lead.email_id, lead.status, lead.territory.name, lead.industry) == (
        "Garnier & Associés",
        "contact@garnier.fr",
        "Replied",
        "France",
        None,
    )


def test_a_forged_lead_write_without_the_role_is_forbidden(client, reader):
    _garnier()
    signed_in(client, reader)

    created = client.post("/leads/new/", {"lead_name": "Intrus", "status": "Open"})
    edited = client.post("/leads/LEAD-GARNIER/edit/", {"lead_name": "Intrus", "status": "Open"})
    converted = client.post("/leads/LEAD-GARNIER/convert/", {"customer_type": "Company"})

    assert created.status_code == edited.status_code == converted.status_code == 403
    assert list(Lead.objects.values_list("lead_name", "status")) == [("Sophie Garnier", "Open")]
    assert Customer.objects.count() == 0


# --- conversion ------------------------------------------------------------------------


def test_the_conversion_dialog_is_filled_from_the_lead_and_the_settings(client, sales_user):
    _garnier()
    signed_in(client, sales_user)

    dialog = client.get("/leads/LEAD-GARNIER/convert/", HTTP_HX_REQUEST="true").content.decode()

    assert "<html" not in dialog and "<dialog data-modal" in dialog
    assert '<option value="Company" selected>' in dialog
    assert '<option value="Commercial" selected>' in dialog
    assert '<option value="Belgium" selected>' in dialog


def test_converting_a_lead_creates_the_customer_and_goes_to_its_page(client, sales_user):
    _garnier()
    signed_in(client, sales_user)

    answer = client.post(
        "/leads/LEAD-GARNIER/convert/",
        {"customer_type": "Company", "customer_group": "Government", "territory": "Belgium"},
        HTTP_HX_REQUEST="true",
    )

    customer = Customer.objects.select_related("customer_group", "territory", "lead").get()
    assert answer.status_code == 200 and answer["HX-Redirect"] == customer_url(customer.name)
    assert (
        customer.customer_name,
        customer.customer_type,
        customer.customer_group.name,
        customer.territory.name,
        customer.industry.name,
        customer.lead.name,
        customer.email_id,
    ) == (
        "Garnier Conseil",
        "Company",
        "Government",
        "Belgium",
        "Services",
        "LEAD-GARNIER",
        "sophie@garnier.fr",
    )
    assert Lead.objects.get(name="LEAD-GARNIER").status == "Converted"
    assert Contact.objects.get().full_name == "Sophie Garnier"
    # the lead page then links to its customer and offers no second conversion
    page = client.get("/leads/LEAD-GARNIER/").content.decode()
    assert f'href="{customer_url(customer.name)}"' in page and "Convert to customer" not in page


def test_a_likely_duplicate_is_said_after_conversion(client, sales_user):
    customer_create(data={"customer_name": "Garnier Conseil"}, user=None)
    _garnier()
    signed_in(client, sales_user)

    answer = client.post(
        "/leads/LEAD-GARNIER/convert/",
        {"customer_type": "Company", "customer_group": "Commercial", "territory": "Belgium"},
        follow=False,
    )

    assert answer.status_code == 302
    stored = [str(m) for m in answer.wsgi_request._messages]
    assert any(m.startswith("Possible duplicates: Garnier Conseil (") for m in stored)
    assert Customer.objects.count() == 2


def test_converting_twice_is_refused_and_writes_nothing(client, sales_user):
    _garnier()
    signed_in(client, sales_user)
    data = {"customer_type": "Company", "customer_group": "Commercial", "territory": "Belgium"}
    client.post("/leads/LEAD-GARNIER/convert/", data)

    again = client.post("/leads/LEAD-GARNIER/convert/", data, HTTP_HX_REQUEST="true")

    assert again.status_code == 409
    assert "This lead is already converted." in again.content.decode()
    assert Customer.objects.count() == 1


def test_a_conversion_without_a_territory_is_refused_next_to_it(client, sales_user):
    _lead(name="L-SANS", lead_name="Jeanne Petit")
    signed_in(client, sales_user)

    answer = client.post(
        "/leads/L-SANS/convert/",
        {"customer_type": "Individual", "customer_group": "Individual", "territory": ""},
    )

    assert answer.status_code == 422
    assert 'id="id_territory_error"><li>This field is required.' in answer.content.decode()
    assert Customer.objects.count() == 0
    assert Lead.objects.get(name="L-SANS").status == "Open"


def test_the_lead_page_costs_a_fixed_number_of_queries(client, sales_user):
    _garnier()
    signed_in(client, sales_user)
    assert queries_of(client, "/leads/LEAD-GARNIER/") <= 12
