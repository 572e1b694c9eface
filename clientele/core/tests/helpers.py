"""Helpers shared by the test packages of core, masters and selling.

A refusal must write nothing: ``row_counts`` takes the number of rows of the given models and
of the change log, so a test compares it before and after the refused call.
"""

from django.db import models

from clientele.core.history import history_entries
from clientele.core.models import ChangeLog
from clientele.core.records import record_create
from clientele.masters import services as masters


def row_counts(*kinds: type[models.Model]) -> dict[str, int]:
    return {kind.__name__: kind._default_manager.count() for kind in (*kinds, ChangeLog)}


def changes(entity: str, record_name: str) -> list[tuple[str, str, str, str]]:
    """``(action, field, old, new)`` of one record's history as people read it (a creation
    as one entry per field), oldest first."""
    rows = ChangeLog.objects.filter(entity=entity, record_name=record_name).order_by("id")
    return [(e.action, e.field, e.old_value, e.new_value) for e in history_entries(rows)]


def make_company(name: str, abbr: str, *, user=None):
    """A second company with a minimal chart: one group, a receivable and a payable ledger."""
    company = record_create(
        masters.COMPANY,
        {"name": name, "abbr": abbr, "default_currency": "EUR", "country": "FR"},
        user=user,
    )
    for account, parent, root_type, account_type, is_group in (
        (f"Actif - {abbr}", None, "Asset", "", True),
        (f"411000 - Clients - {abbr}", f"Actif - {abbr}", "Asset", "Receivable", False),
        (f"Passif - {abbr}", None, "Liability", "", True),
        (f"401000 - Fournisseurs - {abbr}", f"Passif - {abbr}", "Liability", "Payable", False),
    ):
        record_create(
            masters.ACCOUNT,
            {
                "name": account,
                "account_name": account,
                "company": name,
                "root_type": root_type,
                "account_type": account_type,
                "is_group": is_group,
                "parent_account": parent,
            },
            user=user,
        )
    return company
