"""Merging a customer into another (SPEC §3.2): everything moves to the survivor.

Contacts and addresses are relinked (no duplicate links), per-company rows the survivor
lacks are moved (the survivor's own rows win; a sales team moves only to a survivor without
one), the history follows, and every other record that points to the merged customer is
repointed; then the merged customer is deleted. The dry run computes the same plan and
writes nothing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from clientele.contacts.models import AddressLink, ContactLink
from clientele.contacts.services import party_links_move
from clientele.core.errors import InvalidInput
from clientele.core.history import history_count, history_write
from clientele.core.meta import model_field
from clientele.core.models import ChangeLog
from clientele.core.specs import Child
from clientele.core.typing import User
from clientele.customers.mirrors import apply_mirrors
from clientele.customers.models import Customer, CustomerSearch
from clientele.customers.search import search_tokens_refresh
from clientele.customers.services import CUSTOMER


def _own_tables() -> set[type[models.Model]]:
    """The customer's own tables (its child tables, its search document): not documents."""
    return {child.model for child in CUSTOMER.children} | {CustomerSearch}


# What other apps do when a customer is merged, besides repointing what links to it: an
# explicit registry (as the party types of contacts), each step called with the merged
# customer and the survivor before the merged one is deleted. The sales app adds the
# merged customer's credit exposure to the survivor's.
MERGE_STEPS: list[Callable[[Customer, Customer], None]] = []


def register_merge_step(step: Callable[[Customer, Customer], None]) -> None:
    if step not in MERGE_STEPS:
        MERGE_STEPS.append(step)


@dataclass
class MergePlan:
    merged: str
    into: str
    moves: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)


def _check(source: Customer, target: Customer) -> None:
    if source.pk == target.pk:
        raise InvalidInput.single("into", _("A customer cannot be merged into itself."))
    if source.is_internal_customer != target.is_internal_customer:
        raise InvalidInput.single(
            "into", _("An internal customer cannot be merged with an external one.")
        )
    currencies = {source.default_currency_id, target.default_currency_id} - {None}
    if len(currencies) > 1:
        raise InvalidInput.single("into", _("These customers are billed in different currencies."))


def _document_relations():
    """Links to customers from other records (quotations, orders...), found in the model graph."""
    return [
        rel
        for rel in Customer._meta.related_objects
        if rel.related_model not in _own_tables()
        and rel.related_model is not Customer
        and isinstance(rel.field, models.ForeignKey)
    ]


def merge_plan(source: Customer, target: Customer) -> MergePlan:
    plan = MergePlan(merged=source.name, into=target.name)
    for link_model, owner, label in (
        (ContactLink, "contact_id", "contacts"),
        (AddressLink, "address_id", "addresses"),
    ):
        mine = link_model.objects.filter(party_type="customer", party_id=source.pk)
        theirs = link_model.objects.filter(party_type="customer", party_id=target.pk)
        plan.moves[label] = mine.exclude(**{f"{owner}__in": theirs.values(owner)}).count()
    for child in CUSTOMER.children:
        rows = child.model._default_manager.filter(parent=source)
        plan.moves[child.field] = _moving_rows(child, source, target).count()
        plan.dropped[child.field] = rows.count() - plan.moves[child.field]
    plan.moves["history"] = history_count(entity="customer", record_id=source.pk)
    for rel in _document_relations():
        count = rel.related_model._default_manager.filter(**{rel.field.name: source}).count()
        if count:
            plan.documents[str(rel.related_model._meta.verbose_name_plural)] = count
    return plan


def _moving_rows(child: Child, source: Customer, target: Customer) -> models.QuerySet:
    """The source's rows the target takes: those it has no row for (the target's win, keyed
    by the table's ``unique`` columns; a table without one takes them all); a ``whole``
    table (a sales team, which totals 100 %) moves only to a target without one."""
    rows = child.model._default_manager.filter(parent=source)
    taken = child.model._default_manager.filter(parent=target)
    if child.whole:
        return rows.none() if taken.exists() else rows
    if not child.unique:  # nothing can clash: every row moves
        return rows
    key = model_field(child.model, child.unique[0]).attname
    return rows.exclude(**{f"{key}__in": taken.values(key)})


def _move_rows(child: Child, source: Customer, target: Customer) -> None:
    """The moving rows follow the survivor's own, numbered on from its last (``idx``), in
    their order: the survivor's table reads 1, 2, 3… with no number twice."""
    model = child.model
    last = model._default_manager.filter(parent=target).aggregate(last=Max("idx"))["last"] or 0
    moving = list(_moving_rows(child, source, target).order_by("idx", "pk"))
    for idx, row in enumerate(moving, start=last + 1):
        row.parent, row.idx = target, idx
    model._default_manager.bulk_update(moving, ["parent", "idx"])


@transaction.atomic
def customer_merge(*, source: Customer, target: Customer, dry_run: bool, user: User) -> MergePlan:
    _check(source, target)
    plan = merge_plan(source, target)
    if dry_run:
        return plan
    party_links_move(party_type="customer", from_id=source.pk, to_id=target.pk)
    for child in CUSTOMER.children:
        _move_rows(child, source, target)
    ChangeLog.objects.filter(entity="customer", record_id=source.pk).update(record_id=target.pk)
    for rel in _document_relations():
        rel.related_model._default_manager.filter(**{rel.field.name: source}).update(
            **{rel.field.name: target}
        )
    for step in MERGE_STEPS:
        step(source, target)
    _take_primaries(source, target)
    source.delete()
    history_write(
        CUSTOMER,
        target,
        before={"merged": ""},
        after={"merged": plan.merged},
        user=user,
        action="merge",
    )
    return plan


def _take_primaries(source: Customer, target: Customer) -> None:
    target.customer_primary_contact = (
        target.customer_primary_contact or source.customer_primary_contact
    )
    target.customer_primary_address = (
        target.customer_primary_address or source.customer_primary_address
    )
    if target.lead_id is None and source.lead_id is not None:
        target.lead_id = source.lead_id
        Customer.objects.filter(pk=source.pk).update(lead=None)
    apply_mirrors(target)
    target.save()
    search_tokens_refresh([target])
