"""The customer page's contacts and addresses: add, edit, make one the primary one.

The same services as the REST API's ``/contacts`` and ``/addresses`` (a new one linked to
the customer), and the customer update for its primary contact and address.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clientele.contacts import services as contacts
from clientele.contacts.selectors import party_addresses, party_contacts
from clientele.core.errors import DomainError
from clientele.core.roles import CUSTOMER_WRITERS
from clientele.customers.models import Customer
from clientele.customers.services import customer_update
from clientele.web.customers import customer_url
from clientele.web.customers.page_common import (
    customer_or_404,
    done,
    form_dialog,
    posted,
    refusal_text,
)
from clientele.web.customers.page_forms import AddressForm, ContactForm, PrimaryForm
from clientele.web.support import acting_user, role_required


@login_required
@role_required(CUSTOMER_WRITERS)
def contact_new(request: HttpRequest, name: str) -> HttpResponse:
    customer = customer_or_404(name)
    form = ContactForm(posted(request))
    save = lambda data, user: contacts.contact_create(data=data, user=user)  # noqa: E731
    return _edited(request, customer, form, None, save, "web/customers/page_contact.html")


@login_required
@role_required(CUSTOMER_WRITERS)
def contact_edit(request: HttpRequest, name: str, pk: int) -> HttpResponse:
    customer = customer_or_404(name)
    contact = _own(party_contacts(party_type="customer", party_id=customer.pk), pk)
    form = ContactForm.of(contact, posted(request))
    save = lambda data, user: contacts.contact_update(contact=contact, data=data, user=user)  # noqa: E731
    return _edited(request, customer, form, contact, save, "web/customers/page_contact.html")


@login_required
@role_required(CUSTOMER_WRITERS)
def address_new(request: HttpRequest, name: str) -> HttpResponse:
    customer = customer_or_404(name)
    form = AddressForm(posted(request))
    save = lambda data, user: contacts.address_create(data=data, user=user)  # noqa: E731
    return _edited(request, customer, form, None, save, "web/customers/page_address.html")


@login_required
@role_required(CUSTOMER_WRITERS)
def address_edit(request: HttpRequest, name: str, pk: int) -> HttpResponse:
    customer = customer_or_404(name)
    address = _own(party_addresses(party_type="customer", party_id=customer.pk), pk)
    form = AddressForm.of(address, posted(request))
    save = lambda data, user: contacts.address_update(address=address, data=data, user=user)  # noqa: E731
    return _edited(request, customer, form, address, save, "web/customers/page_address.html")


def _own(records, pk: int):
    """One of the customer's own contacts or addresses; another's is not found here."""
    record = records.filter(pk=pk).first()
    if record is None:
        raise Http404(pk)
    return record


def _edited(
    request: HttpRequest,
    customer: Customer,
    form: ContactForm | AddressForm,
    record,
    save: Callable,
    template: str,
) -> HttpResponse:
    """The dialog, or once the service took what was sent, the customer's page."""

    def act(values: dict) -> tuple[str, str]:
        save(form.data_for(record, customer_name=customer.name), acting_user(request))
        return customer_url(customer.name), _("Saved.")

    return form_dialog(request, template, {"customer": customer, "record": record}, form, act)


@login_required
@role_required(CUSTOMER_WRITERS)
@require_POST
def primary_set(request: HttpRequest, name: str) -> HttpResponse:
    """Make a contact (``contact``) or an address (``address``) the customer's primary one;
    a refusal comes back as a message on the page."""
    customer = customer_or_404(name)
    form = PrimaryForm(request.POST)
    if form.is_valid():
        try:
            customer_update(customer=customer, data=form.customer_data(), user=acting_user(request))
            return done(request, customer_url(customer.name), _("Primary contact or address set."))
        except DomainError as error:
            messages.error(request, refusal_text(error))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(customer_url(customer.name))
