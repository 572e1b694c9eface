"""Roles of SPEC §3.16, held as Django groups, and the checks the faces call."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext as _

from clientele.core.errors import Forbidden

SALES_USER = "Sales User"
SALES_MANAGER = "Sales Manager"
SALES_MASTER_MANAGER = "Sales Master Manager"
ACCOUNTS_USER = "Accounts User"
ACCOUNTS_MANAGER = "Accounts Manager"
SYSTEM_MANAGER = "System Manager"
ALL_ROLES = [
    SALES_USER,
    SALES_MANAGER,
    SALES_MASTER_MANAGER,
    ACCOUNTS_USER,
    ACCOUNTS_MANAGER,
    SYSTEM_MANAGER,
]

# Who may write what; reading needs only a login.
CUSTOMER_WRITERS = (SALES_USER, SALES_MASTER_MANAGER, SYSTEM_MANAGER)
CUSTOMER_DELETERS = (SALES_MASTER_MANAGER, SYSTEM_MANAGER)
MASTER_WRITERS = (SALES_MASTER_MANAGER, SYSTEM_MANAGER)
ACCOUNTING_WRITERS = (ACCOUNTS_MANAGER, SYSTEM_MANAGER)
SETTINGS_WRITERS = (SALES_MASTER_MANAGER, SYSTEM_MANAGER)


def user_roles(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    """Cached per user object so one request asks the database once (or not at all: the
    token check reads them with the user, see ``tokens.token_user``)."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_clientele_roles"):
        roles_remember(user, set(user.groups.values_list("name", flat=True)))
    return user._clientele_roles


def roles_remember(user, names: set[str]) -> None:
    user._clientele_roles = names


def has_role(user, roles: tuple[str, ...]) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user_roles(user) & set(roles)))


def require_role(user, roles: tuple[str, ...]) -> None:
    if not has_role(user, roles):
        raise Forbidden(
            _("This needs one of these roles: %(roles)s.") % {"roles": ", ".join(roles)}
        )
