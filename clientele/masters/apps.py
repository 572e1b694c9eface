from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MastersConfig(AppConfig):
    name = "clientele.masters"
    label = "masters"
    verbose_name = _("Master records")
