"""Customer rows prepared in worker processes (``preparation``) are written exactly as rows
prepared in the importing process: same customers, contacts, addresses, search words,
history, errors and duplicates."""

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

from clientele.classification.models import CustomerGroup
from clientele.contacts.models import Address, AddressSearch, Contact, ContactSearch
from clientele.core.models import ChangeLog
from clientele.core.rows import document_words
from clientele.core.work_progress import SilentProgress
from clientele.customers.models import Customer, CustomerSearch
from clientele.transfer import preparation
from clientele.transfer.imports import ImportOptions, import_prepare, import_run
from clientele.transfer.tests.test_imports import CUSTOMERS, write_csv
from clientele.transfer.worker_setup import worker_start

pytestmark = pytest.mark.django_db

HEADER = CUSTOMERS[0]  # ERPNext's labels: code, name, type, group, territory, tax id, …
ROWS = [
    ["C-01", "Boulangerie Martin", "Company", "Commercial", "France", "FR40303265045",
     "contact@martin.fr", "06 12 34 56 78", "12 rue de la Paix", "Paris", "75002", "France"],
    ["C-02", "Éloïse Durand", "Individual", "Individual", "France", "", "eloise@durand.fr",
     "", "3 avenue Foch", "Lyon", "69006", "FR"],
    ["C-03", "Atelier Rivière", "Company", "Nouveaux", "France", "", "a@riviere.fr", "",
     "5 Bunhill Row", "London", "EC1Y 8SY", "Royaume-Uni"],
    ["C-04", "Mauvais Courriel", "Company", "Commercial", "France", "", "pas-un-courriel",
     "", "", "", "", ""],
    ["C-05", "Boulangerie Martin", "Company", "Commercial", "France", "", "", "",
     "1 place Bellecour", "Lyon", "69002", "France"],
    ["C-06", "Groupe Inconnu", "Company", "Personne", "France", "", "", "", "", "", "", ""],
    ["C-07", "Café de la Gare", "Company", "Commercial", "France", "", "gare@cafe.fr",
     "+44 20 7946 0958", "8 quai Gailleton", "Lyon", "69002", "France"],
]  # fmt: skip


def _state(report) -> dict:
    """Everything the import wrote, by codes (keys differ from one run to the next)."""
    codes = dict(Customer.objects.values_list("id", "name"))

    def rows(model, *exclude):
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in ("id", "created_at", "modified_at", *exclude)
        ]
        return list(model.objects.order_by("name").values(*fields))

    def history(row):
        value = json.loads(row.new_value) if row.new_value.startswith("{") else row.new_value
        if isinstance(value, dict) and "links" in value.get("fields", {}):
            value["fields"]["links"] = [[t, codes[pk]] for t, pk in value["fields"]["links"]]
        if isinstance(value, dict) and "import" in value:  # “Import n° 1 (customers.csv)”
            value["import"] = value["import"].split(" (")[1]
        return (row.entity, row.record_name, row.action, value)

    return {
        "customers": rows(
            Customer,
            "customer_group_id",
            "customer_primary_contact_id",
            "customer_primary_address_id",
        ),
        "links": sorted(
            Customer.objects.values_list(
                "name",
                "customer_group__name",
                "customer_primary_contact__name",
                "customer_primary_address__name",
            )
        ),
        "groups": sorted(CustomerGroup.objects.values_list("name", flat=True)),
        "contacts": rows(Contact),
        "addresses": rows(Address),
        "words": {
            (model.__name__, code): document_words(model, pk)
            for model, owner in (
                (CustomerSearch, Customer),
                (ContactSearch, Contact),
                (AddressSearch, Address),
            )  # fmt: skip
            for pk, code in owner.objects.values_list("id", "name")
        },
        "history": sorted(map(history, ChangeLog.objects.exclude(entity="import")), key=str),
        "errors": [(e.row, e.field, e.message, e.value) for e in report.errors],
        "duplicates": [(d.row, d.matches) for d in report.duplicates],
        "created": report.count("customer").created,
    }


def _imported(tmp_path, monkeypatch, *, workers: bool) -> dict:
    """The state after importing ``ROWS`` two by two, in workers or not, rolled back."""
    monkeypatch.setattr(preparation, "POOL_FROM_ROWS", 1 if workers else 1_000_000)
    spawned = []
    monkeypatch.setattr(
        preparation.Preparation, "send_to_workers", _counting(spawned, preparation.Preparation)
    )
    path = write_csv(tmp_path / "customers.csv", [HEADER, *ROWS])
    options = ImportOptions(mode="good-rows", chunk_size=2, create_missing=True)
    with transaction.atomic():
        record = import_prepare(paths=[path], options=options, user=None)
        report = import_run(import_id=record.pk, progress=SilentProgress())
        state = _state(report)
        transaction.set_rollback(True)
    # Four chunks: the last three prepared by a worker, the first while it starts.
    assert len(spawned) == (3 if workers else 0)
    return state


def _counting(calls: list, cls):
    original = cls.send_to_workers

    def send_to_workers(self, ctx, chunk, settings):
        if self._pool is not None:
            calls.append(len(chunk))
        return original(self, ctx, chunk, settings)

    return send_to_workers


def test_rows_prepared_in_workers_are_written_as_rows_prepared_here(tmp_path, monkeypatch):
    with translation.override("fr"):
        # when
        here = _imported(tmp_path, monkeypatch, workers=False)
        in_workers = _imported(tmp_path, monkeypatch, workers=True)
    # then
    assert in_workers == here
    assert here["created"] == 6
    assert here["errors"] == [(5, "email_id", "Adresse e-mail non valide.", "pas-un-courriel")]
    assert here["duplicates"] == [(6, ["C-01 (Boulangerie Martin): name"])]
    assert "Personne" in here["groups"] and "Nouveaux" in here["groups"]
    assert here["words"][("CustomerSearch", "C-07")] >= {"c", "07", "cafe", "gare", "442079460958"}
    assert here["words"][("AddressSearch", "5 Bunhill Row-Billing")] >= {
        "gb",
        "royaume",
        "uni",
        "ec1y8sy",
    }


def _customers_counted() -> int:
    return Customer.objects.count()


def test_a_worker_may_not_read_the_database():
    # A worker would not see what the import's transaction has written so far.
    context = get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context, initializer=worker_start) as pool:
        with pytest.raises(RuntimeError, match="may not read the database"):
            pool.submit(_customers_counted).result()


WORKER_THEN_WAIT = """
import os, time
import django
django.setup()
from clientele.transfer.preparation import Preparation
with Preparation(1) as preparation:
    print(preparation._pool.submit(os.getpid).result(), flush=True)
    time.sleep(120)
"""


def _running(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_a_worker_stops_when_the_importing_process_is_killed():
    # given an importing process and its worker
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "clientele.settings"}
    importing = subprocess.Popen(
        [sys.executable, "-c", WORKER_THEN_WAIT], stdout=subprocess.PIPE, env=environment
    )
    worker = int(importing.stdout.readline())
    assert _running(worker)
    # when
    importing.kill()
    importing.wait()
    # then
    deadline = time.monotonic() + 15
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _running(worker)
