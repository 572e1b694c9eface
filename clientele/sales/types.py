"""The typed input of the sales services: the keys and value types of their request
schemas (``schemas.py``), every key optional where an update sends only what changes."""

from typing import TypedDict


class AccountsSettingsData(TypedDict, total=False):
    """``schemas.AccountsSettingsIn``: roles by name."""

    credit_controller: str | None
    frozen_accounts_modifier: str | None
