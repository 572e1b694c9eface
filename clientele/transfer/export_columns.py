"""The columns of each export: the same names the import reads (the API's field names).

A customer row: its fields and links by their API names (links by code), then its primary
contact as ``contact.<field>`` and its primary address as ``address.<field>`` (country as
its ISO code). Groups and territories: ``name``, their parent (``parent_customer_group``,
``parent_territory``, as the API names it; parents come before their children),
``is_group`` and their links. Contacts and addresses: their fields, then ``link_doctype``
(the party type: ``customer``, ``lead``…) and ``link_name`` (its code), one row per link
(a contact of two customers is two rows with the same ``name``; one linked to nothing, one
row with both empty). Child tables (credit limits, accounts, sales team, targets) are not
exported.

Each column reads one value of ``values_list``: a field, a join (``lead__name``), or a link's
id turned into its code through a dictionary read once (``codes``), cheaper than a join per
row on tables as small as groups or currencies.
"""

from dataclasses import dataclass

from django.db import models

from clientele.classification.services import CUSTOMER_GROUP, TERRITORY
from clientele.contacts.services import ADDRESS, CONTACT
from clientele.core.specs import Link, Spec
from clientele.customers.services import CUSTOMER

# Links read through a join: tables that may hold as many rows as customers.
_JOINED = {"lead"}
_PRIMARY = {"customer_primary_contact": "contact", "customer_primary_address": "address"}
CONTACT_FIELDS = (
    *CONTACT.fields,
    "email_id",
    "phone",
    "mobile_no",
)
LINK_COLUMNS = ("link_doctype", "link_name")


@dataclass(frozen=True)
class Column:
    header: str
    source: str  # what ``values_list`` reads
    codes: type[models.Model] | None = None  # the source is an id, written as this model's code
    key: str = "name"


def _link_column(link: Link, prefix: str = "", through: str = "") -> Column:
    if link.field in _JOINED:
        return Column(prefix + link.name, f"{through}{link.field}__{link.key}")
    return Column(prefix + link.name, f"{through}{link.field}_id", link.model, link.key)


def spec_columns(spec: Spec, *, prefix: str = "", through: str = "") -> list[Column]:
    """``spec``'s fields then its links, as the API names them; ``through`` reads them
    from a linked record (``customer_primary_address__``)."""
    columns = [Column(prefix + field, through + field) for field in spec.fields]
    return columns + [
        _link_column(link, prefix, through) for link in spec.links if link.field not in _PRIMARY
    ]


def customer_columns() -> list[Column]:
    contact_through = "customer_primary_contact__"
    contact = [Column(f"contact.{f}", contact_through + f) for f in CONTACT_FIELDS]
    address = spec_columns(ADDRESS, prefix="address.", through="customer_primary_address__")
    return [*spec_columns(CUSTOMER), *contact, *address]


def tree_columns(spec: Spec) -> list[Column]:
    links = [_link_column(link) for link in spec.links]
    return [
        Column("name", "name"),
        Column(spec.parent_input, "parent_id", spec.model),
        Column("is_group", "is_group"),
        *links,
    ]


def party_columns(spec: Spec) -> list[Column]:
    """A contact's or address's own columns (``LINK_COLUMNS`` follow, from its links)."""
    if spec is CONTACT:
        return [Column("name", "name"), *(Column(f, f) for f in CONTACT_FIELDS)]
    return [Column("name", "name"), *spec_columns(spec)]


KINDS = ("customers", "customer-groups", "territories", "contacts", "addresses")
TREES = {"customer-groups": CUSTOMER_GROUP, "territories": TERRITORY}
PARTIES = {"contacts": CONTACT, "addresses": ADDRESS}


def columns_of(kind: str) -> list[Column]:
    if kind == "customers":
        return customer_columns()
    if kind in TREES:
        return tree_columns(TREES[kind])
    return party_columns(PARTIES[kind])


def headers_of(kind: str) -> list[str]:
    """The header row of ``kind``'s export, exactly."""
    headers = [column.header for column in columns_of(kind)]
    return headers + list(LINK_COLUMNS) if kind in PARTIES else headers
