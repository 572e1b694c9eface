"""Imports of customers with their contact and address, from one CSV and one XLSX file,
end to end (read, check, name, write, search tokens, history), with ``import_run``.

The file has ERPNext's column labels; each row a customer, its contact's e-mail and
mobile, its address. Peak memory is the Python heap's (``tracemalloc``) during an import
of a tenth as many rows and of all of them, from each format: a streamed import holds the
same at both (the XLSX reader is Python and expat, whose memory the trace sees).
"""

from __future__ import annotations

import csv
import time
import tracemalloc
from pathlib import Path

import openpyxl

from clientele.benchmark.common import Log, Plan, Results
from clientele.benchmark.fakedata import CustomerFaker
from clientele.core.work_progress import SilentProgress
from clientele.transfer.imports import ImportOptions, import_prepare, import_run

HEADER = [
    "Customer Name",
    "Customer Type",
    "Customer Group",
    "Territory",
    "Email Id",
    "Mobile No",
    "Address Line 1",
    "City/Town",
    "Postal Code",
    "Country",
]
CITIES = [("Paris", "75002"), ("Lyon", "69002"), ("Nantes", "44000"), ("Lille", "59000")]


def import_rows(faker: CustomerFaker, count: int, first: int):
    for number in range(first, first + count):
        name = f"{faker.company_name()} {number}"
        city, pincode = CITIES[number % len(CITIES)]
        yield [
            name,
            "Company",
            "Commercial",
            "France",
            f"contact{number}@client{number}.fr",
            f"0612{number % 1_000_000:06d}",  # allocated numbers (06 1x)
            # A street the fake data never gives: the bulk load of addresses that runs
            # later takes the codes of its streets as free (``contacts.Codes``).
            f"{number % 200 + 1} allée des Imports",
            city,
            pincode,
            "France",
        ]


def write_csv(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows) -> Path:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def timed_import(path: Path, options: ImportOptions | None = None) -> tuple[float, int]:
    record = import_prepare(paths=[path], options=options or ImportOptions(), user=None)
    start = time.perf_counter()
    report = import_run(import_id=record.pk, progress=SilentProgress())
    seconds = time.perf_counter() - start
    if report.status != "done":
        raise RuntimeError(f"The benchmark import was refused: {report.errors[:3]}")
    return seconds, report.count("customer").created


def peak_heap_mb(path: Path, chunk: int) -> float:
    tracemalloc.start()
    try:
        timed_import(path, ImportOptions(chunk_size=chunk))
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def measure_imports(results: Results, plan: Plan, folder: Path, log: Log) -> None:
    faker = CustomerFaker()
    count = plan.imports
    folder.mkdir(parents=True, exist_ok=True)
    csv_path = write_csv(folder / "customers.csv", import_rows(faker, count, 1))
    xlsx_path = write_xlsx(folder / "customers.xlsx", import_rows(faker, count, count + 1))
    for label, path in (("CSV", csv_path), ("XLSX", xlsx_path)):
        log(f"import of {count:,} customers with contact and address from {label}")
        seconds, created = timed_import(path)
        results.add(
            f"import of {count:,} customers + contact + address, {label}",
            created / seconds,
            "customers/s",
            at_least=10_000,
            peer="130 (no contact/address)",
        )
    # Two chunks, then twenty: a streamed import holds one chunk at a time, so ten times
    # the rows must take the same memory. Small chunks, since tracing every allocation
    # slows an import about fivefold.
    chunk = max(10, min(500, count // 20))
    few, many = 2 * chunk, 20 * chunk
    first = 2 * count + 1
    for label, write in (("CSV", write_csv), ("XLSX", write_xlsx)):
        suffix = label.lower()
        small = write(folder / f"small.{suffix}", import_rows(faker, few, first))
        big = write(folder / f"big.{suffix}", import_rows(faker, many, first + few))
        first += few + many
        log(f"peak memory of {label} imports of {few:,} and {many:,} rows, chunks of {chunk}")
        for rows, path in ((few, small), (many, big)):
            results.info(
                f"import from {label}, peak Python heap ({rows:,} rows, chunks of {chunk})",
                peak_heap_mb(path, chunk),
                "MB",
            )
