"""Customer writes: creation with its code, updates, rename, delete (SPEC §3.1–§3.2, §3.8–§3.9).

The customer's fields and child tables go through the generic record path (see
``clientele.core.records``); this module adds what is particular to customers: the code
(naming series or customer name with ``-1``, ``-2`` suffixes), defaults from the selling
settings, the internal-customer and sales-team rules, and the search tokens.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clientele.classification.models import CustomerGroup, SellingSettings, Territory
from clientele.classification.services import (
    ACCOUNT_COLUMNS,
    ACCOUNT_LINKS,
    CREDIT_LIMIT_COLUMNS,
    party_accounts_in_company,
    selling_settings_get,
)
from clientele.contacts.models import Address, AddressLink, Contact, ContactLink
from clientele.contacts.services import party_unlink_all
from clientele.core import identifiers, naming
from clientele.core.children import rows_replace
from clientele.core.errors import Conflict, FieldErrors, InvalidInput
from clientele.core.history import Snapshot, history_write, record_snapshot, snapshot_after
from clientele.core.identifiers import siren_of
from clientele.core.links import leaf_only
from clientele.core.meta import max_length_of
from clientele.core.models import NamingSeries
from clientele.core.naming import name_lock, series_next
from clientele.core.records import links_written, record_delete, record_prepare
from clientele.core.refusals import code_taken, refuse_in_use, refuse_taken_code
from clientele.core.rows import batched, insert_if_free
from clientele.core.specs import Child, Link, Row, Rows, Spec
from clientele.core.typing import User
from clientele.crm.models import Lead
from clientele.customers.conversion import lead_check_free, lead_release, lead_takeover
from clientele.customers.duplicates import DuplicatesLookup, duplicates_sent, name_key
from clientele.customers.mirrors import apply_mirrors
from clientele.customers.models import (
    AllowedCompany,
    Customer,
    CustomerAccount,
    CustomerCreditLimit,
    SalesTeamMember,
)
from clientele.customers.search import search_tokens_refresh
from clientele.customers.types import CustomerCreateData, CustomerData
from clientele.masters.models import (
    BankAccount,
    Company,
    Currency,
    Industry,
    LoyaltyProgram,
    MarketSegment,
    PaymentTermsTemplate,
    PriceList,
    SalesPartner,
    SalesPerson,
    TaxCategory,
    TaxWithholdingCategory,
)
from clientele.masters.services import company_bank_account, selling_price_list

HUNDRED = Decimal(100)
MAX_SERIES_SKIPS = 1000


def _active_user(user: User) -> str | None:
    return None if user.is_active else _("User “%(user)s” is inactive.") % {"user": user.username}


def _sales_team_totals_100(customer: Customer, rows: Rows, errors: FieldErrors) -> None:
    """Decimal sum, so 33.33 + 33.33 + 33.34 is exactly 100."""
    team = rows.get("sales_team")
    if team and sum(Decimal(m.allocated_percentage) for m in team) != HUNDRED:
        errors.add("sales_team", _("The contributions of the sales team must total 100 %."))


def _internal_customer(customer: Customer, rows: Rows, errors: FieldErrors) -> None:
    """An internal customer stands for exactly one company, and a company for one customer."""
    if not customer.is_internal_customer:
        customer.represents_company = None
        if rows.get("companies"):
            errors.add(
                "companies", _("Only an internal customer lists the companies allowed to bill it.")
            )
        elif "companies" not in rows and customer.pk and customer.companies.exists():
            # Turned external: its allowed companies go, as its represented company does.
            rows["companies"] = []
        return
    if customer.represents_company is None:
        errors.add(
            "represents_company", _("An internal customer must name the company it represents.")
        )
        return
    other = Customer.objects.filter(represents_company=customer.represents_company)
    if other.exclude(pk=customer.pk).exists():
        errors.add(
            "represents_company",
            _("Company “%(company)s” already has an internal customer.")
            % {"company": customer.represents_company},
        )


def _primaries_are_its_own(customer: Customer, rows: Rows, errors: FieldErrors) -> None:
    """The primary contact and address must be linked to this customer (SPEC §3.10)."""
    for field, owner, link_model in (
        ("customer_primary_contact", "contact", ContactLink),
        ("customer_primary_address", "address", AddressLink),
    ):
        record = getattr(customer, field)
        if record is None:
            continue
        linked = (
            customer.pk
            and link_model.objects.filter(
                **{owner: record}, party_type="customer", party_id=customer.pk
            ).exists()
        )
        if not linked:
            errors.add(
                field,
                _("“%(name)s” is not linked to this customer: link it first.")
                % {"name": record.name},
            )


def _commission_from_partner(customer: Customer, rows: Rows, errors: FieldErrors) -> None:
    if customer.default_sales_partner and customer.default_commission_rate is None:
        customer.default_commission_rate = customer.default_sales_partner.commission_rate


# What a customer shows beyond its ``Spec``'s fields: the series it was named by, the
# copies of its primary contact and address, its dates (the API's answer, a person's
# export).
CUSTOMER_DERIVED_FIELDS = (
    "naming_series",
    "email_id",
    "mobile_no",
    "primary_address",
    "created_at",
    "modified_at",
)

CUSTOMER = Spec(
    Customer,
    "customer",
    fields=(
        "name",
        "customer_name",
        "customer_type",
        "pan",
        "tax_id",
        "allow_invoice_without_sales_order",
        "allow_invoice_without_delivery_note",
        "disabled",
        "is_internal_customer",
        "customer_details",
        "website",
        "language",
        "is_frozen",
        "loyalty_program_tier",
        "default_commission_rate",
    ),
    links=(
        Link("tax_withholding_category", TaxWithholdingCategory),
        Link("default_bank_account", BankAccount, check=company_bank_account),
        Link("lead", Lead, input="lead_name"),
        Link("account_manager", get_user_model(), key="username", check=_active_user),
        Link("customer_group", CustomerGroup, check=leaf_only),
        Link("territory", Territory, check=leaf_only),
        Link("tax_category", TaxCategory),
        Link("represents_company", Company),
        Link("default_currency", Currency),
        Link("default_price_list", PriceList, check=selling_price_list),
        Link("payment_terms", PaymentTermsTemplate),
        Link("market_segment", MarketSegment),
        Link("industry", Industry),
        Link("loyalty_program", LoyaltyProgram),
        Link("default_sales_partner", SalesPartner),
        Link("customer_primary_contact", Contact),
        Link("customer_primary_address", Address),
    ),
    children=(
        Child(
            "credit_limits",
            CustomerCreditLimit,
            CREDIT_LIMIT_COLUMNS,
            links=(Link("company", Company),),
            unique=("company",),
        ),
        Child(
            "accounts", CustomerAccount, ACCOUNT_COLUMNS, links=ACCOUNT_LINKS, unique=("company",)
        ),
        Child(
            "sales_team",
            SalesTeamMember,
            ("sales_person", "allocated_percentage"),
            links=(Link("sales_person", SalesPerson, check=leaf_only),),
            unique=("sales_person",),
            # A sales team totals 100 % (SPEC §3.9): a merge never mixes two of them.
            whole=True,
        ),
        Child(
            "companies",
            AllowedCompany,
            ("company",),
            links=(Link("company", Company),),
            unique=("company",),
        ),
    ),
    normalise={
        "pan": identifiers.pan,
        "tax_id": identifiers.vat_or_company_id,
        "language": identifiers.language,
    },
    rules=(
        _primaries_are_its_own,
        _sales_team_totals_100,
        _internal_customer,
        party_accounts_in_company,
        _commission_from_partner,
    ),
)


def homonym_code(base: str) -> str:
    """``base`` if free, else ``base-N`` with N one more than the highest suffix in use."""
    return naming.homonym_code(Customer, base, max_length=10_000)


def _series_code(template: str) -> str:
    return series_next(template=template, today=timezone.localdate())


def _series_for(
    data: CustomerCreateData, settings: SellingSettings, errors: FieldErrors
) -> str | None:
    wanted = data.get("naming_series")
    if wanted:
        if not NamingSeries.objects.filter(name=wanted, entity="customer").exists():
            errors.add(
                "naming_series",
                _("No naming series “%(series)s” for customers.") % {"series": wanted},
            )
            return None
        return wanted
    if settings.customer_naming_series is None:
        errors.add("naming_series", _("No default naming series in the selling settings."))
        return None
    return settings.customer_naming_series.name


def _assign_code(
    customer: Customer, data: CustomerCreateData, settings: SellingSettings, errors: FieldErrors
) -> None:
    """The code is given, or made by the naming system of the selling settings (SPEC §3.2)."""
    if data.get("name"):
        return
    if settings.customer_naming_by == SellingSettings.NamingBy.CUSTOMER_NAME:
        base = (customer.customer_name or "").strip()
        if base:
            name_lock(base)
            customer.name = homonym_code(base)
        if len(customer.name) > max_length_of(Customer, "name"):
            errors.add(
                "customer_name",
                _("This name is too long to make a unique code: shorten it or give a code."),
            )
        return
    series = _series_for(data, settings, errors)
    if series and customer.customer_name:
        customer.naming_series = series
        customer.name = _series_code(series)


def _with_settings_defaults(data: CustomerCreateData, settings: SellingSettings) -> Row:
    """Group and territory default to the selling settings when the caller leaves them out
    (passed as the records already read with the settings, not looked up again: hence an
    untyped ``Row``, where the input names records by code)."""
    row: Row = dict(data)
    if not row.get("customer_group") and settings.customer_group:
        row["customer_group"] = settings.customer_group
    if not row.get("territory") and settings.territory:
        row["territory"] = settings.territory
    return row


def _derive(customer: Customer) -> None:
    """Values kept for lookups: code key, normalised name, SIREN, contact mirrors."""
    customer.code_key = naming.code_key(customer.name)
    customer.name_key = name_key(customer.customer_name)
    customer.siren = siren_of(customer.tax_id) or ""
    apply_mirrors(customer)


def _store(
    customer: Customer, rows: Rows, *, before: Snapshot | None, user: User, action: str
) -> None:
    new = before is None
    if new:
        _insert(customer)
    else:
        _derive(customer)
        customer.save()
    rows_replace(CUSTOMER, customer, rows, new=new)
    search_tokens_refresh([customer], fresh=new)
    after = snapshot_after(CUSTOMER, customer, rows, before)
    history_write(CUSTOMER, customer, before=before, after=after, user=user, action=action)


def _insert(customer: Customer) -> None:
    """Write a new customer; a code given or made from the name must be free (409), a code
    from a series skips the numbers already taken (a manager may have lowered the counter,
    or someone typed such a code)."""
    for _attempt in range(MAX_SERIES_SKIPS):
        _derive(customer)
        if insert_if_free(customer, unique="code_key"):
            return
        if not customer.naming_series:
            raise code_taken(Customer, customer.name)
        customer.name = _series_code(customer.naming_series)
    raise Conflict(
        _("The series “%(series)s” hands out codes that are all taken: raise its current value.")
        % {"series": customer.naming_series}
    )


def customer_create(
    *,
    data: CustomerCreateData,
    user: User,
    block_on_duplicates: bool = False,
    report_duplicates: bool = False,
) -> Customer:
    """Create a customer; nothing is written unless every field and rule is satisfied.

    Naming a lead (``lead_name``) converts it: the lead's contacts and addresses are linked
    and the lead is marked Converted. Likely duplicates refuse the creation only when the
    caller asks for it (``block_on_duplicates``); ``report_duplicates`` lists them in
    ``customer.duplicates`` (see ``duplicates.py``).
    """
    return with_duplicates(
        *_customer_create(
            data=data,
            user=user,
            block_on_duplicates=block_on_duplicates,
            report_duplicates=report_duplicates,
        )
    )


def with_duplicates(customer: Customer, lookup: DuplicatesLookup | None) -> Customer:
    """``customer`` with its likely duplicates in ``customer.duplicates`` when they were
    looked up; read once the creation has committed (see ``duplicates_checked``)."""
    if lookup is not None:
        customer.duplicates = lookup.candidates()
    return customer


@transaction.atomic
def _customer_create(
    *, data: CustomerCreateData, user: User, block_on_duplicates: bool, report_duplicates: bool
) -> tuple[Customer, DuplicatesLookup | None]:
    settings = selling_settings_get()
    row = _with_settings_defaults(data, settings)
    customer = Customer()
    rows, errors = record_prepare(
        CUSTOMER,
        customer,
        {k: v for k, v in row.items() if k != "naming_series"},
        exclude=() if data.get("name") else ("name",),
        hold_links=False,
    )
    if not errors:
        _assign_code(customer, data, settings, errors)
    errors.raise_if_any()
    if customer.lead is not None:
        lead_check_free(customer.lead)
    # A plain creation (no lead to take over, no child rows) reads no row count: its
    # tokens, history and duplicates look-up travel in one round trip (``rows.batched``).
    with batched(enabled=customer.lead is None and not any(rows.values())):
        held = links_written(CUSTOMER, customer, row, rows)
        _store(customer, rows, before=None, user=user, action="create")
        if customer.lead is not None:
            lead_takeover(customer=customer, lead=customer.lead, user=user)
            _derive(customer)
            customer.save()
            search_tokens_refresh([customer])
        lookup = duplicates_checked(customer, block=block_on_duplicates, report=report_duplicates)
    held.errors().raise_if_any()
    return customer, lookup


def duplicates_lookup(customer: Customer) -> DuplicatesLookup:
    """The look-up of a customer's likely duplicates by its name, VAT number, e-mail and
    mobile, sent now (see ``DuplicatesLookup``)."""
    return duplicates_sent(
        customer_name=customer.customer_name,
        tax_id=customer.tax_id,
        email_id=customer.email_id,
        phone=customer.mobile_no,
        exclude_id=customer.pk,
    )


def duplicates_checked(customer: Customer, *, block: bool, report: bool) -> DuplicatesLookup | None:
    """One look-up of a customer just written, for both uses: ``block`` refuses it when any
    duplicate is found (raising rolls the whole creation back), ``report`` hands the
    look-up back to be read once committed.

    Run once its contacts are in place (from a lead, or quick entry), so their e-mail and
    phone count.
    """
    if not (block or report):
        return None
    lookup = duplicates_lookup(customer)
    if block and (found := lookup.candidates()):
        raise Conflict(
            _("This customer looks like existing ones: %(names)s.")
            % {"names": ", ".join(c.name for c in found)},
            errors={"duplicates": [f"{c.name}: {', '.join(c.reasons)}" for c in found]},
        )
    return lookup if report else None


@transaction.atomic
def customer_update(*, customer: Customer, data: CustomerData, user: User) -> Customer:
    """Partial update; the code changes only through ``customer_rename``."""
    if "name" in data and data["name"] != customer.name:
        raise InvalidInput.single("name", _("Use rename to change a customer's code."))
    if "lead_name" in data and data["lead_name"] != (customer.lead.name if customer.lead else None):
        raise InvalidInput.single("lead_name", _("The lead a customer comes from cannot change."))
    before = record_snapshot(CUSTOMER, customer)
    changes = {k: v for k, v in data.items() if k not in ("name", "naming_series")}
    rows, errors = record_prepare(CUSTOMER, customer, changes)
    errors.raise_if_any()
    _store(customer, rows, before=before, user=user, action="update")
    return customer


@transaction.atomic
def customer_rename(*, customer: Customer, new_name: str, user: User) -> Customer:
    """Change the code; links follow because rows point to the integer key."""
    new_name = (new_name or "").strip()
    if not new_name:
        raise InvalidInput.single("new_name", _("The new code cannot be empty."))
    if len(new_name) > max_length_of(Customer, "name"):
        raise InvalidInput.single("new_name", _("The new code is too long."))
    if problem := naming.code_unaddressable(new_name):
        raise InvalidInput.single("new_name", problem)
    refuse_taken_code(Customer, new_name, exclude_pk=customer.pk, field="new_name")
    old_name = customer.name
    customer.name = new_name
    customer.code_key = naming.code_key(new_name)
    try:
        with transaction.atomic():
            customer.save(update_fields=["name", "code_key", "modified_at"])
    except IntegrityError as error:
        raise code_taken(Customer, new_name, field="new_name") from error
    search_tokens_refresh([customer])
    history_write(
        CUSTOMER,
        customer,
        before={"name": old_name},
        after={"name": new_name},
        user=user,
        action="rename",
    )
    return customer


@transaction.atomic
def customer_delete(*, customer: Customer, user: User) -> None:
    """Refused (409, listing what) while documents point to the customer.

    Its own contacts and addresses go with it, shared ones are only unlinked, and the lead
    it came from gets back the status it had before the conversion.
    """
    refuse_in_use(customer)
    lead_release(customer=customer, user=user)
    party_unlink_all(party_type="customer", party_id=customer.pk, user=user)
    record_delete(CUSTOMER, customer, user=user)
