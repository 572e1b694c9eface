"""An XLSX workbook's first sheet read row by row, in the same memory whatever its length.

An XLSX is a zip of XML files; the sheet's XML is inflated and parsed (expat, the C parser
the standard library holds) a block at a time, and each block's rows are handed on before
the next is read. python-calamine, ten times faster, reads a whole sheet into memory at
once (it has no lazy reading, as of 0.9): an import of a million rows would hold them all.

The cells come as calamine gives them (text, a float, a bool, a date or time when the
cell's format shows one), for the same text in the end. ERPNext's exports and ours write
each text in its cell; Excel writes them once in a shared-strings table that any row may
name, kept in a temporary file here (``SharedTexts``), not in memory.
"""

import datetime
import os
import re
import struct
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

BLOCK = 1 << 14
# Transitional (what every spreadsheet writes) and strict OOXML.
SHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
RELATION_NAMESPACES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
PACKAGE_RELATIONS = "http://schemas.openxmlformats.org/package/2006/relationships"
# Number formats 14-22 and 45-47 are Excel's built-in dates and times; 27-36 and 50-58
# the East Asian ones.
DATE_FORMAT_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
# A format's literal parts (quoted, escaped) and bracketed ones ([Red], [$-40C]) say
# nothing of dates; what is left shows one when it has a day, month, year or hour.
FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]*(\d+):[A-Z]*(\d+)"')
ROW_END = re.compile(rb"</(?:\w+:)?row>")
EPOCH_1900 = datetime.datetime(1899, 12, 30)
EPOCH_1904 = datetime.datetime(1904, 1, 1)

Cell = str | float | bool | datetime.date | datetime.time
# Where each shared text ends in the file of texts; two ends in a row frame one text.
END = struct.Struct("<Q")
ENDS = struct.Struct("<QQ")
RECENT_TEXTS = 1024


class SharedTexts:
    """A workbook's shared texts, in a temporary file rather than in memory: a workbook
    of a million customers saved by Excel shares millions of distinct texts (names,
    e-mails, streets). A text is read back with two positioned reads (where it starts
    and ends, then its bytes); the most used (a type, a country) stay in a small cache."""

    def __init__(self) -> None:
        self._texts = tempfile.TemporaryFile()
        self._ends = tempfile.TemporaryFile()
        self._size = 0
        self.count = 0
        self._recent: dict[int, str] = {}

    def append(self, text: str) -> None:
        data = text.encode()
        self._size += len(data)
        self._texts.write(data)
        self._ends.write(END.pack(self._size))
        self.count += 1

    def done(self) -> None:
        """Every text written: they can be read."""
        self._texts.flush()
        self._ends.flush()

    def text(self, index: int) -> str:
        """The text at ``index``: from the cache of recent ones, emptied when full."""
        found = self._recent.get(index)
        if found is None:
            if len(self._recent) >= RECENT_TEXTS:
                self._recent.clear()
            found = self._recent[index] = self._read(index)
        return found

    def _read(self, index: int) -> str:
        if not 0 <= index < self.count:
            raise IndexError(f"shared text {index} of {self.count}")
        if index == 0:
            start, (end,) = 0, END.unpack(os.pread(self._ends.fileno(), END.size, 0))
        else:
            at = (index - 1) * END.size
            start, end = ENDS.unpack(os.pread(self._ends.fileno(), ENDS.size, at))
        return os.pread(self._texts.fileno(), end - start, start).decode()


@dataclass(frozen=True)
class Workbook:
    """What reading a sheet's rows needs: where the sheet is in the zip, the shared
    texts, which cell styles show dates, and the workbook's day zero."""

    zip_path: str
    sheet: str
    strings: SharedTexts
    date_styles: frozenset[str]
    epoch: datetime.datetime


def workbook_open(path: str) -> Workbook:
    """The workbook at ``path``, its first sheet found; a file that is not a readable
    workbook raises what failed (a zip, XML or missing part's error)."""
    with zipfile.ZipFile(path) as archive:
        part = next(
            target
            for kind, target in _relations(archive, "/").values()
            if kind.endswith("/officeDocument")
        )
        targets = _relations(archive, part)
        book = _xml(archive, part)
        sheet = next(element for element in book.iter() if _local(element.tag) == "sheet")
        found = (element for element in book.iter() if _local(element.tag) == "workbookPr")
        properties = next(found, None)
        date1904 = properties is not None and properties.get("date1904") in ("1", "true")
        by_kind = {kind.rpartition("/")[2]: target for kind, target in targets.values()}
        return Workbook(
            zip_path=path,
            sheet=targets[_relation_id(sheet)][1],
            strings=_shared_strings(archive, by_kind.get("sharedStrings")),
            date_styles=_date_styles(archive, by_kind.get("styles")),
            epoch=EPOCH_1904 if date1904 else EPOCH_1900,
        )


def sheet_rows(book: Workbook) -> Iterator[list[Cell]]:
    """Every row of the sheet that holds a value, in order (the first is the header:
    empty rows above it are left out, as calamine did), each cell at its column (the
    columns skipped filled with empty texts)."""
    parser = _RowParser(book)
    with zipfile.ZipFile(book.zip_path) as archive, archive.open(book.sheet) as stream:
        while block := stream.read(BLOCK):
            parser.feed(block)
            yield from parser.done
            parser.done.clear()
        parser.feed(b"", final=True)
        yield from parser.done


def sheet_height(book: Workbook) -> int:
    """How many rows the sheet spans, from its first to its last (as calamine counted
    them): its ``<dimension>`` when the writer gave one (at the start of the sheet's XML),
    else its rows counted as the XML streams by (openpyxl's write-only mode, which ERPNext
    uses, writes none; a one-cell dimension says nothing either)."""
    with zipfile.ZipFile(book.zip_path) as archive, archive.open(book.sheet) as stream:
        head = stream.read(BLOCK)
        if found := DIMENSION.search(head):
            return int(found.group(2)) - int(found.group(1)) + 1
        rows, rest, block = 0, b"", head
        while block:
            # Every row's end is cut at a ``>``: what follows the last one waits for the
            # next block.
            joined = rest + block
            cut = joined.rfind(b">") + 1
            rows += len(ROW_END.findall(joined, 0, cut))
            rest, block = joined[cut:], stream.read(BLOCK)
        return rows


class _RowParser:
    """Expat's handlers gathering rows: a cell's text is what its ``<v>`` or (inline
    string) ``<t>`` elements hold, phonetic guides (``<rPh>``) left out."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.done: list[list[Cell]] = []
        self.row: list[Cell] = []
        self.filled = False
        self.texts: list[str] = []
        self.kind = "n"
        self.style = ""
        self.reading = False
        self.phonetic = False
        self.columns: dict[str, int] = {}
        self.names = _names("row", "c", "v", "t", "rPh")
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text

    def feed(self, block: bytes, final: bool = False) -> None:
        self.parser.Parse(block, final)

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = self.names.get(name)
        if local == "c":
            self.texts = []
            self.kind = attributes.get("t", "n")
            self.style = attributes.get("s", "")
            reference = attributes.get("r")
            if reference is not None:
                self._pad(reference)
        elif local == "v" or local == "t":
            self.reading = not self.phonetic
        elif local == "row":
            self.row, self.filled = [], False
        elif local == "rPh":
            self.phonetic = True

    def end(self, name: str) -> None:
        local = self.names.get(name)
        if local == "c":
            text = "".join(self.texts)
            self.row.append(self._value(text) if text else "")
            self.filled = self.filled or bool(text)
        elif local == "v" or local == "t":
            self.reading = False
        elif local == "row":
            if self.filled:
                self.done.append(self.row)
        elif local == "rPh":
            self.phonetic = False

    def text(self, data: str) -> None:
        if self.reading:
            self.texts.append(data)

    def _pad(self, reference: str) -> None:
        """Empty texts for the columns before the cell's (a writer leaves empty cells out)."""
        letters = reference.rstrip("0123456789")
        column = self.columns.get(letters)
        if column is None:
            column = self.columns[letters] = _column(letters)
        if column > len(self.row):
            self.row.extend([""] * (column - len(self.row)))

    def _value(self, text: str) -> Cell:
        """A cell's (non-empty) text as the value its type says."""
        kind = self.kind
        if kind == "s":
            return self.book.strings.text(int(text))
        if kind == "n":
            number = float(text)
            return _date(number, self.book.epoch) if self.style in self.book.date_styles else number
        if kind == "b":
            return text == "1"
        return text


def _names(*locals_: str) -> dict[str, str]:
    """Each element's name as expat gives it (namespace, space, name) to its local name."""
    return {f"{space} {local}": local for space in SHEET_NAMESPACES for local in locals_}


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def _date(serial: float, epoch: datetime.datetime) -> datetime.date | datetime.time:
    """A day number as calamine gives it: a date for a whole day, a time under a day,
    else a date and time (to the second)."""
    moment = epoch + datetime.timedelta(days=serial)
    moment = moment.replace(microsecond=0) + datetime.timedelta(
        seconds=round(moment.microsecond / 1e6)
    )
    if serial.is_integer():
        return moment.date()
    if 0 <= serial < 1:
        return moment.time()
    return moment


def _shared_strings(archive: zipfile.ZipFile, target: str | None) -> SharedTexts:
    """The shared texts, streamed too: each ``<si>``'s runs joined."""
    strings = SharedTexts()
    if target is None:
        return strings
    names = _names("si", "t", "rPh")
    texts: list[str] = []
    state = {"reading": False, "phonetic": False}

    def start(name: str, attributes: dict[str, str]) -> None:
        local = names.get(name)
        if local == "t":
            state["reading"] = not state["phonetic"]
        elif local == "rPh":
            state["phonetic"] = True

    def end(name: str) -> None:
        local = names.get(name)
        if local == "si":
            strings.append("".join(texts))
            texts.clear()
        elif local == "t":
            state["reading"] = False
        elif local == "rPh":
            state["phonetic"] = False

    def text(data: str) -> None:
        if state["reading"]:
            texts.append(data)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    with archive.open(target) as stream:
        parser.ParseFile(stream)
    strings.done()
    return strings


def _date_styles(archive: zipfile.ZipFile, target: str | None) -> frozenset[str]:
    """The cell styles (their index, as a cell's ``s`` names them) whose number format
    shows a date or a time."""
    if target is None:
        return frozenset()
    styles = _xml(archive, target)
    codes = {
        element.get("numFmtId", ""): element.get("formatCode", "")
        for element in styles.iter()
        if _local(element.tag) == "numFmt"
    }
    cell_styles: Iterable[ElementTree.Element] = next(
        (element for element in styles if _local(element.tag) == "cellXfs"), []
    )
    return frozenset(
        str(index)
        for index, style in enumerate(cell_styles)
        if _is_date_format(style.get("numFmtId", "0"), codes)
    )


def _is_date_format(format_id: str, codes: dict[str, str]) -> bool:
    if format_id in codes:
        return bool(DATE_TOKENS.search(FORMAT_LITERALS.sub("", codes[format_id])))
    return format_id.isdigit() and int(format_id) in DATE_FORMAT_IDS


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relations (the package's for ``/``), by id: their kind and the zip member
    they point to."""
    folder, _, name = part.rpartition("/")
    relations = _xml(archive, f"{folder}/_rels/{name}.rels".lstrip("/"))
    found = {}
    for relation in relations.iter(f"{{{PACKAGE_RELATIONS}}}Relationship"):
        target = relation.get("Target", "")
        member = target if target.startswith("/") else f"{folder}/{target}"
        found[relation.get("Id", "")] = (relation.get("Type", ""), _normal(member))
    return found


def _relation_id(sheet: ElementTree.Element) -> str:
    for space in RELATION_NAMESPACES:
        if (found := sheet.get(f"{{{space}}}id")) is not None:
            return found
    raise KeyError("r:id")


def _normal(member: str) -> str:
    """``xl/worksheets/../x.xml`` or ``/xl/x.xml`` as ``xl/x.xml``: zip members are named
    from the root, without dots."""
    parts: list[str] = []
    for part in PurePosixPath(member).parts:
        if part == "..":
            parts.pop()
        elif part not in (".", "/"):
            parts.append(part)
    return "/".join(parts)


def _xml(archive: zipfile.ZipFile, member: str) -> ElementTree.Element:
    with archive.open(member) as stream:
        return ElementTree.parse(stream).getroot()


def _local(tag: Any) -> str:
    return str(tag).rpartition("}")[2]
