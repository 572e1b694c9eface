from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "clientele.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from clientele.customers.merge import register_merge_step
        from clientele.sales.credit import exposure_merge

        register_merge_step(exposure_merge)
