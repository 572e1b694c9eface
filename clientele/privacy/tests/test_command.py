"""``clientele privacy export|erase KIND CODE``: the same services from the command line."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from clientele.core.models import ChangeLog
from clientele.customers.models import Customer
from clientele.privacy.selectors import person_export
from clientele.privacy.tests.builders import person
from clientele.privacy.tests.test_erase import everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(admin):
    return person(admin)


def test_export_writes_the_document_to_a_file(held, tmp_path):
    # given
    target = tmp_path / "dupont.json"
    # when
    call_command("privacy", "export", "customer", "DUPONT-J", "-o", str(target), stderr=StringIO())
    # then
    assert json.loads(target.read_text(encoding="utf-8")) == person_export(
        kind="customer", record=held.customer
    )


def test_export_prints_to_standard_output_without_a_file(held):
    out = StringIO()

    call_command("privacy", "export", "customer", "DUPONT-J", stdout=out)

    assert json.loads(out.getvalue())["record"]["customer_name"] == "Jeanne Dupont"


def test_erase_needs_yes_and_then_names_the_user_in_the_history(held, admin):
    # given
    before = everything()
    # when: without --yes
    with pytest.raises(CommandError) as refused:
        call_command("privacy", "erase", "customer", "DUPONT-J", stdout=StringIO())
    # then
    assert str(refused.value) == "Erasing cannot be undone: add --yes to confirm."
    assert everything() == before
    # when: confirmed
    out = StringIO()
    call_command("privacy", "erase", "customer", "DUPONT-J", "--yes", "--user", "root", stdout=out)
    # then
    pk = held.customer.pk
    assert json.loads(out.getvalue())["name"] == f"Anonymised {pk}"
    assert Customer.objects.get(pk=pk).customer_name == f"Anonymised {pk}"
    row = ChangeLog.objects.get(entity="customer", record_id=pk, action="erase")
    assert row.user == admin


def test_a_refusal_is_the_commands_error_and_writes_nothing(admin):
    # given
    person(admin, paid=False)
    before = everything()
    # when
    with pytest.raises(CommandError) as refused:
        call_command("privacy", "erase", "customer", "DUPONT-J", "--yes", stdout=StringIO())
    # then
    assert str(refused.value).startswith("Customer “DUPONT-J” still has unpaid invoices")
    assert everything() == before


def test_an_unknown_code_is_the_commands_error(db):
    with pytest.raises(CommandError) as refused:
        call_command("privacy", "export", "contact", "NOBODY", stdout=StringIO())

    assert str(refused.value) == "No contact “NOBODY”."
