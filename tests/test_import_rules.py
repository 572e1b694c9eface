"""An import refuses exactly what the API refuses: each bad value of a table, sent once
through the services and once in a file, gets the same messages (the import checks its
rows by the same rules without the services' per-record machinery, see
``transfer.checks``)."""

import csv

import pytest
from django.utils import translation

from clientele.contacts.models import Address, Contact
from clientele.contacts.services import address_create, contact_create
from clientele.core.errors import InvalidInput
from clientele.core.records import record_create
from clientele.core.work_progress import SilentProgress
from clientele.customers.models import Customer
from clientele.customers.services import customer_create
from clientele.masters.models import Company
from clientele.masters.services import COMPANY
from clientele.transfer.imports import ImportOptions, import_prepare, import_run

pytestmark = pytest.mark.django_db

ADDRESS = {"Address Line 1": "1 rue Neuve", "City/Town": "Paris", "Country": "France"}
API_ADDRESS = {"address_line1": "1 rue Neuve", "city": "Paris", "country": "France"}
# (the row's columns, the service, its input): each a value the API refuses.
CASES = [
    ({"Customer Name": "x" * 141}, customer_create, {"customer_name": "x" * 141}),
    ({"Customer Type": "Nope"}, customer_create, {"customer_type": "Nope"}),
    ({"Tax Id": "FR00000000000"}, customer_create, {"tax_id": "FR00000000000"}),
    ({"Tax Id": "123456789"}, customer_create, {"tax_id": "123456789"}),
    ({"Language": "zz-Qq-9"}, customer_create, {"language": "zz-Qq-9"}),
    ({"Website": "not a site"}, customer_create, {"website": "not a site"}),
    ({"Is Internal Customer": "1"}, customer_create, {"is_internal_customer": True}),
    ({"Commission Rate": "150"}, customer_create, {"default_commission_rate": "150"}),
    ({"Account Manager": "nobody"}, customer_create, {"account_manager": "nobody"}),
    (
        {"Email Id": "not-an-email"},
        contact_create,
        {"emails": [{"email_id": "not-an-email", "is_primary": True}]},
    ),
    (
        {"Email Id": "a" * 250 + "@b.fr"},
        contact_create,
        {"emails": [{"email_id": "a" * 250 + "@b.fr", "is_primary": True}]},
    ),
    (
        {"Mobile No": "12"},
        contact_create,
        {"phones": [{"phone": "12", "is_primary_phone": True, "is_primary_mobile_no": True}]},
    ),
    (
        {"Mobile No": "+33 1 23"},
        contact_create,
        {"phones": [{"phone": "+33 1 23", "is_primary_phone": True, "is_primary_mobile_no": True}]},
    ),
    ({**ADDRESS, "Country": "Atlantis"}, address_create, {**API_ADDRESS, "country": "Atlantis"}),
    ({**ADDRESS, "Postal Code": "ABC"}, address_create, {**API_ADDRESS, "pincode": "ABC"}),
    ({**ADDRESS, "Address Type": "Nope"}, address_create, {**API_ADDRESS, "address_type": "Nope"}),
    ({"Address Line 1": "1 rue Neuve"}, address_create, {"address_line1": "1 rue Neuve"}),
    ({**ADDRESS, "City/Town": "y" * 141}, address_create, {**API_ADDRESS, "city": "y" * 141}),
]


def api_messages(service, data, name: str, admin) -> set[str]:
    if service is contact_create:
        data = {"first_name": name, **data}
    if service is customer_create:
        data = {"customer_name": name, **data}
    with pytest.raises(InvalidInput) as refused:
        service(data=data, user=admin)
    return {message for messages in refused.value.errors.items() for message in messages[1]}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_value_the_api_refuses_the_import_refuses_in_the_same_words(
    tmp_path, settings, admin, language
):
    settings.JOB_FILES_DIR = tmp_path / "jobs"
    header = ["Customer Name", *dict.fromkeys(k for row, _s, _d in CASES for k in row)]
    rows = [{"Customer Name": f"Case {index}", **row} for index, (row, _s, _d) in enumerate(CASES)]
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    before = (Customer.objects.count(), Contact.objects.count(), Address.objects.count())
    with translation.override(language):
        expected = [
            api_messages(service, data, f"Case {index}", admin)
            for index, (_row, service, data) in enumerate(CASES)
        ]
        record = import_prepare(paths=[path], options=ImportOptions(dry_run=True), user=admin)
        report = import_run(import_id=record.pk, progress=SilentProgress())

    found: list[set[str]] = [set() for _case in CASES]
    for error in report.errors:
        found[error.row - 2].add(error.message)
    assert found == expected
    assert all(expected)
    assert (Customer.objects.count(), Contact.objects.count(), Address.objects.count()) == before


def test_a_company_is_represented_by_one_internal_customer_stored_or_in_the_file(
    tmp_path, settings, admin
):
    # given an internal customer of the seeded company, and a second company
    settings.VAR_DIR = tmp_path / "var"
    company = Company.objects.get()
    customer_create(
        data={
            "customer_name": "Nous",
            "is_internal_customer": True,
            "represents_company": company.name,
        },
        user=admin,
    )
    other = record_create(
        COMPANY, {"name": "Filiale SARL", "abbr": "FS", "default_currency": "EUR"}, user=admin
    )
    rows = [
        ["Customer Name", "Is Internal Customer", "Represents Company"],
        ["Encore nous", "1", company.name],
        ["Filiale", "1", other.name],
        ["Filiale bis", "1", other.name],
        ["Externe", "0", other.name],
    ]
    path = tmp_path / "internal.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    # when
    record = import_prepare(paths=[path], options=ImportOptions(mode="good-rows"), user=admin)
    report = import_run(import_id=record.pk, progress=SilentProgress())
    # then the company already represented and the one represented twice in the file are
    # refused; an external customer represents nobody
    taken = "Company “%(company)s” already has an internal customer."
    assert [(e.row, e.field, e.message) for e in report.errors] == [
        (2, "represents_company", taken % {"company": company.name}),
        (4, "represents_company", taken % {"company": other.name}),
    ]
    assert sorted(
        Customer.objects.values_list("customer_name", "is_internal_customer", "represents_company")
    ) == [
        ("Externe", False, None),
        ("Filiale", True, other.pk),
        ("Nous", True, company.pk),
    ]
