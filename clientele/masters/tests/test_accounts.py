"""Rules of the chart of accounts (a tree per company), through the REST API."""

from clientele.core.tests.helpers import row_counts
from clientele.core.trees import tree_problems
from clientele.masters.models import Account, Company
from clientele.masters.services import first_leaf_account
from clientele.masters.tests.helpers import COMPANY, OTHER, refused, url


def test_each_company_has_its_own_roots_in_the_chart(api, other_company):
    roots = api.get("/accounts/", params={"limit": 500}).json()["items"]

    assert sorted((a["company"], a["name"]) for a in roots if a["depth"] == 1) == [
        (OTHER, "Actif - AS"),
        (OTHER, "Passif - AS"),
        (COMPANY, "Actif - CD"),
        (COMPANY, "Capitaux propres - CD"),
        (COMPANY, "Charges - CD"),
        (COMPANY, "Passif - CD"),
        (COMPANY, "Produits - CD"),
    ]


def test_account_without_parent_is_a_root(api):
    response = api.post(
        "/accounts/",
        json={
            "name": "Hors bilan - CD",
            "account_name": "Hors bilan",
            "company": COMPANY,
            "root_type": "Asset",
            "is_group": True,
        },
    )

    assert response.status_code == 201
    assert (response.json()["parent_account"], response.json()["depth"]) == (None, 1)


def test_account_under_a_parent_of_another_company_is_refused(api, other_company):
    before = row_counts(Account)

    response = api.post(
        "/accounts/",
        json={
            "name": "411500 - Clients - AS",
            "account_name": "Clients",
            "company": OTHER,
            "root_type": "Asset",
            "account_type": "Receivable",
            "parent_account": "Actif - CD",
        },
    )

    assert refused(response) == {
        "parent_account": ["The parent account belongs to another company."]
    }
    assert row_counts(Account) == before


def test_account_cannot_be_moved_under_another_company(api, other_company):
    name = url("accounts", "411000 - Clients - AS")

    patched = api.patch(name, json={"parent_account": "Actif - CD"})
    moved = api.post(f"{name}/move", json={"parent": "Actif - CD"})

    message = ["The parent account belongs to another company."]
    assert refused(patched) == {"parent_account": message}
    assert refused(moved) == {"parent": message}
    assert api.get(name).json()["parent_account"] == "Actif - AS"
    assert tree_problems(Account) == []


def test_account_subtree_lists_a_branch(api):
    response = api.get("/accounts/", params={"subtree": "Passif - CD"})

    assert [(a["name"], a["depth"]) for a in response.json()["items"]] == [
        ("Passif - CD", 1),
        ("401000 - Fournisseurs - CD", 2),
        ("419100 - Clients - Avances reçues - CD", 2),
        ("445710 - TVA collectée - CD", 2),
    ]


def test_account_in_use_cannot_be_deleted(api):
    before = row_counts(Account)

    response = api.delete(url("accounts", "411000 - Clients - CD"))

    assert refused(response, 409) == {"references": ["companies: 1"]}
    assert row_counts(Account) == before


def test_root_account_must_stay_a_group(api):
    response = api.patch(url("accounts", "Passif - CD"), json={"is_group": False})

    assert refused(response) == {"is_group": ["The root must stay a group node."]}
    assert Account.objects.get(name="Passif - CD").is_group is True


def test_group_account_with_children_cannot_become_a_ledger(api):
    api.post(
        "/accounts/",
        json={
            "name": "41 - Clients - CD",
            "account_name": "Clients",
            "company": COMPANY,
            "root_type": "Asset",
            "is_group": True,
            "parent_account": "Actif - CD",
        },
    )
    api.post(
        url("accounts", "411000 - Clients - CD") + "/move", json={"parent": "41 - Clients - CD"}
    )

    response = api.patch(url("accounts", "41 - Clients - CD"), json={"is_group": False})

    assert refused(response) == {
        "is_group": ["“41 - Clients - CD” has child nodes: it cannot become a leaf."]
    }
    assert Account.objects.get(name="41 - Clients - CD").is_group is True


def test_account_of_another_root_type_than_its_parent_is_refused(api):
    """An expense account under the assets would sit on the wrong side of the balance."""
    before = row_counts(Account)
    response = api.post(
        "/accounts/",
        json={
            "name": "606000 - Achats - CD",
            "account_name": "Achats",
            "company": COMPANY,
            "root_type": "Expense",
            "parent_account": "Actif - CD",
        },
    )
    assert refused(response) == {
        "root_type": ["The parent account “Actif - CD” is of root type Asset."]
    }
    assert row_counts(Account) == before


def test_account_cannot_move_under_a_parent_of_another_root_type(api):
    name = url("accounts", "411000 - Clients - CD")
    moved = api.post(f"{name}/move", json={"parent": "Charges - CD"})
    assert refused(moved) == {
        "parent": ["The parent account “Charges - CD” is of root type Expense."]
    }
    assert api.get(name).json()["parent_account"] == "Actif - CD"


def test_group_account_with_children_cannot_change_company(api, other_company):
    name = url("accounts", "Actif - CD")
    response = api.patch(name, json={"company": OTHER})
    assert refused(response) == {
        "company": ["An account with child accounts cannot change company."]
    }
    assert api.get(name).json()["company"] == COMPANY


def test_the_first_leaf_account_of_a_kind_is_the_enabled_one_first_in_the_chart(db):
    # given the demo chart: its income accounts, and its one bank account
    company = Company.objects.get(name=COMPANY)
    income = Account.objects.filter(
        company=company, account_type=Account.AccountType.INCOME, disabled=False
    )
    expected = income.exclude(numchild__gt=0).order_by("path").first()
    # when the first of a kind is asked for
    found = first_leaf_account(company, (Account.AccountType.INCOME,))
    bank = first_leaf_account(company, (Account.AccountType.BANK, Account.AccountType.CASH))
    # then it is the first leaf in the chart's order, as the ORM reads it
    assert (found.pk, found.name, found.is_group) == (expected.pk, expected.name, False)
    assert bank.name == "512000 - Banque - CD"
    # and a disabled one is skipped: the bank disabled, there is none
    Account.objects.filter(pk=bank.pk).update(disabled=True)
    assert first_leaf_account(company, (Account.AccountType.BANK,)) is None
