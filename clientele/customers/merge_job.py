"""A merge of a customer with many linked records runs as a job, not inside the request.

Below ``settings.MERGE_JOB_THRESHOLD`` linked records (contacts, addresses, child rows,
history rows and documents the dry run counts; 1,000 by default) the merge runs at once, as
it always did; above it, it is queued and the answer is its job. Either way the merge is one
transaction: it cannot stop halfway, so a cancel only takes effect while it is queued.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from clientele.core.errors import InvalidInput
from clientele.core.typing import User
from clientele.customers.merge import MergePlan, customer_merge
from clientele.customers.models import Customer
from clientele.jobs.models import Job
from clientele.jobs.work import JobRun, job_enqueue, job_work


def merge_size(plan: MergePlan) -> int:
    """How many records the merge moves or repoints."""
    return sum(plan.moves.values()) + sum(plan.documents.values())


def customer_merge_start(*, source: Customer, target: Customer, user: User) -> MergePlan | Job:
    """Merge ``source`` into ``target`` now, or queue it when it moves many records."""
    plan = customer_merge(source=source, target=target, dry_run=True, user=user)
    if merge_size(plan) <= settings.MERGE_JOB_THRESHOLD:
        return customer_merge(source=source, target=target, dry_run=False, user=user)
    label = _("Merge of “%(merged)s” into “%(into)s”") % vars(plan)
    params = {"source": source.name, "target": target.name}
    return job_enqueue(work=customer_merge_run, kind="merge", label=label, user=user, params=params)


def _customer(name: str, field: str) -> Customer:
    customer = Customer.objects.filter(name=name).first()
    if customer is None:
        raise InvalidInput.single(field, _("No customer “%(name)s”.") % {"name": name})
    return customer


@job_work
def customer_merge_run(run: JobRun) -> dict[str, Any] | None:
    source = _customer(run.params["source"], "source")
    target = _customer(run.params["target"], "into")
    user = run.job.user
    plan = customer_merge(source=source, target=target, dry_run=True, user=user)  # type: ignore[arg-type]
    run.progress.started(merge_size(plan))
    plan = customer_merge(source=source, target=target, dry_run=False, user=user)  # type: ignore[arg-type]
    run.progress.advanced(merge_size(plan))
    return vars(plan)
