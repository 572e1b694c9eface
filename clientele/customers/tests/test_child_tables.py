"""The customer's child tables are declared once (``CUSTOMER.children``): the read, the
history and the merge all take that list, so a table added there is read, recorded and
merged with no other change. Proven with a table that exists only for this test."""

import pytest
from django.apps import apps
from django.db import connection, models

from clientele.core.api_support import history
from clientele.core.specs import Child, rows_of
from clientele.customers import selectors
from clientele.customers.merge import customer_merge
from clientele.customers.models import Customer
from clientele.customers.services import CUSTOMER, customer_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def notes_table(monkeypatch):
    """Given a fifth child table, ``notes``, declared on the customer's Spec only."""

    class CustomerNote(models.Model):
        parent = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="notes")
        idx = models.PositiveIntegerField(default=0)
        note = models.CharField(max_length=100)

        class Meta:
            app_label = "customers"
            ordering = ["idx"]

    # Created in the test's transaction, so rolled back with it; its indexes are not needed.
    # (Not as a context manager: SQLite's refuses to run inside a transaction.)
    editor = connection.schema_editor()
    editor.deferred_sql = []
    editor.create_model(CustomerNote)
    notes = Child("notes", CustomerNote, ("note",))
    monkeypatch.setattr(CUSTOMER, "children", (*CUSTOMER.children, notes))
    monkeypatch.setattr(selectors, "_DETAIL", selectors.detail_reader())
    yield CustomerNote
    apps.all_models["customers"].pop("customernote")
    apps.clear_cache()


def _notes(customer: Customer) -> list[tuple[int, str]]:
    return [(row.idx, row.note) for row in rows_of(customer, "notes")]


def test_a_child_table_added_to_the_spec_is_written_read_recorded_and_merged(notes_table):
    # when two customers are created with notes
    first = customer_create(
        data={"customer_name": "Alpha SARL", "notes": [{"note": "Livrer le matin"}]}, user=None
    )
    second = customer_create(
        data={"customer_name": "Beta SARL", "notes": [{"note": "Appeler avant"}]}, user=None
    )
    # then the read gives them back, in the same statement as the customer
    read = selectors.customer_detail(first.name)
    assert _notes(read) == [(1, "Livrer le matin")]
    # and the history recorded them
    [recorded] = [e for e in history("customer", first.pk) if e["field"] == "notes"]
    assert (recorded["action"], recorded["new_value"]) == (
        "create",
        '[{"note": "Livrer le matin"}]',
    )
    # when the second customer is merged into the first
    plan = customer_merge(source=second, target=read, dry_run=False, user=None)
    # then its note moved as a child row, numbered after the survivor's own
    assert (plan.moves["notes"], plan.dropped["notes"]) == (1, 0)
    assert plan.documents == {}
    survivor = selectors.customer_detail(first.name)
    assert _notes(survivor) == [(1, "Livrer le matin"), (2, "Appeler avant")]
