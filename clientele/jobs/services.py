"""Job writes: cancelling."""

from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict
from clientele.jobs.models import Job


def job_cancel(*, job: Job) -> Job:
    """A queued job is cancelled at once; a running one is asked to stop, which its work
    does between two chunks (so nothing is left half-written); a finished one cannot be."""
    now = timezone.now()
    if Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=Job.Status.CANCELLED, cancel_requested=True, finished_at=now
    ):
        return Job.objects.get(pk=job.pk)
    if not Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(cancel_requested=True):
        job.refresh_from_db()
        raise Conflict(
            _("This job has already ended (%(status)s): there is nothing to cancel.")
            % {"status": job.get_status_display()}
        )
    return Job.objects.get(pk=job.pk)
