"""The export of a person: one JSON document holding everything Clientèle has on them."""

import pytest

from clientele.contacts.models import Address, Contact
from clientele.core.history import history_entries
from clientele.core.models import ChangeLog
from clientele.crm.services import lead_create
from clientele.operations.seed import COMPANY
from clientele.privacy.tests.builders import person

pytestmark = pytest.mark.django_db


def history(entity: str, record_id: int, record_name: str, *changes: tuple) -> list[dict]:
    """The history entries the export should hold: each change (action, field, old, new)
    made by root, at the time the database gave its row (a creation's fields, kept in one
    row, share its time)."""
    rows = history_entries(
        ChangeLog.objects.filter(entity=entity, record_id=record_id).order_by("pk")
    )
    return [
        {
            "at": row.at.isoformat(),
            "user": "root",
            "action": action,
            "field": field,
            "old_value": old,
            "new_value": new,
            "record_name": record_name,
        }
        for row, (action, field, old, new) in zip(rows, changes, strict=True)
    ]


def customer_record(customer) -> dict:
    return {
        "account_manager": None,
        "accounts": [],
        "allow_invoice_without_delivery_note": False,
        "allow_invoice_without_sales_order": False,
        "companies": [],
        "created_at": customer.created_at.isoformat(),
        "credit_limits": [],
        "customer_details": "Prefers letters to calls",
        "customer_group": "Commercial",
        "customer_name": "Jeanne Dupont",
        "customer_primary_address": "12 rue des Lilas-Billing",
        "customer_primary_contact": "Jeanne Dupont",
        "customer_type": "Individual",
        "default_bank_account": None,
        "default_commission_rate": None,
        "default_currency": None,
        "default_price_list": None,
        "default_sales_partner": None,
        "disabled": False,
        "email_id": "jeanne.dupont@example.fr",
        "industry": None,
        "is_frozen": False,
        "is_internal_customer": False,
        "language": "",
        "lead_name": None,
        "loyalty_program": None,
        "loyalty_program_tier": "",
        "market_segment": None,
        "mobile_no": "+33612345678",
        "modified_at": customer.modified_at.isoformat(),
        "name": "DUPONT-J",
        "naming_series": "",
        "pan": "",
        "payment_terms": None,
        "primary_address": "12 rue des Lilas\n69003 Lyon\nFR",
        "represents_company": None,
        "sales_team": [],
        "tax_category": None,
        "tax_id": "FR44732829320",
        "tax_withholding_category": None,
        "territory": "France",
        "website": "",
    }


def test_the_export_of_a_customer_holds_its_record_contact_address_history_and_documents(
    admin, reader_api
):
    # given: Jeanne Dupont, her contact and address, a change, a paid invoice
    held = person(admin)
    customer = held.customer
    contact = Contact.objects.get(links__party_type="customer", links__party_id=customer.pk)
    address = Address.objects.get(links__party_type="customer", links__party_id=customer.pk)
    linked = f'[["customer", {customer.pk}]]'
    # when: someone who may read customers asks for it
    answer = reader_api.get("/privacy/customer/DUPONT-J/export")
    # then
    assert answer.status_code == 200
    assert answer.json() == {
        "format": "clientele.personal-data/1",
        "kind": "customer",
        "name": "DUPONT-J",
        "record": customer_record(customer),
        "history": history(
            "customer",
            customer.pk,
            "DUPONT-J",
            ("create", "name", "", "DUPONT-J"),
            ("create", "customer_name", "", "Jeanne Dupont"),
            ("create", "customer_type", "", "Individual"),
            ("create", "tax_id", "", "FR44732829320"),
            ("create", "customer_group", "", "Commercial"),
            ("create", "territory", "", "France"),
            ("create", "customer_primary_contact", "", "Jeanne Dupont"),
            ("create", "customer_primary_address", "", "12 rue des Lilas-Billing"),
            ("update", "customer_details", "", "Prefers letters to calls"),
        ),
        "links": [],
        "contacts": [
            {
                "name": "Jeanne Dupont",
                "record": {
                    "department": "",
                    "designation": "",
                    "email_id": "jeanne.dupont@example.fr",
                    "emails": [{"email_id": "jeanne.dupont@example.fr", "is_primary": True}],
                    "first_name": "Jeanne",
                    "full_name": "Jeanne Dupont",
                    "last_name": "Dupont",
                    "middle_name": "",
                    "mobile_no": "+33612345678",
                    "name": "Jeanne Dupont",
                    "phone": "+33612345678",
                    "phones": [
                        {
                            "phone": "+33612345678",
                            "is_primary_phone": True,
                            "is_primary_mobile_no": True,
                        }
                    ],
                    "salutation": "",
                    "unsubscribed": False,
                },
                "links": [{"party_type": "customer", "party_name": "DUPONT-J"}],
                "history": history(
                    "contact",
                    contact.pk,
                    "Jeanne Dupont",
                    ("create", "first_name", "", "Jeanne"),
                    ("create", "last_name", "", "Dupont"),
                    (
                        "create",
                        "emails",
                        "",
                        '[{"email_id": "jeanne.dupont@example.fr", "is_primary": true}]',
                    ),
                    (
                        "create",
                        "phones",
                        "",
                        '[{"phone": "+33612345678", "is_primary_phone": true, '
                        '"is_primary_mobile_no": true}]',
                    ),
                    ("create", "links", "", linked),
                ),
            }
        ],
        "addresses": [
            {
                "name": "12 rue des Lilas-Billing",
                "record": {
                    "address_line1": "12 rue des Lilas",
                    "address_line2": "",
                    "address_title": "",
                    "address_type": "Billing",
                    "city": "Lyon",
                    "country": "FR",
                    "disabled": False,
                    "is_primary_address": True,
                    "is_shipping_address": False,
                    "name": "12 rue des Lilas-Billing",
                    "pincode": "69003",
                    "state": "",
                    "tax_category": None,
                },
                "links": [{"party_type": "customer", "party_name": "DUPONT-J"}],
                "history": history(
                    "address",
                    address.pk,
                    "12 rue des Lilas-Billing",
                    ("create", "address_type", "", "Billing"),
                    ("create", "address_line1", "", "12 rue des Lilas"),
                    ("create", "city", "", "Lyon"),
                    ("create", "pincode", "", "69003"),
                    ("create", "country", "", "FR"),
                    ("create", "is_primary_address", "", "true"),
                    ("create", "links", "", linked),
                ),
            }
        ],
        "documents": [
            {
                "kind": "sales_invoice",
                "number": held.invoice.name,
                "date": "2030-01-10",
                "status": "Paid",
                "company": COMPANY,
                "currency": "EUR",
                "grand_total": "120.00",
                "base_grand_total": "120.00",
                "outstanding_amount": "0.00",
            },
            {
                "kind": "payment_entry",
                "number": held.payment.name,
                "date": "2030-01-20",
                "status": "Submitted",
                "company": COMPANY,
                "currency": "EUR",
                "grand_total": "120.00",
                "base_grand_total": "120.00",
                "outstanding_amount": None,
            },
        ],
        "lead": None,
        "customer": None,
    }


def test_the_export_of_a_contact_names_the_parties_it_is_linked_to(admin, api):
    # given
    held = person(admin)
    contact = Contact.objects.get(links__party_type="customer", links__party_id=held.customer.pk)
    # when
    export = api.get("/privacy/contact/Jeanne Dupont/export").json()
    # then
    assert (export["kind"], export["name"], export["links"]) == (
        "contact",
        "Jeanne Dupont",
        [{"party_type": "customer", "party_name": "DUPONT-J"}],
    )
    assert export["record"]["full_name"] == "Jeanne Dupont"
    assert [row["field"] for row in export["history"]] == [
        "first_name",
        "last_name",
        "emails",
        "phones",
        "links",
    ]
    assert (export["contacts"], export["addresses"], export["documents"]) == ([], [], [])
    assert contact.name == "Jeanne Dupont"


def test_the_export_of_a_converted_customer_holds_its_lead(admin, api):
    # given: a lead converted into an individual customer
    lead = lead_create(data={"lead_name": "Luc Girard", "email_id": "luc@girard.fr"}, user=admin)
    converted = api.post(f"/leads/{lead.name}/convert", json={"name": "GIRARD-L"})
    assert converted.status_code == 201
    # when
    export = api.get("/privacy/customer/GIRARD-L/export").json()
    lead_export = api.get(f"/privacy/lead/{lead.name}/export").json()
    # then
    assert export["lead"]["name"] == lead.name
    assert export["lead"]["record"]["lead_name"] == "Luc Girard"
    assert export["lead"]["record"]["status"] == "Converted"
    assert [row["field"] for row in export["lead"]["history"]] == [
        "name",
        "lead_name",
        "email_id",
        "status",
        "status",
    ]
    assert lead_export["customer"] == "GIRARD-L"
    assert [c["name"] for c in lead_export["contacts"]] == ["Luc Girard"]
