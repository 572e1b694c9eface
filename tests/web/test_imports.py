"""The import screens through Django's client: upload, the columns and their mapping, the
dry run's report, the real run, the refused rows; refusals, strangers, the query count."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clientele.customers.models import Customer
from clientele.jobs.models import Job
from clientele.jobs.work import job_execute
from clientele.transfer.import_jobs import import_upload
from clientele.transfer.imports import ImportOptions
from clientele.transfer.models import Import
from tests.web.settings_helpers import queries_of, signed_in

pytestmark = pytest.mark.django_db

CUSTOMERS = (
    "ID,Customer Name,Customer Group,Territory,Colour\r\n"
    "CUST-W-1,Boulangerie Alpha,Commercial,France,red\r\n"
    "CUST-W-2,Sans Groupe,Nowhere,France,blue\r\n"
)


@pytest.fixture(autouse=True)
def job_files(settings, tmp_path):
    settings.JOB_FILES_DIR = tmp_path / "jobs"
    return settings.JOB_FILES_DIR


def _csv(text: str = CUSTOMERS, name: str = "customers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def _uploaded(user, text: str = CUSTOMERS) -> Import:
    return import_upload(files=[_csv(text)], options=ImportOptions(), user=user)


def _kept(job_files) -> list:
    folder = job_files / "imports"
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_an_upload_keeps_the_files_and_shows_their_columns(client, master_manager, job_files):
    signed_in(client, master_manager)
    # when
    answer = client.post(
        "/imports/new/",
        {"uploads": [_csv()], "mode": "good-rows", "match": "tax-id", "create_missing": "on"},
    )
    # then the import is kept, not run, and its page shows how each column is read
    record = Import.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/imports/{record.pk}/"
    assert (record.user, record.job, record.report) == (master_manager, None, {})
    assert [f["name"] for f in record.files] == ["customers.csv"]
    assert record.options == {
        "dry_run": False,
        "mode": "good-rows",
        "match": "tax-id",
        "create_missing": True,
        "mapping": {},
        "kind": "",
        "chunk_size": 2000,
    }
    assert _kept(job_files) == sorted([str(record.pk), "00-customers.csv"])
    page = client.get(f"/imports/{record.pk}/").content.decode()
    assert "customers.csv — Customers" in page
    assert "<td>Customer Name</td><td><code>customer_name</code></td>" in page
    assert '<label for="id_column-0">Colour</label>' in page
    assert "Check (dry run)" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "all"}, "This field is required."),
        ({"uploads": "x", "mode": "some"}, "Select a valid choice."),
    ],
)
def test_a_bad_upload_form_is_refused(client, master_manager, job_files, data, message):
    signed_in(client, master_manager)
    answer = client.post("/imports/new/", data)
    assert answer.status_code == 422
    assert message in answer.content.decode()
    assert (Import.objects.count(), _kept(job_files)) == (0, [])


def test_an_unreadable_file_is_refused_and_nothing_kept(client, master_manager, job_files):
    signed_in(client, master_manager)
    files = [_csv("Remark,Note\r\nhi,there\r\n")]
    answer = client.post("/imports/new/", {"uploads": files, "mode": "all", "match": "code"})
    assert answer.status_code == 422
    assert "its columns tell no kind of record" in answer.content.decode()
    assert (Import.objects.count(), Job.objects.count(), _kept(job_files)) == (0, 0, [])


def test_too_large_an_upload_is_refused_before_reading_it(client, master_manager, settings):
    signed_in(client, master_manager)
    settings.IMPORT_UPLOAD_MAX_BYTES = 1024 * 1024
    big = "Customer Name\r\n" + "Boulangerie du coin qui vend du pain\r\n" * 40_000
    answer = client.post("/imports/new/", {"uploads": [_csv(big)], "mode": "all", "match": "code"})
    assert answer.status_code == 413
    assert "The files are too large: 1 MB at most in one import." in answer.content.decode()
    assert Import.objects.count() == 0


def test_check_maps_a_column_and_queues_a_dry_run_then_shows_its_report(client, master_manager):
    signed_in(client, master_manager)
    record = _uploaded(master_manager)
    # when the unknown column is left out and the import checked
    answer = client.post(f"/imports/{record.pk}/check/", {"column-0": ""}, HTTP_HX_REQUEST="true")
    # then a dry run is queued with the mapping, and the page follows its job
    assert answer.status_code == 202
    record.refresh_from_db()
    job = record.job
    assert (job.kind, job.status, job.params) == (
        "import",
        "queued",
        {"import_id": record.pk, "dry_run": True, "mode": "all"},
    )
    assert record.options["mapping"] == {"Colour": "-"}
    assert record.options["dry_run"] is True
    html = answer.content.decode()
    assert f'hx-get="/imports/{record.pk}/"' in html and 'hx-trigger="every 1s"' in html
    # when the worker ran it
    job_execute(job.pk, worker="test")
    page = client.get(f"/imports/{record.pk}/", HTTP_HX_REQUEST="true").content.decode()
    # then the report shows the refused row, nothing written, and offers the real run
    assert "every 1s" not in page
    assert "Dry run: nothing was written; 1 row would be refused." in page
    assert '<td data-label="Row">3</td>' in page
    assert "No customer group named “Nowhere”." in page
    assert f'href="/imports/{record.pk}/rejected/"' in page
    assert "Run the import" in page
    assert not Customer.objects.filter(name__startswith="CUST-W-").exists()
    download = client.get(f"/imports/{record.pk}/rejected/")
    rows = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[1] == (
        "CUST-W-2,Sans Groupe,Nowhere,France,blue,"
        "customer_group: No customer group named “Nowhere”."
    )


def test_after_a_dry_run_the_columns_are_mapped_again_and_checked_again(client, master_manager):
    signed_in(client, master_manager)
    record = _uploaded(master_manager)
    client.post(f"/imports/{record.pk}/check/", {"column-0": ""})
    record.refresh_from_db()
    job_execute(record.job.pk, worker="test")
    # when the report is shown, then the unknown column may be mapped again
    page = client.get(f"/imports/{record.pk}/").content.decode()
    assert "Map the columns again and check again" in page
    assert '<label for="id_column-0">Colour</label>' in page
    # when it is mapped to a field and checked again
    answer = client.post(f"/imports/{record.pk}/check/", {"column-0": "customer_details"})
    # then a second dry run is queued with the new mapping, which the form then holds
    assert (answer.status_code, answer["Location"]) == (302, f"/imports/{record.pk}/")
    record.refresh_from_db()
    assert record.options["mapping"] == {"Colour": "customer_details"}
    assert (record.job.status, record.job.params["dry_run"]) == ("queued", True)
    job_execute(record.job.pk, worker="test")
    page = client.get(f"/imports/{record.pk}/").content.decode()
    assert '<option value="customer_details" selected>customer_details</option>' in page
    assert not Customer.objects.filter(name__startswith="CUST-W-").exists()


def test_run_for_real_in_good_rows_mode(client, master_manager):
    signed_in(client, master_manager)
    record = _uploaded(master_manager)
    client.post(f"/imports/{record.pk}/check/", {"column-0": ""})
    job_execute(Import.objects.get(pk=record.pk).job_id, worker="test")
    # when
    answer = client.post(f"/imports/{record.pk}/run/", {"mode": "good-rows"})
    # then
    assert answer.status_code == 302
    record.refresh_from_db()
    assert (record.options["mode"], record.options["dry_run"]) == ("good-rows", False)
    job_execute(record.job_id, worker="test")
    assert list(
        Customer.objects.filter(name__startswith="CUST-W-").values_list("name", "customer_name")
    ) == [("CUST-W-1", "Boulangerie Alpha")]
    page = client.get(f"/imports/{record.pk}/").content.decode()
    assert "Imported." in page and "Run the import" not in page
    # and once run, it is not run again
    again = client.post(f"/imports/{record.pk}/run/", {"mode": "good-rows"})
    assert again.status_code == 409
    assert "This import has already been run" in again.content.decode()
    assert Job.objects.count() == 2


def test_a_bad_mode_is_refused_and_nothing_queued(client, master_manager):
    signed_in(client, master_manager)
    record = _uploaded(master_manager)
    answer = client.post(f"/imports/{record.pk}/run/", {"mode": "most"})
    assert answer.status_code == 422
    assert Job.objects.count() == 0
    answer = client.post(f"/imports/{record.pk}/check/", {"column-0": "favourite"})
    assert answer.status_code == 422
    assert (Job.objects.count(), Import.objects.get().options["mapping"]) == (0, {})


def test_anonymous_is_sent_to_sign_in(client, master_manager):
    record = _uploaded(master_manager)
    for url in ("/imports/", "/imports/new/", f"/imports/{record.pk}/"):
        answer = client.get(url)
        assert answer.status_code == 302 and answer["Location"].startswith("/login/")
    assert client.post(f"/imports/{record.pk}/check/", {}).status_code == 302
    assert Job.objects.count() == 0


def test_anothers_import_is_not_found(client, master_manager, reader):
    record = _uploaded(master_manager)
    signed_in(client, reader)
    for url in (f"/imports/{record.pk}/", f"/imports/{record.pk}/rejected/"):
        assert client.get(url).status_code == 404
    # running it needs an importer's role, refused before the import is looked up
    assert client.post(f"/imports/{record.pk}/check/", {"column-0": ""}).status_code == 403
    assert client.post(f"/imports/{record.pk}/run/", {"mode": "all"}).status_code == 403
    assert Job.objects.count() == 0
    assert record.label not in client.get("/imports/").content.decode()


def test_the_list_shows_ones_imports_newest_first_at_constant_queries(client, master_manager):
    signed_in(client, master_manager)
    first = _uploaded(master_manager)
    one = queries_of(client, "/imports/")
    for _n in range(5):
        record = _uploaded(master_manager)
        client.post(f"/imports/{record.pk}/check/", {"column-0": ""})
    assert queries_of(client, "/imports/") == one
    html = client.get("/imports/").content.decode()
    assert html.index(f"/imports/{record.pk}/") < html.index(f"/imports/{first.pk}/")
    assert "Not run yet" in html and "Queued (dry run)" in html


def test_the_customer_list_and_the_home_page_lead_to_imports(client, master_manager):
    signed_in(client, master_manager)
    assert 'href="/imports/new/"' in client.get("/customers/").content.decode()
    assert 'href="/imports/"' in client.get("/").content.decode()


def test_the_jobs_page_links_an_imports_job_to_its_page(client, master_manager):
    signed_in(client, master_manager)
    record = _uploaded(master_manager)
    client.post(f"/imports/{record.pk}/check/", {"column-0": ""})
    html = client.get("/jobs/").content.decode()
    label = f"Import #{record.pk} (customers.csv) (dry run)"
    assert f'<a href="/imports/{record.pk}/">{label}</a>' in html
