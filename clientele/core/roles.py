"""Roles of SPEC §3.16, held as Django groups, and the checks the faces call."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from clientele.core.errors import Forbidden
from clientele.core.typing import User

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

# Who may do what beyond reading; reading needs only a login (SPEC §3.16: nothing is
# readable without one). Each face (API route, web screen) checks one of these tuples,
# so a rule changes here and nowhere else; the README's roles matrix and
# ``tests/test_roles_matrix.py`` hold what they grant. Where SPEC is silent the standard
# roles of ERPNext decide (the customer study's permissions).
CUSTOMER_WRITERS = (SALES_USER, SALES_MASTER_MANAGER, SYSTEM_MANAGER)
# Deleting a customer, and merging one into another (which deletes it).
CUSTOMER_DELETERS = (SALES_MASTER_MANAGER, SYSTEM_MANAGER)
MASTER_WRITERS = (SALES_MASTER_MANAGER, SYSTEM_MANAGER)
ACCOUNTING_WRITERS = (ACCOUNTS_MANAGER, SYSTEM_MANAGER)
SETTINGS_WRITERS = (SALES_MASTER_MANAGER, SYSTEM_MANAGER)
# Quotations, sales orders and delivery notes; sales invoices (credit notes) and payments.
# Both managers write both (docs/architecture.md, “Who may do what”), where ERPNext keeps
# the accounts manager out of selling and the sales manager out of billing.
SELLING_WRITERS = (SALES_USER, SALES_MANAGER, ACCOUNTS_MANAGER, SYSTEM_MANAGER)
BILLING_WRITERS = (ACCOUNTS_USER, ACCOUNTS_MANAGER, SALES_MANAGER, SYSTEM_MANAGER)
# Bulk writes and reads: in ERPNext only the Sales Master Manager may import or export
# customers, groups, territories, contacts and addresses (what this app imports and
# exports), all of which that role may also write one by one.
IMPORTERS = (SALES_MASTER_MANAGER, SYSTEM_MANAGER)
EXPORTERS = (SALES_MASTER_MANAGER, SYSTEM_MANAGER)
# Erasing a person (GDPR) cannot be undone and rewrites the history and the copies held by
# submitted documents, which no other write may touch: the System Manager alone, the role
# a company gives whoever answers data-protection requests (see ``privacy/services.py``).
PERSONAL_DATA_ERASERS = (SYSTEM_MANAGER,)


# Where a user object keeps its roles: it lives as long as the request that loaded it.
_ROLES = "_clientele_roles"


def user_roles(user: User | AnonymousUser) -> set[str]:
    """Cached per user object so one request asks the database once (or not at all: the
    token check reads them with the user, see ``tokens.token_user``)."""
    if not user.is_authenticated:
        return set()
    roles: set[str] | None = getattr(user, _ROLES, None)
    if roles is None:
        roles = roles_remember(user, set(user.groups.values_list("name", flat=True)))
    return roles


def roles_remember(user: User, roles: set[str]) -> set[str]:
    """Keep ``user``'s roles on it (read with the user by the token check)."""
    setattr(user, _ROLES, roles)
    return roles


def has_role(user: User | AnonymousUser, roles: tuple[str, ...]) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user_roles(user) & set(roles)))


def require_role(user: User | AnonymousUser, roles: tuple[str, ...]) -> None:
    if not has_role(user, roles):
        raise Forbidden(
            _("This needs one of these roles: %(roles)s.") % {"roles": ", ".join(roles)}
        )
