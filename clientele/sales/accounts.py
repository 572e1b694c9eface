"""Accounts Settings (SPEC §3.5, §3.6): which role may exceed a credit limit, which may
post for a frozen customer. A role is a Django group, as every role of ``core.roles``."""

from django.contrib.auth.models import AnonymousUser, Group
from django.db import router, transaction

from clientele.core.history import history_write, record_snapshot
from clientele.core.records import record_prepare
from clientele.core.roles import user_roles
from clientele.core.rows import Reader
from clientele.core.specs import Link, Spec
from clientele.core.typing import User
from clientele.sales.models import AccountsSettings
from clientele.sales.types import AccountsSettingsData

ACCOUNTS_SETTINGS = Spec(
    AccountsSettings,
    "accounts_settings",
    links=(
        Link("credit_controller", Group),
        Link("frozen_accounts_modifier", Group),
    ),
)

_SETTINGS = Reader(
    AccountsSettings, "id", related=("credit_controller", "frozen_accounts_modifier")
)


def accounts_settings_get() -> AccountsSettings:
    """The one settings row with its two roles, from the database it is written to: a
    submission must not judge its rights from a replica lagging behind."""
    settings = _SETTINGS.one(1, using=router.db_for_write(AccountsSettings))
    if settings is None:
        settings, _created = AccountsSettings.objects.get_or_create(pk=1)
    return settings


@transaction.atomic
def accounts_settings_update(*, data: AccountsSettingsData, user: User | None) -> AccountsSettings:
    """Only the settings ``data`` names change; a role is named as its group is."""
    settings = accounts_settings_get()
    before = record_snapshot(ACCOUNTS_SETTINGS, settings)
    _rows, errors = record_prepare(ACCOUNTS_SETTINGS, settings, data)
    errors.raise_if_any()
    settings.save()
    after = record_snapshot(ACCOUNTS_SETTINGS, settings)
    history_write(
        ACCOUNTS_SETTINGS, settings, before=before, after=after, user=user, action="update"
    )
    return settings


def _holds(user: User | AnonymousUser | None, role: Group | None) -> bool:
    """No role set means nobody holds it (ERPNext's rule), a superuser aside."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return role is not None and role.name in user_roles(user)


def may_exceed_credit_limit(user: User | AnonymousUser | None, settings: AccountsSettings) -> bool:
    return _holds(user, settings.credit_controller)


def may_post_for_frozen(user: User | AnonymousUser | None, settings: AccountsSettings) -> bool:
    return _holds(user, settings.frozen_accounts_modifier)
