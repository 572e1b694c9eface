"""``/api/v1/imports``: an upload queued as a dry run, its report, the run for real, the
refused rows; refusals that keep nothing; who sees which import."""

import io
import json
import zipfile

import pytest

from clientele.customers.models import Customer
from clientele.jobs.models import Job
from clientele.jobs.work import job_execute
from clientele.transfer.models import Import

pytestmark = pytest.mark.django_db

CUSTOMERS = (
    "Customer Name,Customer Group,Territory,Colour\r\n"
    "Boulangerie Alpha,Commercial,France,red\r\n"
    "Sans Groupe,Nowhere,France,blue\r\n"
    "Boulangerie Beta,Commercial,France,green\r\n"
)
CONTACTS = (
    "First Name,Last Name,Email Address,Link Document Type,Link Name\r\n"
    "Paul,Martin,not-an-email,Customer,CUST-NONE\r\n"
)


def _files(*named: tuple[str, str]) -> list:
    return [("files", (name, text.encode("utf-8"), "text/csv")) for name, text in named]


def _upload(client, *named: tuple[str, str], **options) -> dict:
    data = {
        key: str(value).lower() if isinstance(value, bool) else value
        for key, value in options.items()
    }
    answer = client.post("/imports/", files=_files(*named), data=data)
    assert answer.status_code == 202, answer.text
    return answer.json()


def _kept_files(job_files) -> list:
    folder = job_files / "imports"
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_a_dry_run_then_the_real_import(manager_api, master_manager, job_files):
    # when a master manager uploads a file with one bad row, for a dry run
    queued = _upload(manager_api, ("customers.csv", CUSTOMERS), dry_run=True, mode="good-rows")
    # then the import is kept with its job queued
    assert {k: queued[k] for k in ("label", "user", "status", "files", "report", "rejected")} == {
        "label": f"Import #{queued['id']} (customers.csv)",
        "user": "manon",
        "status": "queued",
        "files": ["customers.csv"],
        "report": None,
        "rejected": None,
    }
    assert queued["options"] == {
        "dry_run": True,
        "mode": "good-rows",
        "match": "code",
        "create_missing": False,
        "kind": "",
        "mapping": {},
    }
    job = queued["job"]
    assert (job["kind"], job["status"], job["label"]) == (
        "import",
        "queued",
        f"Import #{queued['id']} (customers.csv) (dry run)",
    )
    # when a worker ran it
    job_execute(job["id"], worker="test")
    checked = manager_api.get(f"/imports/{queued['id']}").json()
    # then its report says what would happen, and nothing was written
    assert checked["status"] == "refused"
    assert checked["job"]["status"] == "done"
    assert (checked["job"]["total"], checked["job"]["done"], checked["job"]["errors"]) == (3, 3, 1)
    report = checked["report"]
    assert report["dry_run"] is True
    assert report["counts"] == {
        "customer": {"created": 2, "updated": 0, "errors": 1, "duplicates": 0}
    }
    assert report["errors"] == [
        {
            "file": "customers.csv",
            "row": 3,
            "field": "customer_group",
            "message": "No customer group named “Nowhere”.",
            "value": "Nowhere",
        }
    ]
    assert report["files"][0]["unknown"] == ["Colour"]
    assert report["rejected"] == ["rejected-customers.csv"]
    assert checked["job"]["errors_so_far"] == report["errors"]
    assert not Customer.objects.filter(customer_name__startswith="Boulangerie").exists()
    rejected = manager_api.get(f"/imports/{queued['id']}/rejected")
    assert rejected.status_code == 200
    assert rejected.content.decode("utf-8-sig").splitlines() == [
        "Customer Name,Customer Group,Territory,Colour,Error",
        "Sans Groupe,Nowhere,France,blue,customer_group: No customer group named “Nowhere”.",
    ]
    # when it is run for real
    started = manager_api.post(f"/imports/{queued['id']}/run")
    assert started.status_code == 202, started.text
    real = started.json()
    assert (real["status"], real["report"], real["options"]["dry_run"]) == ("queued", None, False)
    assert real["job"]["id"] != job["id"] and real["job"]["label"] == real["label"]
    job_execute(real["job"]["id"], worker="test")
    done = manager_api.get(f"/imports/{queued['id']}").json()
    # then the good rows are imported, once
    assert (done["status"], done["report"]["dry_run"]) == ("done", False)
    assert done["report"]["counts"]["customer"]["created"] == 2
    assert sorted(
        Customer.objects.filter(customer_name__startswith="Boulangerie").values_list(
            "customer_name", flat=True
        )
    ) == ["Boulangerie Alpha", "Boulangerie Beta"]
    # and it cannot be run again
    again = manager_api.post(f"/imports/{queued['id']}/run")
    assert again.status_code == 409
    assert Job.objects.filter(kind="import").count() == 2


def test_an_all_or_nothing_import_refused_may_run_again(manager_api):
    queued = _upload(manager_api, ("customers.csv", CUSTOMERS))
    job_execute(queued["job"]["id"], worker="test")
    refused = manager_api.get(f"/imports/{queued['id']}").json()
    assert refused["status"] == "refused"
    assert refused["report"]["message"].startswith("Refused: 1 row has errors")
    assert not Customer.objects.filter(customer_name__startswith="Boulangerie").exists()
    # a refused all-or-nothing import wrote nothing: it may be run again
    assert manager_api.post(f"/imports/{queued['id']}/run").status_code == 202
    # but not while that run waits
    busy = manager_api.post(f"/imports/{queued['id']}/run")
    assert busy.status_code == 409
    assert busy.json()["detail"] == "This import is already queued or running: wait for its end."


def test_several_refused_files_come_as_one_zip(manager_api):
    queued = _upload(
        manager_api,
        ("customers.csv", CUSTOMERS),
        ("contacts.csv", CONTACTS),
        dry_run=True,
    )
    job_execute(queued["job"]["id"], worker="test")
    answer = manager_api.get(f"/imports/{queued['id']}/rejected")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"] == 'attachment; filename="rejected.zip"'
    names = zipfile.ZipFile(io.BytesIO(answer.content)).namelist()
    assert sorted(names) == ["rejected-contacts.csv", "rejected-customers.csv"]


def test_a_mapping_given_as_json(manager_api):
    queued = _upload(
        manager_api, ("customers.csv", CUSTOMERS), dry_run=True, mapping=json.dumps({"Colour": "-"})
    )
    job_execute(queued["job"]["id"], worker="test")
    report = manager_api.get(f"/imports/{queued['id']}").json()["report"]
    assert (report["files"][0]["ignored"], report["files"][0]["unknown"]) == (["Colour"], [])


@pytest.mark.parametrize(
    ("options", "files", "field"),
    [
        ({"mode": "some"}, [("c.csv", CUSTOMERS)], "mode"),
        ({"match": "email"}, [("c.csv", CUSTOMERS)], "match"),
        ({"kind": "supplier"}, [("c.csv", CUSTOMERS)], "kind"),
        ({"mapping": "{not json"}, [("c.csv", CUSTOMERS)], "mapping"),
        ({"mapping": '{"Colour": "favourite_colour"}'}, [("c.csv", CUSTOMERS)], "mapping"),
        ({}, [("notes.csv", "Remark,Colour\r\nhello,red\r\n")], "files"),
        ({}, [("empty.csv", "")], "files"),
        ({}, [], "files"),
    ],
)
def test_a_bad_upload_is_refused_and_nothing_is_kept(manager_api, job_files, options, files, field):
    # when
    answer = manager_api.post("/imports/", files=_files(*files) or None, data=options)
    # then
    assert answer.status_code == 422, answer.text
    assert list(answer.json()["errors"]) == [field]
    assert (Import.objects.count(), Job.objects.count()) == (0, 0)
    assert _kept_files(job_files) == []


# (by the length the request announces, before reading it; by the files' size)
@pytest.mark.parametrize("rows", [40_000, 30_000])
def test_files_over_the_limit_are_refused_with_413(manager_api, settings, job_files, rows):
    settings.IMPORT_UPLOAD_MAX_BYTES = 1024 * 1024
    big = "Customer Name\r\n" + "Boulangerie du coin qui vend du pain\r\n" * rows
    answer = manager_api.post("/imports/", files=_files(("c.csv", big)))
    assert answer.status_code == 413
    assert answer.json() == {
        "detail": "The files are too large: 1 MB at most in one import.",
        "errors": {"files": ["At most 1 MB."]},
    }
    assert (Import.objects.count(), Job.objects.count()) == (0, 0)
    assert _kept_files(job_files) == []


def test_anothers_import_is_unknown_but_a_manager_sees_it(manager_api, reader_api, api):
    queued = _upload(manager_api, ("customers.csv", CUSTOMERS), dry_run=True)
    for path in ("", "/rejected"):
        assert reader_api.get(f"/imports/{queued['id']}{path}").status_code == 404
    # running it needs an importer's role, refused before the import is looked up
    assert reader_api.post(f"/imports/{queued['id']}/run").status_code == 403
    assert Job.objects.count() == 1
    assert reader_api.get("/imports/").json() == {"count": 0, "items": []}
    assert api.get(f"/imports/{queued['id']}").json()["user"] == "manon"
    assert [i["id"] for i in api.get("/imports/").json()["items"]] == [queued["id"]]


def test_nothing_without_signing_in(anonymous):
    assert anonymous.post("/imports/", files=_files(("c.csv", CUSTOMERS))).status_code == 401
    assert Import.objects.count() == 0
