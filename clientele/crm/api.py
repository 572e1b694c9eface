"""REST routes for leads (conversion is in the customers API)."""

from clientele.core.api_support import crud_router
from clientele.core.roles import CUSTOMER_WRITERS
from clientele.crm.services import LEAD, lead_create, lead_update


def routers():
    return [
        (
            "leads",
            crud_router(
                LEAD,
                tag="Leads",
                writers=CUSTOMER_WRITERS,
                with_history=True,
                create=lead_create,
                update=lead_update,
            ),
        )
    ]
