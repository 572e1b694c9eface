"""The jobs' and exports' REST routes: lifecycle, download, cancel, who sees what."""

import pytest

from clientele.jobs.api import job_out
from clientele.jobs.models import Job
from clientele.jobs.work import job_execute
from clientele.transfer.exports import export_enqueue

pytestmark = pytest.mark.django_db


def _export(client, **body) -> dict:
    response = client.post("/exports/", json={"kind": "territories", "format": "csv", **body})
    assert response.status_code == 202, response.text
    return response.json()


def test_an_export_is_queued_followed_and_downloaded(manager_api):
    # when a master manager asks for an export
    queued = _export(manager_api)
    # then its job is queued, theirs
    assert {k: queued[k] for k in ("kind", "label", "user", "status", "done", "total", "file")} == {
        "kind": "export",
        "label": "Export of territories (CSV)",
        "user": "manon",
        "status": "queued",
        "done": 0,
        "total": None,
        "file": None,
    }
    assert manager_api.get(f"/jobs/{queued['id']}/file").status_code == 404
    # when a worker ran it
    job_execute(queued["id"], worker="test")
    done = manager_api.get(f"/jobs/{queued['id']}").json()
    # then it shows its counts and its file
    assert (done["status"], done["total"], done["done"], done["percent"]) == ("done", 8, 8, 100)
    assert done["report"] == {"kind": "territories", "format": "csv", "rows": 8}
    assert done["file"] == f"/api/v1/jobs/{queued['id']}/file"
    download = manager_api.get(f"/jobs/{queued['id']}/file")
    assert download.status_code == 200
    assert download.headers["content-disposition"] == 'attachment; filename="territories.csv"'
    assert download.content.startswith(
        b"\xef\xbb\xbfname,parent_territory,is_group,territory_manager\r\n"
    )
    assert len(download.content.splitlines()) == 9


def test_a_customer_export_takes_the_lists_filters(api):
    # when
    job = _export(
        api, kind="customers", format="xlsx", filters={"territory": "France", "disabled": False}
    )
    # then
    assert Job.objects.get(pk=job["id"]).params == {
        "kind": "customers",
        "format": "xlsx",
        "filters": {"territory": "France", "disabled": False},
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "suppliers"}, "kind"),
        ({"format": "ods"}, "format"),
        ({"kind": "customers", "filters": {"customer_group": "Nowhere"}}, "customer_group"),
        ({"kind": "customers", "filters": {"colour": "red"}}, "filters.colour"),
        ({"kind": "contacts", "filters": {"q": "x"}}, "q"),
    ],
)
def test_a_wrong_export_is_refused_and_nothing_is_queued(api, body, field):
    # when
    response = api.post("/exports/", json={"kind": "territories", **body})
    # then
    assert response.status_code == 422, response.text
    assert list(response.json()["errors"]) == [field]
    assert Job.objects.count() == 0


def test_others_jobs_are_unknown_to_a_user_but_seen_by_a_manager(
    sales_api, sales_user, reader_api, manager_api
):
    # given a job of the sales user (queued by the service: exporting through the API
    # needs an exporter's role, and every exporter sees everyone's jobs)
    job = job_out(export_enqueue(kind="territories", fmt="csv", filters={}, user=sales_user))
    # then another user neither sees, cancels nor downloads it
    assert reader_api.get("/jobs/").json() == {"count": 0, "items": []}
    for method, path in (("get", ""), ("post", "/cancel"), ("get", "/file")):
        response = getattr(reader_api, method)(f"/jobs/{job['id']}{path}")
        assert response.status_code == 404, (method, path)
    assert Job.objects.get(pk=job["id"]).status == "queued"
    # and a manager sees it among all
    listed = manager_api.get("/jobs/").json()
    assert (listed["count"], listed["items"][0]["id"]) == (1, job["id"])
    assert sales_api.get("/jobs/?status=done").json()["count"] == 0


def test_cancel_a_queued_job_then_refused_once_ended(sales_api, sales_user):
    # given a job of the sales user's
    job = job_out(export_enqueue(kind="territories", fmt="csv", filters={}, user=sales_user))
    # when
    cancelled = sales_api.post(f"/jobs/{job['id']}/cancel")
    again = sales_api.post(f"/jobs/{job['id']}/cancel")
    # then
    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["cancel_requested"]) == ("cancelled", True)
    assert again.status_code == 409
    assert again.json()["detail"] == (
        "This job has already ended (cancelled): there is nothing to cancel."
    )
    # and a worker reaching it later does not run it
    job_execute(job["id"], worker="test")
    assert Job.objects.get(pk=job["id"]).done == 0


def test_jobs_need_a_login(anonymous):
    assert anonymous.get("/jobs/").status_code == 401
    assert anonymous.post("/exports/", json={"kind": "territories"}).status_code == 401
    assert Job.objects.count() == 0


def test_exporting_needs_an_exporters_role(sales_api):
    # when a sales user (who reads every customer) asks for a whole list
    response = sales_api.post("/exports/", json={"kind": "customers"})
    # then it is refused and nothing is queued
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "This needs one of these roles: Sales Master Manager, System Manager."
    )
    assert Job.objects.count() == 0
