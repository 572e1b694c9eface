"""REST routes of the sales app: accounts settings, the documents and their actions, the
customer's dashboard and statement."""

from typing import cast

from ninja import Router

from clientele.core.api_support import AUTH, ChangeOut, history, serialize
from clientele.core.roles import ACCOUNTING_WRITERS, require_role
from clientele.sales.accounts import (
    ACCOUNTS_SETTINGS,
    accounts_settings_get,
    accounts_settings_update,
)
from clientele.sales.schemas import AccountsSettingsIn, AccountsSettingsOut
from clientele.sales.types import AccountsSettingsData

settings_router = Router(tags=["Accounts settings"], auth=AUTH)


def _settings_out(settings) -> dict:
    return serialize(ACCOUNTS_SETTINGS, settings) | {"name": "Accounts Settings"}


@settings_router.get("/", response=AccountsSettingsOut)
def settings_read(request):
    return _settings_out(accounts_settings_get())


@settings_router.api_operation(["PUT", "PATCH"], "/", response=AccountsSettingsOut)
def settings_update(request, payload: AccountsSettingsIn):
    """Only the roles sent change (PUT and PATCH alike: the record is two fields)."""
    require_role(request.auth, ACCOUNTING_WRITERS)
    data = cast(AccountsSettingsData, payload.model_dump(exclude_unset=True))
    return _settings_out(accounts_settings_update(data=data, user=request.auth))


@settings_router.get("/history", response=list[ChangeOut])
def settings_history(request):
    return history("accounts_settings", 1)


def routers() -> list[tuple[str, Router]]:
    return [("accounts-settings", settings_router)]
