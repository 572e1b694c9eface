"""The jobs page (/jobs/) and the customer list's export button, through Django's client."""

import pytest

from clientele.jobs.models import Job
from clientele.jobs.work import job_execute
from clientele.transfer.exports import export_enqueue
from tests.web.settings_helpers import queries_of, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path):
    settings.JOB_FILES_DIR = tmp_path / "jobs"


def test_export_from_the_list_starts_a_job_with_its_filters(client, master_manager):
    signed_in(client, master_manager)
    # when the list, filtered, is exported through htmx
    answer = client.post(
        "/customers/export/",
        {"q": "martin", "territory": "france", "disabled": "all", "format": "xlsx"},
        HTTP_HX_REQUEST="true",
    )
    # then a job is queued with the filters by code, and its card polls for progress
    assert answer.status_code == 202
    job = Job.objects.get()
    assert job.params == {
        "kind": "customers",
        "format": "xlsx",
        "filters": {"q": "martin", "territory": "France"},
    }
    html = answer.content.decode()
    assert f'hx-get="/jobs/{job.pk}/"' in html and 'hx-trigger="every 1s"' in html


def test_a_refused_export_says_why_and_queues_nothing(client, master_manager):
    signed_in(client, master_manager)
    answer = client.post("/customers/export/", {"territory": "Atlantis"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 422
    assert "No territory “Atlantis”." in answer.content.decode()
    assert Job.objects.count() == 0


def test_the_page_polls_while_a_job_runs_and_stops_once_done(client, sales_user):
    signed_in(client, sales_user)
    job = export_enqueue(kind="territories", fmt="csv", filters={}, user=sales_user)
    running = client.get("/jobs/").content.decode()
    assert 'hx-trigger="every 1s"' in running
    assert "Export of territories (CSV)" in running
    job_execute(job.pk, worker="test")
    done = client.get("/jobs/", HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in done
    assert f'href="/jobs/{job.pk}/file/"' in done
    download = client.get(f"/jobs/{job.pk}/file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\xef\xbb\xbfname,parent")


def test_cancel_from_the_page(client, sales_user):
    signed_in(client, sales_user)
    job = export_enqueue(kind="territories", fmt="csv", filters={}, user=sales_user)
    answer = client.post(f"/jobs/{job.pk}/cancel/")
    assert answer.status_code == 302
    assert Job.objects.get().status == "cancelled"


def test_another_users_job_is_not_found(client, sales_user, reader):
    job = export_enqueue(kind="territories", fmt="csv", filters={}, user=sales_user)
    signed_in(client, reader)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.post(f"/jobs/{job.pk}/cancel/").status_code == 404
    assert Job.objects.get().status == "queued"
    assert "Export of territories" not in client.get("/jobs/").content.decode()


def test_the_page_costs_the_same_queries_for_one_job_or_ten(client, sales_user):
    signed_in(client, sales_user)
    export_enqueue(kind="territories", fmt="csv", filters={}, user=sales_user)
    one = queries_of(client, "/jobs/")
    for _n in range(9):
        export_enqueue(kind="territories", fmt="csv", filters={}, user=sales_user)
    assert queries_of(client, "/jobs/") == one
