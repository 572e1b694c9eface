"""Merging a customer into another (SPEC §3.2, issue 3 §6): dry run, moves, refusals, roles."""

import pytest

from clientele.contacts.models import Address, Contact
from clientele.core.models import ChangeLog
from clientele.customers.models import (
    Customer,
    CustomerAccount,
    CustomerCreditLimit,
)
from clientele.customers.tests.builders import (
    COMPANY,
    OTHER_COMPANY,
    OTHER_RECEIVABLE,
    RECEIVABLE,
    SPECIAL_RECEIVABLE,
)
from clientele.customers.tests.party_builders import (
    address_post,
    contact_links,
    contact_post,
    customer_post,
    emails,
    link,
    world_state,
)

pytestmark = pytest.mark.django_db

SOURCE, TARGET = "SOURCE", "SURVIVOR"


def _team(*rows):
    return [{"sales_person": person, "allocated_percentage": share} for person, share in rows]


def _by_company(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda row: row["company"])


@pytest.fixture
def pair(api, refs) -> None:
    """SOURCE: two credit limits and accounts, a sales team, a lead (whose person became a
    contact), a primary contact and address; SURVIVOR: its own limit and account for the demo
    company, no primaries. Contact “Commun” and address “2 rue Commune” belong to both."""
    customer_post(
        api,
        name=SOURCE,
        customer_name="Alpha Source",
        lead_name=refs.lead,
        credit_limits=[
            {"company": COMPANY, "credit_limit": "1000"},
            {"company": OTHER_COMPANY, "credit_limit": "500"},
        ],
        accounts=[
            {"company": COMPANY, "account": RECEIVABLE},
            {"company": OTHER_COMPANY, "account": OTHER_RECEIVABLE},
        ],
        sales_team=_team(("Alice", "100")),
        contact={"first_name": "Anne", "email_id": "anne@source.fr"},
        address={"address_line1": "1 rue Source", "city": "Nantes", "country": "FR"},
    )
    api.patch(f"/customers/{SOURCE}", json={"customer_details": "Ancien client"})
    customer_post(
        api,
        name=TARGET,
        customer_name="Beta Survivant",
        credit_limits=[{"company": COMPANY, "credit_limit": "2000"}],
        accounts=[{"company": COMPANY, "account": SPECIAL_RECEIVABLE}],
    )
    contact_post(api, "Commun", link("customer", SOURCE), link("customer", TARGET))
    contact_post(api, "Bernard", link("customer", TARGET))
    address_post(api, "2 rue Commune", link("customer", SOURCE), link("customer", TARGET))


def _history(api, code: str) -> list[dict]:
    response = api.get(f"/customers/{code}/history")
    assert response.status_code == 200, response.text
    return response.json()


def _plan(api, pair_history: int, dry_run: bool) -> dict:
    return {
        "merged": SOURCE,
        "into": TARGET,
        "dry_run": dry_run,
        "moves": {
            "contacts": 2,
            "addresses": 1,
            "credit_limits": 1,
            "accounts": 1,
            "sales_team": 1,
            "companies": 0,
            "history": pair_history,
        },
        "dropped": {"credit_limits": 1, "accounts": 1, "sales_team": 0, "companies": 0},
        "documents": {},
    }


def test_dry_run_reports_exactly_what_would_move_and_writes_nothing(manager_api, api, pair):
    # given
    source_history = len(_history(api, SOURCE))
    before = world_state()
    # when
    response = manager_api.post(
        f"/customers/{SOURCE}/merge", json={"into": TARGET, "dry_run": True}
    )
    # then
    assert response.status_code == 200, response.text
    assert response.json() == _plan(api, source_history, dry_run=True)
    assert world_state() == before


def test_merge_moves_everything_to_the_survivor_and_deletes_the_source(
    manager_api, api, pair, refs
):
    # given
    source_history = _history(api, SOURCE)
    contacts, addresses = Contact.objects.count(), Address.objects.count()
    # when
    response = manager_api.post(f"/customers/{SOURCE}/merge", json={"into": TARGET})
    # then the report is the dry run's
    assert response.status_code == 200, response.text
    assert response.json() == _plan(api, len(source_history), dry_run=False)
    # the source is gone
    assert api.get(f"/customers/{SOURCE}").status_code == 404
    assert not Customer.objects.filter(name=SOURCE).exists()
    # the survivor keeps its own rows for the demo company and takes the others
    survivor = api.get(f"/customers/{TARGET}").json()
    assert _by_company(survivor["credit_limits"]) == [
        {"company": COMPANY, "credit_limit": "2000.00", "bypass_credit_limit_check": False},
        {"company": OTHER_COMPANY, "credit_limit": "500.00", "bypass_credit_limit_check": False},
    ]
    assert _by_company(survivor["accounts"]) == [
        {"company": COMPANY, "account": SPECIAL_RECEIVABLE, "advance_account": None},
        {"company": OTHER_COMPANY, "account": OTHER_RECEIVABLE, "advance_account": None},
    ]
    assert survivor["sales_team"] == [{"sales_person": "Alice", "allocated_percentage": "100.000"}]
    assert CustomerCreditLimit.objects.count() == 2
    # it takes the source's lead and primaries, since it had none
    assert (
        survivor["lead_name"],
        survivor["customer_primary_contact"],
        survivor["customer_primary_address"],
        survivor["email_id"],
        survivor["primary_address"],
    ) == (refs.lead, "Anne", "1 rue Source-Billing", "anne@source.fr", "1 rue Source\nNantes\nFR")
    # contacts and addresses are relinked, shared ones linked once, none copied
    assert [c["name"] for c in api.get(f"/customers/{TARGET}/contacts").json()] == [
        "Anne",
        "Bernard",
        "Commun",
        "Jeanne Dupont",
    ]
    assert [a["name"] for a in api.get(f"/customers/{TARGET}/addresses").json()] == [
        "1 rue Source-Billing",
        "2 rue Commune-Billing",
    ]
    assert contact_links("Commun") == [("customer", TARGET)]
    assert (Contact.objects.count(), Address.objects.count()) == (contacts, addresses)


def test_merge_history_follows_the_survivor_with_a_merge_row(manager_api, api, pair):
    # given
    source_history, target_history = _history(api, SOURCE), _history(api, TARGET)
    # when
    manager_api.post(f"/customers/{SOURCE}/merge", json={"into": TARGET})
    # then
    after = _history(api, TARGET)
    assert [row for row in after if row["record_name"] == SOURCE] == source_history
    assert [row for row in after if row["record_name"] == TARGET][:-1] == target_history
    merge_row = after[-1]
    assert (
        merge_row["action"],
        merge_row["field"],
        merge_row["old_value"],
        merge_row["new_value"],
        merge_row["user"],
        merge_row["record_name"],
    ) == ("merge", "merged", "", SOURCE, "manon", TARGET)
    assert len(after) == len(source_history) + len(target_history) + 1
    source_id = ChangeLog.objects.filter(record_name=SOURCE).values_list("record_id", flat=True)
    assert set(source_id) == {Customer.objects.get(name=TARGET).pk}


def test_survivor_is_found_by_what_it_took(manager_api, api, pair):
    manager_api.post(f"/customers/{SOURCE}/merge", json={"into": TARGET})
    for q, found in (("anne@source.fr", [TARGET]), ("nantes", [TARGET]), ("alpha", [])):
        items = api.get("/customers/", params={"q": q}).json()["items"]
        assert [item["name"] for item in items] == found, q


def test_survivor_keeps_its_own_primaries(manager_api, api, pair):
    api.patch(
        f"/customers/{TARGET}",
        json={
            "customer_primary_contact": "Bernard",
            "customer_primary_address": "2 rue Commune-Billing",
        },
    )
    manager_api.post(f"/customers/{SOURCE}/merge", json={"into": TARGET})
    survivor = api.get(f"/customers/{TARGET}").json()
    assert (survivor["customer_primary_contact"], survivor["customer_primary_address"]) == (
        "Bernard",
        "2 rue Commune-Billing",
    )


def test_survivor_with_a_sales_team_keeps_it_whole(manager_api, api, pair):
    # A team totals 100 %: adding the source's members to it would break that.
    api.patch(f"/customers/{TARGET}", json={"sales_team": _team(("Alice", "50"), ("Bruno", "50"))})
    api.patch(f"/customers/{SOURCE}", json={"sales_team": _team(("Alice", "40"), ("Chloé", "60"))})
    dry = manager_api.post(f"/customers/{SOURCE}/merge", json={"into": TARGET, "dry_run": True})
    assert (dry.json()["moves"]["sales_team"], dry.json()["dropped"]["sales_team"]) == (0, 2)
    manager_api.post(f"/customers/{SOURCE}/merge", json={"into": TARGET})
    assert api.get(f"/customers/{TARGET}").json()["sales_team"] == [
        {"sales_person": "Alice", "allocated_percentage": "50.000"},
        {"sales_person": "Bruno", "allocated_percentage": "50.000"},
    ]


def test_allowed_companies_of_internal_customers_are_united(manager_api, api, refs):
    customer_post(
        api,
        name=SOURCE,
        customer_name="Interne Lyon",
        is_internal_customer=True,
        represents_company=OTHER_COMPANY,
        companies=[{"company": COMPANY}, {"company": OTHER_COMPANY}],
    )
    customer_post(
        api,
        name=TARGET,
        customer_name="Interne Démo",
        is_internal_customer=True,
        represents_company=COMPANY,
        companies=[{"company": COMPANY}],
    )
    dry = manager_api.post(f"/customers/{SOURCE}/merge", json={"into": TARGET, "dry_run": True})
    assert (dry.json()["moves"]["companies"], dry.json()["dropped"]["companies"]) == (1, 1)
    assert manager_api.post(f"/customers/{SOURCE}/merge", json={"into": TARGET}).status_code == 200
    survivor = api.get(f"/customers/{TARGET}").json()
    assert sorted(c["company"] for c in survivor["companies"]) == [COMPANY, OTHER_COMPANY]
    assert survivor["represents_company"] == COMPANY


def test_a_customer_without_currency_merges_with_one_in_euros(manager_api, api):
    customer_post(api, name=SOURCE, customer_name="Sans devise")
    customer_post(api, name=TARGET, customer_name="En euros", default_currency="EUR")
    response = manager_api.post(f"/customers/{SOURCE}/merge", json={"into": TARGET})
    assert response.status_code == 200, response.text
    assert api.get(f"/customers/{SOURCE}").status_code == 404
    survivor = api.get(f"/customers/{TARGET}").json()
    assert (survivor["customer_name"], survivor["default_currency"]) == ("En euros", "EUR")


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("dry_run", [True, False])
@pytest.mark.parametrize(
    ("source", "target", "into", "message"),
    [
        (
            {"default_currency": "EUR"},
            {"default_currency": "USD"},
            TARGET,
            "These customers are billed in different currencies.",
        ),
        (
            {"is_internal_customer": True, "represents_company": OTHER_COMPANY},
            {},
            TARGET,
            "An internal customer cannot be merged with an external one.",
        ),
        (
            {},
            {"is_internal_customer": True, "represents_company": OTHER_COMPANY},
            TARGET,
            "An internal customer cannot be merged with an external one.",
        ),
        ({}, {}, SOURCE, "A customer cannot be merged into itself."),
        ({}, {}, "NOPE", "No customer “NOPE”."),
    ],
)
def test_merge_refused_on_into_and_nothing_written(
    manager_api, api, refs, source, target, into, message, dry_run
):
    # given
    customer_post(api, name=SOURCE, customer_name="Source", **source)
    customer_post(api, name=TARGET, customer_name="Cible", **target)
    contact_post(api, "Anne", link("customer", SOURCE), emails=emails("anne@source.fr"))
    before = world_state()
    # when
    response = manager_api.post(
        f"/customers/{SOURCE}/merge", json={"into": into, "dry_run": dry_run}
    )
    # then
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == {"into": [message]}
    assert world_state() == before


def test_merging_an_unknown_customer_is_404(manager_api, api):
    customer_post(api, name=TARGET, customer_name="Cible")
    before = world_state()
    assert manager_api.post("/customers/NOPE/merge", json={"into": TARGET}).status_code == 404
    assert world_state() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "into"),
        ({"into": TARGET, "force": True}, "force"),
        ({"into": TARGET, "dry_run": "x"}, "dry_run"),
    ],
)
def test_malformed_merge_request_is_422(manager_api, api, payload, field):
    customer_post(api, name=SOURCE, customer_name="Source")
    customer_post(api, name=TARGET, customer_name="Cible")
    before = world_state()
    response = manager_api.post(f"/customers/{SOURCE}/merge", json=payload)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert world_state() == before


@pytest.mark.parametrize("client", ["sales_api", "reader_api", "anonymous"])
def test_merge_needs_a_master_manager(request, api, pair, client):
    before = world_state()
    response = request.getfixturevalue(client).post(
        f"/customers/{SOURCE}/merge", json={"into": TARGET, "dry_run": True}
    )
    assert response.status_code == (401 if client == "anonymous" else 403)
    assert world_state() == before


def test_moved_rows_are_numbered_after_the_survivors_own(manager_api, api, refs):
    """Given each customer with one credit limit and one account, at row 1, for different
    companies"""
    for code, company, account in (
        (SOURCE, OTHER_COMPANY, OTHER_RECEIVABLE),
        (TARGET, COMPANY, RECEIVABLE),
    ):
        customer_post(
            api,
            name=code,
            customer_name=f"Client {code}",
            credit_limits=[{"company": company, "credit_limit": "100"}],
            accounts=[{"company": company, "account": account}],
        )
    # when
    response = manager_api.post(f"/customers/{SOURCE}/merge", json={"into": TARGET})
    # then the survivor's tables read 1, 2: its own row first, the moved one after
    assert response.status_code == 200, response.text
    for model in (CustomerCreditLimit, CustomerAccount):
        rows = model.objects.filter(parent__name=TARGET).order_by("idx")
        assert [(row.idx, row.company.name) for row in rows] == [
            (1, COMPANY),
            (2, OTHER_COMPANY),
        ], model.__name__
