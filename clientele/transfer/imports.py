"""The import service: files in, customers, contacts, addresses, groups and territories out.

``import_prepare`` reads each file's header, recognises its kind and columns, stores the
files and an ``Import`` record; ``import_run`` does the work, for the command line and for
a queued job (``import_jobs.py``). Several files are one import: the trees first, then the
customers, then the contacts and addresses that link to them, whatever order they came in.

How it may end (``ImportOptions.mode``):
- ``all`` (the default): one transaction; any refused row and nothing is written (a kill
  rolls it all back, and a new run starts over);
- ``good-rows``: each chunk commits with the number of rows done (the checkpoint, saved
  by the ``Checkpoint`` store the caller hands in, in the chunk's transaction); the refused
  rows go to a file to fix and import again, and a run started again after a crash with
  the same store goes on after the checkpoint, so no row is imported twice. A queued
  import's store is its job (``JobRun``: the checkpoint is on the ``Job``); the command
  line's is a ``MemoryCheckpoint``.
A dry run is an ``all`` import rolled back whatever happens: its report is the one the real
import would give.
"""

import csv
import gc
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clientele.classification.models import SellingSettings
from clientele.classification.services import selling_settings_get
from clientele.core.errors import InvalidInput
from clientele.core.typing import User
from clientele.core.work_progress import Progress
from clientele.transfer import columns as cols
from clientele.transfer.context import Context
from clientele.transfer.lines import Line
from clientele.transfer.models import Import
from clientele.transfer.parties import contacts_chunk
from clientele.transfer.preparation import Preparation, workers_wanted
from clientele.transfer.report import FileReport, ImportReport, RowError
from clientele.transfer.sources import Table, table_open
from clientele.transfer.trees import trees_import
from clientele.transfer.upserts import customers_chunk, links_load

MODES = ("all", "good-rows")
MATCHES = ("code", "tax-id")
CHUNK_SIZE = 2_000
# With workers, the young objects are collected every so many chunks (each collection
# walks the rows read ahead and prepared, alive then: 50 ms; the garbage it finds, less
# than one object a row, can wait).
COLLECTED_EVERY = 10
ERROR_COLUMN = "Error"
# How a run ended (``ImportReport.status``).
DONE, REFUSED, CANCELLED = "done", "refused", "cancelled"


class Checkpoint(Protocol):
    """Where a run keeps how far it got: ``checkpoint`` is what was saved last (``None``
    before any), ``checkpoint_save`` is called in the transaction of the rows it counts.
    ``jobs.work.JobRun`` is one."""

    checkpoint: Any

    def checkpoint_save(self, value: Any) -> None: ...


class MemoryCheckpoint:
    """A checkpoint kept by the process that runs the import (the command line): nothing
    outlives it, which suits a run watched by the person who started it."""

    def __init__(self) -> None:
        self.checkpoint: Any = None

    def checkpoint_save(self, value: Any) -> None:
        self.checkpoint = value


@dataclass(frozen=True)
class ImportOptions:
    dry_run: bool = False
    mode: str = "all"
    match: str = "code"
    create_missing: bool = False
    mapping: dict[str, str] = field(default_factory=dict)
    # One kind for every file, or none: each file's kind is told by its columns.
    kind: str = ""
    chunk_size: int = CHUNK_SIZE

    def check(self) -> None:
        problems = {}
        if self.mode not in MODES:
            problems["mode"] = [_("Choose a mode among: %(modes)s.") % {"modes": ", ".join(MODES)}]
        if self.match not in MATCHES:
            problems["match"] = [_("Match on code or tax-id.")]
        if self.kind and self.kind not in cols.KINDS:
            problems["kind"] = [
                _("Choose a kind among: %(kinds)s.") % {"kinds": ", ".join(cols.KINDS)}
            ]
        if problems:
            raise InvalidInput(problems)
        cols.mapping_check(self.mapping)


@dataclass
class Source:
    """A file of the import: its table and how its columns are read."""

    name: str
    table: Table
    plan: cols.ColumnPlan

    def lines(self, skip: int = 0) -> Iterator[Line]:
        """Its rows with their values by field; the first ``skip`` are passed over."""
        fields = self.plan.fields
        for index, cells in enumerate(self.table.rows()):
            if index < skip:
                continue
            values = {name: cells[pos].strip() for pos, name in fields.items() if cells[pos]}
            yield Line(self.name, index + 2, cells, values)


def _source(path: Path, name: str, options: ImportOptions) -> Source:
    table = table_open(path, name)
    kind = options.kind or cols.kind_of(table.header, options.mapping)
    if kind is None:
        raise InvalidInput.single(
            "files",
            _(
                "“%(file)s”: its columns tell no kind of record (customer, contact, address, "
                "customer group, territory): name it with --kind or map its columns."
            )
            % {"file": name},
        )
    return Source(name, table, cols.columns_plan(table.header, kind=kind, mapping=options.mapping))


def import_prepare(
    *, paths: list[Path], options: ImportOptions, user: User | None, label: str = ""
) -> Import:
    """Check the options and every file's header, then keep the files under the storage
    folder with an ``Import`` to run; a file that cannot be read is refused, nothing kept."""
    options.check()
    if not paths:
        raise InvalidInput.single("files", _("Give at least one file."))
    for path in paths:
        _source(path, path.name, options)
    record = Import.objects.create(user=user, options=asdict(options))
    # Under the jobs' folder, which every app server and worker shares: a worker reads them.
    folder = import_folder(record.pk)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for index, path in enumerate(paths):
        kept = folder / f"{index:02d}-{path.name}"
        shutil.copyfile(path, kept)
        files.append({"name": path.name, "path": str(kept)})
    record.files = files
    record.label = label or _("Import #%(id)d (%(files)s)") % {
        "id": record.pk,
        "files": ", ".join(p.name for p in paths),
    }
    record.save(update_fields=["files", "label"])
    return record


def import_folder(import_id: int) -> Path:
    """Where an import's files and refused rows are kept."""
    return Path(settings.JOB_FILES_DIR) / "imports" / str(import_id)


class _RolledBack(Exception):
    """Leaves the import's transaction so that it rolls back (dry run, refused)."""


def import_run(
    *, import_id: int, progress: Progress, checkpoint: Checkpoint | None = None
) -> ImportReport:
    """Run (or resume, from what ``checkpoint`` holds) the import ``import_id``; see the
    module's docstring for the modes and the checkpoint."""
    record = Import.objects.select_related("user").get(pk=import_id)
    options = ImportOptions(**record.options)
    sources = _sources(record, options)
    store = checkpoint if checkpoint is not None else MemoryCheckpoint()
    saved = store.checkpoint if options.mode == "good-rows" and not options.dry_run else None
    report = ImportReport.from_dict(saved["report"]) if saved else _fresh_report(options, sources)
    progress.started(sum(source.table.count() for source in sources))
    run = _Run(record, options, report, progress, sources)
    run.resume_from(store, saved)
    if options.mode == "all" or options.dry_run:
        run.in_one_transaction()
    else:
        run.chunk_by_chunk()
    return run.finish()


def _sources(record: Import, options: ImportOptions) -> list[Source]:
    """The files, trees first, then customers, contacts, addresses (each kind in the
    order given)."""
    sources = [_source(Path(f["path"]), f["name"], options) for f in record.files]
    return sorted(sources, key=lambda source: cols.KINDS.index(source.plan.kind))


def import_files(*, record: Import, options: ImportOptions | None = None) -> list[FileReport]:
    """How each file of ``record`` is read with ``options`` (its own by default): its kind,
    the field of each column, those ignored and those unknown; a file the options leave
    unreadable is refused (``InvalidInput``), as at ``import_prepare``."""
    options = options or ImportOptions(**record.options)
    return _fresh_report(options, _sources(record, options)).files


def _fresh_report(options: ImportOptions, sources: list[Source]) -> ImportReport:
    report = ImportReport(dry_run=options.dry_run, mode=options.mode)
    for source in sources:
        header = source.table.header
        report.files.append(
            FileReport(
                name=source.name,
                kind=source.plan.kind,
                columns={header[pos]: name for pos, name in source.plan.fields.items()},
                ignored=source.plan.ignored,
                unknown=source.plan.unknown,
            )
        )
        report.count(source.plan.kind)
    return report


class _Run:
    """One run of an import: walks the sources chunk by chunk, counting rows in the order
    read, which is the checkpoint's unit."""

    def __init__(self, record, options, report, progress, sources):
        self.record: Import = record
        self.options: ImportOptions = options
        self.report: ImportReport = report
        self.progress: Progress = progress
        self.sources: list[Source] = sources
        self.ctx = Context(
            user=record.user,
            label=record.label,
            now=timezone.now(),
            today=timezone.localdate(),
            create_missing=options.create_missing,
            match=options.match,
        )
        self.store: Checkpoint = MemoryCheckpoint()
        self.done = 0
        self.cancelled = False
        # The file of rejects of each source (by name) this run has written to.
        self.rejected: dict[str, Path] = {}
        self.preparation = Preparation(0)

    def resume_from(self, store: Checkpoint, saved: dict[str, Any] | None) -> None:
        """Save checkpoints to ``store``; skip the rows the ``saved`` checkpoint counts.
        The files of refused rows are cut back to their length at that checkpoint (a
        chunk written after it is done again); a run from the start begins them anew."""
        self.store, self.done = store, saved["done"] if saved else 0
        lengths = saved.get("rejected", {}) if saved else {}
        for source in self.sources:
            for path in self._reject_paths(source):
                if str(path) not in lengths:
                    path.unlink(missing_ok=True)
                    continue
                with path.open("r+b") as handle:
                    handle.truncate(lengths[str(path)])
                self.rejected[source.name] = path

    # ------------------------------------------------------------------ the two ways

    def in_one_transaction(self) -> None:
        try:
            with transaction.atomic():
                self._all_chunks(commit=None)
                if self.options.dry_run or self.report.error_rows or self.cancelled:
                    raise _RolledBack
        except _RolledBack:
            pass

    def chunk_by_chunk(self) -> None:
        self._all_chunks(commit=self._checkpoint)

    def _checkpoint(self) -> None:
        """In the chunk's transaction: the rows done, the report and the length of each
        file of refused rows so far."""
        lengths = {str(path): path.stat().st_size for path in self.rejected.values()}
        self.store.checkpoint_save(
            {"done": self.done, "report": self.report.as_dict(), "rejected": lengths}
        )

    # ------------------------------------------------------------------ walking the rows

    def _all_chunks(self, commit) -> None:
        position = 0
        for source in self.sources:
            count = source.table.count()
            skip = max(0, min(count, self.done - position))
            workers = workers_wanted(count - skip) if source.plan.kind == cols.CUSTOMER else 0
            chunks = 0
            with Preparation(workers) as self.preparation, _collector_paused(workers > 0):
                for chunk in self.preparation.ahead(self._chunks(source, skip)):
                    if self.progress.cancelled():
                        self.cancelled = True
                        return
                    with transaction.atomic(), _collector_paused():
                        self._chunk(source, chunk)
                        self._rejects(source, chunk)
                        self.done += len(chunk)
                        if commit is not None:
                            commit()
                    self.progress.advanced(self.done, self.report.error_rows)
                    chunks += 1
                    if workers and chunks % COLLECTED_EVERY == 0:
                        gc.collect(1)
            position += count

    def _chunks(self, source: Source, skip: int) -> Iterator[list[Line]]:
        if source.plan.kind in (cols.CUSTOMER_GROUP, cols.TERRITORY):
            lines = list(source.lines(skip))
            if lines:
                yield lines
            return
        chunk: list[Line] = []
        for line in source.lines(skip):
            chunk.append(line)
            if len(chunk) == self.options.chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _chunk(self, source: Source, lines: list[Line]) -> None:
        kind = source.plan.kind
        if kind in (cols.CUSTOMER_GROUP, cols.TERRITORY):
            trees_import(self.ctx, kind, lines, self.report)
        elif kind == cols.CUSTOMER:
            selling = selling_settings_get()
            self._send_ahead(selling)
            ready = self.preparation.ready(lines)
            customers_chunk(self.ctx, lines, self.report, selling, ready)
        else:
            contacts_chunk(self.ctx, kind, lines, self.report)
        counts = self.report.count(kind)
        for line in lines:
            if line.errors:
                counts.errors += 1
                for name, messages in line.errors.items():
                    for message in messages:
                        value = line.values.get(name, "")
                        self.report.error(kind, RowError(line.file, line.row, name, message, value))

    def _send_ahead(self, selling: SellingSettings) -> None:
        """The chunks read ahead to the workers, their links loaded first (in this
        chunk's transaction: a group the import creates for them is written with it)."""
        for chunk in self.preparation.unsent:
            links_load(self.ctx, chunk, self.report)
            self.preparation.send_to_workers(self.ctx, chunk, selling)
        self.preparation.unsent.clear()

    # ------------------------------------------------------------------ refused rows

    def _rejects(self, source: Source, lines: list[Line]) -> None:
        """The refused rows as read, with why in one more column, appended to the file of
        rejects of their source (same delimiter and encoding). A workbook's go to a CSV
        on the side, made a workbook at the end (``_rejects_as_xlsx``): a workbook cannot
        be appended to, and a resumed import goes on adding to the same rejects. Written
        in the chunk's transaction, before its checkpoint, which records their length."""
        bad = [line for line in lines if line.errors]
        if not bad:
            return
        path = self.rejected.get(source.name) or self._reject_file(source)
        encoding, delimiter = _reject_format(source)
        with path.open("a", encoding=encoding, errors="replace", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            for line in bad:
                writer.writerow([*line.cells, _why(line)])

    def _reject_paths(self, source: Source) -> tuple[Path, Path]:
        """Where its rejects are written, and the file the report names."""
        folder = Path(self.record.files[0]["path"]).parent
        stem = Path(source.name).stem
        if _is_workbook(source):
            return folder / f"rejected-{stem}.partial.csv", folder / f"rejected-{stem}.xlsx"
        return folder / f"rejected-{stem}.csv", folder / f"rejected-{stem}.csv"

    def _reject_file(self, source: Source) -> Path:
        path, shown = self._reject_paths(source)
        if not path.exists():
            encoding, delimiter = _reject_format(source)
            with path.open("w", encoding=encoding, errors="replace", newline="") as handle:
                writer = csv.writer(handle, delimiter=delimiter)
                writer.writerow([*source.table.header, ERROR_COLUMN])
        self.rejected[source.name] = path
        if str(shown) not in self.report.rejected:
            self.report.rejected.append(str(shown))
        return path

    def _rejects_as_xlsx(self) -> None:
        """Each workbook's rejects, gathered on the side as CSV, written as a workbook
        (openpyxl's write-only mode: row by row, whatever their number)."""
        for source in self.sources:
            path, shown = self._reject_paths(source)
            if not _is_workbook(source) or not path.exists():
                continue
            import openpyxl  # here: 16 MB the web's processes, which never run this, spare

            book = openpyxl.Workbook(write_only=True)
            sheet = book.create_sheet()
            encoding, delimiter = _reject_format(source)
            with path.open(encoding=encoding, newline="") as handle:
                for row in csv.reader(handle, delimiter=delimiter):
                    sheet.append(row)
            book.save(shown)

    # ------------------------------------------------------------------ the end

    def finish(self) -> ImportReport:
        report, record = self.report, self.record
        self._rejects_as_xlsx()
        if self.cancelled:
            report.status = CANCELLED
        elif report.error_rows and (self.options.mode == "all" or self.options.dry_run):
            report.status = REFUSED
        else:
            report.status = DONE
        report.message = _message(report, self.options)
        record.report = report.as_dict()
        record.rejected_path = report.rejected[0] if report.rejected else ""
        record.save(update_fields=["report", "rejected_path"])
        return report


@contextmanager
def _collector_paused(paused: bool = True) -> Iterator[None]:
    """Python's cycle collector off while a chunk is worked on: a chunk makes hundreds of
    thousands of short-lived objects, and each full collection they set off walked the
    whole process's objects (7 % of an import's time). Between chunks it runs as usual,
    so memory stays bounded by a chunk. With workers, the rows they prepared are read
    back at any time (by a thread of their pool): it stays off for the whole file, and
    the young objects are collected after each chunk instead."""
    paused = paused and gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _is_workbook(source: Source) -> bool:
    return source.table.sheet is not None


def _reject_format(source: Source) -> tuple[str, str]:
    """The encoding and delimiter of a file of rejects: its source's for a CSV; UTF-8 and
    ``;`` for the CSV a workbook's rejects are gathered in."""
    table = source.table
    return table.encoding or "utf-8-sig", table.delimiter or ";"


def _why(line: Line) -> str:
    return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in line.errors.items())


def _message(report: ImportReport, options: ImportOptions) -> str:
    if report.status == CANCELLED:
        return _("Cancelled: nothing more was imported after the last completed chunk.")
    if options.dry_run:
        return ngettext(
            "Dry run: nothing was written; %(count)d row would be refused.",
            "Dry run: nothing was written; %(count)d rows would be refused.",
            report.error_rows,
        ) % {"count": report.error_rows}
    if report.status == REFUSED:
        return ngettext(
            "Refused: %(count)d row has errors, so nothing was written. Fix it (see the "
            "rejected rows file) or import with --mode good-rows.",
            "Refused: %(count)d rows have errors, so nothing was written. Fix them (see "
            "the rejected rows file) or import with --mode good-rows.",
            report.error_rows,
        ) % {"count": report.error_rows}
    return _("Imported.")
