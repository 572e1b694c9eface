"""The import screens (“Importer”): the list of one's imports, the upload, the page of one
import (its files' columns to map, then its dry run's progress and report, then the real
run's), and the refused rows to download.

Every run is a job (``transfer/import_jobs.py``), never work inside the request; while it
runs, the page's state asks for itself every second (htmx polling, as the jobs page does)
and stops once the run ended; without JavaScript, reloading the page shows the same.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clientele.core.errors import DomainError
from clientele.core.roles import IMPORTERS
from clientele.transfer.columns import IGNORED, KIND_LABELS
from clientele.transfer.import_jobs import (
    import_may_run,
    import_start,
    import_upload,
    upload_length_check,
)
from clientele.transfer.imports import ImportOptions, import_files
from clientele.transfer.models import Import
from clientele.transfer.report import ImportReport
from clientele.transfer.selectors import duplicates_linked, import_visible, imports_visible
from clientele.web.import_forms import ImportUploadForm, MappingForm, RunForm, unknown_columns
from clientele.web.support import acting_user, can, errors_onto_form, is_htmx, role_required

SHOWN = 50
# The refused fields and duplicates listed on the page; all are in the refused rows' file.
ROWS_SHOWN = 100
PAGE = "web/imports/page.html"


def _import(request: HttpRequest, import_id: int) -> Import:
    record = import_visible(user=acting_user(request), import_id=import_id)
    if record is None:
        raise Http404(import_id)
    return record


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    records = list(imports_visible(user=acting_user(request))[:SHOWN])
    context = {"imports": records, "may_import": can(request, IMPORTERS)}
    return render(request, "web/imports/list.html", context)


@login_required
@role_required(IMPORTERS)
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    """The upload: the files kept as an import, then its page to map the columns."""
    if request.method == "GET":
        return render(request, "web/imports/new.html", {"form": ImportUploadForm()})
    try:
        upload_length_check(request.META.get("CONTENT_LENGTH"))
    except DomainError as error:  # the files are not opened: the form is shown afresh
        context = {"form": ImportUploadForm(), "refused": error.message}
        return render(request, "web/imports/new.html", context, status=error.status)
    form = ImportUploadForm(request.POST, request.FILES)
    try:
        if form.is_valid():
            options, user = form.options(), acting_user(request)
            record = import_upload(files=form.cleaned_data["uploads"], options=options, user=user)
            return redirect("web:import-page", record.pk)
        status = 422
    except DomainError as error:
        errors_onto_form(form, error)
        status = error.status
    return render(request, "web/imports/new.html", {"form": form}, status=status)


def _state(record: Import) -> str:
    if record.job is not None and not record.job.finished:
        return "running"
    return "ended" if record.report or record.job is not None else "new"


def _page(record: Import, **extra: Any) -> dict[str, Any]:
    """What the import's page shows in its state: the columns to map before any run, the
    progress while one runs, its report once it ended."""
    state = _state(record)
    context: dict[str, Any] = {"record": record, "state": state}
    if state == "new":
        context.update(_columns(record))
    elif state == "ended":
        if record.report:
            context.update(_report(ImportReport.from_dict(record.report)))
        may_run = import_may_run(record)
        mode = record.options.get("mode", "all")
        context["run_form"] = RunForm(initial={"mode": mode}) if may_run else None
        if may_run:  # nothing written yet: the columns may be mapped again, and checked
            context.update(_columns(record))
    return {**context, **extra}


def _columns(record: Import) -> dict[str, Any]:
    """Each file as read without a mapping, and the form mapping its unknown columns,
    holding the mapping the last run used."""
    files = _unmapped_files(record)
    columns = unknown_columns(files)
    chosen = record.options.get("mapping") or {}
    initial = {
        f"column-{index}": chosen.get(column, "")
        for index, (column, _kind) in enumerate(columns)
        if chosen.get(column) != IGNORED
    }
    return {
        "files": [(file, KIND_LABELS[file.kind]) for file in files],
        "mapping": MappingForm(columns=columns, initial=initial),
    }


def _unmapped_files(record: Import):
    return import_files(record=record, options=ImportOptions(**{**record.options, "mapping": {}}))


def _report(report: ImportReport) -> dict[str, Any]:
    return {
        "report": report,
        "counts": [(KIND_LABELS[kind], counts) for kind, counts in report.counts.items()],
        "errors": report.errors[:ROWS_SHOWN],
        "errors_left": max(0, len(report.errors) - ROWS_SHOWN),
        "duplicates": duplicates_linked(report.duplicates[:ROWS_SHOWN]),
        "duplicates_left": max(0, len(report.duplicates) - ROWS_SHOWN),
    }


def _render_page(request: HttpRequest, record: Import, status: int = 200, **extra) -> HttpResponse:
    template = f"{PAGE}#state" if is_htmx(request) else PAGE
    return render(request, template, _page(record, **extra), status=status)


@login_required
@require_GET
def import_page(request: HttpRequest, import_id: int) -> HttpResponse:
    return _render_page(request, _import(request, import_id))


def _started(request: HttpRequest, record: Import) -> HttpResponse:
    if is_htmx(request):
        return _render_page(request, _import(request, record.pk), status=202)
    return redirect("web:import-page", record.pk)


def _queued(request, record: Import, form, form_name: str, start: Callable[[], Any]):
    """Queue a run once ``form`` is valid (``start`` reads its cleaned data); else the page
    again with the form's errors: 422, or the refusal's own status (a run under way, 409)."""
    status = 422
    try:
        if form.is_valid():
            start()
            return _started(request, record)
    except DomainError as error:
        errors_onto_form(form, error)
        status = error.status
    return _render_page(request, record, status=status, **{form_name: form})


@login_required
@role_required(IMPORTERS)
@require_POST
def import_check(request: HttpRequest, import_id: int) -> HttpResponse:
    """“Vérifier”: the mapping chosen, a dry run queued."""
    record = _import(request, import_id)
    form = MappingForm(request.POST, columns=unknown_columns(_unmapped_files(record)))
    user = acting_user(request)
    return _queued(
        request,
        record,
        form,
        "mapping",
        lambda: import_start(record=record, user=user, dry_run=True, mapping=form.mapping()),
    )


@login_required
@role_required(IMPORTERS)
@require_POST
def import_for_real(request: HttpRequest, import_id: int) -> HttpResponse:
    """“Importer”: the real run, in the mode chosen, as a new job."""
    record = _import(request, import_id)
    form = RunForm(request.POST)
    user = acting_user(request)
    return _queued(
        request,
        record,
        form,
        "run_form",
        lambda: import_start(
            record=record, user=user, dry_run=False, mode=form.cleaned_data["mode"]
        ),
    )


@login_required
@require_GET
def import_rejected(request: HttpRequest, import_id: int) -> FileResponse:
    record = _import(request, import_id)
    path = Path(record.rejected_path)
    if not record.rejected_path or _state(record) != "ended" or not path.is_file():
        raise Http404(import_id)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
