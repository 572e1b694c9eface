"""Customer codes: by naming series or by customer name, explicit codes, rename (SPEC §3.2)."""

from urllib.parse import quote

import pytest

from clientele.core.models import SeriesCounter
from clientele.customers.models import Customer
from clientele.customers.tests.builders import COMPANY, RECEIVABLE, db_state, series_code, year


def _create(api, **data) -> str:
    response = api.post("/customers/", json=data)
    assert response.status_code == 201, response.text
    return response.json()["name"]


def test_series_hands_out_consecutive_codes(api):
    codes = [_create(api, customer_name=f"Client {i}") for i in range(3)]
    assert codes == [series_code(1), series_code(2), series_code(3)]
    assert SeriesCounter.objects.get(prefix=f"CUST-{year()}-").current == 3


def test_refused_creation_does_not_use_a_number(api):
    _create(api, customer_name="Premier")
    refused = api.post("/customers/", json={"customer_name": "Raté", "tax_id": "FR123"})
    assert refused.status_code == 422
    assert _create(api, customer_name="Deuxième") == series_code(2)


def test_naming_series_override_must_exist(api):
    # given a second series for customers
    added = api.post("/naming-series/", json={"name": "CLI-.YY.-.####"})
    assert added.status_code == 201, added.text
    # when
    code = _create(api, customer_name="Durand", naming_series="CLI-.YY.-.####")
    # then
    assert code == f"CLI-{year() % 100:02d}-0001"
    assert api.get(f"/customers/{code}").json()["naming_series"] == "CLI-.YY.-.####"
    # and the default series kept its own counter
    assert _create(api, customer_name="Dupont") == series_code(1)


def test_unknown_naming_series_is_refused(api):
    before = db_state()
    response = api.post(
        "/customers/", json={"customer_name": "Durand", "naming_series": "ZZZ-.####"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["naming_series"]
    assert db_state() == before


def test_series_skips_codes_already_taken_after_a_counter_reset(api):
    # given two customers, then a manager sets the counter back
    _create(api, customer_name="A")
    _create(api, customer_name="B")
    reset = api.put(
        f"/naming-series/counters/{quote(f'CUST-{year()}-', safe='')}", json={"current": 0}
    )
    assert reset.status_code == 200, reset.text
    # when / then the next free number is used
    assert _create(api, customer_name="C") == series_code(3)


def test_explicit_code_is_used_and_spends_no_series_number(api):
    assert _create(api, name="ACME-001", customer_name="Acme") == "ACME-001"
    assert api.get("/customers/ACME-001").json()["naming_series"] == ""
    assert _create(api, customer_name="Durand") == series_code(1)


@pytest.mark.parametrize("taken", ["ACME-001", "acme-001", " ACME-001 "])
def test_duplicate_explicit_code_is_409_and_writes_nothing(api, taken):
    _create(api, name="ACME-001", customer_name="Acme")
    before = db_state()
    response = api.post("/customers/", json={"name": taken, "customer_name": "Autre"})
    assert response.status_code == 409, response.text
    assert list(response.json()["errors"]) == ["name"]
    assert db_state() == before


def test_series_code_already_given_explicitly_is_skipped(api):
    _create(api, name=series_code(1), customer_name="Importé")
    assert _create(api, customer_name="Nouveau") == series_code(2)


def test_by_customer_name_homonyms_get_numbered_suffixes(api, by_customer_name):
    assert _create(api, customer_name="X") == "X"
    assert _create(api, customer_name="X") == "X-1"
    assert _create(api, customer_name="X") == "X-2"
    assert [c.customer_name for c in Customer.objects.order_by("id")] == ["X", "X", "X"]


def test_by_customer_name_suffix_follows_the_highest_in_use(api, by_customer_name):
    _create(api, customer_name="X")
    _create(api, name="X-3", customer_name="X")
    _create(api, name="X-TRA", customer_name="X")
    assert _create(api, customer_name="X") == "X-4"


def test_by_customer_name_ignores_case(api, by_customer_name):
    assert _create(api, customer_name="X") == "X"
    assert _create(api, customer_name="x") == "x-1"
    assert _create(api, customer_name="X") == "X-2"


def test_by_customer_name_trims_the_name(api, by_customer_name):
    code = _create(api, customer_name="  Boulangerie Martin  ")
    assert code == "Boulangerie Martin"
    assert api.get(f"/customers/{quote(code, safe='')}").json()["customer_name"] == (
        "Boulangerie Martin"
    )


def test_by_customer_name_keeps_names_with_special_characters(api, by_customer_name):
    name = "Dupont & Fils / Ré"
    assert _create(api, customer_name=name) == name
    assert _create(api, customer_name=name) == f"{name}-1"
    read = api.get(f"/customers/{quote(name + '-1', safe='')}")
    assert (read.status_code, read.json()["customer_name"]) == (200, name)


def test_by_customer_name_a_name_too_long_for_a_suffix_is_refused(api, by_customer_name):
    long_name = "A" * 140
    assert _create(api, customer_name=long_name) == long_name
    before = db_state()
    response = api.post("/customers/", json={"customer_name": long_name})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["customer_name"]
    assert db_state() == before


def test_by_customer_name_explicit_code_wins(api, by_customer_name):
    assert _create(api, name="DUR-1", customer_name="Durand") == "DUR-1"


def test_naming_switch_goes_through_selling_settings(api):
    switched = api.patch("/selling-settings/", json={"customer_naming_by": "Customer Name"})
    assert switched.status_code == 200, switched.text
    assert _create(api, customer_name="Durand") == "Durand"
    back = api.patch("/selling-settings/", json={"customer_naming_by": "Naming Series"})
    assert back.status_code == 200
    assert _create(api, customer_name="Durand") == series_code(1)


def test_rename_keeps_child_rows_and_history(api, refs):
    # given
    code = _create(
        api,
        customer_name="Durand",
        credit_limits=[{"company": COMPANY, "credit_limit": "1000"}],
        accounts=[{"company": COMPANY, "account": RECEIVABLE}],
        sales_team=[{"sales_person": "Alice", "allocated_percentage": "100"}],
    )
    old = api.get(f"/customers/{code}").json()
    # when
    response = api.post(f"/customers/{code}/rename", json={"new_name": "  DURAND-PARIS "})
    # then
    assert response.status_code == 200, response.text
    renamed = response.json()
    assert renamed["name"] == "DURAND-PARIS"
    same = ("credit_limits", "accounts", "sales_team", "customer_name", "created_at")
    assert {k: renamed[k] for k in same} == {k: old[k] for k in same}
    assert api.get(f"/customers/{code}").status_code == 404
    history = api.get("/customers/DURAND-PARIS/history").json()
    assert history[0]["action"] == "create" and history[0]["record_name"] == code
    assert [(h["action"], h["field"], h["old_value"], h["new_value"]) for h in history[-1:]] == [
        ("rename", "name", code, "DURAND-PARIS")
    ]


def test_rename_makes_the_new_code_searchable(api):
    code = _create(api, customer_name="Durand")
    api.post(f"/customers/{code}/rename", json={"new_name": "ZORGLUB-7"})
    found = api.get("/customers/", params={"q": "zorglub"}).json()
    assert [c["name"] for c in found["items"]] == ["ZORGLUB-7"]


@pytest.mark.parametrize("taken", ["ACME", "acme"])
def test_rename_onto_a_taken_code_is_409(api, taken):
    _create(api, name="ACME", customer_name="Acme")
    code = _create(api, customer_name="Durand")
    before = db_state()
    response = api.post(f"/customers/{code}/rename", json={"new_name": taken})
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["new_name"]
    assert db_state() == before
    assert api.get(f"/customers/{code}").status_code == 200


@pytest.mark.parametrize(("new_name", "status"), [("   ", 422), ("A" * 141, 422), ("", 422)])
def test_rename_to_an_empty_or_too_long_code_is_refused(api, new_name, status):
    code = _create(api, customer_name="Durand")
    before = db_state()
    response = api.post(f"/customers/{code}/rename", json={"new_name": new_name})
    assert response.status_code == status
    assert list(response.json()["errors"]) == ["new_name"]
    assert db_state() == before


def test_rename_changing_only_the_case_is_allowed(api):
    _create(api, name="acme", customer_name="Acme")
    response = api.post("/customers/acme/rename", json={"new_name": "ACME"})
    assert (response.status_code, response.json()["name"]) == (200, "ACME")


UNREADABLE_CODES = [
    (
        "Atelier/history",
        "A code cannot end with “/history”: that address leads to another record's history.",
    ),
    (
        "Atelier/defaults",
        "A code cannot end with “/defaults”: that address leads to another record's defaults.",
    ),
    ("..", "A code cannot have “.” or “..” between slashes: web addresses drop them."),
    ("A/./B", "A code cannot have “.” or “..” between slashes: web addresses drop them."),
]


@pytest.mark.parametrize(("code", "message"), UNREADABLE_CODES)
def test_a_code_its_address_could_not_reach_is_refused(api, code, message):
    # given
    before = db_state()
    # when
    response = api.post("/customers/", json={"name": code, "customer_name": "Atelier"})
    # then
    assert (response.status_code, response.json()["errors"]) == (422, {"name": [message]})
    assert db_state() == before


@pytest.mark.parametrize(("code", "message"), UNREADABLE_CODES)
def test_a_rename_its_address_could_not_reach_is_refused(api, code, message):
    # given
    old = _create(api, customer_name="Atelier")
    before = db_state()
    # when
    response = api.post(f"/customers/{old}/rename", json={"new_name": code})
    # then
    assert (response.status_code, response.json()["errors"]) == (422, {"new_name": [message]})
    assert db_state() == before


@pytest.mark.parametrize("code", ["Atelier/History", "Atelier/historique", "history", "/A", "A/"])
def test_codes_near_a_sub_address_are_accepted_and_read_back(api, code):
    assert _create(api, name=code, customer_name="Atelier") == code
    read = api.get(f"/customers/{quote(code, safe='')}")
    assert (read.status_code, read.json()["name"]) == (200, code)


@pytest.mark.parametrize(
    ("customer_name", "code"),
    [("Atelier/history", "Atelier/history-1"), ("Atelier/./Sud", "Atelier/-/Sud")],
)
def test_by_customer_name_a_code_is_made_that_its_address_reaches(
    api, by_customer_name, customer_name, code
):
    assert _create(api, customer_name=customer_name) == code
    read = api.get(f"/customers/{quote(code, safe='')}")
    assert (read.status_code, read.json()["customer_name"]) == (200, customer_name)
