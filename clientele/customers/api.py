"""REST routes for customers: CRUD by code, rename, resolved defaults, history.

The fields a request sends go to the services as their typed input (``types.py``): the
same keys as the request schemas, which ``tests/test_schemas.py`` holds equal, hence the
casts from ``model_dump``.
"""

from typing import cast

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from clientele.classification.models import CustomerGroup, Territory
from clientele.contacts.api import addresses_out, contacts_out
from clientele.contacts.schemas import AddressOut, ContactOut
from clientele.contacts.selectors import party_addresses, party_contacts
from clientele.core.api_contract import spec_body_contract
from clientele.core.api_support import AUTH, ChangeOut, history, json_answer, serialize
from clientele.core.errors import InvalidInput
from clientele.core.roles import CUSTOMER_DELETERS, CUSTOMER_WRITERS, require_role
from clientele.crm.models import Lead
from clientele.customers import selectors, services
from clientele.customers.conversion import lead_customer_data
from clientele.customers.defaults import customer_defaults
from clientele.customers.merge import customer_merge
from clientele.customers.merge_job import customer_merge_start
from clientele.customers.models import Customer
from clientele.customers.quick_entry import customer_quick_create
from clientele.customers.schemas import (
    ConvertIn,
    CustomerCreatedOut,
    CustomerCreateIn,
    CustomerIn,
    CustomerOut,
    CustomerPage,
    DefaultsOut,
    DuplicateOut,
    ListParams,
    MergeIn,
    MergeOut,
    RenameIn,
)
from clientele.customers.services import duplicates_lookup
from clientele.customers.types import CustomerCreateData, CustomerData
from clientele.jobs.api import job_out
from clientele.jobs.models import Job
from clientele.jobs.schemas import JobOut
from clientele.masters.models import Company

router = Router(tags=["Customers"], auth=AUTH)


def _fetch(name: str) -> Customer:
    customer = selectors.customer_detail(name)
    if customer is None:
        raise Http404(name)
    return customer


def _out(customer: Customer) -> dict:
    data = serialize(services.CUSTOMER, customer)
    data.update({field: getattr(customer, field) for field in services.CUSTOMER_DERIVED_FIELDS})
    return data


@router.get("/", response=CustomerPage, summary="List customers")
def customer_list(request, params: Query[ListParams]):
    count, items = selectors.customer_page(
        q=params.q,
        customer_group=get_object_or_404(CustomerGroup, name=params.customer_group)
        if params.customer_group
        else None,
        territory=get_object_or_404(Territory, name=params.territory) if params.territory else None,
        customer_type=params.customer_type,
        disabled=params.disabled,
        is_frozen=params.is_frozen,
        limit=params.limit,
        offset=params.offset,
    )
    return {"count": count, "items": items}


def _duplicates_of(customer: Customer) -> list[dict]:
    return [vars(candidate) for candidate in duplicates_lookup(customer).candidates()]


@router.post(
    "/",
    response={201: CustomerCreatedOut},
    summary="Create a customer",
    # The code comes from the naming series when not given.
    openapi_extra=spec_body_contract(services.CUSTOMER, create=True, filled=("name",)),
)
def customer_create(request, payload: CustomerCreateIn):
    """With ``contact`` and/or ``address``, also creates the primary contact and address
    (quick entry). Likely duplicates come back in ``duplicates``; with
    ``block_on_duplicates`` they refuse the creation (409)."""
    require_role(request.auth, CUSTOMER_WRITERS)
    data = payload.model_dump(exclude_unset=True)
    contact, address = data.pop("contact", None), data.pop("address", None)
    block = data.pop("block_on_duplicates", False)
    customer = customer_quick_create(
        data=cast(CustomerCreateData, data),
        contact=contact,
        address=address,
        user=request.auth,
        block_on_duplicates=block,
        report_duplicates=True,
    )
    duplicates = [vars(candidate) for candidate in customer.duplicates]
    return json_answer(_out(customer) | {"duplicates": duplicates}, status=201)


@router.get("/{path:name}/duplicates", response=list[DuplicateOut], summary="Likely duplicates")
def customer_duplicates_read(request, name: str):
    return _duplicates_of(_fetch(name))


@router.post(
    "/{path:name}/merge",
    response={200: MergeOut, 202: JobOut},
    summary="Merge into another customer",
)
def customer_merge_run(request, name: str, payload: MergeIn):
    """Moves everything of this customer to ``into`` and deletes it; ``dry_run`` only reports.
    A merge moving more than ``MERGE_JOB_THRESHOLD`` records (1,000) runs as a job: the
    answer is then 202 with the job to follow at ``/api/v1/jobs/{id}``."""
    require_role(request.auth, CUSTOMER_DELETERS)
    target = Customer.objects.filter(name=payload.into).first()
    if target is None:
        raise InvalidInput.single("into", _("No customer “%(name)s”.") % {"name": payload.into})
    if payload.dry_run:
        plan = customer_merge(source=_fetch(name), target=target, dry_run=True, user=request.auth)
        return vars(plan) | {"dry_run": True}
    outcome = customer_merge_start(source=_fetch(name), target=target, user=request.auth)
    if isinstance(outcome, Job):
        return Status(202, job_out(outcome))
    return vars(outcome) | {"dry_run": False}


@router.get("/{path:name}/contacts", response=list[ContactOut], summary="Its contacts")
def customer_contacts(request, name: str):
    customer = get_object_or_404(Customer, name=name)
    return contacts_out(party_contacts(party_type="customer", party_id=customer.pk))


@router.get("/{path:name}/addresses", response=list[AddressOut], summary="Its addresses")
def customer_addresses(request, name: str):
    customer = get_object_or_404(Customer, name=name)
    return addresses_out(party_addresses(party_type="customer", party_id=customer.pk))


lead_router = Router(tags=["Leads"], auth=AUTH)


@lead_router.post(
    "/{path:name}/convert",
    response={201: CustomerCreatedOut},
    summary="Convert a lead to a customer",
)
def lead_convert(request, name: str, payload: ConvertIn):
    require_role(request.auth, CUSTOMER_WRITERS)
    lead = get_object_or_404(Lead, name=name)
    overrides = cast(
        CustomerCreateData,
        payload.model_dump(exclude_unset=True, exclude={"block_on_duplicates"}),
    )
    customer = services.customer_create(
        data=lead_customer_data(lead, overrides),
        user=request.auth,
        block_on_duplicates=payload.block_on_duplicates,
    )
    return Status(201, _out(_fetch(customer.name)) | {"duplicates": _duplicates_of(customer)})


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
    return json_answer(_out(_fetch(name)))


@router.patch(
    "/{path:name}",
    response=CustomerCreatedOut,
    summary="Update a customer",
    openapi_extra=spec_body_contract(services.CUSTOMER, create=False),
)
def customer_update(request, name: str, payload: CustomerIn):
    require_role(request.auth, CUSTOMER_WRITERS)
    data = cast(CustomerData, payload.model_dump(exclude_unset=True))
    customer = services.customer_update(customer=_fetch(name), data=data, user=request.auth)
    # Likely duplicates are reported after an update too: a new VAT number may reveal one.
    return json_answer(_out(_fetch(customer.name)) | {"duplicates": _duplicates_of(customer)})


@router.delete("/{path:name}", response={204: None}, summary="Delete a customer")
def customer_delete(request, name: str):
    require_role(request.auth, CUSTOMER_DELETERS)
    services.customer_delete(customer=_fetch(name), user=request.auth)
    return Status(204, None)
