"""Reading the files handed in: an XLSX streamed in the same memory whatever its length,
its cells the texts calamine gave, its row count without reading its cells; XLS and ODS
through calamine."""

import datetime
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from python_calamine import CalamineWorkbook

from clientele.core.errors import InvalidInput
from clientele.transfer.sources import _cell_text, table_open
from clientele.transfer.workbooks import workbook_open

HEADER = ["Customer Name", "Email Id", "Postal Code"]


def _write_only(path: Path, rows: int) -> Path:
    """A workbook as ERPNext writes one: openpyxl's write-only mode, texts inline, no
    ``<dimension>``."""
    book = openpyxl.Workbook(write_only=True)
    _fill(book.create_sheet(), rows)
    book.save(path)
    return path


def _shared(path: Path, rows: int) -> Path:
    """A workbook as Excel saves one: its texts in a shared-strings table (each name and
    e-mail a distinct text), a ``<dimension>`` (xlsxwriter; openpyxl writes texts inline)."""
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet()
        for number, row in enumerate(_rows(rows)):
            sheet.write_row(number, 0, row)
    return path


def _fill(sheet, rows: int) -> None:
    for row in _rows(rows):
        sheet.append(row)


def _rows(count: int) -> Iterator[list[Any]]:
    yield HEADER
    for number in range(count):
        yield [f"Client {number}", f"c{number}@example.fr", 75001 + number % 20]


def _peaks_reading(path: Path) -> tuple[int, int]:
    """While every row of ``path`` is read and counted: the Python heap's peak, and how
    far the resident memory's peak rose above where it stood (native memory too, such as
    a Rust reader's; Linux lets the peak be reset, elsewhere the rise reads 0)."""
    before = _resident_peak(reset=True)
    tracemalloc.start()
    try:
        table = table_open(path)
        read = sum(1 for _ in table.rows())
        assert read == table.count()
        return tracemalloc.get_traced_memory()[1], _resident_peak() - before
    finally:
        tracemalloc.stop()


def _resident_peak(reset: bool = False) -> int:
    status, clear = Path("/proc/self/status"), Path("/proc/self/clear_refs")
    if not (status.exists() and clear.exists()):
        return 0
    if reset:
        clear.write_text("5")  # the peak (VmHWM) back to the resident size
    peak = next(line for line in status.read_text().splitlines() if line.startswith("VmHWM"))
    return int(peak.split()[1]) * 1024


@pytest.mark.parametrize("write", [_write_only, _shared])
def test_an_xlsx_is_read_in_the_same_memory_whatever_its_length(tmp_path, write):
    # From a couple of thousand rows up, the reader's buffers are full: the peak stays put.
    small = write(tmp_path / "small.xlsx", 2_500)
    large = write(tmp_path / "large.xlsx", 25_000)
    _peaks_reading(small)  # the modules' first-use allocations out of the way

    (few, few_native), (many, many_native) = _peaks_reading(small), _peaks_reading(large)

    # Ten times the rows (3 MB of XML), the same memory to 100 KB, under a megabyte: the
    # 22,500 more rows held would take about 5 MB (calamine, holding the whole sheet
    # outside the Python heap, grew the resident peak by 6 MB; the shared texts in a list,
    # the heap's by 3 MB).
    assert many - few < 100_000, (few, many)
    assert many < 1_000_000
    assert many_native - few_native < 2_000_000, (few_native, many_native)


def test_an_xlsx_reads_as_calamine_read_it(tmp_path):
    book = openpyxl.Workbook()  # styles, a <dimension>
    sheet = book.active
    header = ["Name", "Since", "At", "Opens", "Postal Code", "Share", "Active", "Note"]
    sheet.append(header)
    sheet.append(
        [
            "Boulangerie & Fils <Paris>",
            datetime.date(2024, 1, 31),
            datetime.datetime(2024, 1, 31, 10, 30),
            datetime.time(8, 15),
            75001,
            0.25,
            True,
            CellRichText(TextBlock(InlineFont(b=True), "Très"), " bien"),
        ]
    )
    sheet.append([])
    sheet["A4"], sheet["E4"], sheet["F4"] = "Sans adresse", "=1+1", 1e20
    path = tmp_path / "shared.xlsx"
    book.save(path)

    table = table_open(path)

    expected = [
        [
            "Boulangerie & Fils <Paris>",
            "2024-01-31",
            "2024-01-31T10:30:00",
            "08:15:00",
            "75001",
            "0.25",
            "1",
            "Très bien",
        ],
        ["Sans adresse", "", "", "", "", "100000000000000000000", "", ""],
    ]
    assert table.header == [
        "Name",
        "Since",
        "At",
        "Opens",
        "Postal Code",
        "Share",
        "Active",
        "Note",
    ]
    assert list(table.rows()) == expected
    assert table.count() == 3  # the sheet's <dimension>: the empty row counts
    calamine = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows()
    assert [[_cell_text(cell) for cell in row] for row in calamine][1:] == [
        expected[0],
        [""] * 8,
        expected[1],
    ]


def _hand_made(path: Path, sheet_xml: str, strings_xml: str) -> Path:
    """A workbook as other writers make one (.NET's prefixed elements, no cell
    references, phonetic guides, the 1904 day zero), its parts written by hand."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    types = "http://schemas.openxmlformats.org/package/2006/content-types"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{types}"><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<x:workbook xmlns:x="{main}" xmlns:r="{rel}"><x:workbookPr date1904="1"/>'
            '<x:sheets><x:sheet name="Clients" sheetId="1" r:id="rId7"/></x:sheets></x:workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{package}">'
            f'<Relationship Id="rId7" Type="{rel}/worksheet" Target="/xl/sheets/data.xml"/>'
            f'<Relationship Id="rId8" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId9" Type="{rel}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/styles.xml",
            f'<styleSheet xmlns="{main}"><numFmts><numFmt numFmtId="170" '
            'formatCode="&quot;le &quot;dd/mm/yyyy"/><numFmt numFmtId="171" '
            'formatCode="[Red]0.00"/></numFmts><cellXfs><xf numFmtId="0"/>'
            '<xf numFmtId="170"/><xf numFmtId="171"/><xf numFmtId="14"/></cellXfs></styleSheet>',
        )
        archive.writestr("xl/sharedStrings.xml", f'<x:sst xmlns:x="{main}">{strings_xml}</x:sst>')
        archive.writestr(
            "xl/sheets/data.xml", f'<x:worksheet xmlns:x="{main}">{sheet_xml}</x:worksheet>'
        )
    return path


def test_an_xlsx_from_other_writers(tmp_path):
    strings = (
        "<x:si><x:t>Nom</x:t></x:si><x:si><x:t>Depuis</x:t></x:si>"
        "<x:si><x:r><x:t>東京</x:t></x:r><x:rPh><x:t>とうきょう</x:t></x:rPh></x:si>"
    )
    sheet = (
        '<x:dimension ref="A1"/><x:sheetData><x:row r="1"><x:c r="A1" s="2"/></x:row>'
        '<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c>'
        '<x:c t="s"><x:v>0</x:v></x:c></x:row>'
        '<x:row r="3"/>'
        '<x:row><x:c t="s"><x:v>2</x:v></x:c><x:c s="1"><x:v>0</x:v></x:c>'
        '<x:c s="2"><x:v>12.5</x:v></x:c></x:row>'
        '<x:row><x:c r="B4" s="3"><x:v>366</x:v></x:c>'
        '<x:c r="C4" t="str"><x:f>A1</x:f><x:v>Nom</x:v></x:c></x:row>'
        "</x:sheetData>"
    )
    path = _hand_made(tmp_path / "other.xlsx", sheet, strings)

    table = table_open(path)

    assert table.header == ["Nom", "Depuis", "Nom"]
    assert list(table.rows()) == [["東京", "1904-01-01", "12.5"], ["", "1905-01-01", "Nom"]]
    # The empty row above the header is not the header. <dimension ref="A1"> tells
    # nothing: the rows are counted (that empty one too, not the empty <row/>).
    assert table.count() == 3


def test_a_large_sheet_without_dimension_is_counted(tmp_path):
    path = _write_only(tmp_path / "export.xlsx", 12_345)  # about 1.3 MB of XML

    assert table_open(path).count() == 12_345


def test_an_ods_is_still_read_whole_by_calamine(tmp_path):
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    table_ns = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    text_ns = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    cells = [["Customer Name", "Postal Code"], ["Boulangerie Martin", "75001"]]
    rows = "".join(
        "<table:table-row>"
        + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{cell}</text:p>'
            "</table:table-cell>"
            for cell in row
        )
        + "</table:table-row>"
        for row in cells
    )
    path = tmp_path / "clients.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
        )
        archive.writestr(
            "content.xml",
            f'<office:document-content xmlns:office="{office}" xmlns:table="{table_ns}" '
            f'xmlns:text="{text_ns}"><office:body><office:spreadsheet>'
            f'<table:table table:name="Clients">{rows}</table:table>'
            "</office:spreadsheet></office:body></office:document-content>",
        )

    table = table_open(path)

    assert table.header == ["Customer Name", "Postal Code"]
    assert list(table.rows()) == [["Boulangerie Martin", "75001"]]
    assert table.count() == 1


@pytest.mark.parametrize("content", [b"not a zip", b"PK\x03\x04 broken"])
def test_an_unreadable_workbook_is_refused_by_name(tmp_path, content):
    path = tmp_path / "clients.xlsx"
    path.write_bytes(content)

    with pytest.raises(InvalidInput) as refused:
        table_open(path)

    assert "“clients.xlsx” cannot be read as a spreadsheet" in str(refused.value.errors)


def test_a_workbook_whose_sheet_is_broken_is_refused_by_name(tmp_path):
    path = _hand_made(tmp_path / "broken.xlsx", "<x:sheetData><x:row><x:c>", "")

    with pytest.raises(InvalidInput) as refused:
        table_open(path)

    assert "“broken.xlsx” cannot be read as a spreadsheet" in str(refused.value.errors)
    assert workbook_open(str(path)).strings.count == 0
