"""REST routes for leads (conversion is in the customers API)."""

from dataclasses import replace

from clientele.core.roles import CUSTOMER_WRITERS
from clientele.core.routes import crud_router, spec_routes
from clientele.crm.schemas import LeadIn, LeadOut
from clientele.crm.services import LEAD, lead_create, lead_update

LEAD_ROUTES = replace(
    spec_routes(
        LEAD,
        tag="Leads",
        writers=CUSTOMER_WRITERS,
        with_history=True,
        schema_in=LeadIn,
        schema_out=LeadOut,
    ),
    create=lead_create,
    update=lambda record, **kw: lead_update(record=record, **kw),
    filled=("name",),  # from the leads' series; an update keeps the code
)


def routers():
    return [("leads", crud_router(LEAD_ROUTES))]
