"""The named request and response schemas stand for their records' ``Spec`` exactly.

Each app's ``schemas.py`` spells its fields out for readers, while the generic CRUD router
and the services still work from the ``Spec``. These tests compare each named class with the
class ``input_schema``/``output_schema`` derive from the same ``Spec``: field names and order,
types (child rows compared field by field), defaults, constraints and strictness. Neither can
then change without the other.

The entity services take their input typed, a ``TypedDict`` per request body (the app's
``types.py``), and the API hands them the ``model_dump`` of the request schema: each
``TypedDict`` is compared with its schema, keys, value types and required keys alike.
"""

import functools
import inspect
import types
import typing
from typing import Any, TypedDict

import pytest
from ninja import Schema
from pydantic import BaseModel, create_model

from clientele.api import api
from clientele.classification import schemas as classification
from clientele.classification.services import CUSTOMER_GROUP, SELLING_SETTINGS, TERRITORY
from clientele.classification.types import SellingSettingsData
from clientele.contacts import schemas as contacts
from clientele.contacts.services import ADDRESS, CONTACT
from clientele.contacts.types import AddressData, ContactData, ContactEmailData
from clientele.core.api_support import StrictSchema, input_schema, output_schema
from clientele.core.records import Spec
from clientele.crm import schemas as crm
from clientele.crm.services import LEAD
from clientele.crm.types import LeadData
from clientele.customers import schemas as customers
from clientele.customers.services import CUSTOMER
from clientele.customers.types import (
    CustomerCreateData,
    CustomerData,
    QuickAddressData,
    QuickContactData,
)
from clientele.masters import schemas as masters
from clientele.masters import services as m
from clientele.pricing import schemas as pricing
from clientele.pricing import services as p
from clientele.sales import schemas as sales
from clientele.sales.types import AccountsSettingsData


def _case(spec: Spec, schema_in, schema_out, in_extra=(), out_extra=()):
    return pytest.param(spec, schema_in, schema_out, in_extra, out_extra, id=spec.entity)


# (spec, In, Out, fields only the In adds, fields only the Out adds), the added fields last.
CASES = [
    _case(m.CURRENCY, masters.CurrencyIn, masters.CurrencyOut),
    _case(m.COMPANY, masters.CompanyIn, masters.CompanyOut),
    _case(m.PRICE_LIST, masters.PriceListIn, masters.PriceListOut),
    _case(
        m.PAYMENT_TERMS_TEMPLATE,
        masters.PaymentTermsTemplateIn,
        masters.PaymentTermsTemplateOut,
    ),
    _case(m.ACCOUNT, masters.AccountIn, masters.AccountOut),
    _case(m.BANK_ACCOUNT, masters.BankAccountIn, masters.BankAccountOut),
    _case(m.SALES_PERSON, masters.SalesPersonIn, masters.SalesPersonOut),
    _case(m.SALES_PARTNER, masters.SalesPartnerIn, masters.SalesPartnerOut),
    _case(m.LOYALTY_PROGRAM, masters.LoyaltyProgramIn, masters.LoyaltyProgramOut),
    _case(m.TAX_CATEGORY, masters.TaxCategoryIn, masters.TaxCategoryOut),
    _case(
        m.TAX_WITHHOLDING_CATEGORY,
        masters.TaxWithholdingCategoryIn,
        masters.TaxWithholdingCategoryOut,
    ),
    _case(m.INDUSTRY, masters.IndustryIn, masters.IndustryOut),
    _case(m.MARKET_SEGMENT, masters.MarketSegmentIn, masters.MarketSegmentOut),
    _case(m.ITEM_GROUP, masters.ItemGroupIn, masters.ItemGroupOut),
    _case(m.FISCAL_YEAR, masters.FiscalYearIn, masters.FiscalYearOut),
    _case(
        m.MONTHLY_DISTRIBUTION,
        masters.MonthlyDistributionIn,
        masters.MonthlyDistributionOut,
    ),
    _case(p.ITEM, pricing.ItemIn, pricing.ItemOut),
    _case(p.ITEM_PRICE, pricing.ItemPriceIn, pricing.ItemPriceOut),
    _case(p.CURRENCY_EXCHANGE, pricing.CurrencyExchangeIn, pricing.CurrencyExchangeOut),
    _case(p.SALES_TAXES_TEMPLATE, pricing.SalesTaxesTemplateIn, pricing.SalesTaxesTemplateOut),
    _case(CUSTOMER_GROUP, classification.CustomerGroupIn, classification.CustomerGroupOut),
    _case(TERRITORY, classification.TerritoryIn, classification.TerritoryOut),
    _case(SELLING_SETTINGS, classification.SellingSettingsIn, classification.SellingSettingsOut),
    _case(LEAD, crm.LeadIn, crm.LeadOut),
    _case(
        CONTACT,
        contacts.ContactIn,
        contacts.ContactOut,
        in_extra=("full_name", "links"),
        out_extra=("full_name", "email_id", "phone", "mobile_no", "links"),
    ),
    _case(
        ADDRESS,
        contacts.AddressIn,
        contacts.AddressOut,
        in_extra=("links",),
        out_extra=("display", "country_name", "links"),
    ),
    _case(
        CUSTOMER,
        customers.CustomerIn,
        customers.CustomerOut,
        out_extra=(
            "naming_series",
            "email_id",
            "mobile_no",
            "primary_address",
            "created_at",
            "modified_at",
        ),
    ),
]


def _shape(annotation: Any) -> Any:
    """A type as comparable data: a schema by its name, strictness and fields; a union or a
    generic by its parts (``X | None`` and ``Optional[X]`` alike)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return (annotation.__name__, annotation.model_config.get("extra"), _fields(annotation))
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    if origin is types.UnionType:
        origin = typing.Union
    return (origin, tuple(_shape(arg) for arg in typing.get_args(annotation)))


def _fields(schema: type[BaseModel], leave_out: tuple[str, ...] = ()) -> list[tuple]:
    return [
        (name, _shape(field.annotation), field.default, field.is_required(), field.metadata)
        for name, field in schema.model_fields.items()
        if name not in leave_out
    ]


def _assert_stands_for(named: type[BaseModel], derived: type[BaseModel], extra) -> None:
    assert named.__name__ == derived.__name__
    assert list(named.model_fields) == [*derived.model_fields, *extra]
    assert _fields(named, leave_out=extra) == _fields(derived)
    assert named.model_config.get("extra") == derived.model_config.get("extra")


@pytest.mark.parametrize(("spec", "schema_in", "schema_out", "in_extra", "out_extra"), CASES)
def test_the_named_input_schema_is_the_one_the_spec_gives(
    spec, schema_in, schema_out, in_extra, out_extra
):
    # when
    derived = input_schema(spec, schema_in.__name__)
    # then
    _assert_stands_for(schema_in, derived, in_extra)


@pytest.mark.parametrize(("spec", "schema_in", "schema_out", "in_extra", "out_extra"), CASES)
def test_the_named_output_schema_is_the_one_the_spec_gives(
    spec, schema_in, schema_out, in_extra, out_extra
):
    # when
    derived = output_schema(spec, schema_out.__name__)
    # then
    _assert_stands_for(schema_out, derived, out_extra)


@pytest.mark.parametrize(("spec", "schema_in", "schema_out", "in_extra", "out_extra"), CASES)
def test_every_field_of_the_spec_is_read_and_written(
    spec, schema_in, schema_out, in_extra, out_extra
):
    # given
    names = [
        *spec.fields,
        *(link.name for link in spec.links),
        *(child.field for child in spec.children),
        *([spec.parent_input] if spec.is_tree else []),
    ]
    # then
    assert set(names) - set(schema_in.model_fields) == set()
    assert set(names) - set(schema_out.model_fields) == set()


@functools.cache
def _documented() -> dict[str, Any]:
    """The request and response bodies of the OpenAPI document, by name."""
    return api.get_openapi_schema()["components"]["schemas"]


@pytest.mark.parametrize(("spec", "schema_in", "schema_out", "in_extra", "out_extra"), CASES)
def test_the_api_documents_the_named_classes(spec, schema_in, schema_out, in_extra, out_extra):
    # when
    documented = _documented()
    # then: the routes take and answer the named classes, whose docstrings only they carry
    for named in (schema_in, schema_out):
        assert documented[named.__name__]["description"] == inspect.cleandoc(named.__doc__)


_CURRENCY_IN = {name: (str | None, None) for name in ("name", "currency_name", "symbol")}


@pytest.mark.parametrize(
    ("fields", "base"),
    [
        (_CURRENCY_IN, StrictSchema),
        (_CURRENCY_IN | {"enabled": (bool | None, ...)}, StrictSchema),
        (_CURRENCY_IN | {"enabled": (str | None, None)}, StrictSchema),
        (_CURRENCY_IN | {"enabled": (bool | None, False)}, StrictSchema),
        ({"enabled": (bool | None, None)} | _CURRENCY_IN, StrictSchema),
        (_CURRENCY_IN | {"enabled": (bool | None, None)}, Schema),
    ],
    ids=["left out", "required", "other type", "other default", "other order", "not strict"],
)
def test_a_drift_is_noticed(fields, base):
    # given
    drifted = create_model("CurrencyIn", __base__=base, **fields)
    derived = input_schema(m.CURRENCY, "CurrencyIn")
    # then
    with pytest.raises(AssertionError):
        _assert_stands_for(drifted, derived, ())
    _assert_stands_for(masters.CurrencyIn, derived, ())


def test_the_customer_creation_adds_the_quick_entry_to_the_customer_fields():
    # given
    added = ("naming_series", "contact", "address", "block_on_duplicates")
    # then
    assert list(customers.CustomerCreateIn.model_fields) == [
        *customers.CustomerIn.model_fields,
        *added,
    ]
    assert list(customers.CustomerCreatedOut.model_fields) == [
        *customers.CustomerOut.model_fields,
        "duplicates",
    ]


# (the services' input, its request schema, the schema's fields the services take as
# arguments of their own)
INPUTS = [
    pytest.param(CustomerData, customers.CustomerIn, (), id="customer"),
    pytest.param(
        CustomerCreateData,
        customers.CustomerCreateIn,
        ("contact", "address", "block_on_duplicates"),
        id="customer creation",
    ),
    pytest.param(QuickContactData, customers.QuickContactIn, (), id="quick contact"),
    pytest.param(QuickAddressData, customers.QuickAddressIn, (), id="quick address"),
    pytest.param(ContactData, contacts.ContactIn, (), id="contact"),
    pytest.param(AddressData, contacts.AddressIn, (), id="address"),
    pytest.param(LeadData, crm.LeadIn, (), id="lead"),
    pytest.param(SellingSettingsData, classification.SellingSettingsIn, (), id="selling settings"),
    pytest.param(AccountsSettingsData, sales.AccountsSettingsIn, (), id="accounts settings"),
]


def _keys(annotation: Any) -> Any:
    """A ``TypedDict`` or a schema as comparable data: each key with its type (child rows
    by their own keys) and whether it is required."""
    if typing.is_typeddict(annotation):
        required = annotation.__required_keys__
        hints = typing.get_type_hints(annotation)
        return [(name, _keys(hint), name in required) for name, hint in hints.items()]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        fields = annotation.model_fields
        return [(name, _keys(f.annotation), f.is_required()) for name, f in fields.items()]
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    if origin is types.UnionType:
        origin = typing.Union
    return (origin, tuple(_keys(arg) for arg in typing.get_args(annotation)))


def _assert_is_input_of(data: Any, schema: type[BaseModel], apart: tuple[str, ...]) -> None:
    assert list(typing.get_type_hints(data)) == [f for f in schema.model_fields if f not in apart]
    assert _keys(data) == [key for key in _keys(schema) if key[0] not in apart]


@pytest.mark.parametrize(("data", "schema", "apart"), INPUTS)
def test_a_services_input_has_the_keys_and_types_of_its_request_schema(data, schema, apart):
    # then
    _assert_is_input_of(data, schema, apart)


def test_a_lead_conversion_sends_fields_of_the_customer_creation():
    # given
    sent = set(customers.ConvertIn.model_fields) - {"block_on_duplicates"}
    # then
    assert sent - set(typing.get_type_hints(CustomerCreateData)) == set()


class _EmailLeftOut(TypedDict, total=False):
    email_id: str | None


class _EmailOfOtherType(TypedDict, total=False):
    email_id: str | None
    is_primary: str | None


class _EmailRequired(TypedDict):
    email_id: str | None
    is_primary: bool | None


class _EmailInOtherOrder(TypedDict, total=False):
    is_primary: bool | None
    email_id: str | None


class _Emails(TypedDict, total=False):
    emails: list[ContactEmailData] | None


class _EmailsOfOtherType(TypedDict, total=False):
    emails: list[_EmailOfOtherType] | None


_EMAILS_IN = create_model(
    "EmailsIn", __base__=StrictSchema, emails=(list[contacts.ContactEmailRow] | None, None)
)


@pytest.mark.parametrize(
    ("drifted", "schema"),
    [
        (_EmailLeftOut, contacts.ContactEmailRow),
        (_EmailOfOtherType, contacts.ContactEmailRow),
        (_EmailRequired, contacts.ContactEmailRow),
        (_EmailInOtherOrder, contacts.ContactEmailRow),
        (_EmailsOfOtherType, _EMAILS_IN),
    ],
    ids=["left out", "other type", "required", "other order", "child row of another type"],
)
def test_a_drift_of_a_services_input_is_noticed(drifted, schema):
    # given
    _assert_is_input_of(ContactEmailData, contacts.ContactEmailRow, ())
    _assert_is_input_of(_Emails, _EMAILS_IN, ())
    # then
    with pytest.raises(AssertionError):
        _assert_is_input_of(drifted, schema, ())


def test_every_operation_declares_its_refusals_with_the_error_body(api):
    # given the OpenAPI document as a client reads it
    document = api.get("/openapi.json").json()
    error = {"$ref": "#/components/schemas/Error"}
    assert document["components"]["schemas"]["Error"]["required"] == ["detail", "errors"]
    declared = {
        (method, path): operation["responses"]
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    # then each refusal an operation declares has the one error body…
    for responses in declared.values():
        for status, response in responses.items():
            if status.startswith("4"):
                assert response["content"]["application/json"]["schema"] == error
    # …and what each kind of operation may answer is declared
    assert set(declared["post", "/api/v1/customers/"]) == {
        "201",
        "400",
        "401",
        "403",
        "409",
        "413",
        "422",
    }
    assert set(declared["get", "/api/v1/customers/{name}/duplicates"]) >= {"200", "401", "404"}
    # a list whose filter names a record answers 404 for an unknown one
    # (and 414 for an address over the server's limit)
    assert set(declared["get", "/api/v1/customers/"]) == {
        "200",
        "401",
        "403",
        "404",
        "414",
        "422",
    }
    assert set(declared["post", "/api/v1/auth/token"]) == {
        "200",
        "400",
        "401",
        "413",
        "415",
        "422",
        "429",
    }
