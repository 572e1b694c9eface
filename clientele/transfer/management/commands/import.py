"""``clientele import FILE…``: one import of one or several files, with a progress bar."""

import shutil
from pathlib import Path
from typing import IO, cast

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from clientele.core.errors import DomainError
from clientele.transfer.columns import KIND_LABELS, KINDS, mapping_parse
from clientele.transfer.imports import MATCHES, MODES, ImportOptions, import_prepare, import_run
from clientele.transfer.report import ImportReport


class BarProgress:
    """The ``Progress`` of ``work_progress`` shown as a rich bar."""

    def __init__(self, bar: Progress):
        self.bar = bar
        self.task = bar.add_task(_("Importing"), total=None, errors=0)

    def started(self, total: int | None) -> None:
        self.bar.update(self.task, total=total)

    def advanced(self, done: int, errors: int = 0) -> None:
        self.bar.update(self.task, completed=done, errors=errors)

    def cancelled(self) -> bool:
        return False


class Command(BaseCommand):
    help = _(
        "Import customers, contacts, addresses, customer groups and territories from CSV or "
        "XLSX files (ERPNext and Dokos exports as they are), as one import."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=_("Check, write nothing."))
        parser.add_argument(
            "--mapping", action="append", default=[], help=_("Column=field, or a JSON file.")
        )
        parser.add_argument("--mode", choices=MODES, default="all")
        parser.add_argument("--match", choices=MATCHES, default="code")
        parser.add_argument("--create-missing", action="store_true")
        parser.add_argument("--kind", choices=KINDS, default="")
        parser.add_argument("--rejected", type=Path, help=_("Where to write the refused rows."))
        parser.add_argument("--user", default="", help=_("Who imports (a username)."))

    def handle(self, *args, **options):
        try:
            report = self._run(options)
        except DomainError as error:
            details = [f"{k}: {' '.join(v)}" for k, v in error.errors.items()]
            raise CommandError("\n".join([error.message, *details])) from error
        _summary(report, Console(file=cast(IO[str], self.stdout)))
        if options["rejected"] and report.rejected:
            _copy_rejected(report.rejected, options["rejected"])
        if report.status != "done":
            raise CommandError(report.message)
        self.stdout.write(report.message)

    def _run(self, options) -> ImportReport:
        user = User.objects.filter(username=options["user"]).first() if options["user"] else None
        if options["user"] and user is None:
            raise CommandError(_("No user “%(user)s”.") % {"user": options["user"]})
        missing = [str(p) for p in options["files"] if not p.is_file()]
        if missing:
            raise CommandError(_("No such file: %(files)s.") % {"files": ", ".join(missing)})
        import_options = ImportOptions(
            dry_run=options["dry_run"],
            mode=options["mode"],
            match=options["match"],
            create_missing=options["create_missing"],
            mapping=mapping_parse(options["mapping"]),
            kind=options["kind"],
        )
        record = import_prepare(paths=options["files"], options=import_options, user=user)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(_("errors: {task.fields[errors]}")),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=Console(file=cast(IO[str], self.stderr))) as bar:
            return import_run(import_id=record.pk, progress=BarProgress(bar))


def _summary(report: ImportReport, console: Console) -> None:
    table = Table(title=_("Import summary"))
    table.add_column(_("Records"))
    for title in (_("Rows created"), _("Rows updated"), _("Rows refused"), _("Likely duplicates")):
        table.add_column(title, justify="right")
    for kind, counts in report.counts.items():
        table.add_row(
            str(KIND_LABELS.get(kind, kind)),
            *(str(v) for v in (counts.created, counts.updated, counts.errors, counts.duplicates)),
        )
    console.print(table)
    for file in report.files:
        if file.unknown:
            console.print(
                _("%(file)s: columns not imported: %(columns)s")
                % {"file": file.name, "columns": ", ".join(file.unknown)}
            )
    for error in report.errors[:50]:
        console.print(
            f"{error.file}:{error.row} {error.field}: {error.message} [{error.value}]", markup=False
        )
    for duplicate in report.duplicates[:50]:
        console.print(
            _("%(file)s:%(row)d likely duplicate of %(matches)s")
            % {
                "file": duplicate.file,
                "row": duplicate.row,
                "matches": "; ".join(duplicate.matches),
            },
            markup=False,
        )


def _copy_rejected(paths: list[str], target: Path) -> None:
    """One file of refused rows to ``target``; several into ``target`` as a folder."""
    if len(paths) == 1 and not target.is_dir():
        shutil.copyfile(paths[0], target)
        return
    target.mkdir(parents=True, exist_ok=True)
    for path in paths:
        shutil.copyfile(path, target / Path(path).name)
