from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrmConfig(AppConfig):
    name = "clientele.crm"
    label = "crm"
    verbose_name = _("CRM")

    def ready(self) -> None:
        from clientele.contacts.parties import PartyType, register_party_type
        from clientele.crm.models import Lead

        register_party_type(PartyType("lead", Lead))
