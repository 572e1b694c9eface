"""A real ``clientele worker`` process runs jobs: to the end, after a SIGKILL of the worker
that held it, stopped by a cancel between two units, and put back on SIGTERM."""

import signal

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from clientele.jobs.models import Job
from clientele.jobs.services import job_cancel
from clientele.jobs.tests.processes import wait_for, worker_start
from clientele.jobs.tests.works import count_slowly, refuse
from clientele.jobs.work import job_enqueue

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def user(db):
    return User.objects.create_user(username="ophelie", password="x-Secret-9")


def _stop(worker) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)


def test_a_worker_runs_a_queued_job_to_the_end(user, tmp_path):
    # given a job queued before any worker runs
    job = job_enqueue(
        work=count_slowly,
        kind="test",
        label="Count to 12",
        user=user,
        params={"total": 12, "pause": 0.01},
    )
    assert (job.status, job.done, job.total) == ("queued", 0, None)
    log = tmp_path / "worker.log"
    # when a worker starts
    worker = worker_start(tmp_path, log)
    try:
        done = wait_for(lambda j: j.finished, what="job finished", log=log)
    finally:
        _stop(worker)
    # then the job ran once, counted everything and offers its file
    assert (done.status, done.total, done.done, done.errors) == ("done", 12, 12, 1)
    assert done.report == {"counted": 12}
    assert done.attempts == 1
    assert (done.result_name, done.result_file) == ("count.txt", f"{job.pk}/count.txt")
    assert (tmp_path / str(job.pk) / "count.txt").read_text() == "".join(
        f"{n}\n" for n in range(1, 13)
    )
    assert done.started_at <= done.finished_at
    assert worker.returncode == 0


def test_a_killed_workers_job_is_finished_by_the_next_worker(user, tmp_path):
    # given a worker halfway through a slow job
    job = job_enqueue(
        work=count_slowly, kind="test", label="Slow", user=user, params={"total": 40, "pause": 0.1}
    )
    log = tmp_path / "worker.log"
    first = worker_start(tmp_path, log)
    try:
        wait_for(lambda j: j.status == "running" and j.done >= 5, what="halfway", log=log)
        # when it is killed without a chance to clean up
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
        assert Job.objects.get(pk=job.pk).status == "running"
        # and another worker starts
        second = worker_start(tmp_path, log)
        try:
            done = wait_for(lambda j: j.finished, what="job finished", log=log)
        finally:
            _stop(second)
    finally:
        _stop(first)
    # then the second worker took the job again and finished it (an export starts over)
    assert (done.status, done.done, done.total) == ("done", 40, 40)
    assert done.attempts == 2
    assert done.report == {"counted": 40}
    lines = (tmp_path / str(job.pk) / "count.txt").read_text().split()
    assert lines == [str(n) for n in range(1, 41)]


def test_cancel_stops_a_running_job_between_two_units(user, tmp_path):
    # given a worker running a long job
    job = job_enqueue(
        work=count_slowly,
        kind="test",
        label="Long",
        user=user,
        params={"total": 500, "pause": 0.05},
    )
    log = tmp_path / "worker.log"
    worker = worker_start(tmp_path, log)
    try:
        wait_for(lambda j: j.status == "running" and j.done >= 3, what="running", log=log)
        # when it is cancelled
        job_cancel(job=Job.objects.get(pk=job.pk))
        ended = wait_for(lambda j: j.finished, what="job cancelled", log=log)
    finally:
        _stop(worker)
    # then it stopped well before the end and left no file behind
    assert ended.status == "cancelled"
    assert 3 <= ended.done < 500
    assert ended.result_file == ""
    assert not (tmp_path / str(job.pk)).exists()


def test_sigterm_puts_the_running_job_back_for_the_next_worker(user, tmp_path):
    # given a worker running a long job
    job_enqueue(
        work=count_slowly, kind="test", label="Long", user=user, params={"total": 30, "pause": 0.1}
    )
    log = tmp_path / "worker.log"
    worker = worker_start(tmp_path, log)
    try:
        wait_for(lambda j: j.status == "running" and j.done >= 2, what="running", log=log)
        # when the worker is asked to stop
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
    finally:
        _stop(worker)
    # then it stopped at once, gracefully, and the job waits for the next worker
    job = Job.objects.get()
    assert worker.returncode == 0
    assert (job.status, job.worker) == ("queued", "")
    assert job.done < 30
    # and the next worker finishes it
    second = worker_start(tmp_path, log)
    try:
        done = wait_for(lambda j: j.finished, what="finished", log=log)
    finally:
        _stop(second)
    assert (done.status, done.done, done.attempts) == ("done", 30, 2)


def test_a_failing_job_is_failed_with_a_message_and_the_worker_goes_on(user, tmp_path):
    # given a job whose work raises, started by someone reading English, then a good one
    with translation.override("en"):
        job_enqueue(work=refuse, kind="test", label="Bad", user=user, params={})
    log = tmp_path / "worker.log"
    worker = worker_start(tmp_path, log)
    try:
        failed = wait_for(lambda j: j.finished, what="failed", log=log)
        job_enqueue(
            work=count_slowly, kind="test", label="Good", user=user, params={"total": 2, "pause": 0}
        )
        good = wait_for(lambda j: j.label == "Good" and j.finished, what="good", log=log)
    finally:
        _stop(worker)
    # then
    assert failed.status == "failed"
    # (in the language of whoever started it)
    assert failed.message == "The job stopped on an unexpected error (ZeroDivisionError)."
    assert good.status == "done"
