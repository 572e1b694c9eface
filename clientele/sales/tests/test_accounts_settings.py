"""Accounts Settings: the credit-controller and frozen-accounts roles, read by all, set by
the accounts managers."""

from clientele.core.models import ChangeLog
from clientele.sales.accounts import (
    accounts_settings_get,
    accounts_settings_update,
    may_exceed_credit_limit,
    may_post_for_frozen,
)
from clientele.sales.models import AccountsSettings
from conftest import make_user

EMPTY = {"name": "Accounts Settings", "credit_controller": None, "frozen_accounts_modifier": None}


def stored() -> tuple:
    row = AccountsSettings.objects.filter(pk=1).first()
    roles = (row.credit_controller_id, row.frozen_accounts_modifier_id) if row else ()
    return roles, ChangeLog.objects.count()


def test_settings_start_with_no_role_and_are_read_by_any_user(reader_api):
    response = reader_api.get("/accounts-settings/")

    assert (response.status_code, response.json()) == (200, EMPTY)


def test_accounts_manager_names_both_roles(accounts_manager_api):
    response = accounts_manager_api.put(
        "/accounts-settings/",
        json={"credit_controller": "Accounts Manager", "frozen_accounts_modifier": "Accounts User"},
    )

    assert (response.status_code, response.json()) == (
        200,
        {
            "name": "Accounts Settings",
            "credit_controller": "Accounts Manager",
            "frozen_accounts_modifier": "Accounts User",
        },
    )
    history = accounts_manager_api.get("/accounts-settings/history").json()
    assert [(row["field"], row["new_value"]) for row in history] == [
        ("credit_controller", "Accounts Manager"),
        ("frozen_accounts_modifier", "Accounts User"),
    ]


def test_patch_changes_only_the_role_sent(api):
    api.put("/accounts-settings/", json={"credit_controller": "Accounts Manager"})

    response = api.patch("/accounts-settings/", json={"frozen_accounts_modifier": "Sales User"})

    assert response.json() == {
        "name": "Accounts Settings",
        "credit_controller": "Accounts Manager",
        "frozen_accounts_modifier": "Sales User",
    }


def test_unknown_role_is_a_field_error_and_nothing_changes(api):
    before = stored()

    response = api.put("/accounts-settings/", json={"credit_controller": "Nobody"})

    assert response.status_code == 422
    assert response.json()["errors"] == {"credit_controller": ["No group named “Nobody”."]}
    assert stored() == before


def test_sales_user_may_not_change_them(sales_api):
    before = stored()

    response = sales_api.put("/accounts-settings/", json={"credit_controller": "Sales User"})

    assert response.status_code == 403
    assert stored() == before


def test_a_role_is_held_by_its_members_only(db):
    controller = make_user("carla", "Accounts Manager")
    clerk = make_user("cleo", "Accounts User")
    settings = accounts_settings_update(data={"credit_controller": "Accounts Manager"}, user=None)

    assert may_exceed_credit_limit(controller, settings) is True
    assert may_exceed_credit_limit(clerk, settings) is False
    assert may_post_for_frozen(controller, accounts_settings_get()) is False
