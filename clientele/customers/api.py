"""REST routes for customers: CRUD by code, rename, resolved defaults, history."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from pydantic import Field, create_model

from clientele.core.api_support import (
    AUTH,
    ChangeOut,
    Page,
    PageParams,
    history,
    input_schema,
    output_schema,
    serialize,
)
from clientele.core.roles import CUSTOMER_DELETERS, CUSTOMER_WRITERS, require_role
from clientele.customers import selectors, services
from clientele.customers.defaults import customer_defaults
from clientele.customers.models import Customer
from clientele.masters.models import Company
from clientele.selling.models import CustomerGroup, Territory

router = Router(tags=["Customers"], auth=AUTH)

CustomerIn = input_schema(services.CUSTOMER, "CustomerIn")
CreateIn = create_model("CustomerCreateIn", __base__=CustomerIn, naming_series=(str | None, None))
CustomerOut = output_schema(
    services.CUSTOMER,
    "CustomerOut",
    extra={
        "naming_series": (str, ""),
        "email_id": (str, ""),
        "mobile_no": (str, ""),
        "primary_address": (str, ""),
        "created_at": (datetime.datetime, ...),
        "modified_at": (datetime.datetime, ...),
    },
)


class CustomerSummary(Schema):
    name: str
    customer_name: str
    customer_type: str
    customer_group: str | None
    territory: str | None
    tax_id: str
    email_id: str
    mobile_no: str
    disabled: bool
    is_frozen: bool


class CustomerPage(Page):
    items: list[CustomerSummary]


class ListParams(PageParams):
    customer_group: str | None = Field(None, description="This group and all below it")
    territory: str | None = Field(None, description="This territory and all below it")
    customer_type: Customer.CustomerType | None = None
    disabled: bool | None = None


class RenameIn(Schema):
    new_name: str = Field(..., max_length=140)


class ResolvedOut(Schema):
    value: str | Decimal | list[dict[str, str]] | None
    source: str
    source_name: str


class DefaultsOut(Schema):
    customer: str
    company: str
    defaults: dict[str, ResolvedOut]


def _fetch(name: str) -> Customer:
    return get_object_or_404(selectors.customer_detail_queryset(), name=name)


def _out(customer: Customer) -> dict:
    data = serialize(services.CUSTOMER, customer)
    data.update(
        {
            field: getattr(customer, field)
            for field in (
                "naming_series",
                "email_id",
                "mobile_no",
                "primary_address",
                "created_at",
                "modified_at",
            )
        }
    )
    return data


@router.get("/", response=CustomerPage, summary="List customers")
def customer_list(request, params: Query[ListParams]):
    rows = selectors.customer_list(
        q=params.q,
        customer_group=get_object_or_404(CustomerGroup, name=params.customer_group)
        if params.customer_group
        else None,
        territory=get_object_or_404(Territory, name=params.territory) if params.territory else None,
        customer_type=params.customer_type,
        disabled=params.disabled,
    )
    count, items = selectors.customer_page(rows, limit=params.limit, offset=params.offset)
    return {"count": count, "items": items}


@router.post("/", response={201: CustomerOut}, summary="Create a customer")
def customer_create(request, payload: CreateIn):
    require_role(request.auth, CUSTOMER_WRITERS)
    customer = services.customer_create(
        data=payload.model_dump(exclude_unset=True), user=request.auth
    )
    return Status(201, _out(_fetch(customer.name)))


@router.post("/{path:name}/rename", response=CustomerOut, summary="Change a customer's code")
def customer_rename(request, name: str, payload: RenameIn):
    require_role(request.auth, CUSTOMER_WRITERS)
    customer = services.customer_rename(
        customer=_fetch(name), new_name=payload.new_name, user=request.auth
    )
    return _out(_fetch(customer.name))


@router.get("/{path:name}/defaults", response=DefaultsOut, summary="Resolved defaults")
def customer_defaults_read(request, name: str, company: str):
    resolved = customer_defaults(
        customer=_fetch(name), company=get_object_or_404(Company, name=company)
    )
    return {
        "customer": resolved.customer,
        "company": resolved.company,
        "defaults": {key: vars(value) for key, value in resolved.values.items()},
    }


@router.get("/{path:name}/history", response=list[ChangeOut], summary="Change history")
def customer_history(request, name: str):
    return history("customer", get_object_or_404(Customer, name=name).pk)


@router.get("/{path:name}", response=CustomerOut, summary="Read a customer")
def customer_read(request, name: str):
    return _out(_fetch(name))


@router.patch("/{path:name}", response=CustomerOut, summary="Update a customer")
def customer_update(request, name: str, payload: CustomerIn):
    require_role(request.auth, CUSTOMER_WRITERS)
    customer = services.customer_update(
        customer=_fetch(name), data=payload.model_dump(exclude_unset=True), user=request.auth
    )
    return _out(_fetch(customer.name))


@router.delete("/{path:name}", response={204: None}, summary="Delete a customer")
def customer_delete(request, name: str):
    require_role(request.auth, CUSTOMER_DELETERS)
    services.customer_delete(customer=_fetch(name), user=request.auth)
    return Status(204, None)
