"""The import engine with real files: ERPNext exports, a French XLSX, a Windows-1252 CSV,
files with errors and duplicates, the modes, the checkpoint, trees, the history."""

import csv
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS
from django.utils import translation

from clientele.classification.models import CustomerGroup, SellingSettings, Territory
from clientele.contacts.models import Address, AddressLink, Contact, ContactLink
from clientele.contacts.search import address_tokens, contact_tokens
from clientele.core.api_support import history
from clientele.core.audit import CREATION, creation_read
from clientele.core.errors import InvalidInput
from clientele.core.history import history_page
from clientele.core.models import ChangeLog
from clientele.core.rows import document_words
from clientele.core.rows.tallies import tally_problems
from clientele.core.work_progress import SilentProgress
from clientele.customers.models import (
    TALLIES,
    Customer,
    CustomerGroupCustomers,
    CustomerSearch,
    TerritoryCustomers,
)
from clientele.customers.quick_entry import customer_quick_create
from clientele.customers.search import customer_tokens
from clientele.transfer.imports import ImportOptions, MemoryCheckpoint, import_prepare, import_run
from clientele.transfer.models import Import
from clientele.web.customers.page_read import history_rows

pytestmark = pytest.mark.django_db

GROUPS = [
    ["ID", "Customer Group Name", "Parent Customer Group", "Is Group"],
    ["Boulangeries Paris", "Boulangeries Paris", "Boulangeries", "0"],
    ["Boulangeries", "Boulangeries", "All Customer Groups", "1"],
]
TERRITORIES = [
    ["ID", "Territory Name", "Parent Territory", "Is Group"],
    ["Île-de-France", "Île-de-France", "All Territories", "0"],
]
CUSTOMERS = [
    [
        "ID",
        "Customer Name",
        "Customer Type",
        "Customer Group",
        "Territory",
        "Tax Id",
        "Email Id",
        "Mobile No",
        "Address Line 1",
        "City/Town",
        "Postal Code",
        "Country",
    ],
    [
        "CUST-0001",
        "Boulangerie Martin",
        "Company",
        "Boulangeries Paris",
        "Île-de-France",
        "FR40303265045",
        "contact@martin.fr",
        "06 12 34 56 78",
        "12 rue de la Paix",
        "Paris",
        "75002",
        "France",
    ],
    ["CUST-0002", "Jean Dupont", "Individual", "Individual", "France", "", "", "", "", "", "", ""],
]
CONTACTS = [
    [
        "ID",
        "First Name",
        "Last Name",
        "Email Address",
        "Link Document Type (Links)",
        "Link Name (Links)",
    ],
    ["Paul Martin-CUST-0001", "Paul", "Martin", "paul@martin.fr", "Customer", "CUST-0001"],
    ["Jean Dupont-CUST-0002", "Jean", "Dupont", "jean@dupont.fr", "Customer", "CUST-0002"],
]
ADDRESSES = [
    [
        "ID",
        "Address Title",
        "Address Type",
        "Address Line 1",
        "City/Town",
        "Postal Code",
        "Country",
        "Link Document Type (Links)",
        "Link Name (Links)",
    ],
    [
        "Dupont-Billing",
        "Dupont",
        "Billing",
        "3 avenue Foch",
        "Lyon",
        "69006",
        "France",
        "Customer",
        "CUST-0002",
    ],
]


class Cancelling(SilentProgress):
    """Asks the work to stop once ``after`` calls to ``cancelled`` have said no."""

    def __init__(self, after: int):
        self.left = after

    def cancelled(self) -> bool:
        self.left -= 1
        return self.left < 0


@pytest.fixture(autouse=True)
def english(settings, tmp_path):
    settings.JOB_FILES_DIR = tmp_path / "jobs"
    with translation.override("en"):
        yield


def write_csv(path: Path, rows, *, encoding="utf-8", delimiter=",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def run(paths, user=None, **options):
    record = import_prepare(paths=list(paths), options=ImportOptions(**options), user=user)
    return record, import_run(import_id=record.pk, progress=SilentProgress())


def counts():
    return (
        Customer.objects.count(),
        Contact.objects.count(),
        Address.objects.count(),
        CustomerGroup.objects.count(),
    )


def test_an_erpnext_export_in_any_order_is_one_import(tmp_path, admin):
    files = [
        write_csv(tmp_path / "Address.csv", ADDRESSES),
        write_csv(tmp_path / "Contact.csv", CONTACTS),
        write_csv(tmp_path / "Customer.csv", CUSTOMERS),
        write_csv(tmp_path / "Territory.csv", TERRITORIES),
        write_csv(tmp_path / "Customer Group.csv", GROUPS),
    ]
    record, report = run(files, user=admin)
    assert report.errors == []
    assert report.status == "done"
    assert {k: (c.created, c.updated, c.errors) for k, c in report.counts.items()} == {
        "customer_group": (2, 0, 0),
        "territory": (1, 0, 0),
        "customer": (2, 0, 0),
        "contact": (2, 0, 0),
        "address": (1, 0, 0),
    }
    martin = Customer.objects.get(name="CUST-0001")
    assert (martin.customer_group.name, martin.territory.name) == (
        "Boulangeries Paris",
        "Île-de-France",
    )
    assert CustomerGroup.objects.get(name="Boulangeries Paris").parent.name == "Boulangeries"
    assert (martin.email_id, martin.mobile_no) == ("contact@martin.fr", "+33612345678")
    assert martin.primary_address == "12 rue de la Paix\n75002 Paris\nFR"
    # Paul is linked to Martin, whose primary contact stays the one of its own row.
    paul = Contact.objects.get(first_name="Paul")
    assert ContactLink.objects.filter(
        contact=paul, party_type="customer", party_id=martin.pk
    ).exists()
    assert martin.customer_primary_contact.first_name == "Boulangerie Martin"
    # Jean had none: his contact and address from their files became his primary ones.
    dupont = Customer.objects.get(name="CUST-0002")
    assert (dupont.email_id, dupont.customer_primary_address.city) == ("jean@dupont.fr", "Lyon")
    assert AddressLink.objects.filter(address__city="Lyon", party_id=dupont.pk).count() == 1
    assert Import.objects.get(pk=record.pk).status == "done"
    # the groups' and territories' kept counts followed the bulk insert
    assert CustomerGroupCustomers.objects.get(node__name="Boulangeries Paris").records == 1
    assert TerritoryCustomers.objects.get(node__name="Île-de-France").records == 1
    assert [tally_problems(tally, using=DEFAULT_DB_ALIAS) for tally in TALLIES] == [[], []]


def test_a_french_labelled_xlsx(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        [
            "Nom du client",
            "Groupe de clients",
            "Région",
            "Numéro de TVA",
            "Adresse ligne 1",
            "Ville",
            "Code postal",
            "Pays",
        ]
    )
    sheet.append(
        [
            "Épicerie Fine Léa",
            "Commercial",
            "France",
            "FR40303265045",
            "1 place Bellecour",
            "Lyon",
            69002,
            "Allemagne",
        ]
    )
    sheet.append(
        ["Garage Müller", "Commercial", "France", "", "Hauptstraße 1", "Berlin", 10115, "Allemagne"]
    )
    path = tmp_path / "clients.xlsx"
    book.save(path)
    _record, report = run([path])
    assert report.status == "done", report.errors
    assert report.errors == [] and report.count("customer").created == 2
    lea = Customer.objects.get(customer_name="Épicerie Fine Léa")
    assert (lea.customer_group.name, lea.tax_id) == ("Commercial", "FR40303265045")
    # 69002 is read as a postal code, not 69002.0; “Allemagne” is Germany.
    assert (lea.customer_primary_address.pincode, lea.customer_primary_address.country) == (
        "69002",
        "DE",
    )


def test_a_windows_1252_csv_with_semicolons(tmp_path):
    rows = [
        ["Nom du client", "Groupe de clients", "Ville", "Adresse ligne 1", "Pays"],
        ["Crêperie Bréhat", "Commercial", "Paimpol", "2 quai Morand", "France"],
    ]
    path = write_csv(tmp_path / "clients.csv", rows, encoding="cp1252", delimiter=";")
    _record, report = run([path])
    assert report.status == "done", report.errors
    customer = Customer.objects.get(customer_name="Crêperie Bréhat")
    assert customer.customer_primary_address.city == "Paimpol"


BAD = [
    [
        "Customer Name",
        "Customer Group",
        "Tax Id",
        "Email Id",
        "Country",
        "City",
        "Address Line 1",
        "Colour",
    ],
    [
        "Boulangerie Martin",
        "Commercial",
        "FR40303265045",
        "a@martin.fr",
        "France",
        "Paris",
        "1 rue A",
        "red",
    ],
    ["Boulangerie Martin SARL", "Commercial", "", "", "", "", "", "blue"],
    ["Sans Groupe", "Nowhere", "FR00000000000", "not-an-email", "Atlantis", "Paris", "1 rue B", ""],
]


def test_a_dry_run_reports_every_error_and_duplicate_and_writes_nothing(tmp_path):
    before = counts()
    path = write_csv(tmp_path / "bad.csv", BAD)
    record, report = run([path], dry_run=True)
    assert counts() == before
    assert report.status == "refused"
    assert report.files[0].unknown == ["Colour"]
    errors = {(e.row, e.field, e.value) for e in report.errors}
    assert errors == {
        (4, "customer_group", "Nowhere"),
        (4, "tax_id", "FR00000000000"),
        (4, "email_id", "not-an-email"),
        (4, "country", "Atlantis"),
    }
    assert report.errors[0].file == "bad.csv"
    assert [(d.row, d.matches) for d in report.duplicates] == [
        (3, [f"{Customer.objects.none().model and ''}" or report.duplicates[0].matches[0]])
    ]
    assert "Boulangerie Martin" in report.duplicates[0].matches[0]
    assert report.duplicates[0].matches[0].endswith(": name")
    assert report.count("customer").errors == 1
    assert Import.objects.get(pk=record.pk).status == "refused"


def test_all_or_nothing_writes_nothing_on_one_error(tmp_path):
    before = counts()
    path = write_csv(tmp_path / "bad.csv", BAD)
    _record, report = run([path])
    assert report.status == "refused"
    assert counts() == before
    assert not ChangeLog.objects.filter(action="import").exists()


def test_a_workbook_broken_past_its_header_is_refused_and_nothing_written(tmp_path):
    whole = tmp_path / "whole.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in CUSTOMERS:
        sheet.append(row)
    book.save(whole)
    path = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: data.index(b"</row>", data.index(b"CUST-0001")) + 6]
            target.writestr(item, data)
    before = ChangeLog.objects.count(), counts()
    record = import_prepare(paths=[path], options=ImportOptions(), user=None)

    with pytest.raises(InvalidInput) as refused:
        import_run(import_id=record.pk, progress=SilentProgress())

    assert refused.value.errors["files"][0].startswith(
        "“cut.xlsx” cannot be read as a spreadsheet: no element found"
    )
    assert (ChangeLog.objects.count(), counts()) == before


def test_good_rows_imports_the_good_ones_and_returns_the_bad_ones(tmp_path):
    path = write_csv(tmp_path / "bad.csv", BAD)
    _record, report = run([path], mode="good-rows")
    assert report.status == "done"
    assert sorted(
        Customer.objects.filter(customer_name__startswith="Boulangerie").values_list(
            "customer_name", flat=True
        )
    ) == ["Boulangerie Martin", "Boulangerie Martin SARL"]
    assert not Customer.objects.filter(customer_name="Sans Groupe").exists()
    with open(report.rejected[0], encoding="utf-8-sig", newline="") as handle:
        rejected = list(csv.reader(handle))
    assert rejected[0] == [*BAD[0], "Error"]
    assert rejected[1][:8] == BAD[3]
    assert rejected[1][8].startswith("customer_group: No customer group named “Nowhere”.")


def test_the_rejected_rows_of_a_workbook_come_back_as_a_workbook(tmp_path):
    book = openpyxl.Workbook()
    for row in BAD:
        book.active.append(row)
    path = tmp_path / "bad.xlsx"
    book.save(path)

    _record, report = run([path], mode="good-rows")

    assert report.rejected[0].endswith("rejected-bad.xlsx")
    rows = list(openpyxl.load_workbook(report.rejected[0]).active.iter_rows(values_only=True))
    assert rows[0] == (*BAD[0], "Error")
    assert [row[0] for row in rows[1:]] == [BAD[3][0]]
    assert rows[1][8].startswith("customer_group: No customer group named “Nowhere”.")


def test_a_resumed_good_rows_import_imports_no_row_twice(tmp_path):
    rows = [["Customer Name", "Customer Group"]] + [
        [f"Client {i:02d}", "Commercial"] for i in range(7)
    ]
    path = write_csv(tmp_path / "many.csv", rows)
    options = ImportOptions(mode="good-rows", chunk_size=2)
    record = import_prepare(paths=[path], options=options, user=None)
    store = MemoryCheckpoint()
    first = import_run(import_id=record.pk, progress=Cancelling(after=2), checkpoint=store)
    assert first.status == "cancelled"
    assert (
        store.checkpoint["done"],
        store.checkpoint["report"]["counts"]["customer"]["created"],
        Customer.objects.filter(customer_name__startswith="Client").count(),
    ) == (4, 4, 4)
    second = import_run(import_id=record.pk, progress=SilentProgress(), checkpoint=store)
    assert second.status == "done" and second.count("customer").created == 7
    names = list(
        Customer.objects.filter(customer_name__startswith="Client").values_list(
            "customer_name", flat=True
        )
    )
    assert sorted(names) == [f"Client {i:02d}" for i in range(7)]


def test_trees_in_any_order_with_a_cycle_and_a_missing_parent(tmp_path):
    rows = [
        ["Territory Name", "Parent Territory", "Is Group"],
        ["Lyon", "Rhône", "0"],
        ["Rhône", "Auvergne-Rhône-Alpes", "1"],
        ["Auvergne-Rhône-Alpes", "", "1"],
        ["A", "B", "1"],
        ["B", "A", "1"],
        ["Atlantide", "Mu", "0"],
    ]
    path = write_csv(tmp_path / "territories.csv", rows)
    _record, report = run([path], mode="good-rows")
    assert Territory.objects.get(name="Lyon").parent.name == "Rhône"
    assert Territory.objects.get(name="Rhône").parent.name == "Auvergne-Rhône-Alpes"
    assert Territory.objects.get(name="Auvergne-Rhône-Alpes").parent.name == Territory.ROOT_NAME
    errors = {(e.row, e.field) for e in report.errors}
    assert errors == {(5, "parent"), (6, "parent"), (7, "parent")}
    assert not Territory.objects.filter(name__in=["A", "B", "Atlantide"]).exists()
    cycle = next(e.message for e in report.errors if e.row == 5)
    assert "cycle" in cycle


def test_the_history_says_which_import_and_who(tmp_path, admin):
    path = write_csv(tmp_path / "Customer.csv", CUSTOMERS)
    trees = [write_csv(tmp_path / "g.csv", GROUPS), write_csv(tmp_path / "t.csv", TERRITORIES)]
    record, _report = run([path, *trees], user=admin)
    martin = Customer.objects.get(name="CUST-0001")
    # its creation is one history row, read as one entry per field, then the import's
    assert ChangeLog.objects.filter(entity="customer", record_id=martin.pk).count() == 1
    entries = history("customer", martin.pk)
    assert record.label == f"Import #{record.pk} (Customer.csv, g.csv, t.csv)"
    assert [(e["action"], e["field"], e["new_value"]) for e in entries][-1] == (
        "import",
        "import",
        record.label,
    )
    assert {e["user"] for e in entries} == {"root"}
    assert [e["new_value"] for e in entries if e["field"] == "customer_name"] == [
        "Boulangerie Martin"
    ]
    # the customer page shows it first (newest first)
    with translation.override("fr"):
        count, changes = history_page(entity="customer", record_id=martin.pk, limit=1)
        shown = history_rows(changes)
    assert count == len(entries)
    assert [(r.action, r.field, r.new_value) for r in shown] == [
        ("Importation", "Source", record.label)
    ]


def _history_since(last: int) -> list[tuple[str, str, str, str, str]]:
    """The history rows written after row ``last``: entity, code, action, field, and the
    import a creation row names (or a row's new value)."""
    rows = ChangeLog.objects.filter(id__gt=last).order_by("id")
    return [
        (
            row.entity,
            row.record_name,
            row.action,
            row.field,
            creation_read(row.new_value)[1] if row.action == CREATION else row.new_value,
        )
        for row in rows
    ]


def test_contacts_and_addresses_of_their_own_files_write_one_history_row(tmp_path, admin):
    trees = [write_csv(tmp_path / "g.csv", GROUPS), write_csv(tmp_path / "t.csv", TERRITORIES)]
    run([write_csv(tmp_path / "Customer.csv", CUSTOMERS), *trees], user=admin)
    last = ChangeLog.objects.order_by("id").last().id
    files = [
        write_csv(tmp_path / "Contact.csv", CONTACTS),
        write_csv(tmp_path / "Address.csv", ADDRESSES),
    ]

    record, report = run(files, user=admin)

    assert report.status == "done"
    label = record.label
    # One creation row per record, naming the import, as for a customer row's contact and
    # address; the customer whose primary they became has the update the API writes.
    assert _history_since(last) == [
        ("contact", "Paul Martin", CREATION, "", label),
        ("contact", "Jean Dupont", CREATION, "", label),
        ("customer", "CUST-0002", "update", "customer_primary_contact", "Jean Dupont"),
        ("address", "Dupont-Billing", CREATION, "", label),
        ("customer", "CUST-0002", "update", "customer_primary_address", "Dupont-Billing"),
    ]
    assert {row.user for row in ChangeLog.objects.filter(id__gt=last)} == {admin}
    paul = Contact.objects.get(name="Paul Martin")
    entries = [(e["action"], e["field"], e["new_value"]) for e in history("contact", paul.pk)]
    assert entries == [
        ("create", "first_name", "Paul"),
        ("create", "last_name", "Martin"),
        ("create", "emails", '[{"email_id": "paul@martin.fr", "is_primary": true}]'),
        ("create", "links", f'[["customer", {paul.links.get().party_id}]]'),
        ("import", "import", label),
    ]
    address = Address.objects.get(name="Dupont-Billing")
    with translation.override("fr"):
        count, changes = history_page(entity="address", record_id=address.pk, limit=1)
        shown = history_rows(changes)
    assert count == 8  # its seven fields, then the import
    assert [(r.action, r.field, r.new_value) for r in shown] == [("Importation", "Source", label)]


def test_a_contact_updated_from_its_file_writes_its_changes_then_the_import(tmp_path, admin):
    trees = [write_csv(tmp_path / "g.csv", GROUPS), write_csv(tmp_path / "t.csv", TERRITORIES)]
    run([write_csv(tmp_path / "Customer.csv", CUSTOMERS), *trees], user=admin)
    run([write_csv(tmp_path / "Contact.csv", CONTACTS)], user=admin)
    last = ChangeLog.objects.order_by("id").last().id
    changed = [CONTACTS[0], ["Paul Martin", "Paul", "Martin", "paul.martin@martin.fr", "", ""]]

    record, report = run([write_csv(tmp_path / "Contact.csv", changed)], user=admin)

    assert report.count("contact").updated == 1
    assert _history_since(last) == [
        (
            "contact",
            "Paul Martin",
            "update",
            "emails",
            '[{"email_id": "paul.martin@martin.fr", "is_primary": true}]',
        ),
        ("contact", "Paul Martin", "import", "", record.label),
    ]


def test_a_contact_made_for_a_known_customer_names_the_import(tmp_path, admin):
    trees = [write_csv(tmp_path / "g.csv", GROUPS), write_csv(tmp_path / "t.csv", TERRITORIES)]
    run([write_csv(tmp_path / "Customer.csv", CUSTOMERS), *trees], user=admin)
    last = ChangeLog.objects.order_by("id").last().id
    again = [["ID", "Customer Name", "Email Id"], ["CUST-0002", "Jean Dupont", "jean@dupont.fr"]]

    record, report = run([write_csv(tmp_path / "Customer.csv", again)], user=admin)

    assert report.count("customer").updated == 1
    # The customer: the API's update, then the import; its new contact: one creation row
    # naming the import.
    assert _history_since(last) == [
        ("contact", "Jean Dupont", CREATION, "", record.label),
        ("customer", "CUST-0002", "update", "customer_primary_contact", "Jean Dupont"),
        ("customer", "CUST-0002", "import", "", record.label),
    ]


def test_an_imported_customer_equals_one_created_through_the_service(tmp_path, admin):
    settings = SellingSettings.objects.get(pk=1)
    settings.customer_naming_by = SellingSettings.NamingBy.CUSTOMER_NAME
    settings.save()
    made = customer_quick_create(
        data={"customer_name": "Atelier Rivière", "customer_group": "Commercial"},
        contact={"email_id": "a@riviere.fr", "mobile_no": "0612345679"},
        address={
            "address_line1": "5 rue Neuve",
            "city": "Nantes",
            "pincode": "44000",
            "country": "FR",
        },
        user=admin,
    )
    rows = [
        [
            "Customer Name",
            "Customer Group",
            "Email Id",
            "Mobile No",
            "Address Line 1",
            "City",
            "Postal Code",
            "Country",
        ],
        [
            "Atelier Rivière",
            "Commercial",
            "b@riviere.fr",
            "0612345670",
            "5 rue Neuve",
            "Nantes",
            "44000",
            "France",
        ],
        ["Atelier Rivière", "Commercial", "c@riviere.fr", "", "", "", "", ""],
    ]
    _record, report = run([write_csv(tmp_path / "c.csv", rows)], user=admin)
    imported = Customer.objects.get(name="Atelier Rivière-1")
    assert Customer.objects.filter(name="Atelier Rivière-2").exists()
    assert [d.row for d in report.duplicates] == [2, 3]
    assert report.duplicates[0].matches == ["Atelier Rivière (Atelier Rivière): name"]

    def tokens(customer):
        return document_words(CustomerSearch, customer.pk)

    # Both by the token function of the services; they differ by the e-mail only.
    assert tokens(imported) == customer_tokens(imported)
    assert tokens(imported) - tokens(made) == {
        "1",
        "b",
        "b@riviere.fr",
        "0612345670",
        "33612345670",
    }
    assert tokens(made) - tokens(imported) == {"a", "a@riviere.fr", "0612345679", "33612345679"}
    assert imported.name_key == made.name_key == "atelier riviere"
    contact = imported.customer_primary_contact
    assert contact.first_name == "Atelier Rivière" and contact.name == "Atelier Rivière-1"
    assert imported.customer_primary_address.name == "5 rue Neuve-Billing-1"
    from clientele.contacts.models import AddressSearch, ContactSearch

    stored = document_words(ContactSearch, contact.pk)
    assert stored == contact_tokens(
        names=(contact.name, contact.full_name), emails=["b@riviere.fr"], phones=["+33612345670"]
    )
    address = imported.customer_primary_address
    stored = document_words(AddressSearch, address.pk)
    assert stored == address_tokens(
        line1=address.address_line1, city="Nantes", pincode="44000", country="FR"
    )


def test_upsert_on_code_and_on_tax_id(tmp_path):
    path = write_csv(tmp_path / "Customer.csv", CUSTOMERS)
    trees = [write_csv(tmp_path / "g.csv", GROUPS), write_csv(tmp_path / "t.csv", TERRITORIES)]
    run([path, *trees])
    again = [
        CUSTOMERS[0][:6],
        [
            "CUST-0001",
            "Boulangerie Martin & Fils",
            "Company",
            "Boulangeries Paris",
            "Île-de-France",
            "FR40303265045",
        ],
    ]
    _r, report = run(
        [
            write_csv(tmp_path / "again.csv", again),
            write_csv(tmp_path / "g.csv", GROUPS),
            write_csv(tmp_path / "t.csv", TERRITORIES),
        ]
    )
    assert report.count("customer").updated == 1, report.errors
    assert Customer.objects.get(name="CUST-0001").customer_name == "Boulangerie Martin & Fils"
    by_vat = [["Customer Name", "Tax Id"], ["Martin Boulanger", "303265045"]]
    _r, report = run([write_csv(tmp_path / "vat.csv", by_vat)], match="tax-id")
    assert report.count("customer").updated == 1
    assert Customer.objects.get(name="CUST-0001").customer_name == "Martin Boulanger"


def test_unknown_groups_are_created_under_the_root_when_asked(tmp_path):
    rows = [
        ["Customer Name", "Customer Group", "Territory"],
        ["Client Neuf", "Nouveaux", "Bretagne"],
    ]
    _r, report = run([write_csv(tmp_path / "c.csv", rows)], create_missing=True)
    assert report.status == "done", report.errors
    customer = Customer.objects.get(customer_name="Client Neuf")
    assert customer.customer_group.parent.name == CustomerGroup.ROOT_NAME
    assert customer.territory.parent.name == Territory.ROOT_NAME


def test_the_command_exits_non_zero_when_refused(tmp_path):
    path = write_csv(tmp_path / "bad.csv", BAD)
    rejected = tmp_path / "out.csv"
    with pytest.raises(CommandError):
        call_command("import", str(path), "--rejected", str(rejected))
    assert rejected.read_text(encoding="utf-8-sig").splitlines()[0].endswith(",Error")
    call_command(
        "import",
        str(
            write_csv(
                tmp_path / "ok.csv",
                CUSTOMERS[:1]
                + [
                    ["", "Client OK", "Company", "Commercial", "France", "", "", "", "", "", "", ""]
                ],
            )
        ),
    )
    assert Customer.objects.filter(customer_name="Client OK").exists()


def test_a_mapping_names_a_column_the_aliases_do_not_know(tmp_path):
    rows = [["Raison", "Colour"], ["Client Mappé", "red"]]
    _r, report = run(
        [write_csv(tmp_path / "c.csv", rows)], mapping={"Raison": "customer_name", "Colour": "-"}
    )
    assert report.status == "done" and report.files[0].ignored == ["Colour"]
    assert Customer.objects.filter(customer_name="Client Mappé").exists()
