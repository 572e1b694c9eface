"""Reading the files handed in: CSV as any spreadsheet writes it, and XLSX, row by row.

A CSV is streamed: memory stays the same whatever its length. Its encoding is the first
that decodes a sample (UTF-8 with or without BOM, then Windows-1252, what French
spreadsheets save), its delimiter what ``csv.Sniffer`` finds among ``;``, ``,`` and tab.
An XLSX (or XLSM) is streamed too, by ``workbooks``: its rows are parsed as its XML is
inflated, and its row count is the sheet's ``<dimension>`` (or its rows counted as the XML
streams by, without keeping them). The older and rarer formats (XLS, ODS) are read with
calamine, which holds a whole sheet's cells in native memory: their memory grows with
their length.
"""

import codecs
import csv
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import CalamineSheet, CalamineWorkbook

from clientele.core.errors import InvalidInput
from clientele.transfer.workbooks import Workbook, sheet_height, sheet_rows, workbook_open

SAMPLE_BYTES = 64 * 1024
ENCODINGS = ("utf-8-sig", "cp1252")
DELIMITERS = ";,\t"
STREAMED_SUFFIXES = (".xlsx", ".xlsm")
WORKBOOK_SUFFIXES = (*STREAMED_SUFFIXES, ".xls", ".ods")


@dataclass
class Table:
    """One file's header and the way to walk its rows (each a list of cell texts)."""

    path: Path
    header: list[str]
    encoding: str
    delimiter: str
    # A workbook's first sheet: streamed (XLSX) or, for XLS and ODS, read whole once for
    # both the count and the rows.
    sheet: Workbook | CalamineSheet | None = field(default=None, repr=False)
    counted: int | None = field(default=None, repr=False)
    # How the file is called in messages (an import keeps it under another name).
    name: str = ""

    def rows(self) -> Iterator[list[str]]:
        """The data rows, header left out, each cut or padded to the header's width."""
        width = len(self.header)
        for row in _raw_rows(self):
            if any(cell.strip() for cell in row):
                yield (row + [""] * (width - len(row)))[:width] if len(row) != width else row

    def count(self) -> int:
        """How many data rows, for the progress bar, counted once (a fast count of lines
        for a CSV: a cell holding a line break counts twice, which a progress bar
        forgives; the rows a sheet spans, empty ones too)."""
        if self.counted is None:
            self.counted = max(0, _height(self) - 1)
        return self.counted


def table_open(path: Path, name: str = "") -> Table:
    """The table in ``path``, its header read; a file we cannot read is refused by its
    ``name`` (its path's by default)."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        table = _workbook_open(path)
    else:
        table = _csv_open(path)
    table.name = name or path.name
    return table


def _raw_rows(table: Table) -> Iterator[list[str]]:
    if table.sheet is not None:
        yield from _sheet_texts(table.name, table.sheet)
        return
    with table.path.open(encoding=table.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=table.delimiter)
        next(reader, None)
        yield from reader


def _sheet_texts(name: str, sheet: Workbook | CalamineSheet) -> Iterator[list[str]]:
    """A sheet's rows after the header, as texts; a streamed sheet found broken on the
    way (its XML cut short, a cell naming no shared text) is refused by name, as when
    opened, and an import in one transaction writes nothing."""
    try:
        rows = _sheet_rows(sheet)
        next(rows, None)
        for row in rows:
            yield [_cell_text(cell) for cell in row]
    except Exception as error:  # zip, XML and the reader's own errors, all “unreadable”
        raise _unreadable(name, error) from error


def _sheet_rows(sheet: Workbook | CalamineSheet) -> Iterator[list[Any]]:
    return sheet_rows(sheet) if isinstance(sheet, Workbook) else sheet.iter_rows()


def _height(table: Table) -> int:
    if table.sheet is None:
        with table.path.open("rb") as handle:
            return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))
    if isinstance(table.sheet, Workbook):
        return sheet_height(table.sheet)
    return table.sheet.height


def _csv_open(path: Path) -> Table:
    sample = path.read_bytes()[:SAMPLE_BYTES] if path.stat().st_size < SAMPLE_BYTES else _head(path)
    encoding = _encoding(path, sample)
    text = sample.decode(encoding, errors="ignore")
    if text.startswith("\ufeff"):
        text = text[1:]
    delimiter = _delimiter(text)
    with path.open(encoding=encoding, newline="") as handle:
        header = next(csv.reader(handle, delimiter=delimiter), [])
    if not any(cell.strip() for cell in header):
        raise InvalidInput.single("files", _("“%(file)s” is empty.") % {"file": path.name})
    return Table(path, [cell.strip() for cell in header], encoding, delimiter)


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(SAMPLE_BYTES)


def _encoding(path: Path, sample: bytes) -> str:
    """The first encoding that decodes the sample; a multi-byte character cut at the end
    of the sample is not held against UTF-8 (an incremental decoder waits for the rest)."""
    for encoding in ENCODINGS:
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        return encoding
    raise InvalidInput.single(
        "files",
        _("“%(file)s” is neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8.")
        % {"file": path.name},
    )


def _delimiter(text: str) -> str:
    """What the sniffer finds among ``;``, ``,`` and tab; a one-column file has none of
    them, and any will do."""
    lines = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(lines, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = lines.partition("\n")[0]
        return max(DELIMITERS, key=first.count)


def _sheet(path: Path) -> Workbook | CalamineSheet:
    """The first sheet of a workbook (an ERPNext export holds one)."""
    try:
        if path.suffix.lower() in STREAMED_SUFFIXES:
            return workbook_open(str(path))
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except Exception as error:  # zip, XML and calamine errors, all meaning “unreadable”
        raise _unreadable(path.name, error) from error


def _workbook_open(path: Path) -> Table:
    sheet = _sheet(path)
    try:
        first = next(_sheet_rows(sheet), [])
    except Exception as error:  # the sheet's own XML broken
        raise _unreadable(path.name, error) from error
    header = [_cell_text(cell).strip() for cell in first]
    if not any(header):
        raise InvalidInput.single("files", _("“%(file)s” is empty.") % {"file": path.name})
    return Table(path, header, "", "", sheet)


def _unreadable(name: str, error: Exception) -> InvalidInput:
    return InvalidInput.single(
        "files",
        _("“%(file)s” cannot be read as a spreadsheet: %(error)s") % {"file": name, "error": error},
    )


def _cell_text(cell: object) -> str:
    """A cell as the text a CSV export would hold: 75001 rather than 75001.0, dates in
    ISO form, nothing for an empty cell."""
    if cell is None or cell == "":
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.date | datetime.datetime | datetime.time):
        return cell.isoformat()
    return str(cell)
