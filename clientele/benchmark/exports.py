"""The export of the whole customer list (issue 12: ≥ 50,000 rows/s for 100,000 customers),
in process, to CSV and to XLSX, each customer with its primary contact and address."""

import tempfile
import time
from pathlib import Path

from clientele.benchmark.common import Results
from clientele.core.work_progress import SilentProgress
from clientele.transfer.exports import export_write

GOAL_ROWS_PER_SECOND = 50_000


def measure_exports(results: Results, total: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("csv", "xlsx"):
            path = Path(folder) / f"customers.{fmt}"
            start = time.perf_counter()
            done = export_write(kind="customers", fmt=fmt, path=path, progress=SilentProgress())
            rate = done.rows / (time.perf_counter() - start)
            label = f"export of {total:,} customers, {fmt.upper()}"
            if fmt == "csv":
                results.add(label, rate, "rows/s", at_least=GOAL_ROWS_PER_SECOND)
            else:
                results.info(label, rate, "rows/s")
