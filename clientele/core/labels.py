"""How seeded tree codes are shown: the codes stay English (like ERPNext's), people see
them in their language."""

from django.utils.translation import gettext_lazy as _

SEEDED_LABELS = {
    "All Customer Groups": _("All Customer Groups"),
    "Commercial": _("Commercial"),
    "Individual": _("Individual"),
    "Government": _("Government"),
    "Non Profit": _("Non Profit"),
    "All Territories": _("All Territories"),
    "France": _("France"),
    "Belgium": _("Belgium"),
    "Germany": _("Germany"),
    "Italy": _("Italy"),
    "Spain": _("Spain"),
    "Switzerland": _("Switzerland"),
    "United Kingdom": _("United Kingdom"),
    "United States": _("United States"),
    "Sales Team": _("Sales Team"),
    "All Item Groups": _("All Item Groups"),
}


def label_of(name: str) -> str:
    return str(SEEDED_LABELS.get(name, name))
