"""A merge that moves many records runs as a job (issue 12 §3): threshold, job, result."""

import pytest

from clientele.customers.models import Customer
from clientele.customers.tests.party_builders import customer_post
from clientele.jobs.models import Job
from clientele.jobs.work import job_execute

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(manager_api):
    customer_post(manager_api, name="SOURCE", customer_name="Source SARL",
                  contact={"full_name": "Jean Source", "email_id": "jean@source.fr"})  # fmt: skip
    customer_post(manager_api, name="SURVIVOR", customer_name="Survivor SARL")
    return manager_api


def test_a_merge_over_the_threshold_is_queued_then_run_by_a_worker(pair, settings):
    # given a threshold the merge passes
    settings.MERGE_JOB_THRESHOLD = 1
    # when
    answer = pair.post("/customers/SOURCE/merge", json={"into": "SURVIVOR", "dry_run": False})
    # then it answers its job, and nothing moved yet
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert (job["kind"], job["status"], job["label"]) == (
        "merge",
        "queued",
        "Merge of “SOURCE” into “SURVIVOR”",
    )
    assert Customer.objects.filter(name="SOURCE").exists()
    # when a worker runs it
    job_execute(job["id"], worker="test")
    # then the merge is done, its plan the job's report
    done = Job.objects.get(pk=job["id"])
    assert done.status == "done"
    assert (done.report["merged"], done.report["into"], done.report["moves"]["contacts"]) == (
        "SOURCE",
        "SURVIVOR",
        1,
    )
    assert done.total == done.done > 1
    assert not Customer.objects.filter(name="SOURCE").exists()


def test_a_small_merge_still_runs_in_the_request(pair):
    answer = pair.post("/customers/SOURCE/merge", json={"into": "SURVIVOR", "dry_run": False})
    assert answer.status_code == 200, answer.text
    assert answer.json()["merged"] == "SOURCE"
    assert Job.objects.count() == 0
    assert not Customer.objects.filter(name="SOURCE").exists()


def test_the_screen_sends_a_large_merge_to_the_jobs_page(pair, client, master_manager, settings):
    settings.MERGE_JOB_THRESHOLD = 1
    client.force_login(master_manager)
    answer = client.post("/customer/SOURCE/merge/", {"into": "SURVIVOR"})
    assert answer.status_code == 302
    assert answer["Location"] == "/jobs/"
    assert Job.objects.get().kind == "merge"
    assert Customer.objects.filter(name="SOURCE").exists()
