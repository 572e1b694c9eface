"""A queued good-rows import whose worker stops (SIGTERM: put back in the queue) or dies
(SIGKILL: taken back by the next worker) mid-import goes on after its last committed chunk
with the next worker: every row imported exactly once."""

import signal
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from clientele.customers.models import Customer
from clientele.jobs.models import Job
from clientele.jobs.tests.processes import wait_for, worker_start
from clientele.operations.seed import seed_reference_data
from clientele.transfer.import_jobs import import_start
from clientele.transfer.imports import ImportOptions, import_prepare
from clientele.transfer.models import Import

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

ROWS = 2000


def _stop(worker) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_a_stopped_import_resumes_without_importing_a_row_twice(tmp_path, job_files, stop):
    # given a queued good-rows import of many rows, in small chunks
    seed_reference_data()
    user = User.objects.create_user(username="ines", password="x-Secret-9")
    path = tmp_path / "many.csv"
    lines = ["Customer Name,Customer Group,Territory"]
    lines += [
        f"Client {i:04d},{'Nowhere' if i % 50 == 7 else 'Commercial'},France" for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    options = ImportOptions(mode="good-rows", chunk_size=4)
    record = import_prepare(paths=[path], options=options, user=user)
    job = import_start(record=record, user=user, dry_run=False)
    log = tmp_path / "worker.log"
    first = worker_start(job_files, log)
    try:
        # when its worker is stopped halfway
        wait_for(lambda j: j.status == "running" and j.done >= 200, what="halfway", log=log)
        first.send_signal(stop)
        first.wait(timeout=30)
        halfway = Customer.objects.filter(customer_name__startswith="Client ").count()
        assert 0 < halfway < ROWS - 5
        # and another worker takes it
        second = worker_start(job_files, log)
        try:
            done = wait_for(lambda j: j.finished, what="finished", log=log)
        finally:
            _stop(second)
    finally:
        _stop(first)
    # then every good row is there once, the bad ones refused once
    names = list(
        Customer.objects.filter(customer_name__startswith="Client ").values_list(
            "customer_name", flat=True
        )
    )
    refused = {f"Client {i:04d}" for i in range(ROWS) if i % 50 == 7}
    assert sorted(names) == sorted({f"Client {i:04d}" for i in range(ROWS)} - refused)
    assert (done.status, done.attempts, done.done, done.total) == ("done", 2, ROWS, ROWS)
    report = Import.objects.get(pk=record.pk).report
    assert report["counts"]["customer"] == {
        "created": ROWS - len(refused),
        "updated": 0,
        "errors": len(refused),
        "duplicates": 0,
    }
    rejected = Path(Job.objects.get(pk=job.pk).result_file)
    rows = (job_files / rejected).read_text(encoding="utf-8-sig").splitlines()
    assert sorted(row.split(",")[0] for row in rows[1:]) == sorted(refused)
