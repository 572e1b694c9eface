from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "clientele.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from clientele.core import checks  # noqa: F401  (registers the start-up checks)

        if any(db["ENGINE"].endswith("postgresql") for db in settings.DATABASES.values()):
            from clientele.core.rows.statements import statements_parsed_once

            statements_parsed_once()
