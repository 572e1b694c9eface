"""The payment entry's screens: customer, company and date, then the customer's unpaid
invoices with the amount allocated to each (left blank: not paid by this one). The
invoices come again when the customer or company changes (htmx, or “Afficher les factures
impayées” without JavaScript); the paid amount is what is allocated (the service's rule).
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from clientele.core.errors import DomainError
from clientele.core.specs import rows_of
from clientele.customers.models import Customer
from clientele.masters.models import Company
from clientele.sales import payments
from clientele.sales.advances import payment_allocate
from clientele.sales.models import DocStatus, SalesInvoice
from clientele.sales.payments import PAYMENT
from clientele.sales.schemas import PaymentEntryIn
from clientele.sales.selectors import document_get, unpaid_invoices
from clientele.web.records_forms import ChoiceCache, RecordForm, record_form
from clientele.web.records_support import redirect_to, require
from clientele.web.sales import Screen, new_initial
from clientele.web.sales.entry import CustomerField
from clientele.web.sales.page import document_view
from clientele.web.support import acting_user, can

FORM = "web/sales/payment_form.html"
FIELDS = (
    "customer",
    "company",
    "posting_date",
    "paid_amount",
    "reference_no",
    "reference_date",
    "remarks",
)


def _payment_form() -> type[RecordForm]:
    """The header; the paid amount left empty is what the invoices are allocated, typed
    above it the rest is an advance."""
    base = record_form(PAYMENT, PaymentEntryIn, only=FIELDS)
    customer = CustomerField(label=_("Customer"), required=True)
    form: Any = type("PaymentHeaderForm", (base,), {"customer": customer, "field_order": FIELDS})
    paid = form.base_fields["paid_amount"]
    paid.required = False
    paid.help_text = _(
        "Empty: the sum allocated to the invoices. More than that: the rest is an advance, "
        "allocated to invoices later."
    )
    return form


@dataclass
class Allocation:
    """An unpaid invoice of the customer, and what this payment allocates to it."""

    invoice: SalesInvoice
    typed: str = ""
    amount: Decimal | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def input_name(self) -> str:
        return f"allocated-{self.invoice.name}"


@dataclass
class PaymentEntryForm:
    form: RecordForm
    allocations: list[Allocation]
    errors: list[str] = field(default_factory=list)

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        return valid and not any(a.errors for a in self.allocations)

    def sent(self) -> list[Allocation]:
        return [a for a in self.allocations if a.amount is not None]

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.form.values().items() if v not in (None, "")}
        references = [
            {"sales_invoice": a.invoice.name, "allocated_amount": a.amount} for a in self.sent()
        ]
        return {**data, "references": references}

    def add_errors(self, error: DomainError) -> None:
        """``references[1].allocated_amount`` next to the second invoice paid."""
        sent = self.sent()
        if not error.errors:
            self.errors.append(error.message)
        for path, messages_ in error.errors.items():
            index = path.removeprefix("references[").partition("]")[0]
            if path.startswith("references[") and index.isdigit() and int(index) < len(sent):
                sent[int(index)].errors.extend(messages_)
            elif path in self.form.fields:
                for message in messages_:
                    self.form.add_error(path, message)
            else:
                self.errors.extend(messages_)


def _allocations(data: QueryDict | None, party: dict, held: dict[str, Decimal]) -> list[Allocation]:
    """The unpaid invoices of the customer and company chosen, with what was typed for
    each (or, shown first, what the stored draft allocates)."""
    customer = Customer.objects.filter(name=party.get("customer") or "").first()
    company = Company.objects.filter(name=party.get("company") or "").first()
    if customer is None or company is None:
        return []
    rows = [Allocation(invoice) for invoice in unpaid_invoices(customer=customer, company=company)]
    for row in rows:
        row.typed = (data.get(row.input_name, "") if data is not None else "").strip()
        if data is None and row.invoice.name in held:
            row.typed = str(held[row.invoice.name])
        _parse(row)
    return rows


def _parse(row: Allocation) -> None:
    if not row.typed:
        return
    try:
        row.amount = Decimal(row.typed.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except InvalidOperation:
        row.errors.append(_("Enter a number."))


def payment_entry(
    data: QueryDict | None, *, initial: dict | None = None, held: dict | None = None
) -> PaymentEntryForm:
    form = _payment_form()(data, initial=initial or {}, choices=ChoiceCache())
    party = {name: (data or initial or {}).get(name) for name in ("customer", "company")}
    return PaymentEntryForm(form, _allocations(data, party, held or {}))


def _form_page(request, screen, entry, *, document=None, status=200, refusal=None):
    context = {
        "screen": screen,
        "entry": entry,
        "document": document,
        "action_url": screen.url(document.name) if document else screen.new_url,
        "refusal": refusal,
    }
    if document is not None:
        context |= document_view(request, screen, document)
    return render(request, FORM, context, status=status)


def payment_new(request: HttpRequest, screen: Screen) -> HttpResponse:
    if request.method != "POST":
        return _form_page(
            request, screen, payment_entry(None, initial=new_initial(request, screen))
        )
    return _submit(request, screen, payment_entry(request.POST), None)


def _submit(request: HttpRequest, screen: Screen, entry: PaymentEntryForm, document: Any):
    if "_preview" in request.POST:
        return _form_page(request, screen, entry, document=document)
    if not entry.is_valid():
        return _form_page(request, screen, entry, document=document, status=422)
    user = acting_user(request)
    try:
        if document is None:
            saved = payments.payment_create(data=entry.service_data(), user=user)
        else:
            saved = payments.payment_update(payment=document, data=entry.service_data(), user=user)
    except DomainError as error:
        entry.add_errors(error)
        return _form_page(request, screen, entry, document=document, status=error.status)
    messages.success(request, _("“%(name)s” was saved.") % {"name": saved.name})
    return redirect_to(request, screen.url(saved.name))


def payment_invoices(request: HttpRequest, screen: Screen) -> HttpResponse:
    """The unpaid invoices of the customer and company just chosen (htmx)."""
    entry = payment_entry(request.POST)
    return render(request, f"{FORM}#invoices", {"screen": screen, "entry": entry})


def payment_page(
    request: HttpRequest, screen: Screen, name: str, *, refusal: DomainError | None = None
) -> HttpResponse:
    """A draft's form for those who may change it; else the payment as it stands."""
    payment = document_get(screen.doctype, name)
    writer = can(request, screen.doctype.writers)
    if request.method == "POST" and refusal is None:
        require(request, screen.doctype.writers)
        return _submit(request, screen, payment_entry(request.POST), payment)
    status = refusal.status if refusal else 200
    if payment.docstatus == DocStatus.DRAFT and writer:
        held = {
            ref.sales_invoice.name: ref.allocated_amount for ref in rows_of(payment, "references")
        }
        entry = payment_entry(None, initial=_stored(payment), held=held)
        return _form_page(request, screen, entry, document=payment, status=status, refusal=refusal)
    context = {"screen": screen, "document": payment, "refusal": refusal}
    context |= document_view(request, screen, payment)
    context["references"] = list(rows_of(payment, "references"))
    return render(request, "web/sales/page.html", context, status=status)


def _stored(payment: Any) -> dict[str, Any]:
    return {
        "customer": payment.customer.name,
        "company": payment.company.name,
        "posting_date": payment.posting_date,
        "paid_amount": payment.paid_amount,
        "reference_no": payment.reference_no,
        "reference_date": payment.reference_date,
        "remarks": payment.remarks,
    }


@dataclass
class AdvanceAllocation:
    """A submitted payment's advance, and the unpaid invoices it may be allocated to."""

    payment: Any
    allocations: list[Allocation]
    errors: list[str] = field(default_factory=list)

    def sent(self) -> list[Allocation]:
        return [a for a in self.allocations if a.amount is not None]

    def add_errors(self, error: DomainError) -> None:
        """``references[1].allocated_amount`` next to the second invoice allocated."""
        sent = self.sent()
        for path, messages_ in error.errors.items():
            index = path.removeprefix("references[").partition("]")[0]
            if path.startswith("references[") and index.isdigit() and int(index) < len(sent):
                sent[int(index)].errors.extend(messages_)
            else:
                self.errors.extend(messages_)
        if not error.errors or error.message not in str(error.errors):
            self.errors.insert(0, error.message)


def payment_allocation(request: HttpRequest, screen: Screen, name: str) -> HttpResponse:
    """“Allocate the advance”: the customer's unpaid invoices, an amount typed for each;
    a post allocates them (``advances.payment_allocate``), nothing written if refused."""
    payment = document_get(screen.doctype, name)
    party = {"customer": payment.customer.name, "company": payment.company.name}
    data = request.POST if request.method == "POST" else None
    entry = AdvanceAllocation(payment, _allocations(data, party, {}))
    status = 200
    if data is not None and not any(a.errors for a in entry.allocations):
        references = [
            {"sales_invoice": a.invoice.name, "allocated_amount": a.amount} for a in entry.sent()
        ]
        try:
            payment_allocate(payment=payment, references=references, user=acting_user(request))
        except DomainError as error:
            entry.add_errors(error)
            status = error.status
        else:
            messages.success(request, _("The advance was allocated."))
            return redirect_to(request, screen.url(name))
    elif data is not None:
        status = 422
    context = {"screen": screen, "document": payment, "entry": entry}
    return render(request, "web/sales/allocate.html", context, status=status)
