"""Import reads: who sees which imports, and what their reports link to."""

from dataclasses import dataclass

from django.db.models import QuerySet

from clientele.core.roles import has_role
from clientele.core.typing import User
from clientele.customers.models import Customer
from clientele.jobs.selectors import JOB_OVERSEERS
from clientele.transfer.models import Import
from clientele.transfer.report import RowDuplicate


def imports_visible(*, user: User) -> QuerySet[Import]:
    """The imports ``user`` may see, newest first, with their job and author: their own,
    or all for those who see everyone's jobs."""
    imports = Import.objects.select_related("job", "user").order_by("-id")
    if has_role(user, JOB_OVERSEERS):
        return imports
    return imports.filter(user=user)


def import_visible(*, user: User, import_id: int) -> Import | None:
    """One import, if ``user`` may see it: another's is as unknown as a missing one."""
    return imports_visible(user=user).filter(pk=import_id).first()


@dataclass
class Match:
    text: str
    # The customer's code when it is in the database (a link), else ``None`` (a row of
    # the same import, not written).
    code: str | None


@dataclass
class DuplicateShown:
    file: str
    row: int
    matches: list[Match]


def duplicates_linked(duplicates: list[RowDuplicate]) -> list[DuplicateShown]:
    """The report's likely duplicates, each match with the code of the stored customer it
    names (“CODE (name): why”), found in one query."""
    codes = {text.split(" (", 1)[0] for d in duplicates for text in d.matches}
    stored = set(Customer.objects.filter(name__in=codes).values_list("name", flat=True))
    return [
        DuplicateShown(
            d.file,
            d.row,
            [Match(t, c if (c := t.split(" (", 1)[0]) in stored else None) for t in d.matches],
        )
        for d in duplicates
    ]
