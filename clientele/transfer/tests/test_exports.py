"""Exports (issue 12 §2): the import's columns exactly, the list's filters, CSV and XLSX,
streamed in flat memory, as a command and as a job."""

import csv
import io
import tracemalloc

import openpyxl
import pytest
from django.core.management import call_command

from clientele.classification.models import CustomerGroup, Territory
from clientele.core.errors import InvalidInput
from clientele.core.naming import code_key
from clientele.core.work_progress import SilentProgress
from clientele.customers.models import Customer
from clientele.customers.tests.party_builders import (
    address_post,
    contact_post,
    customer_post,
    link,
)
from clientele.jobs.models import Job
from clientele.jobs.work import job_execute
from clientele.transfer.export_columns import headers_of
from clientele.transfer.exports import export_enqueue, export_write

pytestmark = pytest.mark.django_db

CUSTOMER_HEADERS = [
    "name", "customer_name", "customer_type", "pan", "tax_id",
    "allow_invoice_without_sales_order", "allow_invoice_without_delivery_note", "disabled",
    "is_internal_customer", "customer_details", "website", "language", "is_frozen",
    "loyalty_program_tier", "default_commission_rate", "tax_withholding_category",
    "default_bank_account", "lead_name", "account_manager", "customer_group", "territory",
    "tax_category", "represents_company", "default_currency", "default_price_list",
    "payment_terms", "market_segment", "industry", "loyalty_program", "default_sales_partner",
    "contact.salutation", "contact.first_name", "contact.middle_name", "contact.last_name",
    "contact.designation", "contact.department", "contact.unsubscribed", "contact.email_id",
    "contact.phone", "contact.mobile_no", "address.address_title", "address.address_type",
    "address.address_line1", "address.address_line2", "address.city", "address.pincode",
    "address.state", "address.country", "address.is_primary_address",
    "address.is_shipping_address", "address.disabled", "address.tax_category",
]  # fmt: skip


def _read_csv(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def _export(tmp_path, kind, fmt="csv", **filters):
    path = tmp_path / f"out.{fmt}"
    done = export_write(
        kind=kind, fmt=fmt, path=path, progress=SilentProgress(), filters=filters or None
    )
    return path, done


@pytest.fixture
def two_customers(api):
    """A company with its primary contact and address, and a plain individual."""
    martin = customer_post(
        api,
        name="MARTIN",
        customer_name="Boulangerie Martin Éloïse",
        customer_type="Company",
        customer_group="Commercial",
        territory="France",
        tax_id="FR40303265045",
        contact={
            "full_name": "Jean Martin",
            "email_id": "jean@martin.fr",
            "mobile_no": "+33612345678",
        },
        address={
            "address_line1": "12 rue de la Paix",
            "city": "Paris",
            "pincode": "75002",
            "country": "France",
        },
    )
    dupont = customer_post(
        api,
        name="DUPONT",
        customer_name="Dupont, Chloé",
        customer_type="Individual",
        customer_group="Individual",
        territory="Belgium",
        disabled=True,
    )
    return martin, dupont


def test_customers_export_has_the_imports_columns_and_values(tmp_path, two_customers):
    # when
    path, done = _export(tmp_path, "customers")
    rows = _read_csv(path)
    # then the header is exactly the contract, the BOM first
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    assert headers_of("customers") == CUSTOMER_HEADERS
    assert list(rows[0]) == CUSTOMER_HEADERS
    assert done.rows == 2
    # and the rows, newest first as the list, links by code, booleans 1/0, country ISO
    dupont, martin = rows
    assert {key: value for key, value in martin.items() if value} == {
        "name": "MARTIN",
        "customer_name": "Boulangerie Martin Éloïse",
        "customer_type": "Company",
        "tax_id": "FR40303265045",
        "allow_invoice_without_sales_order": "0",
        "allow_invoice_without_delivery_note": "0",
        "disabled": "0",
        "is_internal_customer": "0",
        "is_frozen": "0",
        "customer_group": "Commercial",
        "territory": "France",
        "contact.first_name": "Jean",
        "contact.last_name": "Martin",
        "contact.unsubscribed": "0",
        "contact.email_id": "jean@martin.fr",
        "contact.mobile_no": "+33612345678",
        "contact.phone": "+33612345678",
        "address.address_type": "Billing",
        "address.address_line1": "12 rue de la Paix",
        "address.city": "Paris",
        "address.pincode": "75002",
        "address.country": "FR",
        "address.is_primary_address": "1",
        "address.is_shipping_address": "0",
        "address.disabled": "0",
    }
    assert (dupont["name"], dupont["customer_name"], dupont["disabled"]) == (
        "DUPONT",
        "Dupont, Chloé",
        "1",
    )
    assert (dupont["customer_group"], dupont["territory"], dupont["contact.first_name"]) == (
        "Individual",
        "Belgium",
        "",
    )


def test_customers_export_keeps_the_lists_filters(tmp_path, two_customers):
    # when filtered as the list is (search, group subtree, disabled, territory)
    by_search = _read_csv(_export(tmp_path, "customers", q="boulangerie")[0])
    by_group = _read_csv(
        _export(tmp_path, "customers", customer_group="All Customer Groups", disabled=True)[0]
    )
    active = _read_csv(_export(tmp_path, "customers", disabled=False)[0])
    belgium = _read_csv(_export(tmp_path, "customers", territory="Belgium")[0])
    nothing = _read_csv(_export(tmp_path, "customers", q="!!!")[0])
    # then
    assert [row["name"] for row in by_search] == ["MARTIN"]
    assert [row["name"] for row in by_group] == ["DUPONT"]
    assert [row["name"] for row in active] == ["MARTIN"]
    assert [row["name"] for row in belgium] == ["DUPONT"]
    assert nothing == []


def test_xlsx_export_holds_the_same_rows_as_the_csv(tmp_path, two_customers):
    # when
    csv_rows = _read_csv(_export(tmp_path, "customers")[0])
    path, done = _export(tmp_path, "customers", "xlsx")
    sheet = openpyxl.load_workbook(path, read_only=True).active
    lines = [[("" if v is None else v) for v in row] for row in sheet.iter_rows(values_only=True)]
    # then
    assert lines[0] == CUSTOMER_HEADERS
    assert done.rows == 2
    as_text = [{h: str(v) for h, v in zip(lines[0], line, strict=True)} for line in lines[1:]]
    for sheet_row, csv_row in zip(as_text, csv_rows, strict=True):
        assert sheet_row == csv_row


def test_xlsx_export_holds_a_formula_typed_as_a_name_as_text(api, tmp_path):
    # given a customer whose name a spreadsheet would take for a formula
    customer_post(api, name="FORMULE", customer_name='=HYPERLINK("http://x.example","Cliquez")')
    # when exported to XLSX
    path, _done = _export(tmp_path, "customers", "xlsx")
    sheet = openpyxl.load_workbook(path).active
    column = [cell.value for cell in sheet[1]].index("customer_name") + 1
    cell = sheet.cell(row=2, column=column)
    # then the cell holds the text, not a formula
    assert (cell.data_type, cell.value) == ("s", '=HYPERLINK("http://x.example","Cliquez")')


def test_contacts_and_addresses_export_one_row_per_link(api, tmp_path, two_customers):
    # given a contact of both customers, one of nobody, and an address of one
    contact_post(
        api, "Anne", link("customer", "MARTIN"), link("customer", "DUPONT"), last_name="Roux"
    )
    contact_post(api, "Solo")
    address_post(api, "1 place Bellecour", link("customer", "DUPONT"), city="Lyon", pincode="69002")
    # when
    contacts = _read_csv(_export(tmp_path, "contacts")[0])
    addresses = _read_csv(_export(tmp_path, "addresses")[0])
    # then
    assert list(contacts[0]) == headers_of("contacts")
    assert headers_of("contacts")[-2:] == ["link_doctype", "link_name"]
    assert [
        (r["first_name"], r["last_name"], r["link_doctype"], r["link_name"]) for r in contacts
    ] == [
        ("Jean", "Martin", "customer", "MARTIN"),
        ("Anne", "Roux", "customer", "MARTIN"),
        ("Anne", "Roux", "customer", "DUPONT"),
        ("Solo", "", "", ""),
    ]
    assert contacts[1]["name"] == contacts[2]["name"]
    assert [(r["address_line1"], r["city"], r["country"], r["link_name"]) for r in addresses] == [
        ("12 rue de la Paix", "Paris", "FR", "MARTIN"),
        ("1 place Bellecour", "Lyon", "FR", "DUPONT"),
    ]


def test_groups_export_as_a_tree_parents_first(api, tmp_path):
    # given a sub-tree
    for name, parent, is_group in (
        ("Revendeurs", "All Customer Groups", True),
        ("Grossistes", "Revendeurs", False),
    ):
        response = api.post(
            "/customer-groups/",
            json={"name": name, "parent_customer_group": parent, "is_group": is_group},
        )
        assert response.status_code == 201, response.text
    # when
    rows = _read_csv(_export(tmp_path, "customer-groups")[0])
    territories = _read_csv(_export(tmp_path, "territories", "csv")[0])
    # then
    assert list(rows[0]) == [
        "name",
        "parent_customer_group",
        "is_group",
        "default_price_list",
        "payment_terms",
    ]
    names = [row["name"] for row in rows]
    assert names.index("Revendeurs") < names.index("Grossistes")
    assert {row["name"]: (row["parent_customer_group"], row["is_group"]) for row in rows}[
        "Grossistes"
    ] == (
        "Revendeurs",
        "0",
    )
    assert {row["name"]: row["parent_customer_group"] for row in rows}[
        "Revendeurs"
    ] == "All Customer Groups"
    assert len(territories) == Territory.objects.count() - 1


def _many_customers(start: int, count: int) -> None:
    group = CustomerGroup.objects.get(name="Commercial")
    territory = Territory.objects.get(name="France")
    Customer.objects.bulk_create(
        Customer(
            name=f"C{n:06d}",
            code_key=code_key(f"C{n:06d}"),
            customer_name=f"Client {n}",
            name_key=f"client {n}",
            customer_type="Company",
            customer_group=group,
            territory=territory,
        )
        for n in range(start, start + count)
    )


def _peak(tmp_path, fmt: str) -> int:
    tracemalloc.start()
    try:
        _export(tmp_path, "customers", fmt)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_memory_stays_flat_with_the_number_of_rows(tmp_path):
    # given 2,000 customers, then 20,000
    _many_customers(0, 2000)
    small = {fmt: _peak(tmp_path, fmt) for fmt in ("csv", "xlsx")}
    _many_customers(2000, 18000)
    # when exported again
    large = {fmt: _peak(tmp_path, fmt) for fmt in ("csv", "xlsx")}
    # then ten times the rows take about the same memory
    assert Customer.objects.count() == 20000
    for fmt in ("csv", "xlsx"):
        assert large[fmt] < small[fmt] * 1.5, (fmt, small[fmt], large[fmt])


def test_the_command_writes_the_file_with_its_filters(tmp_path, two_customers):
    # when
    out = io.StringIO()
    call_command(
        "export", "customers", "-o", str(tmp_path / "c.csv"), "--territory", "France", stdout=out
    )
    # then
    assert [row["name"] for row in _read_csv(tmp_path / "c.csv")] == ["MARTIN"]
    assert "Export of customers" in out.getvalue()


def test_an_export_job_writes_the_file_to_download(admin, tmp_path, job_files, two_customers):
    # given an export queued
    job = export_enqueue(kind="customers", fmt="xlsx", filters={"territory": "Belgium"}, user=admin)
    assert (job.status, job.kind, job.params["format"]) == ("queued", "export", "xlsx")
    # when a worker runs it
    job_execute(job.pk, worker="test")
    # then
    job.refresh_from_db()
    assert (job.status, job.total, job.done, job.result_name) == ("done", 1, 1, "customers.xlsx")
    assert job.report == {"kind": "customers", "format": "xlsx", "rows": 1}
    sheet = openpyxl.load_workbook(job_files / job.result_file, read_only=True).active
    assert [row[0] for row in sheet.iter_rows(values_only=True)] == ["name", "DUPONT"]


@pytest.mark.parametrize(
    ("kind", "fmt", "filters", "field"),
    [
        ("suppliers", "csv", {}, "kind"),
        ("customers", "ods", {}, "format"),
        ("customers", "csv", {"customer_group": "Nowhere"}, "customer_group"),
        ("customers", "csv", {"colour": "red"}, "colour"),
        ("contacts", "csv", {"q": "x"}, "q"),
    ],
)
def test_a_wrong_export_is_refused_and_nothing_is_queued(admin, kind, fmt, filters, field):
    # when
    with pytest.raises(InvalidInput) as refused:
        export_enqueue(kind=kind, fmt=fmt, filters=filters, user=admin)
    # then
    assert list(refused.value.errors) == [field]
    assert Job.objects.count() == 0
