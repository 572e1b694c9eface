from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SellingConfig(AppConfig):
    name = "clientele.selling"
    label = "selling"
    verbose_name = _("Selling")
