"""Drafts take the customer's defaults, price their lines at the document's date, and
compute every amount; what was typed is kept; a line without a price is refused."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from clientele.core.errors import Conflict, InvalidInput
from clientele.core.records import record_create
from clientele.customers.models import Customer
from clientele.masters import services as masters
from clientele.masters.models import Currency
from clientele.pricing.models import CurrencyExchange
from clientele.sales.doctypes import QUOTATION
from clientele.sales.documents import document_update
from clientele.sales.models import Quotation, QuotationItem
from clientele.sales.tests.builders import (
    PRICE_LIST,
    RECEIVABLE,
    VAT_ACCOUNT,
    build_world,
    customer,
    draft,
    item,
    lines,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def written() -> tuple[int, int]:
    return Quotation.objects.count(), QuotationItem.objects.count()


def test_a_quotation_takes_the_customer_defaults_and_computes_its_totals(world):
    who = customer("Client Martin", language="fr")
    today = timezone.localdate()

    quotation = draft("quotation", who, ("WIDGET", "3"), ("SERVICE", "2"))

    assert quotation.name == f"SAL-QTN-{today:%Y}-00001"
    assert (quotation.customer_name, quotation.currency.name) == ("Client Martin", "EUR")
    assert quotation.selling_price_list.name == PRICE_LIST
    assert (quotation.conversion_rate, quotation.language) == (Decimal(1), "fr")
    assert quotation.payment_terms_template.name == "Net 30"
    assert quotation.taxes_and_charges == world.template
    rows = list(quotation.items.order_by("idx"))
    assert [(r.item.name, r.rate, r.amount) for r in rows] == [
        ("WIDGET", Decimal("100.00"), Decimal("300.00")),
        ("SERVICE", Decimal("50.00"), Decimal("100.00")),
    ]
    taxes = list(quotation.taxes.all())
    assert [(t.account_head.name, t.tax_amount, t.total) for t in taxes] == [
        (VAT_ACCOUNT, Decimal("80.00"), Decimal("480.00"))
    ]
    assert (quotation.net_total, quotation.total_taxes_and_charges) == (
        Decimal("400.00"),
        Decimal("80.00"),
    )
    assert (quotation.grand_total, quotation.base_grand_total) == (
        Decimal("480.00"),
        Decimal("480.00"),
    )
    schedule = list(quotation.payment_schedule.all())
    assert [(s.due_date, s.payment_amount) for s in schedule] == [
        (today + timedelta(days=30), Decimal("480.00"))
    ]


def test_typed_values_are_kept(world):
    who = customer()

    quotation = draft(
        "quotation",
        who,
        language="en",
        items=[{"item": "WIDGET", "qty": Decimal(2), "rate": Decimal("80.00")}],
        taxes=[],
    )

    assert quotation.language == "en"
    assert quotation.items.get().rate == Decimal("80.00")
    assert quotation.items.get().price_list_rate == Decimal("100.000000")
    assert (quotation.total_taxes_and_charges, quotation.grand_total) == (0, Decimal("160.00"))


def test_a_discount_lowers_the_rate_rounded_half_up(world):
    who = customer()

    quotation = draft(
        "quotation",
        who,
        items=[{"item": "SERVICE", "qty": Decimal(3), "discount_percentage": Decimal("33.33")}],
    )

    line = quotation.items.get()
    assert (line.rate, line.amount) == (Decimal("33.34"), Decimal("100.02"))
    assert quotation.grand_total == Decimal("120.02")


def test_a_line_without_rate_nor_price_is_refused_naming_item_list_and_date(world):
    who = customer()
    item("NOPRICE", "Sans prix", "10.00", valid_from=date(2999, 1, 1))
    before = written()
    day = timezone.localdate()

    with pytest.raises(InvalidInput) as refused:
        draft("quotation", who, ("WIDGET", "1"), ("NOPRICE", "1"))

    assert refused.value.errors == {
        "items[1].rate": [
            f"Item “NOPRICE” has no price in the price list “{PRICE_LIST}” on "
            f"{day.isoformat()}: type a rate or add an item price."
        ]
    }
    assert written() == before


def test_a_foreign_currency_without_a_rate_is_refused(world):
    who = customer()
    before = written()

    with pytest.raises(InvalidInput) as refused:
        draft("quotation", who, ("WIDGET", "1"), currency="USD")

    assert list(refused.value.errors) == ["conversion_rate"]
    assert "No exchange rate from USD to EUR" in refused.value.errors["conversion_rate"][0]
    assert written() == before


def test_a_foreign_currency_converts_at_the_rate_of_the_day(world):
    who = customer()
    usd, eur = Currency.objects.get(name="USD"), Currency.objects.get(name="EUR")
    CurrencyExchange.objects.create(
        date=timezone.localdate(), from_currency=usd, to_currency=eur, exchange_rate=Decimal("0.9")
    )

    quotation = draft(
        "quotation",
        who,
        items=[{"item": "WIDGET", "qty": 1, "rate": Decimal("111.11")}],
        currency="USD",
    )

    assert (quotation.conversion_rate, quotation.grand_total) == (
        Decimal("0.9"),
        Decimal("133.33"),
    )
    assert (quotation.base_net_total, quotation.base_grand_total) == (
        Decimal("100.00"),
        Decimal("120.00"),
    )


def test_a_disabled_customer_gets_no_document(world):
    who = customer(disabled=True)
    before = written()

    with pytest.raises(InvalidInput) as refused:
        draft("quotation", who, ("WIDGET", "1"))

    assert list(refused.value.errors) == ["customer"]
    assert written() == before


def test_a_submitted_document_cannot_be_edited(world):
    quotation = submit(draft("quotation", customer(), ("WIDGET", "1")))

    with pytest.raises(Conflict):
        document_update(doctype=QUOTATION, document=quotation, data={"language": "en"}, user=None)

    assert Quotation.objects.get(pk=quotation.pk).language == quotation.language


def test_an_invoice_takes_the_receivable_account_and_due_date(world):
    invoice = draft("sales_invoice", customer(), ("WIDGET", "1"))

    assert invoice.debit_to.name == RECEIVABLE
    assert invoice.due_date == invoice.posting_date + timedelta(days=30)


def test_an_update_keeps_what_was_typed_before(world):
    quotation = draft(
        "quotation",
        customer(),
        ("WIDGET", "1"),
        taxes=[{"account_head": VAT_ACCOUNT, "rate": Decimal("5.5"), "description": "TVA 5,5 %"}],
        conversion_rate=Decimal("1"),
    )

    document_update(doctype=QUOTATION, document=quotation, data={"language": "en"}, user=None)

    stored = Quotation.objects.get(pk=quotation.pk)
    assert [tax.rate for tax in stored.taxes.all()] == [Decimal("5.5")]
    assert (stored.language, stored.grand_total) == ("en", Decimal("105.50"))


def test_a_template_picked_by_hand_stays_when_the_draft_is_saved_again(world):
    """The screens send the customer and company again with every save: sent unchanged,
    they change nothing, so the template picked stays and its taxes with it."""
    who = customer()
    quotation = draft("quotation", who, ("WIDGET", "1"), taxes_and_charges="TVA 5,5 %")
    again = {"customer": who.name, "company": world.company.name, "items": lines(("WIDGET", "2"))}

    document_update(doctype=QUOTATION, document=quotation, data=again, user=None)

    stored = Quotation.objects.get(pk=quotation.pk)
    assert stored.taxes_and_charges.name == "TVA 5,5 %"
    assert [(tax.rate, tax.tax_amount) for tax in stored.taxes.all()] == [
        (Decimal("5.500"), Decimal("11.00"))
    ]
    assert stored.grand_total == Decimal("211.00")


def test_a_template_is_chosen_again_when_the_tax_category_changes(world):
    who = customer()
    quotation = draft("quotation", who, ("WIDGET", "1"), taxes_and_charges="TVA 5,5 %")
    again = {"customer": who.name, "tax_category": "TVA 10 %"}

    document_update(doctype=QUOTATION, document=quotation, data=again, user=None)

    stored = Quotation.objects.get(pk=quotation.pk)
    assert stored.taxes_and_charges.name == "TVA 10 %"
    assert [tax.rate for tax in stored.taxes.all()] == [Decimal("10.000")]


def test_another_customer_brings_its_own_defaults(world):
    first = customer("Client Français", language="fr")
    second = customer("Client Anglais", language="en", payment_terms=None)
    quotation = draft("quotation", first, ("WIDGET", "1"))

    document_update(
        doctype=QUOTATION, document=quotation, data={"customer": second.name}, user=None
    )

    stored = Quotation.objects.get(pk=quotation.pk)
    assert (stored.customer_name, stored.language) == ("Client Anglais", "en")
    assert stored.items.get().rate == Decimal("100.00")


def test_a_line_is_checked_field_by_field(world):
    before = written()

    with pytest.raises(InvalidInput) as refused:
        draft(
            "quotation",
            customer(),
            items=[{"item": "WIDGET", "qty": Decimal("1.23456"), "discount_percentage": 120}],
        )

    assert sorted(refused.value.errors) == ["items[0].discount_percentage", "items[0].qty"]
    assert written() == before


def test_partner_team_and_shipping_address_come_from_the_customer(world, api):
    record_create(
        masters.SALES_PARTNER, {"name": "Partenaire Sud", "commission_rate": "10"}, user=None
    )
    for person in ("Alice", "Bruno"):
        record_create(masters.SALES_PERSON, {"name": person}, user=None)
    team = [
        {"sales_person": "Alice", "allocated_percentage": "60"},
        {"sales_person": "Bruno", "allocated_percentage": "40"},
    ]
    who = customer("Client Suivi", default_sales_partner="Partenaire Sud", sales_team=team)
    shipping = {
        "address_line1": "2 quai des Docks",
        "city": "Marseille",
        "pincode": "13002",
        "country": "FR",
        "address_type": "Shipping",
        "is_shipping_address": True,
        "links": [{"party_type": "customer", "party_name": who.name}],
    }
    assert api.post("/addresses/", json=shipping).status_code == 201

    order = draft("sales_order", Customer.objects.get(pk=who.pk), ("WIDGET", "3"))

    assert (order.sales_partner.name, order.commission_rate) == ("Partenaire Sud", Decimal("10"))
    assert order.total_commission == Decimal("30.00")
    assert [
        (row.sales_person.name, row.allocated_percentage, row.allocated_amount)
        for row in order.sales_team.all()
    ] == [("Alice", Decimal("60"), Decimal("180.00")), ("Bruno", Decimal("40"), Decimal("120.00"))]
    assert order.shipping_address == "2 quai des Docks\n13002 Marseille\nFR"
    assert order.customer_address is None
