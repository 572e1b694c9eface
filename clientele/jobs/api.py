"""REST routes of jobs: the list (one's own; everyone's for a manager), one job, cancel,
its file."""

from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Query, Router

from clientele.core.api_support import AUTH
from clientele.jobs.models import Job
from clientele.jobs.schemas import JobListParams, JobOut, JobPage
from clientele.jobs.selectors import job_visible, jobs_visible
from clientele.jobs.services import job_cancel
from clientele.jobs.work import job_file

router = Router(tags=["Jobs"], auth=AUTH)


def job_out(job: Job) -> dict:
    file = None
    if job.status == Job.Status.DONE and job.result_file:
        file = reverse("api-v1:job_file", kwargs={"job_id": job.pk})
    return {
        "id": job.pk,
        "kind": job.kind,
        "label": job.label,
        "user": job.user.username if job.user else None,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "errors": job.errors,
        "percent": job.percent,
        "errors_so_far": job.error_samples,
        "message": job.message,
        "cancel_requested": job.cancel_requested,
        "attempts": job.attempts,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "report": job.report,
        "file": file,
    }


def _job(request: HttpRequest, job_id: int) -> Job:
    job = job_visible(user=request.auth, job_id=job_id)  # type: ignore[attr-defined]
    if job is None:
        raise Http404(job_id)
    return job


@router.get("/", response=JobPage, summary="List jobs")
def job_list(request, params: Query[JobListParams]):
    """One's own jobs, newest first; a manager sees everyone's."""
    jobs = jobs_visible(user=request.auth)
    if params.status:
        jobs = jobs.filter(status=params.status)
    page = jobs[params.offset : params.offset + params.limit]
    return {"count": jobs.count(), "items": [job_out(job) for job in page]}


@router.get("/{int:job_id}", response=JobOut, summary="Read a job")
def job_read(request, job_id: int):
    return job_out(_job(request, job_id))


@router.post("/{int:job_id}/cancel", response=JobOut, summary="Cancel a job")
def job_cancel_run(request, job_id: int):
    """Queued: cancelled at once. Running: asked to stop between two chunks (so its
    status turns ``cancelled`` shortly after). Ended: 409."""
    return job_out(job_cancel(job=_job(request, job_id)))


@router.get("/{int:job_id}/file", summary="Download the job's file", url_name="job_file")
def job_file_read(request, job_id: int):
    path, name = job_file(_job(request, job_id))
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
