"""The five trees of the screens, described once: customer groups, territories, sales
persons, item groups and the chart of accounts.

Each ``TreeKind`` names what the generic tree screens need: the record's ``Spec`` (the same
the REST API writes through), who may change it (the API's roles), its words, what its
nodes count, and where a node's own page is.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast
from urllib.parse import quote, urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from clientele.classification.services import CUSTOMER_GROUP, TERRITORY
from clientele.core.labels import label_of
from clientele.core.records import tree_model
from clientele.core.roles import ACCOUNTING_WRITERS, MASTER_WRITERS
from clientele.core.routes import tree_reader
from clientele.core.rows import Reader
from clientele.core.specs import Row, Spec
from clientele.core.tree_reads import Counted
from clientele.core.trees import TreeNode
from clientele.customers.models import (
    CUSTOMERS_BY_GROUP,
    CUSTOMERS_BY_TERRITORY,
    Customer,
    SalesTeamMember,
)
from clientele.masters.models import Account
from clientele.masters.services import ACCOUNT, ITEM_GROUP, SALES_PERSON


def _nothing(parent: TreeNode, name: str) -> Row:
    return {}


def _account_defaults(parent: TreeNode, name: str) -> Row:
    """A new account takes its parent's company and root type (the chart's rules require
    both to agree) and its code as its account name."""
    account = cast(Account, parent)
    return {"account_name": name, "company": account.company.name, "root_type": account.root_type}


def customer_list() -> str:
    try:
        return reverse("web:customer-list")
    except NoReverseMatch:  # the customer screens' address, while they are not installed
        return "/customers/"


@dataclass(frozen=True)
class TreeKind:
    slug: str  # its address, as in the REST API (``customer-groups``)
    url_name: str  # the tree page's URL name (``customer-group-tree``)
    spec: Spec
    writers: tuple[str, ...]
    title: Promise
    section: Promise  # where the guide's navigation puts it
    name_label: Promise  # the code's label in "Add Child"
    counted: Counted | None = None
    # The customer list's filter by this tree (``/customers/?customer_group=…``).
    customer_filter: str = ""
    # "12 customers use this group": the refusal of a delete, with a link to them.
    users_message: Promise | None = None
    has_page: bool = False
    # How its page says that a count includes the nodes below ("subgroups included").
    below: Promise | None = None
    child_defaults: Callable[[TreeNode, str], Row] = _nothing
    reader: Reader = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "reader", tree_reader(self.spec))

    @property
    def model(self) -> type[TreeNode]:
        return tree_model(self.spec)

    @property
    def single_root(self) -> bool:
        return not self.model.multiple_roots

    @property
    def url(self) -> str:
        return reverse(f"web:{self.url_name}")

    def tree_url(self, *, opened: list[str] | None = None, focus: str = "") -> str:
        """The tree page; ``opened``: the nodes shown open, ``focus``: the node to show."""
        url = self.url
        query: list[tuple[str, str]] = [("open", name) for name in opened or []]
        if focus:
            query.append(("focus", focus))
        return f"{url}?{urlencode(query)}" if query else url

    def node_url(self, name: str, action: str = "") -> str:
        """``/customer-groups/<code>/`` or ``…/<code>/<action>/``; codes may hold ``/``."""
        path = f"{self.url}{quote(name, safe='')}/"
        return f"{path}{action}/" if action else path

    def customers_url(self, name: str) -> str:
        """The customer list filtered on a node (its subtree included)."""
        return f"{customer_list()}?{urlencode({self.customer_filter: name})}"

    def label(self, node: TreeNode) -> str:
        """A node as people read it: the seeded codes in their language."""
        return label_of(node.name)


KINDS: dict[str, TreeKind] = {
    kind.slug: kind
    for kind in (
        TreeKind(
            slug="customer-groups",
            url_name="customer-group-tree",
            spec=CUSTOMER_GROUP,
            writers=MASTER_WRITERS,
            title=_("Customer Group"),
            section=_("CRM"),
            name_label=_("Customer Group Name"),
            counted=Counted(Customer, "customer_group", kept=CUSTOMERS_BY_GROUP),
            customer_filter="customer_group",
            users_message=ngettext_lazy(
                "%(count)s customer uses this group",
                "%(count)s customers use this group",
                "count",
            ),
            has_page=True,
            below=_("subgroups included"),
        ),
        TreeKind(
            slug="territories",
            url_name="territory-tree",
            spec=TERRITORY,
            writers=MASTER_WRITERS,
            title=_("Territory"),
            section=_("Selling"),
            name_label=_("Territory Name"),
            counted=Counted(Customer, "territory", kept=CUSTOMERS_BY_TERRITORY),
            customer_filter="territory",
            users_message=ngettext_lazy(
                "%(count)s customer uses this territory",
                "%(count)s customers use this territory",
                "count",
            ),
            has_page=True,
            below=_("sub-territories included"),
        ),
        TreeKind(
            slug="sales-persons",
            url_name="sales-person-tree",
            spec=SALES_PERSON,
            writers=MASTER_WRITERS,
            title=_("Sales Person"),
            section=_("Sales people"),
            name_label=_("Sales Person Name"),
            counted=Counted(SalesTeamMember, "sales_person", distinct="parent"),
        ),
        TreeKind(
            slug="item-groups",
            url_name="item-group-tree",
            spec=ITEM_GROUP,
            writers=MASTER_WRITERS,
            title=_("Item Group"),
            section=_("Classification"),
            name_label=_("Item Group Name"),
        ),
        TreeKind(
            slug="accounts",
            url_name="account-tree",
            spec=ACCOUNT,
            writers=ACCOUNTING_WRITERS,
            title=_("Chart of Accounts"),
            section=_("Accounting and prices"),
            name_label=_("Account Name"),
            child_defaults=_account_defaults,
        ),
    )
}
