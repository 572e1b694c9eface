"""Import N customers (each with a contact and an address, the benchmark's file) into a
fresh database and print customers/s, with the time spent in each stage; optionally a
cProfile of the import.

    DATABASE_URL=sqlite:////tmp/speed.sqlite3 .venv/bin/python scripts/import_speed.py 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/NAME .venv/bin/python \
        scripts/import_speed.py 20000 --profile /tmp/import.prof
    .venv/bin/python scripts/import_speed.py 20000 --xlsx --parse

``--xlsx`` imports the same rows from a workbook (as ERPNext writes one) instead of a CSV;
``--parse`` also times reading the file's rows alone, before the import.

The database named by DATABASE_URL is emptied first (SQLite: the file is deleted;
PostgreSQL: the database is dropped and created again), then migrated and seeded.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import os
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clientele.settings")


def fresh_database(url: str) -> None:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    server, _, name = url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


SPENT: dict[str, float] = defaultdict(float)
_DEPTH = [0]


def timed(module, name: str, stage: str) -> None:
    """Wrap ``module.name`` so that its time (outside other timed stages) adds to ``stage``."""
    original = getattr(module, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        inner_before = SPENT["__inner__"]
        _DEPTH[0] += 1
        try:
            return original(*args, **kwargs)
        finally:
            _DEPTH[0] -= 1
            elapsed = time.perf_counter() - start
            inner = SPENT["__inner__"] - inner_before
            SPENT[stage] += elapsed - inner
            SPENT["__inner__"] = inner_before + elapsed

    setattr(module, name, wrapper)


def install_stage_timers() -> None:
    """The import's stages, by the functions that do them (names as of this branch)."""
    from clientele.transfer import imports, preparation, upserts, writers

    stages = [
        (upserts, "links_load", "resolve links"),
        (imports, "links_load", "resolve links"),
        (upserts, "_known", "resolve links"),
        (writers, "new_customer", "validate"),
        (upserts, "internal_customers_check", "validate"),
        (writers, "content", "search words, copies"),
        (upserts, "customer_codes", "codes"),
        (upserts, "derive", "derive"),
        (upserts.matches, "duplicates_found", "duplicates"),
        (upserts, "customers_write", "write rows"),
        (writers, "_documents_write", "search documents"),
        (writers, "_history", "history"),
        (preparation.Preparation, "send_to_workers", "send to workers"),
        (preparation.Preparation, "ready", "wait for workers"),
        (imports._Run, "_chunk", "other (chunk)"),
    ]
    for owner, name, stage in stages:
        if hasattr(owner, name):
            timed(owner, name, stage)
    _time_inserts()
    from django.db.backends.base.base import BaseDatabaseWrapper

    timed(BaseDatabaseWrapper, "commit", "commit")


def _time_inserts() -> None:
    """The inserts, each model's apart (``sql <model>``), out of the stage that runs them."""
    from clientele.contacts import search as contact_search
    from clientele.customers import search as customer_search
    from clientele.transfer import writers

    for module in (writers, customer_search, contact_search):
        for name in ("insert_values", "insert_objects"):
            if not hasattr(module, name):
                continue
            original = getattr(module, name)

            def wrapper(model, *args, _original=original, **kwargs):
                stage = f"sql {model.__name__}"
                start = time.perf_counter()
                inner_before = SPENT["__inner__"]
                try:
                    return _original(model, *args, **kwargs)
                finally:
                    elapsed = time.perf_counter() - start
                    SPENT[stage] += elapsed
                    SPENT["__inner__"] = inner_before + elapsed

            setattr(module, name, wrapper)


def parse_time(path: Path) -> None:
    """Rows/s of reading the file alone (cells to texts, as the import gets them)."""
    from clientele.transfer.sources import table_open

    start = time.perf_counter()
    table = table_open(path)
    rows = sum(1 for _ in table.rows())
    counted = table.count()
    seconds = time.perf_counter() - start
    speed = rows / seconds
    print(f"read {rows:,} rows ({counted:,} counted) in {seconds:.2f} s = {speed:,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int, nargs="?", default=20_000)
    parser.add_argument("--profile", help="write a cProfile of the import to this file")
    parser.add_argument("--stages", action="store_true", help="time each stage")
    parser.add_argument("--chunk", type=int, default=0, help="chunk size (default: the import's)")
    parser.add_argument("--pragma", default="", help="SQLite: PRAGMA run before the import")
    parser.add_argument("--gc-off", action="store_true", help="no cyclic garbage collection")
    parser.add_argument("--keep", action="store_true", help="keep the database as it is")
    parser.add_argument("--xlsx", action="store_true", help="import from an XLSX, not a CSV")
    parser.add_argument("--parse", action="store_true", help="time reading the rows alone")
    parser.add_argument(
        "--in-process", action="store_true", help="no worker process, whatever the rows"
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "sqlite:////tmp/import_speed.sqlite3")
    os.environ["DATABASE_URL"] = url
    if not args.keep:
        fresh_database(url)

    import django

    django.setup()
    from django.db import connection

    from clientele.benchmark.database import prepare_database
    from clientele.benchmark.fakedata import CustomerFaker
    from clientele.benchmark.imports import import_rows, write_csv, write_xlsx
    from clientele.core.work_progress import SilentProgress
    from clientele.transfer.imports import ImportOptions, import_prepare, import_run

    prepare_database()
    folder = Path(tempfile.mkdtemp(prefix="import_speed"))
    rows = import_rows(CustomerFaker(), args.rows, 1)
    if args.xlsx:
        path = write_xlsx(folder / "customers.xlsx", rows)
    else:
        path = write_csv(folder / "customers.csv", rows)
    if args.parse:
        parse_time(path)
    options = ImportOptions(chunk_size=args.chunk) if args.chunk else ImportOptions()
    record = import_prepare(paths=[path], options=options, user=None)
    if args.pragma:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA {args.pragma}")
    if args.stages:
        install_stage_timers()
    import gc

    if args.in_process:
        from clientele.transfer import preparation

        preparation.POOL_FROM_ROWS = sys.maxsize
    if args.gc_off:
        gc.disable()
    gc_spent = {0: 0.0, 1: 0.0, 2: 0.0}
    gc_started = [0.0]

    def gc_timer(phase, info):
        if phase == "start":
            gc_started[0] = time.perf_counter()
        else:
            gc_spent[info["generation"]] += time.perf_counter() - gc_started[0]

    gc.callbacks.append(gc_timer)
    profiler = cProfile.Profile() if args.profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    report = import_run(import_id=record.pk, progress=SilentProgress())
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - start
    created = report.count("customer").created
    if report.status != "done":
        sys.exit(f"refused: {report.errors[:3]}")
    load = open("/proc/loadavg").read().split()[:3]
    print(
        f"{connection.vendor}: {created:,} customers in {seconds:.2f} s = "
        f"{created / seconds:,.0f} customers/s (load {' '.join(load)})"
    )
    print("  garbage collection: " + ", ".join(f"gen {g} {t:.2f} s" for g, t in gc_spent.items()))
    if args.stages:
        total = sum(v for k, v in SPENT.items() if not k.startswith("__"))
        for stage, spent in sorted(SPENT.items(), key=lambda item: -item[1]):
            if not stage.startswith("__"):
                print(f"  {stage:<16} {spent:7.2f} s  {spent / created * 1e6:7.1f} µs/customer")
        outside = seconds - total
        print(f"  {'parse, rest':<16} {outside:7.2f} s  {outside / created * 1e6:7.1f} µs/customer")
    if profiler:
        profiler.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
