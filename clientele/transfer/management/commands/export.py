"""``clientele export KIND -o FILE``: an export written here and now, with a progress bar."""

import io
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TimeRemainingColumn
from rich.progress import Progress as RichBar
from rich.table import Table

from clientele.core.errors import DomainError
from clientele.transfer.export_columns import KINDS
from clientele.transfer.exports import FORMATS, export_write


class BarProgress:
    """``clientele.core.work_progress.Progress`` on a rich progress bar; Ctrl+C stops."""

    def __init__(self, bar: RichBar, label: str) -> None:
        self.bar = bar
        self.task = bar.add_task(label, total=None)

    def started(self, total: int | None) -> None:
        self.bar.update(self.task, total=total, completed=0)

    def advanced(self, done: int, errors: int = 0) -> None:
        self.bar.update(self.task, completed=done)

    def cancelled(self) -> bool:
        return False


def _yes_no(value: str) -> bool:
    return value.lower() in ("1", "true", "yes", "oui")


class Command(BaseCommand):
    help = "Export customers (with the list's filters), customer groups, territories, "
    "contacts or addresses to CSV or XLSX, in the columns the import reads."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("-o", "--output", required=True, help="The file to write.")
        parser.add_argument("--format", choices=FORMATS, help="Default: the file's extension.")
        parser.add_argument("--q", help="Search, as the customer list's search box.")
        parser.add_argument("--customer-group", help="This group and its sub-groups.")
        parser.add_argument("--territory", help="This territory and those below it.")
        parser.add_argument("--customer-type", help="Company or Individual.")
        parser.add_argument("--disabled", type=_yes_no, help="yes or no")
        parser.add_argument("--is-frozen", type=_yes_no, help="yes or no")

    def handle(self, *args, kind: str, output: str, format: str | None, **options):
        path = Path(output)
        fmt = format or path.suffix.lstrip(".").lower() or "csv"
        filters = {
            key: options[key]
            for key in (
                "q",
                "customer_group",
                "territory",
                "customer_type",
                "disabled",
                "is_frozen",
            )
            if options[key] is not None
        }
        if filters and kind != "customers":
            raise CommandError("Only the export of customers takes filters.")
        console = Console(stderr=True)
        started = time.perf_counter()
        columns = [*RichBar.get_default_columns()[:1], BarColumn(), MofNCompleteColumn()]
        with RichBar(*columns, TimeRemainingColumn(), console=console) as bar:
            try:
                done = export_write(
                    kind=kind,
                    fmt=fmt,
                    path=path,
                    progress=BarProgress(bar, kind),
                    filters=filters or None,
                )
            except DomainError as exc:
                raise CommandError(f"{exc.message} {exc.errors or ''}".strip()) from exc
        seconds = time.perf_counter() - started
        table = Table(title=f"Export of {kind}")
        for header in ("file", "format", "rows", "seconds", "rows/s"):
            table.add_column(header)
        rate = done.rows / seconds if seconds else 0
        table.add_row(str(path), fmt, f"{done.rows:,}", f"{seconds:.2f}", f"{rate:,.0f}")
        text = io.StringIO()
        Console(file=text, width=110).print(table)
        self.stdout.write(text.getvalue(), ending="")
