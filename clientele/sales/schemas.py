"""The request and response bodies of the sales API, every field spelled out."""

from ninja import Schema

from clientele.core.api_support import StrictSchema


class AccountsSettingsIn(StrictSchema):
    """The roles to change, each by its name (a role is a group of users)."""

    credit_controller: str | None = None
    frozen_accounts_modifier: str | None = None


class AccountsSettingsOut(Schema):
    """The accounts settings, roles by name."""

    name: str
    credit_controller: str | None = None
    frozen_accounts_modifier: str | None = None
