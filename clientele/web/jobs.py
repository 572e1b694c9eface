"""The jobs page (“Tâches”): one's jobs (everyone's for a manager) with their live
progress, cancel and download; and the customer list's export, which starts a job.

While a job runs, its rows ask for themselves again every second (htmx polling); the
answer for finished jobs carries no trigger, so the polling stops by itself.
"""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from clientele.core.errors import DomainError, InvalidInput
from clientele.core.roles import EXPORTERS
from clientele.jobs.models import Job
from clientele.jobs.selectors import job_visible, jobs_visible
from clientele.jobs.services import job_cancel
from clientele.jobs.work import job_file
from clientele.transfer.exports import export_enqueue
from clientele.web.customers.listing import ListFilters
from clientele.web.support import acting_user, is_htmx, role_required

SHOWN = 50


def _job(request: HttpRequest, job_id: int) -> Job:
    job = job_visible(user=acting_user(request), job_id=job_id)
    if job is None:
        raise Http404(job_id)
    return job


def _context(request: HttpRequest) -> dict:
    jobs = list(jobs_visible(user=acting_user(request))[:SHOWN])
    return {"jobs": jobs, "active": any(not job.finished for job in jobs)}


@login_required
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    template = "web/jobs/list.html#rows" if is_htmx(request) else "web/jobs/list.html"
    return render(request, template, _context(request))


@login_required
@require_GET
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    """One job's progress card (the customer list's export follows its job with it)."""
    return render(request, "web/jobs/list.html#card", {"job": _job(request, job_id)})


@login_required
@require_POST
def job_cancel_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job(request, job_id)
    try:
        job = job_cancel(job=job)
    except DomainError:
        job.refresh_from_db()  # it ended meanwhile: show how
    if is_htmx(request):
        return render(request, "web/jobs/list.html#card", {"job": job})
    return redirect("web:job-list")


@login_required
@require_GET
def job_download(request: HttpRequest, job_id: int) -> FileResponse:
    path, name = job_file(_job(request, job_id))
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


def _export_filters(filters: ListFilters) -> dict:
    """The list's filters by code, as the export (and the API) take them."""
    selection = filters.selection()
    out = {
        "q": selection["q"],
        "customer_group": filters.node_name("customer_group") or None,
        "territory": filters.node_name("territory") or None,
        "customer_type": selection["customer_type"],
        "disabled": selection["disabled"],
        "is_frozen": selection["is_frozen"],
    }
    return {key: value for key, value in out.items() if value is not None}


@login_required
@role_required(EXPORTERS)
@require_POST
def customer_export(request: HttpRequest) -> HttpResponse:
    """Export the customer list as it is filtered (the same query string); a job."""
    filters = ListFilters(request.POST)
    try:
        if not filters.is_valid():
            raise InvalidInput({k: [str(e) for e in v] for k, v in filters.errors.items()})
        job = export_enqueue(
            kind="customers",
            fmt=request.POST.get("format", "csv"),
            filters=_export_filters(filters),
            user=acting_user(request),
        )
    except DomainError as error:
        context = {"messages_refused": [m for ms in error.errors.values() for m in ms]}
        return render(request, "web/jobs/list.html#refused", context, status=422)
    if is_htmx(request):
        return render(request, "web/jobs/list.html#card", {"job": job}, status=202)
    return redirect("web:job-list")
