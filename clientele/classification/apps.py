from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    """Customer groups, territories and the selling settings: how customers are classified.

    The label stays ``selling``, the app's first name: it names the tables and the
    migration history of every existing database, which a new label would orphan.
    """

    name = "clientele.classification"
    label = "selling"
    verbose_name = _("Customer classification")
