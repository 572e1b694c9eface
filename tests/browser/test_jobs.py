"""Exports and the jobs page in Chromium: the customer list's “Exporter” starts a job, its
progress shows until the download link; the “Tâches” page lists it; a worker process runs
it, as ``./run.sh`` starts one beside the server."""

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import Server, assert_accessible, screenshot, sign_in


@pytest.fixture
def customer(server: Server) -> str:
    tag = uuid.uuid4().hex[:6]
    name = f"Export Martin {tag}"
    with server.api() as api:
        answer = api.post("/customers/", json={"customer_name": name, "territory": "Belgium"})
        assert answer.status_code == 201, answer.text
    return tag


def test_export_the_filtered_list_then_find_it_among_the_jobs(page: Page, worker, customer):
    sign_in(page, "manon")
    page.goto(f"/customers/?q={customer}")
    expect(page.get_by_role("main").get_by_text("1 client", exact=True)).to_be_visible()

    # when the filtered list is exported to XLSX
    page.get_by_label("Format d'export").select_option("xlsx")
    page.get_by_role("button", name="Exporter").click()

    # then its progress shows until the file can be downloaded
    link = page.get_by_role("link", name="Télécharger customers.xlsx")
    expect(link).to_be_visible(timeout=30_000)
    expect(page.get_by_role("status")).to_contain_text("1 sur 1")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "customers.xlsx"
    assert_accessible(page)

    # and the jobs page, found from the home page, lists it, done
    page.goto("/")
    page.get_by_role("link", name="Tâches").first.click()
    expect(page.get_by_role("heading", name="Tâches", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Export des clients (XLSX)").first
    expect(row).to_contain_text("terminée")
    expect(row.get_by_role("link", name="Télécharger customers.xlsx")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "60-jobs")
