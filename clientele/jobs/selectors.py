"""Job reads: who sees which jobs."""

from django.db.models import QuerySet

from clientele.core.roles import SALES_MANAGER, SALES_MASTER_MANAGER, SYSTEM_MANAGER, has_role
from clientele.core.typing import User
from clientele.jobs.models import Job

# Who sees (and may cancel) everyone's jobs; others see their own.
JOB_OVERSEERS = (SALES_MANAGER, SALES_MASTER_MANAGER, SYSTEM_MANAGER)


def jobs_visible(*, user: User) -> QuerySet[Job]:
    """The jobs ``user`` may see, newest first: their own, or all for a manager."""
    jobs = Job.objects.select_related("user").order_by("-id")
    if has_role(user, JOB_OVERSEERS):
        return jobs
    return jobs.filter(user=user)


def job_visible(*, user: User, job_id: int) -> Job | None:
    """One job, if ``user`` may see it: another's job is as unknown as a missing one."""
    return jobs_visible(user=user).filter(pk=job_id).first()
