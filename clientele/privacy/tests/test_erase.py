"""Erasing a person: everything that named them is anonymised, every document and ledger
figure stays, the history keeps who changed what but no longer the person's values."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from clientele.contacts.models import Address, Contact, ContactEmail, ContactPhone
from clientele.contacts.services import contact_create
from clientele.core.models import ChangeLog
from clientele.crm.models import Lead
from clientele.crm.selectors import lead_page
from clientele.crm.services import lead_create
from clientele.customers.duplicates import duplicates_sent
from clientele.customers.models import Customer
from clientele.customers.quick_entry import customer_quick_create
from clientele.customers.services import customer_create, customer_update
from clientele.privacy.services import person_erase
from clientele.privacy.tests.builders import person
from clientele.sales.models import LedgerEntry, PaymentEntry, SalesInvoice
from clientele.sales.tests.builders import draft

pytestmark = pytest.mark.django_db

DETAIL = "Personal data erased (GDPR article 17)"
PERSONAL = (
    "Jeanne",
    "Dupont",
    "DUPONT-J",
    "jeanne.dupont",
    "612345678",
    "Lilas",
    "Lyon",
    "69003",
    "FR44732829320",
    "732829320",
    "Prefers letters",
)


@pytest.fixture
def held(admin):
    return person(admin)


def company_customer() -> Customer:
    data = {"name": "MARTIN", "customer_name": "Boulangerie Martin SARL"}
    return customer_create(data=data, user=None)


def figures(invoice: SalesInvoice) -> tuple:
    invoice = SalesInvoice.objects.get(pk=invoice.pk)
    return (
        invoice.name,
        invoice.docstatus,
        invoice.status,
        invoice.posting_date,
        invoice.total,
        invoice.net_total,
        invoice.total_taxes_and_charges,
        invoice.grand_total,
        invoice.base_grand_total,
        invoice.outstanding_amount,
        [(line.item_id, line.qty, line.rate, line.amount) for line in invoice.items.all()],
    )


def ledger() -> list[tuple]:
    return list(
        LedgerEntry.objects.order_by("pk").values_list(
            "posting_date",
            "account_id",
            "customer_id",
            "debit",
            "credit",
            "voucher_no",
            "against_voucher_no",
            "remarks",
            "is_cancelled",
        )
    )


def everything() -> tuple:
    """Every row an erasure could write, to prove a refusal wrote none."""
    return (
        list(Customer.objects.order_by("pk").values()),
        list(Contact.objects.order_by("pk").values()),
        list(ContactEmail.objects.order_by("pk").values()),
        list(ContactPhone.objects.order_by("pk").values()),
        list(Address.objects.order_by("pk").values()),
        list(Lead.objects.order_by("pk").values()),
        list(SalesInvoice.objects.order_by("pk").values()),
        list(PaymentEntry.objects.order_by("pk").values()),
        list(ChangeLog.objects.order_by("pk").values()),
        ledger(),
    )


def history_values() -> list[str]:
    rows = ChangeLog.objects.values_list("record_name", "old_value", "new_value")
    return [value for row in rows for value in row]


def test_erasing_a_customer_anonymises_it_its_contact_address_and_document_copies(held, api):
    # given
    customer = held.customer
    contact = Contact.objects.get(links__party_type="customer", links__party_id=customer.pk)
    address = Address.objects.get(links__party_type="customer", links__party_id=customer.pk)
    invoice_before, ledger_before = figures(held.invoice), ledger()
    assert any("Dupont" in value for value in history_values())
    # when
    answer = api.post("/privacy/customer/DUPONT-J/erase")
    # then
    assert answer.status_code == 200
    assert answer.json() == {
        "kind": "customer",
        "name": f"Anonymised {customer.pk}",
        "erased": True,
        "records": {
            "contact": [f"Anonymised {contact.pk}"],
            "address": [f"Anonymised {address.pk}"],
            "customer": [f"Anonymised {customer.pk}"],
        },
        "shared": [],
    }
    customer.refresh_from_db()
    assert (
        customer.name,
        customer.customer_name,
        customer.customer_type,
        customer.tax_id,
        customer.siren,
        customer.name_key,
        customer.customer_details,
        customer.email_id,
        customer.mobile_no,
        customer.primary_address,
        customer.customer_primary_contact_id,
        customer.customer_primary_address_id,
    ) == (
        f"Anonymised {customer.pk}",
        f"Anonymised {customer.pk}",
        "Individual",
        "",
        "",
        "",
        "",
        "",
        "",
        f"Anonymised {address.pk}\nFR",
        contact.pk,
        address.pk,
    )
    contact.refresh_from_db()
    assert (contact.name, contact.full_name, contact.first_name, contact.last_name) == (
        f"Anonymised {contact.pk}",
        f"Anonymised {contact.pk}",
        f"Anonymised {contact.pk}",
        "",
    )
    assert (contact.email_id, contact.phone, contact.mobile_no) == ("", "", "")
    assert not ContactEmail.objects.filter(contact=contact).exists()
    assert not ContactPhone.objects.filter(contact=contact).exists()
    address.refresh_from_db()
    assert (address.name, address.address_line1, address.city, address.pincode) == (
        f"Anonymised {address.pk}",
        f"Anonymised {address.pk}",
        "",
        "",
    )
    assert address.country == "FR"
    # the issued invoice keeps its figures and, as the law requires, its buyer's copies
    assert figures(held.invoice) == invoice_before
    invoice = SalesInvoice.objects.get(pk=held.invoice.pk)
    copies = ("customer_name", "tax_id", "address_display", "contact_display", "contact_email")
    assert [getattr(invoice, name) for name in copies] == [
        getattr(held.invoice, name) for name in copies
    ]
    assert invoice.customer_name == "Jeanne Dupont"
    payment = PaymentEntry.objects.get(pk=held.payment.pk)
    assert (payment.customer_name, payment.remarks, payment.paid_amount) == (
        f"Anonymised {customer.pk}",
        f"Anonymised {customer.pk}",
        Decimal("120.00"),
    )
    # the ledger is as it was, and proves right
    assert ledger() == ledger_before
    out = StringIO()
    call_command("check_ledger", stdout=out, stderr=StringIO())
    assert out.getvalue().splitlines() == [
        f"Ledger entries: {len(ledger_before)}, OK",
        "Credit exposures: 1, OK",
        "Invoice lines returned: 1, OK",
        "Order and delivery lines billed: 0, OK",
    ]


def test_after_an_erasure_no_search_nor_duplicate_check_finds_the_person(held, api):
    # when
    api.post("/privacy/customer/DUPONT-J/erase").raise_for_status()
    # then
    for q in ("Dupont", "Jeanne", "jeanne.dupont@example.fr", "0612345678", "Lilas", "Lyon"):
        assert api.get("/customers/", params={"q": q}).json()["count"] == 0, q
    for q in ("Dupont", "Jeanne", "jeanne.dupont@example.fr", "0612345678"):
        assert api.get("/contacts/", params={"q": q}).json()["count"] == 0, q
    for q in ("Lilas", "Lyon", "69003"):
        assert api.get("/addresses/", params={"q": q}).json()["count"] == 0, q
    found = duplicates_sent(
        customer_name="Jeanne Dupont",
        tax_id="FR44732829320",
        email_id="jeanne.dupont@example.fr",
        phone="+33612345678",
    ).candidates()
    assert found == []
    assert api.get("/customers/", params={"q": "Anonymised"}).json()["count"] == 1


def test_the_history_keeps_no_personal_value_and_records_the_erasure(held, admin, api):
    # given
    customer = held.customer
    contact = Contact.objects.get(links__party_type="customer", links__party_id=customer.pk)
    address = Address.objects.get(links__party_type="customer", links__party_id=customer.pk)
    rows_before = ChangeLog.objects.count()
    # when
    api.post("/privacy/customer/DUPONT-J/erase").raise_for_status()
    # then
    assert [v for v in history_values() if any(word in v for word in PERSONAL)] == []
    erased = ChangeLog.objects.filter(action="erase").order_by("pk")
    assert [
        (row.entity, row.record_id, row.record_name, row.user_id, row.field, row.new_value)
        for row in erased
    ] == [
        ("contact", contact.pk, f"Anonymised {contact.pk}", admin.pk, "", DETAIL),
        ("address", address.pk, f"Anonymised {address.pk}", admin.pk, "", DETAIL),
        ("customer", customer.pk, f"Anonymised {customer.pk}", admin.pk, "", DETAIL),
    ]
    assert ChangeLog.objects.count() == rows_before + 3
    # the customer's history still says what changed, with the erased values (its creation
    # included, kept in one row)
    shown = api.get(f"/customers/Anonymised {customer.pk}/history").json()
    fields = {
        field: [(e["action"], e["old_value"], e["new_value"]) for e in shown if e["field"] == field]
        for field in ("customer_name", "customer_details", "customer_primary_contact")
    }
    assert fields == {
        "customer_name": [("create", "", f"Anonymised {customer.pk}")],
        "customer_details": [("update", "", "")],
        "customer_primary_contact": [("create", "", "Anonymised")],
    }


def test_erasing_twice_changes_nothing_the_second_time(held, api):
    # given
    api.post("/privacy/customer/DUPONT-J/erase").raise_for_status()
    before = everything()
    name = f"Anonymised {held.customer.pk}"
    # when
    answer = api.post(f"/privacy/customer/{name}/erase")
    # then
    assert answer.status_code == 200
    assert answer.json() == {
        "kind": "customer",
        "name": name,
        "erased": False,
        "records": {},
        "shared": [],
    }
    assert everything() == before


def test_a_company_customer_is_refused_as_not_a_person_and_nothing_is_written(admin, api):
    # given
    person(admin)
    company = company_customer()
    before = everything()
    # when
    answer = api.post("/privacy/customer/MARTIN/erase")
    # then
    assert answer.status_code == 409
    assert answer.json() == {
        "detail": "Customer “MARTIN” is not an individual (Company): its data is not a "
        "person's and is not erased. Erase its contacts instead.",
        "errors": {"customer_type": ["Only an individual customer can be erased."]},
    }
    assert company.customer_type == "Company"
    assert everything() == before


def test_a_customer_with_an_unpaid_invoice_is_refused_and_nothing_is_written(admin, api):
    # given
    person(admin, paid=False)
    before = everything()
    # when
    answer = api.post("/privacy/customer/DUPONT-J/erase")
    # then
    assert answer.status_code == 409
    assert answer.json() == {
        "detail": "Customer “DUPONT-J” still has unpaid invoices, advances, or orders or "
        "deliveries not billed: the company keeps its data while they are open. Erase it "
        "once they are settled.",
        "errors": {},
    }
    assert everything() == before


def test_erasing_a_contact_of_a_company_clears_the_companys_copies_and_documents(admin):
    # given
    person(admin)
    company = company_customer()
    contact = contact_create(
        data={
            "first_name": "Paul",
            "last_name": "Martin",
            "emails": [{"email_id": "paul@martin.fr"}],
            "links": [{"party_type": "customer", "party_name": "MARTIN"}],
        },
        user=admin,
    )
    customer_update(customer=company, data={"customer_primary_contact": contact.name}, user=admin)
    quotation = draft("quotation", Customer.objects.get(pk=company.pk), ("WIDGET", "1"))
    assert (quotation.contact_display, quotation.contact_email) == ("Paul Martin", "paul@martin.fr")
    # when
    erasure = person_erase(kind="contact", record=contact, user=admin)
    # then
    assert (erasure.name, erasure.erased, erasure.records) == (
        f"Anonymised {contact.pk}",
        True,
        {"contact": [f"Anonymised {contact.pk}"]},
    )
    company.refresh_from_db()
    assert (company.customer_name, company.email_id) == ("Boulangerie Martin SARL", "")
    quotation.refresh_from_db()
    assert (quotation.customer_name, quotation.contact_display, quotation.contact_email) == (
        "Boulangerie Martin SARL",
        f"Anonymised {contact.pk}",
        "",
    )
    assert [v for v in history_values() if "paul" in v.lower()] == []


def test_erasing_a_contact_renames_it_in_the_creation_of_the_company_it_was_made_with(admin, api):
    # given a company made by quick entry with its contact person
    person(admin)
    company = customer_quick_create(
        data={"name": "ACME", "customer_name": "Acme SARL"},
        contact={"full_name": "Paul Martin", "email_id": "paul@acme.fr"},
        address=None,
        user=admin,
    )
    contact = company.customer_primary_contact
    # when
    person_erase(kind="contact", record=contact, user=admin)
    # then the company's creation names the contact by its new code
    entries = api.get("/customers/ACME/history").json()
    assert [
        (e["action"], e["new_value"]) for e in entries if e["field"] == "customer_primary_contact"
    ] == [("create", f"Anonymised {contact.pk}")]
    assert [v for v in history_values() if "paul" in v.lower()] == []


def test_erasing_a_lead_anonymises_its_person(admin):
    # given
    lead = lead_create(
        data={"lead_name": "Luc Girard", "email_id": "luc@girard.fr", "notes": "Met at a fair"},
        user=admin,
    )
    # when
    erasure = person_erase(kind="lead", record=lead, user=admin)
    # then
    lead.refresh_from_db()
    assert (erasure.erased, lead.lead_name, lead.email_id, lead.notes) == (
        True,
        f"Anonymised {lead.pk}",
        "",
        "",
    )
    assert lead_page(q="Girard", limit=20, offset=0) == (0, [])
    assert [v for v in history_values() if "Girard" in v or "girard" in v or "fair" in v] == []


def test_a_lead_naming_only_an_organisation_is_refused(admin, api):
    # given
    lead = lead_create(data={"company_name": "Garage Girard SARL"}, user=admin)
    before = everything()
    # when
    answer = api.post(f"/privacy/lead/{lead.name}/erase")
    # then
    assert answer.status_code == 409
    assert answer.json() == {
        "detail": f"Lead “{lead.name}” names an organisation, not a person: there is nothing "
        "to erase.",
        "errors": {"lead_name": ["Only a lead naming a person can be erased."]},
    }
    assert everything() == before


def test_a_customer_from_a_lead_takes_its_lead_and_leaves_a_shared_contact(admin, api):
    # given: a lead converted into an individual customer, whose contact is also the
    # contact of a company
    lead = lead_create(data={"lead_name": "Luc Girard", "email_id": "luc@girard.fr"}, user=admin)
    api.post(f"/leads/{lead.name}/convert", json={"name": "GIRARD-L"}).raise_for_status()
    company_customer()
    shared = contact_create(
        data={
            "first_name": "Marie",
            "last_name": "Girard",
            "links": [
                {"party_type": "customer", "party_name": "GIRARD-L"},
                {"party_type": "customer", "party_name": "MARTIN"},
            ],
        },
        user=admin,
    )
    own = Contact.objects.get(full_name="Luc Girard")
    customer = Customer.objects.get(name="GIRARD-L")
    # when
    answer = api.post("/privacy/customer/GIRARD-L/erase")
    # then
    assert answer.status_code == 200
    assert answer.json() == {
        "kind": "customer",
        "name": f"Anonymised {customer.pk}",
        "erased": True,
        "records": {
            "contact": [f"Anonymised {own.pk}"],
            "lead": [lead.name],
            "customer": [f"Anonymised {customer.pk}"],
        },
        "shared": ["Marie Girard"],
    }
    lead.refresh_from_db()
    assert (lead.lead_name, lead.email_id, lead.status) == (
        f"Anonymised {lead.pk}",
        "",
        "Converted",
    )
    shared.refresh_from_db()
    assert shared.full_name == "Marie Girard"
    assert [v for v in history_values() if "Luc" in v or "luc@" in v] == []


def test_a_lead_that_became_an_individual_customer_is_erased_through_it(admin, api):
    # given
    lead = lead_create(data={"lead_name": "Luc Girard"}, user=admin)
    api.post(f"/leads/{lead.name}/convert", json={"name": "GIRARD-L"}).raise_for_status()
    before = everything()
    # when
    answer = api.post(f"/privacy/lead/{lead.name}/erase")
    # then
    assert answer.status_code == 409
    assert answer.json() == {
        "detail": f"Lead “{lead.name}” became customer “GIRARD-L”: erase the customer, which "
        "erases its lead too.",
        "errors": {},
    }
    assert everything() == before


def test_erasing_a_contact_twice_changes_nothing_the_second_time(held, admin):
    # given
    contact = Contact.objects.get(links__party_type="customer", links__party_id=held.customer.pk)
    person_erase(kind="contact", record=contact, user=admin)
    before = everything()
    # when
    erasure = person_erase(kind="contact", record=contact, user=admin)
    # then
    assert (erasure.erased, erasure.records) == (False, {})
    assert everything() == before
