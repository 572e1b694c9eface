from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "clientele.web"
    label = "web"
    verbose_name = _("Web UI")

    def ready(self) -> None:
        from clientele.web.sales.dashboard import dashboard_enable

        dashboard_enable()
