from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """The project-wide commands of whoever runs the product: serve, seed, token,
    ensure_admin, check_trees. Above every domain app, which never import it."""

    name = "clientele.operations"
    label = "operations"
    verbose_name = _("Operations")
