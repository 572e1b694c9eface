from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "clientele.contacts"
    label = "contacts"
    verbose_name = _("Contacts and addresses")

    def ready(self) -> None:
        from clientele.contacts.parties import register_master_parties

        register_master_parties()
