"""Work the tests queue: counting slowly, so a test can watch, cancel or kill it midway."""

import time

from clientele.jobs.work import JobRun, job_work


@job_work
def count_slowly(run: JobRun) -> dict | None:
    """Counts ``params["total"]`` units, ``params["pause"]`` seconds each; writes them to
    the job's file, one line per unit, so a test can see none was done twice."""
    total, pause = run.params["total"], run.params["pause"]
    run.progress.started(total)
    with run.output("count.txt").open("w") as out:
        for done in range(1, total + 1):
            if run.progress.cancelled():
                return None
            time.sleep(pause)
            out.write(f"{done}\n")
            run.progress.advanced(done, errors=done // 10)
    return {"counted": total}


@job_work
def refuse(run: JobRun) -> dict | None:
    raise ZeroDivisionError("boom")


def undeclared(run: JobRun) -> dict | None:
    return {"ran": True}
