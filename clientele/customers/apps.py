from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "clientele.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from clientele.contacts.parties import PartyType, register_party_type
        from clientele.customers.mirrors import customer_mirrors_refresh
        from clientele.customers.models import Customer

        register_party_type(
            PartyType(
                "customer",
                Customer,
                on_contact_change=customer_mirrors_refresh,
                on_address_change=customer_mirrors_refresh,
            )
        )
