"""The forms of the customer page's dialogs: they parse what a person typed and hand the
services their typed input (``ContactData``, ``AddressData``, a new code, a merge target)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clientele.contacts.models import Address, Contact
from clientele.contacts.types import (
    AddressData,
    ContactData,
    ContactEmailData,
    ContactPhoneData,
    LinkData,
)
from clientele.core import identifiers
from clientele.core.identifiers import country_name
from clientele.customers.models import Customer
from clientele.customers.types import CustomerData


def customer_link(customer_name: str) -> list[LinkData]:
    return [{"party_type": "customer", "party_name": customer_name}]


class DialogForm(forms.Form):
    """Labels without Django's trailing colon: they sit above their input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ContactForm(DialogForm):
    first_name = forms.CharField(label=_("First name"), max_length=140)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    designation = forms.CharField(label=_("Designation"), max_length=140, required=False)
    email_id = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    mobile_no = forms.CharField(label=_("Mobile"), max_length=40, required=False)

    @classmethod
    def of(cls, contact: Contact, data=None) -> "ContactForm":
        """The form of an existing contact: what it holds now, or what was sent."""
        initial = {name: getattr(contact, name) for name in cls.base_fields}
        return cls(data, initial=initial)

    def _checked(self, field: str, check) -> str:
        """The same normalisers as the service, so an error lands on its own field."""
        value = self.cleaned_data.get(field, "").strip()
        if not value:
            return ""
        try:
            return check(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_email_id(self) -> str:
        return self._checked("email_id", identifiers.email)

    def clean_phone(self) -> str:
        return self._checked("phone", identifiers.phone)

    def clean_mobile_no(self) -> str:
        return self._checked("mobile_no", identifiers.phone)

    def data_for(self, contact: Contact | None, *, customer_name: str) -> ContactData:
        """The service's input: the names typed, the primary e-mail and numbers replaced,
        the contact's other e-mails and numbers kept; a new contact is linked to the
        customer."""
        values = self.cleaned_data
        data: ContactData = {
            "first_name": values["first_name"],
            "last_name": values["last_name"],
            "designation": values["designation"],
            "emails": _emails(contact, values["email_id"]),
            "phones": _phones(contact, values["phone"], values["mobile_no"]),
        }
        if contact is None:
            data["links"] = customer_link(customer_name)
        return data


def _emails(contact: Contact | None, primary: str) -> list[ContactEmailData]:
    others: list[ContactEmailData] = [
        {"email_id": row.email_id, "is_primary": False}
        for row in (contact.emails.all() if contact else [])
        if not row.is_primary and row.email_id != primary
    ]
    first: list[ContactEmailData] = [{"email_id": primary, "is_primary": True}] if primary else []
    return first + others


def _phones(contact: Contact | None, phone: str, mobile: str) -> list[ContactPhoneData]:
    rows: list[ContactPhoneData] = []
    if phone:
        rows.append(
            {"phone": phone, "is_primary_phone": True, "is_primary_mobile_no": mobile == phone}
        )
    if mobile and mobile != phone:
        rows.append({"phone": mobile, "is_primary_phone": False, "is_primary_mobile_no": True})
    kept = {phone, mobile}
    for row in contact.phones.all() if contact else []:
        if not (row.is_primary_phone or row.is_primary_mobile_no) and row.phone not in kept:
            rows.append(
                {"phone": row.phone, "is_primary_phone": False, "is_primary_mobile_no": False}
            )
    return rows


class AddressForm(DialogForm):
    address_title = forms.CharField(label=_("Address title"), max_length=140, required=False)
    address_type = forms.ChoiceField(
        label=_("Address type"), choices=Address.AddressType.choices, initial="Billing"
    )
    address_line1 = forms.CharField(label=_("Address line 1"), max_length=240)
    address_line2 = forms.CharField(label=_("Address line 2"), max_length=240, required=False)
    pincode = forms.CharField(label=_("Postal code"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=140)
    country = forms.CharField(
        label=_("Country"),
        max_length=100,
        help_text=_("Its name or its ISO code (FR, DE…)."),
    )

    @classmethod
    def of(cls, address: Address, data=None) -> "AddressForm":
        initial = {name: getattr(address, name) for name in cls.base_fields}
        initial["country"] = country_name(address.country)
        return cls(data, initial=initial)

    def data_for(self, address: Address | None, *, customer_name: str) -> AddressData:
        values = self.cleaned_data
        data: AddressData = {
            "address_title": values["address_title"],
            "address_type": values["address_type"],
            "address_line1": values["address_line1"],
            "address_line2": values["address_line2"],
            "pincode": values["pincode"],
            "city": values["city"],
            "country": values["country"],
        }
        if address is None:
            data["links"] = customer_link(customer_name)
        return data


class PrimaryForm(DialogForm):
    """Which contact or address becomes the customer's primary one (by its code)."""

    contact = forms.CharField(required=False, max_length=200)
    address = forms.CharField(required=False, max_length=200)

    def clean(self) -> dict:
        values = super().clean() or {}
        if not (values.get("contact") or values.get("address")):
            raise forms.ValidationError(_("Choose a contact or an address."))
        return values

    def customer_data(self) -> CustomerData:
        values = self.cleaned_data
        data: CustomerData = {}
        if values["contact"]:
            data["customer_primary_contact"] = values["contact"]
        if values["address"]:
            data["customer_primary_address"] = values["address"]
        return data


class RenameForm(DialogForm):
    new_name = forms.CharField(label=_("New code"), max_length=140)


class MergeForm(DialogForm):
    into = forms.CharField(
        label=_("Customer to keep (its code)"),
        max_length=140,
        widget=forms.TextInput(attrs={"list": "merge-suggestions", "autocomplete": "off"}),
        help_text=_("Everything of this customer moves to it, then this customer is deleted."),
    )

    def clean_into(self) -> Customer:
        """The customer to keep, by its code (as the API's merge names it)."""
        code = self.cleaned_data["into"].strip()
        target = Customer.objects.filter(name=code).first()
        if target is None:
            raise forms.ValidationError(_("No customer “%(name)s”.") % {"name": code})
        return target
