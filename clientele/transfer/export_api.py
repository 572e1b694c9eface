"""``POST /api/v1/exports``: an export queued as a job; its file comes from the job."""

from ninja import Router, Status

from clientele.core.api_support import AUTH
from clientele.core.roles import EXPORTERS, require_role
from clientele.jobs.api import job_out
from clientele.jobs.schemas import JobOut
from clientele.transfer.export_schemas import ExportIn
from clientele.transfer.exports import export_enqueue

router = Router(tags=["Exports"], auth=AUTH)


@router.post("/", response={202: JobOut}, summary="Export a list (as a job)")
def export_start(request, payload: ExportIn):
    """Queues the export and answers its job: follow it at ``/api/v1/jobs/{id}``, download
    the file from ``/api/v1/jobs/{id}/file`` once it is done. Reading needs only a login,
    a whole list at once an exporter's role (``roles.EXPORTERS``, as ERPNext's export
    right)."""
    require_role(request.auth, EXPORTERS)
    filters = payload.filters.model_dump(exclude_none=True) if payload.filters else {}
    job = export_enqueue(kind=payload.kind, fmt=payload.format, filters=filters, user=request.auth)
    return Status(202, job_out(job))
