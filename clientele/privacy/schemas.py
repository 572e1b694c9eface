"""The bodies of the privacy routes: one person's data, and what an erasure did."""

from typing import Any

from ninja import Schema

from clientele.contacts.schemas import LinkOut


class HistoryRowOut(Schema):
    """One change of one field of the record: who, when, from what to what."""

    at: str
    user: str | None
    action: str
    field: str
    old_value: str
    new_value: str
    record_name: str


class LinkedRecordOut(Schema):
    """A contact or address of the person, with the parties it is linked to."""

    name: str
    record: dict[str, Any]
    links: list[LinkOut]
    history: list[HistoryRowOut]


class LeadPartOut(Schema):
    """The lead the customer was converted from."""

    name: str
    record: dict[str, Any]
    history: list[HistoryRowOut]


class DocumentRefOut(Schema):
    """A sales document naming the customer: its reference and totals, not its lines."""

    kind: str
    number: str
    date: str
    status: str
    company: str
    currency: str
    grand_total: str
    base_grand_total: str
    outstanding_amount: str | None


class PersonalDataOut(Schema):
    """Everything held about one person; keys that do not apply are empty."""

    format: str
    kind: str
    name: str
    record: dict[str, Any]
    history: list[HistoryRowOut]
    links: list[LinkOut]
    contacts: list[LinkedRecordOut]
    addresses: list[LinkedRecordOut]
    documents: list[DocumentRefOut]
    lead: LeadPartOut | None
    customer: str | None


class ErasureOut(Schema):
    """What an erasure anonymised, by kind; ``erased`` is false when nothing was left."""

    kind: str
    name: str
    erased: bool
    records: dict[str, list[str]]
    shared: list[str]
