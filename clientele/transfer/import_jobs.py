"""Imports from the API and the screens: files uploaded, kept as an ``Import``, and each run
(a dry run, then the real one) queued as a job, never run inside a request.

The job (``import_job_run``) runs ``imports.import_run`` with the job's progress and the
job itself as the checkpoint store: a worker stopped or killed in the middle of a
good-rows import leaves its job queued again (``jobs/work.py``), and the next worker goes
on after the last chunk committed, so no row is imported twice. The refused rows are the
job's file to download: one file as it is, several in a zip.
"""

import shutil
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict, DomainError, InvalidInput
from clientele.core.typing import User
from clientele.jobs.models import Job
from clientele.jobs.work import ERROR_SAMPLES, JobRun, job_enqueue, job_work
from clientele.transfer.imports import (
    REFUSED,
    ImportOptions,
    import_files,
    import_prepare,
    import_run,
)
from clientele.transfer.models import Import
from clientele.transfer.report import ImportReport

JOB_KIND = "import"


class TooLarge(DomainError):
    status = 413


@job_work
def import_job_run(run: JobRun) -> dict[str, Any] | None:
    """Run the import with the job's progress; the job keeps the checkpoint."""
    import_id = run.params["import_id"]
    report = import_run(import_id=import_id, progress=run.progress, checkpoint=run)
    if run.progress.stopped:  # cancelled, or the worker is stopping: no report, no file
        return None
    run.progress.errors_add([asdict(error) for error in report.errors[:ERROR_SAMPLES]])
    _rejected_offer(run, import_id, report)
    # The files of refused rows by name: where the server keeps them is nobody's business.
    return {**report.as_dict(), "rejected": [Path(path).name for path in report.rejected]}


def _rejected_offer(run: JobRun, import_id: int, report: ImportReport) -> None:
    """The refused rows as the job's file: one file as it is, several zipped."""
    paths = [Path(path) for path in report.rejected]
    if not paths:
        return
    if len(paths) == 1:
        target = run.output(paths[0].name)
        shutil.copyfile(paths[0], target)
    else:
        target = run.output("rejected.zip")
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in paths:
                archive.write(path, arcname=path.name)
    Import.objects.filter(pk=import_id).update(rejected_path=str(target))


# Room for the form's other fields and the multipart boundaries around the files.
FORM_OVERHEAD = 100_000


def _too_large() -> TooLarge:
    limit = settings.IMPORT_UPLOAD_MAX_BYTES // (1024 * 1024)
    return TooLarge(
        _("The files are too large: %(limit)d MB at most in one import.") % {"limit": limit},
        errors={"files": [_("At most %(limit)d MB.") % {"limit": limit}]},
    )


def upload_length_check(length: str | None) -> None:
    """Refuse an upload past the limit by the length its request announces, before its
    files are opened (through the API, before Django even reads them)."""
    if length and length.isdigit():
        if int(length) > settings.IMPORT_UPLOAD_MAX_BYTES + FORM_OVERHEAD:
            raise _too_large()


def _size_check(files: Sequence[UploadedFile]) -> None:
    if sum(upload.size or 0 for upload in files) > settings.IMPORT_UPLOAD_MAX_BYTES:
        raise _too_large()


def _file_name(name: str | None, index: int) -> str:
    """The name a file was sent with, made safe for a path (its folder dropped)."""
    try:
        return get_valid_filename(Path(name or "").name)
    except SuspiciousFileOperation:
        return f"file-{index + 1}.csv"


def import_upload(*, files: Sequence[UploadedFile], options: ImportOptions, user: User) -> Import:
    """Keep uploaded files as an import to run: every file's header is read first and
    every option checked, so a refusal keeps nothing (no record, no file on disk)."""
    if not files:
        raise InvalidInput.single("files", _("Give at least one file."))
    _size_check(files)
    with tempfile.TemporaryDirectory(prefix="clientele-upload-") as folder:
        paths = []
        for index, upload in enumerate(files):
            path = Path(folder) / str(index) / _file_name(upload.name, index)
            path.parent.mkdir()
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            paths.append(path)
        return import_prepare(paths=paths, options=options, user=user)


def _last_run_wrote(record: Import) -> bool:
    """Whether the import's last real run may have written rows: any but one refused, or
    one stopped (failed, cancelled) in all-or-nothing mode, which rolled back whole."""
    job, report = record.job, record.report
    if job is not None and not job.params.get("dry_run", True) and job.status != Job.Status.DONE:
        return job.params.get("mode") != "all"
    return bool(report) and not report.get("dry_run") and report.get("status") != REFUSED


def import_may_run(record: Import) -> bool:
    """Whether the real import may be started now (the screens show its button)."""
    return (record.job is None or record.job.finished) and not _last_run_wrote(record)


def _may_start(record: Import) -> None:
    if record.job is not None and not record.job.finished:
        raise Conflict(_("This import is already queued or running: wait for its end."))
    if _last_run_wrote(record):
        raise Conflict(
            _("This import has already been run: import the refused rows from a new upload.")
        )


@transaction.atomic
def import_start(
    *,
    record: Import,
    user: User,
    dry_run: bool,
    mode: str | None = None,
    mapping: dict[str, str] | None = None,
) -> Job:
    """Queue a run of ``record``: a dry run, or the real import, with its options (the
    mode and the mapping may be changed before). One run at a time; once a real run may
    have written rows, none again (409)."""
    record = Import.objects.select_for_update(of=("self",)).select_related("job").get(pk=record.pk)
    _may_start(record)
    options = ImportOptions(**record.options)
    changes: dict[str, Any] = {"dry_run": dry_run}
    if mode is not None:
        changes["mode"] = mode
    if mapping is not None:
        changes["mapping"] = mapping
    options = replace(options, **changes)
    options.check()
    import_files(record=record, options=options)
    label = _("%(label)s (dry run)") % {"label": record.label} if dry_run else record.label
    params = {"import_id": record.pk, "dry_run": dry_run, "mode": options.mode}
    job = job_enqueue(work=import_job_run, kind=JOB_KIND, label=label, user=user, params=params)
    record.options, record.job, record.report, record.rejected_path = asdict(options), job, {}, ""
    record.save(update_fields=["options", "job", "report", "rejected_path"])
    return job


def import_submit(*, files: Sequence[UploadedFile], options: ImportOptions, user: User) -> Import:
    """The API's upload: keep the files and queue the run its options ask for (a dry run,
    or the real import) in one transaction; refused, nothing is kept."""
    with transaction.atomic():
        record = import_upload(files=files, options=options, user=user)
        import_start(record=record, user=user, dry_run=options.dry_run)
    record.refresh_from_db()
    return record
