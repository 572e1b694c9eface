from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "clientele.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        from clientele.contacts.parties import PartyType, register_party_type
        from clientele.customers.mirrors import customer_mirrors_refresh
        from clientele.customers.models import Customer

        post_migrate.connect(_tallies_ensure, sender=self)
        register_party_type(
            PartyType(
                "customer",
                Customer,
                on_contact_change=customer_mirrors_refresh,
                on_address_change=customer_mirrors_refresh,
            )
        )


def _tallies_ensure(*, using: str, **_kwargs: Any) -> None:
    """After every ``migrate``: SQLite drops a table's triggers when a migration copies the
    table to alter a column, and the kept counts of groups and territories would then
    silently stop following their customers."""
    from clientele.core.rows.tallies import tally_ensure
    from clientele.customers.models import TALLIES

    for tally in TALLIES:
        tally_ensure(tally, using=using)
