"""The import screens in Chromium: an ERPNext export with a bad row uploaded from the
customer list's “Importer”, its columns shown, the dry run's report naming the row, then
the import in good-rows mode run by the worker to its end, the refused rows downloaded."""

import uuid

from playwright.sync_api import Page, expect

from tests.browser.pages import assert_accessible, htmx_settled, screenshot, sign_in


def test_upload_check_fix_and_import(page: Page, worker, tmp_path):
    tag = uuid.uuid4().hex[:6]
    export = tmp_path / "Customer.csv"
    export.write_text(
        "ID,Customer Name,Customer Type,Customer Group,Territory,Email Id\n"
        f"IMP-{tag}-1,Boulangerie {tag},Company,Commercial,France,contact@{tag}.fr\n"
        f"IMP-{tag}-2,Épicerie {tag},Company,Nulle Part,France,\n",
        encoding="utf-8",
    )
    sign_in(page, "manon")
    page.goto("/customers/")
    page.get_by_role("button", name="Importer").click()

    # when the ERPNext export is uploaded
    expect(page.get_by_role("heading", name="Nouvel import", level=1)).to_be_visible()
    page.get_by_label("Fichiers (CSV ou XLSX)").set_input_files(export)
    page.get_by_role("button", name="Envoyer et lire les colonnes").click()

    # then its kind and columns are recognised
    expect(page.get_by_role("heading", name="Customer.csv — Clients")).to_be_visible()
    expect(page.get_by_role("cell", name="customer_group", exact=True)).to_be_visible()
    assert_accessible(page)

    # when it is checked (a dry run, by the worker)
    page.get_by_role("button", name="Vérifier (essai à blanc)").click()

    # then the report names the refused row, and nothing was written
    expect(page.get_by_text("1 ligne serait refusée", exact=False)).to_be_visible(timeout=30_000)
    row = page.get_by_role("row").filter(has_text="Nulle Part")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("customer_group")
    htmx_settled(page)
    screenshot(page, "70-import-dry-run")

    # when the good rows are imported
    page.get_by_label("Mode").select_option("good-rows")
    page.get_by_role("button", name="Importer").click()

    # then the run ends, the good row imported, the refused one offered as a file
    expect(page.get_by_role("heading", name="Terminé", level=2, exact=True)).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_text("Importé.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger les lignes refusées").click()
    assert download.value.suggested_filename == "rejected-Customer.csv"
    lines = open(download.value.path(), encoding="utf-8-sig").read().splitlines()
    assert [line.split(",")[0] for line in lines] == ["ID", f"IMP-{tag}-2"]
    assert_accessible(page)
    screenshot(page, "71-import-done")
    page.goto(f"/customers/?q={tag}")
    expect(page.get_by_role("main").get_by_text("1 client", exact=True)).to_be_visible()
