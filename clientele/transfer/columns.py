"""Which field each column of a file holds, and what kind of record its rows are.

A column is known by our API field name, or by the label ERPNext or Dokos writes in its
exports, in English or in French (the report view's labels and the data import tool's,
whose child-table columns read ``Link Name (Links)``). Case, accents, spaces and
punctuation do not count: ``City/Town``, ``city_town`` and ``CITY TOWN`` are one. A
mapping given by the user wins; a column nobody knows is reported, never dropped quietly.
"""

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clientele.core.errors import InvalidInput

CUSTOMER = "customer"
CONTACT = "contact"
ADDRESS = "address"
CUSTOMER_GROUP = "customer_group"
TERRITORY = "territory"
KINDS = (CUSTOMER_GROUP, TERRITORY, CUSTOMER, CONTACT, ADDRESS)
KIND_LABELS = {
    CUSTOMER_GROUP: gettext_lazy("Customer groups"),
    TERRITORY: gettext_lazy("Territories"),
    CUSTOMER: gettext_lazy("Customers"),
    CONTACT: gettext_lazy("Contacts"),
    ADDRESS: gettext_lazy("Addresses"),
}
# An explicit mapping to this drops a column on purpose.
IGNORED = "-"

# The fields of a contact and of an address, shared by their own files and by a customer
# row that carries its primary contact and address.
_CONTACT = {
    "salutation": ("Salutation", "Civilité", "Titre"),
    "first_name": ("First Name", "Prénom", "Contact First Name"),
    "middle_name": ("Middle Name", "Deuxième prénom", "Second prénom"),
    "last_name": ("Last Name", "Nom de famille", "Nom", "Contact Last Name"),
    "full_name": ("Full Name", "Nom complet", "Contact Name", "Nom du contact", "Contact Person"),
    "designation": ("Designation", "Fonction", "Poste"),
    "department": ("Department", "Département", "Service"),
    "email_id": (
        "Email Id",
        "Email ID",
        "Email Address",
        "Email",
        "E-mail",
        "Adresse e-mail",
        "Adresse email",
        "Adresse électronique",
        "Courriel",
        "Email ID (Email IDs)",
        "Contact Email",
    ),
    "mobile_no": (
        "Mobile No",
        "Mobile Number",
        "Mobile",
        "N° de mobile",
        "N° mobile",
        "Numéro de mobile",
        "Téléphone mobile",
        "Portable",
        "Contact Mobile",
    ),
    "phone": ("Phone", "Phone No", "Téléphone", "N° de téléphone", "Number (Contact Numbers)"),
    "unsubscribed": ("Unsubscribed", "Désabonné"),
}
_ADDRESS = {
    "address_title": ("Address Title", "Titre de l'adresse", "Intitulé de l'adresse"),
    "address_type": ("Address Type", "Type d'adresse"),
    "address_line1": (
        "Address Line 1",
        "Address Line1",
        "Adresse ligne 1",
        "Ligne d'adresse 1",
        "Adresse",
        "Address",
    ),
    "address_line2": ("Address Line 2", "Address Line2", "Adresse ligne 2", "Ligne d'adresse 2"),
    "city": ("City/Town", "City", "Town", "Ville", "Ville/Commune", "Commune"),
    "pincode": ("Postal Code", "Pincode", "Zip Code", "Code postal", "CP"),
    "state": ("State/Province", "State", "Province", "Région/État", "État/Province", "État"),
    "country": ("Country", "Pays"),
}


def _prefixed(prefix: str, fields: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The labels of a customer row's contact or address fields, and the names our export
    gives them (``contact.first_name``, ``address.city``)."""
    return {name: (*labels, f"{prefix}.{name}") for name, labels in fields.items()}


_LINKS = {
    "link_doctype": ("Link Document Type", "Link Document Type (Links)", "Type de document lié"),
    "link_name": ("Link Name", "Link Name (Links)", "Nom du lien", "Lien", "Customer", "Client"),
}
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    CUSTOMER: {
        "name": ("ID", "Customer Code", "Code client", "Code", "Customer ID", "Identifiant"),
        "customer_name": ("Customer Name", "Nom du client", "Raison sociale", "Nom client"),
        "customer_type": ("Customer Type", "Type de client", "Type"),
        "customer_group": ("Customer Group", "Groupe de clients", "Groupe client", "Groupe"),
        "territory": ("Territory", "Région", "Région de vente", "Territoire"),
        "tax_id": (
            "Tax Id",
            "Tax ID",
            "VAT Number",
            "VAT",
            "Numéro de TVA",
            "N° de TVA",
            "N° TVA",
            "TVA intracommunautaire",
            "Numéro d'identification fiscale",
            "SIREN",
            "SIRET",
        ),
        "pan": ("PAN",),
        "default_currency": ("Billing Currency", "Default Currency", "Devise de facturation"),
        "default_price_list": ("Default Price List", "Liste de prix par défaut", "Liste de prix"),
        "language": ("Print Language", "Language", "Langue d'impression", "Langue"),
        "website": ("Website", "Site web", "Site internet"),
        "customer_details": ("Customer Details", "Détails du client", "Notes"),
        "industry": ("Industry", "Industrie", "Secteur d'activité"),
        "market_segment": ("Market Segment", "Segment de marché", "Part de marché"),
        "tax_category": ("Tax Category", "Catégorie de taxe"),
        "payment_terms": (
            "Default Payment Terms Template",
            "Payment Terms",
            "Modèle de termes de paiement par défaut",
            "Conditions de paiement",
        ),
        "disabled": ("Disabled", "Désactivé"),
        "is_frozen": ("Is Frozen", "Gelé", "Est gelé"),
        "allow_invoice_without_sales_order": (
            "Allow Sales Invoice Creation Without Sales Order",
            "Autoriser la facture sans commande client",
        ),
        "allow_invoice_without_delivery_note": (
            "Allow Sales Invoice Creation Without Delivery Note",
            "Autoriser la facture sans bon de livraison",
        ),
        "is_internal_customer": ("Is Internal Customer", "Client interne"),
        "represents_company": ("Represents Company", "Représente la société"),
        "loyalty_program": ("Loyalty Program", "Programme de fidélité"),
        "loyalty_program_tier": ("Loyalty Program Tier", "Niveau du programme de fidélité"),
        "default_sales_partner": (
            "Sales Partner",
            "Default Sales Partner",
            "Partenaire commercial",
        ),
        "default_commission_rate": (
            "Commission Rate",
            "Default Commission Rate",
            "Taux de commission",
        ),
        "tax_withholding_category": (
            "Tax Withholding Category",
            "Catégorie de retenue à la source",
        ),
        "default_bank_account": ("Default Bank Account", "Compte bancaire par défaut"),
        "lead_name": ("Lead Name", "From Lead", "Piste"),
        "account_manager": ("Account Manager", "Gestionnaire de compte"),
        **_prefixed("contact", _CONTACT),
        **_prefixed("address", _ADDRESS),
        # Our export's columns for the address's flags and tax category.
        "is_primary_address": ("address.is_primary_address",),
        "is_shipping_address": ("address.is_shipping_address",),
        "address_disabled": ("address.disabled",),
        "address_tax_category": ("address.tax_category",),
    },
    CONTACT: {
        "name": ("ID", "Contact ID", "Code"),
        **_CONTACT,
        "is_primary_contact": (
            "Is Primary Contact",
            "Contact principal",
            "Est le contact principal",
        ),
        **_LINKS,
    },
    ADDRESS: {
        "name": ("ID", "Address ID", "Code"),
        **_ADDRESS,
        "is_primary_address": (
            "Is Primary Address",
            "Preferred Billing Address",
            "Adresse de facturation préférée",
            "Adresse principale",
        ),
        "is_shipping_address": (
            "Is Shipping Address",
            "Preferred Shipping Address",
            "Adresse de livraison préférée",
        ),
        "disabled": ("Disabled", "Désactivé"),
        "tax_category": ("Tax Category", "Catégorie de taxe"),
        **_LINKS,
    },
    CUSTOMER_GROUP: {
        "name": ("ID", "Customer Group Name", "Nom du groupe de clients", "Nom du groupe"),
        "parent": (
            "Parent Customer Group",
            "parent_customer_group",
            "Groupe de clients parent",
            "Parent",
        ),
        "is_group": ("Is Group", "Est un groupe", "Groupe"),
        "default_price_list": ("Default Price List", "Liste de prix par défaut"),
        "payment_terms": ("Default Payment Terms Template", "Payment Terms"),
    },
    TERRITORY: {
        "name": ("ID", "Territory Name", "Nom de la région", "Nom du territoire"),
        "parent": (
            "Parent Territory",
            "parent_territory",
            "Région parente",
            "Région parent",
            "Parent",
        ),
        "is_group": ("Is Group", "Est un groupe", "Groupe"),
        "territory_manager": ("Territory Manager", "Responsable de la région"),
    },
}
# Columns an export writes that an import has no use for: named in the report as
# ignored, without asking the user to map them.
KNOWN_UNUSED = (
    "Customer Primary Contact",
    "Customer Primary Address",
    "Primary Address",
    "Contact principal du client",
    "Adresse principale du client",
    "Naming Series",
    "Nom de série",
    "Lft",
    "Rgt",
    "Old Parent",
    "Idx",
    "Creation",
    "Modified",
    "Owner",
    "Modified By",
    "Docstatus",
)
# The columns that tell a file's kind, strongest first: a customer row may carry an
# address, an address file has no customer name. Trees by their own labels ("Parent"
# alone could be either), the others by the aliases of one of their fields.
_TREE_SIGNS = {
    CUSTOMER_GROUP: (
        "Parent Customer Group",
        "parent_customer_group",
        "Customer Group Name",
        "customer_group_name",
        "Groupe de clients parent",
        "Nom du groupe de clients",
    ),
    TERRITORY: (
        "Parent Territory",
        "parent_territory",
        "Territory Name",
        "territory_name",
        "Région parente",
        "Région parent",
        "Nom de la région",
    ),
}
_FIELD_SIGNS = (
    (CUSTOMER, ("customer_name",)),
    (ADDRESS, ("address_line1",)),
    (CONTACT, ("first_name", "last_name", "full_name", "email_id")),
)


def column_key(label: str) -> str:
    """Letters and digits only, lower case, accents off: “City/Town” → “citytown”."""
    decomposed = unicodedata.normalize("NFKD", label)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]", "", plain)


def _index(kind: str) -> dict[str, str]:
    index: dict[str, str] = {}
    for name, labels in ALIASES[kind].items():
        for label in (name, *labels):
            index.setdefault(column_key(label), name)
    return index


INDEXES = {kind: _index(kind) for kind in KINDS}
UNUSED_KEYS = frozenset(column_key(label) for label in KNOWN_UNUSED)
SIGN_KEYS = {kind: {column_key(sign) for sign in signs} for kind, signs in _TREE_SIGNS.items()}
SIGN_KEYS |= {
    kind: {column_key(label) for name in names for label in (name, *ALIASES[kind][name])}
    for kind, names in _FIELD_SIGNS
}


@dataclass
class ColumnPlan:
    """One file read: its kind, the field of each column used (by position), and the
    columns left out, ignored on purpose or unknown."""

    kind: str
    fields: dict[int, str]
    ignored: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def kind_of(header: list[str], mapping: dict[str, str]) -> str | None:
    """The kind of records a file holds, told by its columns (``_SIGNS``)."""
    keys = {column_key(label) for label in header}
    keys |= {column_key(target) for target in mapping.values()}
    return next((kind for kind, signs in SIGN_KEYS.items() if keys & signs), None)


def columns_plan(header: list[str], *, kind: str, mapping: dict[str, str]) -> ColumnPlan:
    """Match each column to a field of ``kind``: the user's mapping first, then the
    aliases; two columns for one field keep the first."""
    index, wanted = INDEXES[kind], {column_key(k): v for k, v in mapping.items()}
    plan = ColumnPlan(kind, {})
    taken: set[str] = set()
    for position, label in enumerate(header):
        key = column_key(label)
        target = wanted.get(key, index.get(key))
        if target == IGNORED or (target is None and (key in UNUSED_KEYS or not key)):
            plan.ignored.append(label)
        elif target is None:
            plan.unknown.append(label)
        elif index.get(column_key(target), target) in taken:
            # ERPNext writes the code twice (``ID`` and ``Customer Group Name``).
            plan.ignored.append(label)
        else:
            plan.fields[position] = index.get(column_key(target), target)
            taken.add(plan.fields[position])
    return plan


def mapping_parse(values: list[str]) -> dict[str, str]:
    """``--mapping`` as given: a JSON file of ``{"column": "field"}``, or ``Column=field``
    pairs (a field of ``-`` drops the column)."""
    mapping: dict[str, str] = {}
    for value in values:
        if value.lower().endswith(".json") and Path(value).is_file():
            loaded = json.loads(Path(value).read_text(encoding="utf-8"))
            if not isinstance(loaded, dict):
                raise InvalidInput.single("mapping", _("A mapping file holds one JSON object."))
            mapping.update({str(k): str(v) for k, v in loaded.items()})
            continue
        column, sep, target = value.partition("=")
        if not sep or not column.strip():
            raise InvalidInput.single(
                "mapping",
                _("“%(value)s”: write a mapping as Column=field.") % {"value": value},
            )
        mapping[column.strip()] = target.strip() or IGNORED
    return mapping


def mapping_check(mapping: dict[str, str]) -> None:
    """Every field a mapping names exists for some kind of record."""
    known = {name for aliases in ALIASES.values() for name in aliases} | {IGNORED}
    known |= {key for index in INDEXES.values() for key in index}
    bad = [t for t in mapping.values() if t not in known and column_key(t) not in known]
    if bad:
        raise InvalidInput.single(
            "mapping",
            _("Unknown field: %(fields)s.") % {"fields": ", ".join(sorted(set(bad)))},
        )
