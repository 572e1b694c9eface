"""The copies of a person's data that live outside their record: the history rows of its
personal fields, and the texts the sales documents copied from it when they were made.

Both are rewritten in place, never deleted: the history keeps who changed what and when,
and a document keeps its number, dates, lines, amounts and ledger entries.
"""

import json
from collections.abc import Callable, Mapping
from typing import Any

from django.db import models

from clientele.core import audit
from clientele.core.models import ChangeLog
from clientele.sales.doctypes import ALL, SALES_INVOICE, SELLING
from clientele.sales.models import DocStatus

# What a history row of a link to a person's contact or address becomes: the code it named
# may have been made from the person's name, and the record may be gone since.
ERASED_LINK = "Anonymised"


def history_scrub(
    *, entity: str, record_id: int, values: Mapping[str, str], record_name: str | None = None
) -> int:
    """Replace, in every history row of one record, the old and new values of each field of
    ``values`` by its erased value (an empty value stays empty, so a row still says whether
    the field was set or cleared), and the code the rows name by ``record_name``. Returns how
    many values were replaced: none when the record was already erased."""
    rows = ChangeLog.objects.filter(entity=entity, record_id=record_id)
    replaced = 0
    for field, value in values.items():
        for column in ("old_value", "new_value"):
            kept = rows.filter(field=field).exclude(**{column: ""}).exclude(**{column: value})
            replaced += kept.update(**{column: value})
    for creation in rows.filter(action=audit.CREATION):
        replaced += _creation_scrub(creation, lambda field, text: values.get(field, text))
    if record_name is not None:
        replaced += rows.exclude(record_name=record_name).update(record_name=record_name)
    return replaced


def _creation_scrub(row: ChangeLog, erased: Callable[[str, str], str]) -> int:
    """Rewrite the fields of a creation row (``audit.creation_row``) as the rows of those
    fields are: each non-empty value (as its row would hold it) becomes ``erased(field,
    value)``. Returns how many values changed; the row is saved when one did."""
    fields, source = audit.creation_read(row.new_value)
    replaced = 0
    for field, value in fields.items():
        text = audit.value_text(value)
        new = erased(field, text)
        if text and new != text:
            fields[field] = new
            replaced += 1
    if replaced:
        row.new_value = audit.creation_text(fields, source=source)
        row.save(update_fields=["new_value"])
    return replaced


def _replace(rows: models.QuerySet, column: str, value: str) -> int:
    """Set ``column`` to ``value`` where it holds something else than ``value`` or nothing."""
    return rows.exclude(**{column: ""}).exclude(**{column: value}).update(**{column: value})


def customer_documents_scrub(*, customer_id: int, neutral: str) -> int:
    """The copies on the documents of one customer: its name, VAT number, address and
    contact texts, a payment's remarks. Amounts, dates, lines and ledger entries are not
    touched. An issued invoice (or credit note; submitted, or cancelled after) keeps its
    copies: French law requires an invoice to name its buyer and address and to be kept
    ten years (Code de commerce L123-22, CGI art. 242 nonies A), which GDPR art. 17(3)(b)
    puts before erasure. Returns how many values were replaced."""
    replaced = 0
    for doctype in ALL:
        rows = doctype.model._default_manager.filter(customer_id=customer_id)
        if doctype is SALES_INVOICE:
            rows = rows.filter(docstatus=DocStatus.DRAFT)
        replaced += _replace(rows, "customer_name", neutral)
        if doctype in SELLING:
            for column in ("address_display", "shipping_address", "contact_display"):
                replaced += _replace(rows, column, neutral)
            for column in ("tax_id", "contact_email"):
                replaced += _replace(rows, column, "")
        else:
            replaced += _replace(rows, "remarks", neutral)
    return replaced


def contact_documents_scrub(*, contact_id: int, neutral: str) -> int:
    """The copies of one contact on the documents naming it as their contact person."""
    replaced = 0
    for doctype in SELLING:
        rows: Any = doctype.model._default_manager.filter(contact_person_id=contact_id)
        replaced += _replace(rows, "contact_display", neutral) + _replace(rows, "contact_email", "")
    return replaced


def link_history_rename(*, field: str, old: str, new: str) -> int:
    """Where another record's history names a contact or address by a code made from the
    person's name (a customer's ``customer_primary_contact``), name it by its new code."""
    if old == new:
        return 0
    rows = ChangeLog.objects.filter(field=field)
    renamed = rows.filter(old_value=old).update(old_value=new)
    renamed += rows.filter(new_value=old).update(new_value=new)
    # The creation rows whose text holds the field with this value, then read to be sure.
    held = json.dumps({field: old}, ensure_ascii=False)[1:-1]

    def renamed_link(name: str, text: str) -> str:
        return new if name == field and text == old else text

    for creation in ChangeLog.objects.filter(action=audit.CREATION, new_value__contains=held):
        renamed += _creation_scrub(creation, renamed_link)
    return renamed
