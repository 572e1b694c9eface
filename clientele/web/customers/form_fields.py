"""The fields of the customer's full form (guide §2.3), its child tables' rows, a new
customer's primary contact and address, and the guide's sections they are shown in."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clientele.customers.models import Customer
from clientele.web.lookup_forms import LinkField

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

PRINT_LANGUAGES = (
    ("fr", _("French")),
    ("en", _("English")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("pt", _("Portuguese")),
)


def _decimal(label: "_StrPromise", **kwargs) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, localize=True, **kwargs)


def _flag(label: "_StrPromise") -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


def _text(label: "_StrPromise", max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


class EntryForm(forms.Form):
    """A part of the customer's form. ``quiet``: shown again as posted (a row was added or
    removed) but not checked yet, so no error shows before "Enregistrer"."""

    use_required_attribute = False
    quiet = False

    @property
    def errors(self) -> ErrorDict:
        return ErrorDict() if self.quiet else super().errors


class CustomerForm(EntryForm):
    """The customer's own fields, links by code. ``lead_name`` is fixed once the customer
    exists (the service refuses to change it), so an edit shows it without sending it."""

    # §2.3.1 Détails
    customer_name = forms.CharField(label=_("Full Name"), max_length=140)
    customer_type = forms.ChoiceField(
        label=_("Type"),
        choices=Customer.CustomerType.choices,
        initial=Customer.CustomerType.COMPANY,
        widget=forms.RadioSelect,
    )
    pan = _text(_("Permanent Account Number (PAN)"), 10)
    tax_withholding_category = LinkField(
        "tax-withholding-categories", label=_("Tax Withholding Category")
    )
    default_bank_account = LinkField("bank-accounts", label=_("Default Company Bank Account"))
    lead_name = LinkField("leads", label=_("From Lead"))
    account_manager = LinkField("users", label=_("Account Manager"))
    customer_group = LinkField("customer-groups", label=_("Customer Group"))
    territory = LinkField("territories", label=_("Territory"))
    tax_id = _text(_("VAT Number"), 30)
    tax_category = LinkField("tax-categories", label=_("Tax Category"))
    allow_invoice_without_sales_order = _flag(_("Allow Sales Invoice Creation Without Sales Order"))
    allow_invoice_without_delivery_note = _flag(
        _("Allow Sales Invoice Creation Without Delivery Note")
    )
    disabled = _flag(_("Disabled"))
    is_internal_customer = _flag(_("Is Internal Customer"))
    represents_company = LinkField("companies", label=_("Represents Company"))
    # §2.3.2 Devise et liste de prix
    default_currency = LinkField("currencies", label=_("Billing Currency"))
    default_price_list = LinkField("price-lists", label=_("Default Price List"))
    # §2.3.3 Adresse principale et coordonnées du contact (a stored customer's own)
    customer_primary_contact = forms.ChoiceField(
        label=_("Customer Primary Contact"), required=False
    )
    customer_primary_address = forms.ChoiceField(
        label=_("Customer Primary Address"), required=False
    )
    # §2.3.5 Limite de crédit et conditions de paiement
    payment_terms = LinkField("payment-terms-templates", label=_("Default Payment Terms Template"))
    # §2.3.6 Informations additionnelles
    customer_details = _text(
        _("Customer Details"), 10_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    market_segment = LinkField("market-segments", label=_("Market Segment"))
    industry = LinkField("industries", label=_("Industry"))
    language = _text(
        _("Print Language"), 20, widget=forms.TextInput(attrs={"list": "print-languages"})
    )
    is_frozen = _flag(_("Is Frozen"))
    website = _text(_("Website"), 200, widget=forms.URLInput)
    # §2.3.7 Points de fidélité
    loyalty_program = LinkField("loyalty-programs", label=_("Loyalty Program"))
    loyalty_program_tier = _text(_("Loyalty Program Tier"), 140)
    # §2.3.8 Partenaire commercial et commission
    default_sales_partner = LinkField("sales-partners", label=_("Sales Partner"))
    default_commission_rate = _decimal(
        _("Commission Rate (%)"), max_digits=6, decimal_places=3, min_value=0, max_value=100
    )

    def __init__(
        self,
        *args,
        new: bool,
        contacts: Iterable[tuple[str, str]] = (),
        addresses: Iterable[tuple[str, str]] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        none = [("", _("(none)"))]
        if new:
            del self.fields["customer_primary_contact"], self.fields["customer_primary_address"]
        else:
            cast(forms.ChoiceField, self.fields["customer_primary_contact"]).choices = [
                *none,
                *contacts,
            ]
            cast(forms.ChoiceField, self.fields["customer_primary_address"]).choices = [
                *none,
                *addresses,
            ]
            self.fields["lead_name"].disabled = True

    def data_for_service(self) -> dict[str, Any]:
        """Every field shown, as the service takes it: an empty link is no link."""
        data = {}
        for name, form_field in self.fields.items():
            if form_field.disabled:
                continue
            value = self.cleaned_data.get(name)
            data[name] = None if value == "" and _is_link(form_field) else value
        return data


def _is_link(form_field: forms.Field) -> bool:
    return isinstance(form_field, LinkField | forms.ChoiceField) and not isinstance(
        form_field.widget, forms.RadioSelect
    )


class RowForm(EntryForm):
    """One row of a child table."""

    def is_blank(self) -> bool:
        """Nothing typed in any cell: kept on screen, not sent."""
        return not any(self.data.get(self.add_prefix(name)) for name in self.fields)

    def data_for_service(self) -> dict[str, Any]:
        return {name: None if value == "" else value for name, value in self.cleaned_data.items()}


class CreditLimitRow(RowForm):
    company = LinkField("companies", label=_("Company"))
    credit_limit = _decimal(_("Credit Limit"), max_digits=18, decimal_places=2)
    bypass_credit_limit_check = _flag(_("Bypass Credit Limit Check at Sales Order"))


class AccountRow(RowForm):
    company = LinkField("companies", label=_("Company"))
    account = LinkField("accounts", label=_("Account"), include="closest tr")
    advance_account = LinkField(
        "advance-accounts", label=_("Advance Account"), include="closest tr"
    )


class SalesTeamRow(RowForm):
    sales_person = LinkField("sales-persons", label=_("Sales Person"))
    allocated_percentage = _decimal(
        _("Contribution (%)"), max_digits=6, decimal_places=3, min_value=0, max_value=100
    )


class AllowedCompanyRow(RowForm):
    company = LinkField("companies", label=_("Company"))


TABLES = (
    ("companies", _("Companies Allowed to Bill It"), AllowedCompanyRow),
    ("accounts", _("Receivable Accounts"), AccountRow),
    ("credit_limits", _("Credit Limits"), CreditLimitRow),
    ("sales_team", _("Sales Team Details"), SalesTeamRow),
)


class ContactBlock(EntryForm):
    """A new customer's primary contact (optional; as the quick entry has it)."""

    first_name = _text(_("First Name"), 140)
    last_name = _text(_("Last Name"), 100)
    email_id = _text(_("E-mail"), 254, widget=forms.EmailInput)
    mobile_no = _text(_("Mobile"), 30, widget=forms.TextInput(attrs={"type": "tel"}))


class AddressBlock(EntryForm):
    """A new customer's primary address: line 1, city and country, or nothing at all."""

    address_line1 = _text(_("Address Line 1"), 240)
    address_line2 = _text(_("Address Line 2"), 240)
    city = _text(_("City"), 140)
    pincode = _text(_("Postal Code"), 20)
    country = _text(_("Country"), 100)


@dataclass(frozen=True)
class Section:
    """One of the guide's sections (§2.3.1–§2.3.9): its fields, then its blocks (a new
    customer's contact and address), then its child tables."""

    id: str
    title: "_StrPromise"
    fields: tuple[str, ...] = ()
    blocks: tuple[str, ...] = ()
    tables: tuple[str, ...] = ()
    intro: "_StrPromise | None" = None


SECTIONS = (
    Section(
        "details",
        _("Details"),
        fields=(
            "customer_name",
            "customer_type",
            "customer_group",
            "territory",
            "tax_id",
            "tax_category",
            "pan",
            "tax_withholding_category",
            "default_bank_account",
            "lead_name",
            "account_manager",
            "allow_invoice_without_sales_order",
            "allow_invoice_without_delivery_note",
            "disabled",
            "is_internal_customer",
            "represents_company",
        ),
        tables=("companies",),
    ),
    Section(
        "currency",
        _("Currency and Price List"),
        fields=("default_currency", "default_price_list"),
    ),
    Section(
        "primary",
        _("Primary Address and Contact"),
        fields=("customer_primary_contact", "customer_primary_address"),
        blocks=("contact", "address"),
    ),
    Section(
        "accounting",
        _("Accounting"),
        tables=("accounts",),
        intro=_("Fill in only when the receivable account is not the company's default."),
    ),
    Section(
        "credit",
        _("Credit Limit and Payment Terms"),
        fields=("payment_terms",),
        tables=("credit_limits",),
    ),
    Section(
        "more",
        _("More Information"),
        fields=(
            "customer_details",
            "market_segment",
            "industry",
            "language",
            "website",
            "is_frozen",
        ),
    ),
    Section("loyalty", _("Loyalty Points"), fields=("loyalty_program", "loyalty_program_tier")),
    Section(
        "partner",
        _("Sales Partner and Commission"),
        fields=("default_sales_partner", "default_commission_rate"),
    ),
    Section("team", pgettext_lazy("form section", "Sales Team"), tables=("sales_team",)),
)
BLOCK_LEGENDS = {
    "contact": _("Primary Contact Details"),
    "address": _("Primary Address Details"),
}
