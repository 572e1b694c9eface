"""A document's billing and shipping address and contact are its customer's own: one
linked to another customer is a field error, and nothing is written (issue 11)."""

import pytest

from clientele.contacts.models import AddressLink
from clientele.contacts.services import address_create, contact_create
from clientele.core.errors import InvalidInput
from clientele.operations.seed import COMPANY
from clientele.sales.doctypes import QUOTATION
from clientele.sales.documents import document_update
from clientele.sales.models import Quotation, QuotationItem
from clientele.sales.tests.builders import build_world, created_by, customer, draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def world():
    return build_world()


def _address(who, line: str) -> str:
    body = {"address_line1": line, "city": "Lyon", "pincode": "69001", "country": "FR"}
    links = [{"party_type": "customer", "party_name": who.name}]
    return address_create(data=body | {"links": links}, user=created_by()).name


def _contact(who, first: str) -> str:
    links = [{"party_type": "customer", "party_name": who.name}]
    return contact_create(data={"first_name": first, "links": links}, user=created_by()).name


@pytest.fixture
def parties():
    """Martin and Dupont, each with an address and a contact of their own."""
    martin, dupont = customer("Client Martin"), customer("Client Dupont")
    return {
        "martin": martin,
        "dupont": dupont,
        "martin_address": _address(martin, "1 rue Martin"),
        "martin_contact": _contact(martin, "Marc"),
        "dupont_address": _address(dupont, "2 rue Dupont"),
        "dupont_contact": _contact(dupont, "Denise"),
    }


def written() -> tuple:
    return (
        list(Quotation.objects.values_list("name", "customer_address", "contact_person")),
        QuotationItem.objects.count(),
    )


ADDRESS_ERROR = (
    "This address is not one of the customer “{}”: choose one of its addresses, or link "
    "this one to the customer first."
)
CONTACT_ERROR = (
    "This contact is not one of the customer “{}”: choose one of its contacts, or link this "
    "one to the customer first."
)


def test_another_customers_addresses_and_contact_are_refused_on_their_fields(parties):
    before = written()

    with pytest.raises(InvalidInput) as refused:
        draft(
            "quotation",
            parties["martin"],
            ("WIDGET", "1"),
            customer_address=parties["dupont_address"],
            shipping_address_name=parties["dupont_address"],
            contact_person=parties["dupont_contact"],
        )

    martin = parties["martin"].name
    assert refused.value.errors == {
        "customer_address": [ADDRESS_ERROR.format(martin)],
        "shipping_address_name": [ADDRESS_ERROR.format(martin)],
        "contact_person": [CONTACT_ERROR.format(martin)],
    }
    assert written() == before


def test_the_customers_own_address_and_contact_are_taken(parties):
    quotation = draft(
        "quotation",
        parties["martin"],
        ("WIDGET", "1"),
        shipping_address_name=parties["martin_address"],
        contact_person=parties["martin_contact"],
    )

    assert quotation.shipping_address_name.name == parties["martin_address"]
    assert quotation.shipping_address == "1 rue Martin\n69001 Lyon\nFR"
    assert quotation.contact_person.name == parties["martin_contact"]


def test_a_draft_given_another_customer_with_the_first_ones_address_is_refused(parties):
    quotation = draft(
        "quotation", parties["martin"], ("WIDGET", "1"), customer_address=parties["martin_address"]
    )
    before = written()

    with pytest.raises(InvalidInput) as refused:
        document_update(
            doctype=QUOTATION,
            document=quotation,
            data={
                "customer": parties["dupont"].name,
                "customer_address": parties["martin_address"],
            },
            user=None,
        )

    assert refused.value.errors == {
        "customer_address": [ADDRESS_ERROR.format(parties["dupont"].name)]
    }
    assert written() == before


def test_a_draft_keeps_an_address_its_customer_let_go_since(parties):
    quotation = draft(
        "quotation", parties["martin"], ("WIDGET", "1"), customer_address=parties["martin_address"]
    )
    AddressLink.objects.filter(address__name=parties["martin_address"]).delete()

    document_update(
        doctype=QUOTATION,
        document=quotation,
        data={
            "customer_address": parties["martin_address"],
            "items": [{"item": "WIDGET", "qty": 2}],
        },
        user=None,
    )

    stored = Quotation.objects.get()
    assert (stored.customer_address.name, stored.total_qty) == (parties["martin_address"], 2)


def test_the_api_answers_422_on_the_field_and_writes_nothing(api, parties):
    body = {
        "customer": parties["martin"].name,
        "company": COMPANY,
        "contact_person": parties["dupont_contact"],
        "items": [{"item": "WIDGET", "qty": "1"}],
    }
    before = written()

    answer = api.post("/quotations/", json=body)

    assert answer.status_code == 422
    martin = parties["martin"].name
    assert answer.json()["errors"] == {"contact_person": [CONTACT_ERROR.format(martin)]}
    assert written() == before
