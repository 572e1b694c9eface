from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "clientele.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from clientele.core.naming import series_kind_add
        from clientele.customers.merge import register_merge_step
        from clientele.sales.credit import exposure_merge
        from clientele.sales.doctypes import ALL

        register_merge_step(exposure_merge)
        for doctype in ALL:
            series_kind_add(doctype.key, _(doctype.label))
