"""The import service: files in, customers, contacts, addresses, groups and territories out.

``import_prepare`` reads each file's header, recognises its kind and columns, stores the
files and an ``Import`` record; ``import_run`` does the work, for the command line now and
a queued job later. Several files are one import: the trees first, then the customers,
then the contacts and addresses that link to them, whatever order they were given in.

How it may end (``ImportOptions.mode``):
- ``all`` (the default): one transaction; any refused row and nothing is written (a kill
  rolls it all back, and a new run starts over);
- ``good-rows``: each chunk commits with the number of rows done (the checkpoint) on the
  ``Import`` record; the refused rows go to a file to fix and import again, and a run
  started again after a crash goes on after the checkpoint, so no row is imported twice.
A dry run is an ``all`` import rolled back whatever happens: its report is the one the real
import would give.
"""

import csv
import shutil
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import openpyxl
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.classification.services import selling_settings_get
from clientele.core.errors import InvalidInput
from clientele.core.typing import User
from clientele.core.work_progress import Progress
from clientele.transfer import columns as cols
from clientele.transfer.context import Context
from clientele.transfer.lines import Line
from clientele.transfer.models import Import
from clientele.transfer.parties import contacts_chunk
from clientele.transfer.report import FileReport, ImportReport, RowError
from clientele.transfer.sources import Table, table_open
from clientele.transfer.trees import trees_import
from clientele.transfer.upserts import customers_chunk

MODES = ("all", "good-rows")
MATCHES = ("code", "tax-id")
CHUNK_SIZE = 2_000
ERROR_COLUMN = "Error"


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
    table = table_open(path)
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
    folder = Path(settings.VAR_DIR) / "imports" / str(record.pk)
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


class _RolledBack(Exception):
    """Leaves the import's transaction so that it rolls back (dry run, refused)."""


def import_run(*, import_id: int, progress: Progress) -> ImportReport:
    """Run (or resume) the import ``import_id``; see the module's docstring for the modes."""
    record = Import.objects.select_related("user").get(pk=import_id)
    options = ImportOptions(**record.options)
    sources = _sources(record, options)
    resume = options.mode == "good-rows" and not options.dry_run and record.checkpoint > 0
    report = ImportReport.from_dict(record.report) if resume else _fresh_report(options, sources)
    if not resume:
        record.checkpoint, record.errors = 0, 0
    record.status, record.started_at = Import.Status.RUNNING, record.started_at or timezone.now()
    record.total = sum(source.table.count() for source in sources)
    record.save(update_fields=["status", "started_at", "total", "checkpoint", "errors"])
    progress.started(record.total)
    run = _Run(record, options, report, progress, sources)
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
        self.done = record.checkpoint
        self.cancelled = False
        # The file of rejects of each source (by name) this run has written to.
        self.rejected: dict[str, Path] = {}

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
        """In the chunk's transaction: the rows done and the report so far."""
        Import.objects.filter(pk=self.record.pk).update(
            checkpoint=self.done, errors=self.report.error_rows, report=self.report.as_dict()
        )

    # ------------------------------------------------------------------ walking the rows

    def _all_chunks(self, commit) -> None:
        position = 0
        for source in self.sources:
            count = source.table.count()
            skip = max(0, min(count, self.done - position))
            for chunk in self._chunks(source, skip):
                if self.progress.cancelled():
                    self.cancelled = True
                    return
                with transaction.atomic():
                    self._chunk(source, chunk)
                    self.done += len(chunk)
                    if commit is not None:
                        commit()
                self._rejects(source, chunk)
                self.progress.advanced(self.done, self.report.error_rows)
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
            customers_chunk(self.ctx, lines, self.report, selling_settings_get())
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

    # ------------------------------------------------------------------ refused rows

    def _rejects(self, source: Source, lines: list[Line]) -> None:
        """The refused rows as read, with why in one more column, appended to the file of
        rejects of their source (same delimiter and encoding). A workbook's go to a CSV
        on the side, made a workbook at the end (``_rejects_as_xlsx``): a workbook cannot
        be appended to, and a resumed import goes on adding to the same rejects."""
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
        if not path.exists() or self.done == 0:
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
            report.status = Import.Status.CANCELLED
        elif report.error_rows and (self.options.mode == "all" or self.options.dry_run):
            report.status = Import.Status.REFUSED
        else:
            report.status = Import.Status.DONE
        if self.options.dry_run and not self.cancelled:
            report.status = Import.Status.REFUSED if report.error_rows else Import.Status.DONE
        report.message = _message(report, self.options)
        record.status, record.finished_at = report.status, timezone.now()
        record.checkpoint, record.errors, record.report = (
            self.done,
            report.error_rows,
            report.as_dict(),
        )
        record.rejected_path = report.rejected[0] if report.rejected else ""
        record.save()
        return report


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
    if report.status == Import.Status.CANCELLED:
        return _("Cancelled: nothing more was imported after the last completed chunk.")
    if options.dry_run:
        return _("Dry run: nothing was written; %(count)d rows would be refused.") % {
            "count": report.error_rows
        }
    if report.status == Import.Status.REFUSED:
        return _(
            "Refused: %(count)d rows have errors, so nothing was written. Fix them (see "
            "the rejected rows file) or import with --mode good-rows."
        ) % {"count": report.error_rows}
    return _("Imported.")
