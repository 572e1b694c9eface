"""The quick-entry form: the customer, its primary contact and its primary address.

Three Django forms under the names the full form reads too (``customer_name``,
``contact-email_id``, ``address-city`` …), so "Edit Full Page" carries them over as they
are. They check what a form can (a required field left empty); the identifiers, the
address rules and the duplicates are the service's to judge, and its field errors come back
onto these fields (``contact.email_id`` onto ``contact-email_id``).
"""

from typing import TypedDict, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clientele.classification.services import selling_settings_get
from clientele.core.errors import DomainError, InvalidInput
from clientele.customers.duplicates import Candidate
from clientele.customers.models import Customer
from clientele.customers.selectors import customer_duplicates_typed
from clientele.customers.types import CustomerCreateData, QuickAddressData, QuickContactData
from clientele.web.customers import customer_url
from clientele.web.support import errors_onto_form

DEFAULT_COUNTRY = "France"
COUNTRY_LEFT = {"country": DEFAULT_COUNTRY}


class QuickInput(TypedDict):
    """``customer_quick_create``'s input."""

    data: CustomerCreateData
    contact: QuickContactData | None
    address: QuickAddressData | None


class QuickCustomerForm(forms.Form):
    customer_name = forms.CharField(label=_("Full Name"), max_length=140)
    customer_type = forms.ChoiceField(
        label=_("Type"),
        choices=[
            (Customer.CustomerType.COMPANY, _("Company")),
            (Customer.CustomerType.INDIVIDUAL, pgettext_lazy("customer type", "Individual")),
        ],
        initial=Customer.CustomerType.COMPANY,
    )
    customer_group = forms.CharField(label=_("Customer Group"), max_length=140)
    territory = forms.CharField(label=_("Territory"), max_length=140)
    tax_id = forms.CharField(label=_("VAT Number"), required=False, max_length=40)


class QuickContactForm(forms.Form):
    prefix = "contact"
    first_name = forms.CharField(label=_("First name"), required=False, max_length=140)
    last_name = forms.CharField(label=_("Last name"), required=False, max_length=140)
    email_id = forms.CharField(label=_("E-mail"), required=False, max_length=254)
    mobile_no = forms.CharField(label=_("Mobile"), required=False, max_length=40)


class QuickAddressForm(forms.Form):
    prefix = "address"
    address_line1 = forms.CharField(label=_("Address line 1"), required=False, max_length=240)
    address_line2 = forms.CharField(label=_("Address line 2"), required=False, max_length=240)
    city = forms.CharField(label=_("City"), required=False, max_length=140)
    pincode = forms.CharField(label=_("Postal code"), required=False, max_length=20)
    country = forms.CharField(
        label=_("Country"), required=False, max_length=140, initial=DEFAULT_COUNTRY
    )


def _filled(form: forms.Form, *, unless: dict[str, str] | None = None) -> dict[str, str]:
    """The fields typed in; a field still holding its default (``unless``) alone is not."""
    data = {name: value for name, value in form.cleaned_data.items() if value}
    defaults = unless or {}
    if all(defaults.get(name) == value for name, value in data.items()):
        return {}
    return data


class QuickEntry:
    """The three forms of the dialog, read and refused together."""

    def __init__(self, data=None):
        settings = selling_settings_get() if data is None else None
        initial = {
            "customer_group": getattr(settings and settings.customer_group, "name", ""),
            "territory": getattr(settings and settings.territory, "name", ""),
        }
        self.customer = QuickCustomerForm(data, initial=initial)
        self.contact = QuickContactForm(data)
        self.address = QuickAddressForm(data)
        self.duplicates: list[Candidate] = []
        self.refusal = ""

    @property
    def forms(self) -> tuple[forms.Form, ...]:
        return (self.customer, self.contact, self.address)

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self.forms])

    def service_input(self) -> "QuickInput":
        """The customer's fields, and its contact and address when any of theirs is typed
        (the country alone, left at France, is not an address)."""
        customer = cast(CustomerCreateData, _filled(self.customer))
        contact = cast(QuickContactData, _filled(self.contact))
        address = cast(QuickAddressData, _filled(self.address, unless=COUNTRY_LEFT))
        if address and not address.get("country"):
            address["country"] = DEFAULT_COUNTRY
        return {"data": customer, "contact": contact or None, "address": address or None}

    def refuse(self, error: DomainError) -> None:
        """The service's errors next to their fields: ``contact.x`` onto the contact form,
        ``address.x`` onto the address form, the others onto the customer's; likely
        duplicates are listed, to be confirmed."""
        if "duplicates" in error.errors:
            self.duplicates = self.typed_duplicates()
            self.refusal = error.message
            return
        for form, prefix in ((self.contact, "contact."), (self.address, "address.")):
            mine = {k: v for k, v in error.errors.items() if k.startswith(prefix)}
            if mine:
                errors_onto_form(form, InvalidInput(mine), prefix=prefix)
        rest = {k: v for k, v in error.errors.items() if not k.startswith(("contact.", "address."))}
        if rest or not error.errors:
            errors_onto_form(self.customer, InvalidInput(rest) if rest else error)

    def typed_duplicates(self) -> list[Candidate]:
        """Existing customers that look like what is typed (valid or not yet)."""
        value = self._raw
        return customer_duplicates_typed(
            customer_name=value("customer_name"),
            tax_id=value("tax_id"),
            email_id=value("contact-email_id"),
            mobile_no=value("contact-mobile_no"),
        )

    def _raw(self, name: str) -> str:
        return str(self.customer.data.get(name, "")).strip()

    @property
    def summary(self) -> list[tuple[str, str, str]]:
        """Every error, for the summary above the form: (field id or "", label, message)."""
        lines = []
        for form in self.forms:
            lines += [("", "", str(message)) for message in form.non_field_errors()]
            for field in form:
                lines += [(field.auto_id, str(field.label), str(m)) for m in field.errors]
        return lines

    @property
    def focus(self) -> str:
        """The field the cursor goes to: the first refused one, else the name."""
        for form in self.forms:
            for field in form:
                if field.errors:
                    return field.html_name
        return "customer_name"

    @property
    def contact_open(self) -> bool:
        return _typed_or_refused(self.contact)

    @property
    def address_open(self) -> bool:
        return _typed_or_refused(self.address, unless=COUNTRY_LEFT)

    @property
    def duplicate_rows(self) -> list[dict]:
        return duplicate_rows(self.duplicates)


def _typed_or_refused(form: forms.Form, *, unless: dict[str, str] | None = None) -> bool:
    """A section stays open when something in it was typed or refused."""
    if not form.is_bound:
        return False
    typed = {name: form[name].value() for name in form.fields if form[name].value()}
    return bool(form.errors) or any((unless or {}).get(k) != v for k, v in typed.items())


# Why a customer looks like another (``duplicates.DuplicatesLookup``'s reasons).
REASONS = {
    "name": _("same name"),
    "tax_id": _("same VAT number"),
    "siren": _("same SIREN"),
    "email": _("same e-mail"),
    "phone": _("same phone"),
}


def duplicate_rows(candidates: list[Candidate]) -> list[dict]:
    return [
        {
            "name": candidate.name,
            "customer_name": candidate.customer_name,
            "url": customer_url(candidate.name),
            "why": ", ".join(str(REASONS.get(reason, reason)) for reason in candidate.reasons),
        }
        for candidate in candidates
    ]
