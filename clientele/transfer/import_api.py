"""``/api/v1/imports``: upload files (a multipart form), follow the run's job, read the
report, download the refused rows, run for real after a dry run."""

import functools
from pathlib import Path
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.urls import reverse
from ninja import File, Form, Query, Router, Status, UploadedFile
from ninja.decorators import decorate_view

from clientele.core.api_support import AUTH
from clientele.core.errors import DomainError
from clientele.core.roles import IMPORTERS, require_role
from clientele.jobs.api import job_out
from clientele.transfer.import_jobs import import_start, import_submit, upload_length_check
from clientele.transfer.import_schemas import ImportIn, ImportListParams, ImportOut, ImportPage
from clientele.transfer.imports import ImportOptions
from clientele.transfer.models import Import
from clientele.transfer.selectors import import_visible, imports_visible

router = Router(tags=["Imports"], auth=AUTH)


def _report_out(record: Import) -> dict[str, Any] | None:
    """The last run's report once it ended, its files of refused rows by name only."""
    if not record.report or (record.job is not None and not record.job.finished):
        return None
    return {**record.report, "rejected": [Path(p).name for p in record.report["rejected"]]}


def import_out(record: Import) -> dict[str, Any]:
    rejected = None
    if record.rejected_path and _report_out(record) is not None:
        rejected = reverse("api-v1:import_rejected", kwargs={"import_id": record.pk})
    return {
        "id": record.pk,
        "label": record.label,
        "user": record.user.username if record.user else None,
        "status": record.status,
        "files": [file["name"] for file in record.files],
        "options": record.options,
        "created_at": record.created_at,
        "job": job_out(record.job) if record.job else None,
        "report": _report_out(record),
        "rejected": rejected,
    }


def _import(request: HttpRequest, import_id: int) -> Import:
    record = import_visible(user=request.auth, import_id=import_id)  # type: ignore[attr-defined]
    if record is None:
        raise Http404(import_id)
    return record


@router.get("/", response=ImportPage, summary="List imports")
def import_list(request, params: Query[ImportListParams]):
    """One's own imports, newest first; a manager sees everyone's (as for jobs)."""
    imports = imports_visible(user=request.auth)
    page = imports[params.offset : params.offset + params.limit]
    return {"count": imports.count(), "items": [import_out(record) for record in page]}


def _length_checked(run):
    """Too large an upload is refused by the length its request announces, before its
    files are read (the route's parameters are parsed after this)."""

    @functools.wraps(run)
    def checked(request: HttpRequest, *args, **kwargs):
        try:
            upload_length_check(request.META.get("CONTENT_LENGTH"))
        except DomainError as error:
            body = {"detail": error.message, "errors": error.errors}
            return JsonResponse(body, status=error.status)
        return run(request, *args, **kwargs)

    return checked


@router.post("/", response={202: ImportOut}, summary="Upload files to import (as a job)")
@decorate_view(_length_checked)
def import_create(request, files: File[list[UploadedFile]], options: Form[ImportIn]):
    """One or several CSV or XLSX files (ERPNext/Dokos exports as they are) as one import,
    queued as a job: a dry run when ``dry_run`` is set, else the import. A file that cannot
    be read or a wrong option is a 422 and nothing is kept; more than
    ``IMPORT_UPLOAD_MAX_BYTES`` (200 MB) is a 413. Follow it at ``/api/v1/imports/{id}``."""
    require_role(request.auth, IMPORTERS)
    choices = options.model_dump(exclude={"mapping"})
    import_options = ImportOptions(**choices, mapping=options.mapping_dict())
    record = import_submit(files=files, options=import_options, user=request.auth)
    return Status(202, import_out(record))


@router.get("/{int:import_id}", response=ImportOut, summary="Read an import")
def import_read(request, import_id: int):
    """The import, its latest job's status and progress, and the report once it ended."""
    return import_out(_import(request, import_id))


@router.post("/{int:import_id}/run", response={202: ImportOut}, summary="Run an import for real")
def import_run_for_real(request, import_id: int):
    """After a dry run: the same files with the same options, written this time, as a new
    job. 409 while a run is queued or running, or once a real run may have written rows."""
    require_role(request.auth, IMPORTERS)
    record = _import(request, import_id)
    import_start(record=record, user=request.auth, dry_run=False)
    return Status(202, import_out(_import(request, import_id)))


@router.get(
    "/{int:import_id}/rejected", summary="Download the refused rows", url_name="import_rejected"
)
def import_rejected(request, import_id: int):
    """The refused rows with an Error column, to fix and import again: one file as it was
    read (CSV or XLSX), several in a zip. 404 when the last run refused none."""
    record = _import(request, import_id)
    path = Path(record.rejected_path)
    if not record.rejected_path or _report_out(record) is None or not path.is_file():
        raise Http404(import_id)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
