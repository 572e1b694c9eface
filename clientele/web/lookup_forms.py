"""Link fields (an input with type-ahead and "+ créer") and the small forms creating a
linked record from a customer's form (name and the fields its service requires)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clientele.core.errors import DomainError
from clientele.core.specs import Row


class LinkInput(forms.TextInput):
    """A code typed or picked among the records of ``kind`` (a ``<datalist>`` filled as one
    types), with a "+ créer" next to it when the user may create such a record.

    ``include``: what else its lookup sends (``closest tr``: the other cells of its row, so
    an account is looked up among those of the row's company).
    """

    template_name = "web/widgets/link.html"

    def __init__(self, kind: str, *, include: str = "", attrs: dict | None = None):
        super().__init__(attrs)
        self.kind = kind
        self.include = include
        self.can_create = False
        self.create_label = ""

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["lookup_url"] = reverse("web:lookup", args=[self.kind])
        widget["include"] = self.include
        widget["create_label"] = self.create_label
        if self.can_create:
            target = widget["attrs"].get("id", "")
            widget["new_url"] = f"{reverse('web:lookup-new', args=[self.kind])}?field={target}"
        return context


class LinkField(forms.CharField):
    """A link by code; the service that saves the form finds it (or says why not)."""

    def __init__(self, kind: str, *, include: str = "", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 140)
        super().__init__(widget=LinkInput(kind, include=include), **kwargs)
        self.kind = kind


def links_creatable(form: forms.Form, creatable: frozenset[str]) -> None:
    """Show "+ créer" next to the link fields whose kind the user may create."""
    for bound in form:
        widget = bound.field.widget
        if isinstance(widget, LinkInput):
            widget.can_create = widget.kind in creatable and not bound.field.disabled
            widget.create_label = str(bound.label)


class CreateForm(forms.Form):
    """A linked record's creation: its code and what its service requires.

    ``target`` is the id of the link input that asked, to hand it the new code; ``renames``
    maps a service's field path onto this form's fields (``terms[0].credit_days``).
    """

    renames: dict[str, str] = {}
    fixed: Row = {}

    name = forms.CharField(label=_("Name"), max_length=140)

    def __init__(self, *args, target: str = "", **kwargs):
        # Its ids must not clash with those of the form the dialog opens over.
        kwargs.setdefault("auto_id", "new-%s")
        super().__init__(*args, **kwargs)
        self.target = target
        first = next(iter(self.fields.values()))
        first.widget.attrs["autofocus"] = True

    def data_for_service(self) -> Row:
        """The record's input keyed as the API names it; empty values left out."""
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}

    def service_errors(self, error: DomainError) -> None:
        if not error.errors:
            self.add_error(None, error.message)
        for path, messages in error.errors.items():
            name = self.renames.get(path, path)
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class NameForm(CreateForm):
    pass


class CustomerGroupForm(CreateForm):
    parent_customer_group = LinkField(
        "customer-group-parents", label=_("Parent group"), required=False
    )


class TerritoryForm(CreateForm):
    parent_territory = LinkField("territory-parents", label=_("Parent territory"), required=False)


class CurrencyForm(CreateForm):
    name = forms.CharField(label=_("ISO 4217 code"), max_length=3)
    currency_name = forms.CharField(label=_("Currency name"), max_length=100, required=False)


class PriceListForm(CreateForm):
    currency = LinkField("currencies", label=_("Currency"), required=True)


class PaymentTermsForm(CreateForm):
    """One instalment of 100 %, due so many days after the invoice."""

    credit_days = forms.IntegerField(label=_("Credit days"), min_value=0, initial=30)
    renames = {"terms": "credit_days", "terms[0].credit_days": "credit_days"}

    def data_for_service(self) -> Row:
        days = self.cleaned_data["credit_days"]
        return {
            "name": self.cleaned_data["name"],
            "terms": [{"invoice_portion": Decimal(100), "credit_days": days}],
        }


class AccountForm(CreateForm):
    account_name = forms.CharField(label=_("Account name"), max_length=140)
    company = LinkField("companies", label=_("Company"), required=True)
    parent_account = LinkField("account-parents", label=_("Parent account"), include="closest form")


class BankAccountForm(CreateForm):
    account_name = forms.CharField(label=_("Account name"), max_length=140)
    company = LinkField("companies", label=_("Company"), required=True)
    iban = forms.CharField(label=_("IBAN"), max_length=40, required=False)


class SalesPersonForm(CreateForm):
    parent_sales_person = LinkField("sales-person-parents", label=_("Parent sales person"))


class SalesPartnerForm(CreateForm):
    commission_rate = forms.DecimalField(
        label=_("Commission rate (%)"), required=False, min_value=0, max_value=100
    )


class LoyaltyProgramForm(CreateForm):
    company = LinkField("companies", label=_("Company"))


class TaxWithholdingForm(CreateForm):
    rate = forms.DecimalField(label=_("Rate (%)"), required=False, min_value=0, max_value=100)


class LeadForm(CreateForm):
    """A lead's code comes from the leads' series; it needs a person or an organisation."""

    name = None  # type: ignore[assignment]  # no code asked: the series gives it
    lead_name = forms.CharField(label=_("Person name"), max_length=140, required=False)
    company_name = forms.CharField(label=_("Organisation name"), max_length=140, required=False)
    email_id = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
