"""REST routes: customer groups, territories, selling settings, naming series."""

from typing import cast

from django.shortcuts import get_object_or_404
from ninja import Router, Status

from clientele.classification.schemas import (
    CounterIn,
    CounterOut,
    CustomerGroupIn,
    CustomerGroupOut,
    SellingSettingsIn,
    SellingSettingsOut,
    SeriesIn,
    SeriesOut,
    TerritoryIn,
    TerritoryOut,
)
from clientele.classification.services import (
    CUSTOMER_GROUP,
    SELLING_SETTINGS,
    TERRITORY,
    selling_settings_get,
    selling_settings_update,
)
from clientele.classification.types import SellingSettingsData
from clientele.core.api_support import AUTH, ChangeOut, history, serialize
from clientele.core.labels import label_of
from clientele.core.models import NamingSeries, SeriesCounter
from clientele.core.naming import series_create, series_set_current
from clientele.core.roles import MASTER_WRITERS, SETTINGS_WRITERS, require_role
from clientele.core.routes import crud_router, spec_routes

settings_router = Router(tags=["Selling settings"], auth=AUTH)
series_router = Router(tags=["Naming series"], auth=AUTH)


def _settings_out(settings) -> dict:
    data = serialize(SELLING_SETTINGS, settings)
    data["name"] = "Selling Settings"
    return data


@settings_router.get("/", response=SellingSettingsOut)
def settings_read(request):
    return _settings_out(selling_settings_get())


@settings_router.patch("/", response=SellingSettingsOut)
def settings_update(request, payload: SellingSettingsIn):
    require_role(request.auth, SETTINGS_WRITERS)
    # The fields sent, as the service's input: the same keys (tests/test_schemas.py).
    data = cast(SellingSettingsData, payload.model_dump(exclude_unset=True))
    settings = selling_settings_update(data=data, user=request.auth)
    return _settings_out(settings)


@settings_router.get("/history", response=list[ChangeOut])
def settings_history(request):
    return history("selling_settings", 1)


@series_router.get("/", response=list[SeriesOut])
def series_list(request):
    return list(NamingSeries.objects.values("name", "entity"))


@series_router.post("/", response={201: SeriesOut})
def series_add(request, payload: SeriesIn):
    require_role(request.auth, SETTINGS_WRITERS)
    series = series_create(name=payload.name, entity=payload.entity)
    return Status(201, {"name": series.name, "entity": series.entity})


@series_router.get("/counters", response=list[CounterOut])
def counter_list(request):
    return list(SeriesCounter.objects.values("prefix", "current"))


@series_router.get("/counters/{path:prefix}/history", response=list[ChangeOut])
def counter_history(request, prefix: str):
    counter = get_object_or_404(SeriesCounter, prefix=prefix)
    return history("series_counter", counter.pk)


@series_router.put("/counters/{path:prefix}", response=CounterOut)
def counter_set(request, prefix: str, payload: CounterIn):
    require_role(request.auth, SETTINGS_WRITERS)
    counter = series_set_current(prefix=prefix, current=payload.current, user=request.auth)
    return {"prefix": counter.prefix, "current": counter.current}


def routers() -> list[tuple[str, Router]]:
    return [
        (
            "customer-groups",
            crud_router(
                spec_routes(
                    CUSTOMER_GROUP,
                    tag="Customer groups",
                    writers=MASTER_WRITERS,
                    label=label_of,
                    with_history=True,
                    schema_in=CustomerGroupIn,
                    schema_out=CustomerGroupOut,
                )
            ),
        ),
        (
            "territories",
            crud_router(
                spec_routes(
                    TERRITORY,
                    tag="Territories",
                    writers=MASTER_WRITERS,
                    label=label_of,
                    with_history=True,
                    schema_in=TerritoryIn,
                    schema_out=TerritoryOut,
                )
            ),
        ),
        ("selling-settings", settings_router),
        ("naming-series", series_router),
    ]
