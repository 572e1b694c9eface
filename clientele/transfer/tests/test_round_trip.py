"""Round trip (issue 12 §2): the files an export writes, imported into a database emptied
of what they hold, give back the same records: exported again, every column of every row
is the same, in CSV and in XLSX."""

import csv
from pathlib import Path

import openpyxl
import pytest

from clientele.classification.models import CustomerGroup, Territory
from clientele.contacts.models import Address, AddressLink, Contact, ContactLink
from clientele.core.work_progress import SilentProgress
from clientele.customers.models import Customer
from clientele.customers.tests.party_builders import address_post, contact_post, link
from clientele.transfer.exports import export_file_name, export_write
from clientele.transfer.imports import ImportOptions, import_prepare, import_run

pytestmark = pytest.mark.django_db

KINDS = ("customer-groups", "territories", "customers")
# Links to leads, users, loyalty programs, sales partners, bank accounts and withholding
# categories: records of other exports, or none at all.
UNFILLED = {
    "lead_name",
    "account_manager",
    "loyalty_program",
    "loyalty_program_tier",
    "default_sales_partner",
    "default_bank_account",
    "tax_withholding_category",
}


def _post(api, route: str, **data) -> dict:
    response = api.post(route, json=data)
    assert response.status_code == 201, response.text
    return response.json()


def _patch(api, route: str, **data) -> None:
    response = api.patch(route, json=data)
    assert response.status_code == 200, response.text


@pytest.fixture
def world(api):
    """Trees of two levels with their links; a company with every field, its contact and
    address whole; an individual, disabled; a frozen company whose contact has only an
    e-mail and no address; an internal customer."""
    _post(
        api,
        "/customer-groups/",
        name="Revendeurs",
        parent_customer_group="All Customer Groups",
        is_group=True,
        default_price_list="Standard Selling",
        payment_terms="Net 30",
    )
    _post(api, "/customer-groups/", name="Grossistes", parent_customer_group="Revendeurs")
    _post(api, "/territories/", name="Europe", parent_territory="All Territories", is_group=True)
    _post(api, "/territories/", name="Benelux", parent_territory="Europe")
    _post(
        api,
        "/customers/",
        name="MARTIN",
        customer_name="Boulangerie Martin Éloïse",
        customer_type="Company",
        customer_group="Grossistes",
        territory="Benelux",
        tax_id="FR40303265045",
        pan="AAAPZ1234C",
        website="https://martin.example.fr",
        language="fr",
        customer_details="Livraison le matin, côté cour.",
        default_currency="EUR",
        default_price_list="Standard Selling",
        payment_terms="Net 30",
        market_segment="SME",
        industry="Retail",
        tax_category="Standard",
        allow_invoice_without_sales_order=True,
        allow_invoice_without_delivery_note=True,
        default_commission_rate="2.5",
    )
    contact = contact_post(
        api,
        "Jean",
        link("customer", "MARTIN"),
        salutation="M.",
        middle_name="Paul",
        last_name="Martin",
        designation="Gérant",
        department="Direction",
        unsubscribed=True,
        emails=[{"email_id": "jean@martin.fr", "is_primary": True}],
        phones=[
            {"phone": "+33612345678", "is_primary_mobile_no": True, "is_primary_phone": False},
            {"phone": "+33123456789", "is_primary_phone": True, "is_primary_mobile_no": False},
        ],
    )
    address = address_post(
        api,
        "12 rue de la Paix",
        link("customer", "MARTIN"),
        address_title="Siège",
        address_type="Billing",
        address_line2="Bâtiment B",
        city="Paris",
        pincode="75002",
        state="Île-de-France",
        is_shipping_address=True,
        tax_category="Intra-EU",
    )
    _patch(
        api,
        "/customers/MARTIN",
        customer_primary_contact=contact["name"],
        customer_primary_address=address["name"],
    )
    _post(
        api,
        "/customers/",
        name="DUPONT",
        customer_name="Dupont, Chloé",
        customer_type="Individual",
        customer_group="Individual",
        territory="Belgium",
        disabled=True,
    )
    _post(
        api,
        "/customers/",
        name="GEL",
        customer_name="Gel & Fils",
        customer_type="Company",
        customer_group="Commercial",
        territory="France",
        is_frozen=True,
    )
    gel = contact_post(
        api,
        "Anne",
        link("customer", "GEL"),
        emails=[{"email_id": "anne@gel.fr", "is_primary": True}],
    )
    _patch(api, "/customers/GEL", customer_primary_contact=gel["name"])
    _post(
        api,
        "/customers/",
        name="INTERNE",
        customer_name="Clientèle Démo (interne)",
        customer_type="Company",
        customer_group="Commercial",
        territory="France",
        is_internal_customer=True,
        represents_company="Clientèle Démo SAS",
    )


def _rows(path: Path) -> list[dict[str, str]]:
    """The file's rows as text by column, whatever its format."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    sheet = openpyxl.load_workbook(path, read_only=True).active
    lines = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    return [dict(zip(lines[0], line, strict=True)) for line in lines[1:]]


def _exported(folder: Path, fmt: str) -> dict[str, Path]:
    folder.mkdir()
    paths = {}
    for kind in KINDS:
        paths[kind] = folder / export_file_name(kind, fmt)
        export_write(kind=kind, fmt=fmt, path=paths[kind], progress=SilentProgress())
    return paths


def _by_name(path: Path) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in _rows(path)}


def _emptied() -> None:
    """Everything the files hold deleted: customers, their contacts and addresses, and the
    groups and territories under the seeded ones."""
    Customer.objects.update(customer_primary_contact=None, customer_primary_address=None)
    ContactLink.objects.all().delete()
    AddressLink.objects.all().delete()
    Customer.objects.all().delete()
    Contact.objects.all().delete()
    Address.objects.all().delete()
    for model, name in (
        (CustomerGroup, "Grossistes"),
        (CustomerGroup, "Revendeurs"),
        (Territory, "Benelux"),
        (Territory, "Europe"),
    ):
        model.objects.get(name=name).delete()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imported_into_an_empty_database_exports_the_same(tmp_path, world, fmt):
    # given the exports of the groups, territories and customers
    before = _exported(tmp_path / "before", fmt)
    customers = _rows(before["customers"])
    assert len(customers) == 4
    # every column holds a value in some row, but links to records no export holds
    empty = {header for header in customers[0] if not any(row[header] for row in customers)}
    assert empty == UNFILLED
    # and a database without any of them
    _emptied()
    assert not Customer.objects.exists()
    assert not CustomerGroup.objects.filter(name__in=["Revendeurs", "Grossistes"]).exists()
    # when the files are imported
    record = import_prepare(paths=list(before.values()), options=ImportOptions(), user=None)
    report = import_run(import_id=record.pk, progress=SilentProgress())
    # then every row comes back, column by column
    assert report.status == "done", report.errors
    after = _exported(tmp_path / "after", fmt)
    for kind in KINDS:
        assert _by_name(after[kind]) == _by_name(before[kind]), kind
    # and the contacts and addresses are the customers' own, as they were
    martin = Customer.objects.get(name="MARTIN")
    contact, address = martin.customer_primary_contact, martin.customer_primary_address
    assert contact is not None and address is not None
    assert [
        (r.phone, r.is_primary_phone, r.is_primary_mobile_no) for r in contact.phones.all()
    ] == [
        ("+33612345678", False, True),
        ("+33123456789", True, False),
    ]
    assert ContactLink.objects.filter(contact=contact, party_id=martin.pk).exists()
    assert AddressLink.objects.filter(address=address, party_id=martin.pk).exists()
    assert Contact.objects.count() == 2
    assert Address.objects.count() == 1
