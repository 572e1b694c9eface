"""The benchmark command runs end to end (on a small plan) and never touches real data."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = str(Path(sys.executable).with_name("clientele-bench"))


def _bench(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        "CLIENTELE_VAR_DIR": str(tmp_path),
    }
    return subprocess.run(
        [BENCH, "--quick", "--customers", "1000", "--api-creates", "20", *args],
        env=env,
        capture_output=True,
        text=True,
        # A guard against a hang, not a measure: on a slow 2-core machine running two
        # suites at once, the quick run took over 300 s.
        timeout=900,
    )


@pytest.mark.slow
def test_bench_prints_every_measure_then_refuses_a_database_with_customers(tmp_path):
    # when
    first = _bench(tmp_path)
    # then
    assert first.returncode == 0, first.stderr[-2000:]
    for measure in (
        "machine: fixed Python work, best of 5",
        "machine: database round trip, p50",
        "create, API: p50",
        "create by quick entry, API: p50",
        "read one customer, API: p50",
        "tree insert, API: p50",
        "tree move of a leaf, API: p50",
        "tree insert, large / small tree",
        "move a subtree of 1,000 nodes",
        "list by group subtree, API: p95",
        "search q, mixed words, API: p95",
        "search by e-mail, phone or city, API: p95",
        "search contacts, API: p95",
        "search addresses, API: p95",
        "page: customer list: p95",
        "page: customer list, searched: p95",
        "page: customer list, group subtree: p95",
        "page: customer: p95",
        "page: customer group tree: p95",
        "page: one tree level expanded: p95",
        "page: quick entry submitted: p95",
        "customer list page, first load (gzip)",
        "sales order create + submit, API: p50",
        "order submit, long history / none (p50)",
        "sales invoice create + submit (ledger), API: p50",
        "payment entry against an invoice, API: p50",
        "read one invoice, API: p50",
        "invoice print, HTML, API: p50",
        "invoice of 50 lines, PDF, API: p50",
        "server memory, worker 1 (RSS)",
        "customers, CSV",
        "customers, XLSX",
        "customers + contact + address, CSV",
        "customers + contact + address, XLSX",
        "load, 16 clients: throughput",
        "load, 16 clients: p99",
        "load, 16 clients: served across a reload (HUP)",
    ):
        assert measure in first.stdout
    # and no request failed under the load, the reload included
    failed = next(line for line in first.stdout.splitlines() if "failed requests" in line)
    assert failed.split("│")[2].strip() == "0", first.stdout
    served = next(line for line in first.stdout.splitlines() if "across a reload" in line)
    assert int(served.split("│")[2].strip().replace(",", "")) > 0, first.stdout
    # and a second run on the same database, which now holds customers, is refused
    second = _bench(tmp_path)
    assert (second.returncode, second.stdout) == (1, "")
    assert second.stderr.splitlines()[-1] == (
        f"clientele-bench: The database SQLite {sqlite3.sqlite_version} (bench.sqlite3) already "
        "holds customers: point DATABASE_URL to an empty database (bench.sh uses "
        "var/bench.sqlite3 and clientele_bench), or pass --force."
    )
