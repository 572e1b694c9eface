"""Transaction defaults of a customer for a company, each with where it came from (SPEC §3.4).

Order: the customer, then its group, then that group's ancestors up to the root, then the
selling settings or the company. Resolved once into ``CustomerDefaults``; a transaction
copies these values into its empty fields and never reads them again. The customer's own
rows are those it was read with (``rows_of``): a customer from ``customer_detail`` costs
no query more.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.conf import settings as django_settings
from django.db import router

from clientele.classification.models import CustomerGroup
from clientele.classification.services import CUSTOMER_GROUP, selling_settings_get
from clientele.core.rows import record_by_key
from clientele.core.rows.reads import Reader
from clientele.core.specs import rows_known, rows_known_of, rows_of
from clientele.customers.models import Customer, CustomerCreditLimit
from clientele.masters.models import Company


@dataclass(frozen=True)
class Resolved:
    value: Any
    source: str
    source_name: str = ""


@dataclass
class CustomerDefaults:
    customer: str
    company: str
    values: dict[str, Resolved] = field(default_factory=dict)


NOWHERE = Resolved(None, "")


# A group with the codes of its defaults and its credit limit and account rows, read by
# path: SQL written once (``core.rows``), where the ORM's query and three prefetches cost
# more to build than to run, on every document created and submitted.
_CHAIN = Reader(
    CustomerGroup,
    "path",
    stubs={"default_price_list": "name", "payment_terms": "name"},
    children=CUSTOMER_GROUP.children,
)


def _group_chain(customer: Customer) -> list[CustomerGroup]:
    """The customer's group and its ancestors, nearest first: one query (two when the
    customer came without its group)."""
    if customer.customer_group_id is None:
        return []
    cached = Customer.customer_group.field.get_cached_value(customer, default=None)
    found = cached or record_by_key(CustomerGroup, "id", customer.customer_group_id)
    group = cast(CustomerGroup | None, found)
    if group is None:
        return []
    return sorted(_CHAIN.among(group.ancestor_paths()), key=lambda node: -node.depth)


def _first(customer_value, chain, attribute, fallback: Resolved) -> Resolved:
    if customer_value is not None:
        return Resolved(customer_value, "customer", "")
    for group in chain:
        if (value := attribute(group)) is not None:
            return Resolved(value, "customer_group", group.name)
    return fallback


def _row_for(rows, company: Company):
    return next((row for row in rows if row.company_id == company.pk), None)


def _name(obj) -> str | None:
    return obj.name if obj is not None else None


def customer_defaults(*, customer: Customer, company: Company) -> CustomerDefaults:
    chain = _group_chain(customer)
    selling = selling_settings_get()
    result = CustomerDefaults(customer=customer.name, company=company.name)
    values = result.values

    values["price_list"] = _first(
        _name(customer.default_price_list),
        chain,
        lambda g: _name(g.default_price_list),
        Resolved(_name(selling.selling_price_list), "selling_settings")
        if selling.selling_price_list
        else NOWHERE,
    )
    values["billing_currency"] = Resolved(
        *(
            (customer.default_currency.name, "customer")
            if customer.default_currency
            else (company.default_currency.name, "company", company.name)
        ),
    )
    values["payment_terms"] = _first(
        _name(customer.payment_terms),
        chain,
        lambda g: _name(g.payment_terms),
        Resolved(_name(company.payment_terms), "company", company.name)
        if company.payment_terms
        else NOWHERE,
    )
    customer_account = _row_for(rows_of(customer, "accounts"), company)
    values["receivable_account"] = _first(
        _name(customer_account.account) if customer_account else None,
        chain,
        lambda g: _name(getattr(_row_for(rows_of(g, "accounts"), company), "account", None)),
        Resolved(_name(company.default_receivable_account), "company", company.name)
        if company.default_receivable_account
        else NOWHERE,
    )
    values["advance_account"] = _first(
        _name(customer_account.advance_account) if customer_account else None,
        chain,
        lambda g: _name(
            getattr(_row_for(rows_of(g, "accounts"), company), "advance_account", None)
        ),
        Resolved(_name(company.default_advance_received_account), "company", company.name)
        if company.default_advance_received_account
        else NOWHERE,
    )
    values["credit_limit"] = _credit_limit(customer, chain, company)
    values["tax_category"] = (
        Resolved(_name(customer.tax_category), "customer") if customer.tax_category else NOWHERE
    )
    values["print_language"] = (
        Resolved(customer.language, "customer")
        if customer.language
        else Resolved(django_settings.LANGUAGE_CODE, "settings")
    )
    _customer_only(values, customer)
    return result


def _credit_limit(customer: Customer, chain, company: Company) -> Resolved:
    """No row anywhere means no limit (``None``); a 0 row means no credit at all."""
    rule = _credit_rule(customer, lambda: chain, company)
    if rule.limit is None:
        return NOWHERE
    return Resolved(_amount(rule.limit), rule.source, rule.source_name)


@dataclass(frozen=True)
class CreditRule:
    """The credit limit that applies to a customer for a company, where it comes from, and
    whether its row skips the check at order stage (``bypass_credit_limit_check``)."""

    limit: Decimal | None
    bypass: bool = False
    source: str = ""
    source_name: str = ""


def _credit_rule(customer: Customer, chain: Callable[[], list], company: Company) -> CreditRule:
    """``chain`` gives the customer's groups, read only when the customer has no limit of
    its own for the company (the group walk is the dearer read)."""
    row = _row_for(rows_of(customer, "credit_limits"), company)
    if row is not None:
        return CreditRule(row.credit_limit, row.bypass_credit_limit_check, "customer")
    for group in chain():
        if (row := _row_for(rows_of(group, "credit_limits"), company)) is not None:
            return CreditRule(
                row.credit_limit, row.bypass_credit_limit_check, "customer_group", group.name
            )
    if company.credit_limit is not None:
        return CreditRule(company.credit_limit, False, "company", company.name)
    return CreditRule(None)


# A customer's credit limit rows, read by the customer: written once (``core.rows``),
# where the ORM's query costs more to build than to run, on every submission.
_CREDIT_LIMITS = Reader(CustomerCreditLimit, "parent")


def customer_credit_rule(*, customer: Customer, company: Company) -> CreditRule:
    """The credit limit of SPEC §3.5: the customer's row for the company, else its group's,
    else an ancestor group's, else the company's. Read on every submission: one
    statement (none more when the customer was read with its rows)."""
    if "credit_limits" not in rows_known_of(customer):
        using = router.db_for_write(CustomerCreditLimit)
        limits = sorted(_CREDIT_LIMITS.all(customer.pk, using=using), key=lambda row: row.idx)
        rows_known(customer, {**rows_known_of(customer), "credit_limits": limits})
    return _credit_rule(customer, lambda: _group_chain(customer), company)


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _customer_only(values: dict[str, Resolved], customer: Customer) -> None:
    """Partner, commission, team and loyalty program have no group-level default."""
    partner = customer.default_sales_partner
    values["sales_partner"] = Resolved(partner.name, "customer") if partner else NOWHERE
    rate = customer.default_commission_rate
    values["commission_rate"] = (
        Resolved(f"{rate:.3f}".rstrip("0").rstrip("."), "customer") if rate is not None else NOWHERE
    )
    team = [
        {
            "sales_person": member.sales_person.name,
            "allocated_percentage": f"{member.allocated_percentage:.3f}".rstrip("0").rstrip("."),
        }
        for member in rows_of(customer, "sales_team")
    ]
    values["sales_team"] = Resolved(team, "customer") if team else NOWHERE
    program = customer.loyalty_program
    values["loyalty_program"] = Resolved(program.name, "customer") if program else NOWHERE
