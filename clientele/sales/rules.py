"""The customer's rules a submission obeys (SPEC §3.6–§3.8), each refusal naming the
rule and the way out, and changing nothing (409)."""

from typing import Any

from django.utils.translation import gettext as _

from clientele.classification.services import selling_settings_get
from clientele.core.errors import Conflict
from clientele.core.typing import User
from clientele.customers.models import AllowedCompany, Customer
from clientele.sales.accounts import may_post_for_frozen
from clientele.sales.models import AccountsSettings

# The documents that post to the receivables ledger (SPEC §3.6: frozen for them).
POSTING = ("sales_invoice", "payment_entry")


def party_check(*, key: str, document: Any, user: User | None, settings: AccountsSettings) -> None:
    """Disabled: no document at all. Frozen: no posting unless the user holds the role of
    the accounts settings. Internal: only the companies it lists may deal with it."""
    customer: Customer = document.customer
    if customer.disabled:
        raise Conflict(
            _("Customer “%(name)s” is disabled: it gets no new document. Enable it first.")
            % {"name": customer.name},
            errors={"customer": [_("Disabled.")]},
        )
    frozen_check(key=key, customer=customer, user=user, settings=settings)
    if customer.is_internal_customer:
        _internal_check(customer, document)


def frozen_check(
    *, key: str, customer: Customer, user: User | None, settings: AccountsSettings
) -> None:
    """A frozen customer's postings (made or cancelled) need the frozen-accounts role."""
    if not customer.is_frozen or key not in POSTING or may_post_for_frozen(user, settings):
        return
    role = settings.frozen_accounts_modifier
    raise Conflict(
        _(
            "Customer “%(name)s” is frozen: no invoice, credit note or payment can be "
            "posted for it, except by a user with the role “%(role)s” (accounts settings)."
        )
        % {"name": customer.name, "role": role.name if role else _("none set")},
        errors={"customer": [_("Frozen.")]},
    )


def _internal_check(customer: Customer, document: Any) -> None:
    allowed = AllowedCompany.objects.filter(parent=customer, company_id=document.company_id)
    if not allowed.exists():
        raise Conflict(
            _(
                "“%(name)s” is an internal customer that “%(company)s” may not deal with: add "
                "the company to the customer's allowed companies."
            )
            % {"name": customer.name, "company": document.company.name},
            errors={"company": [_("Not among the internal customer's companies.")]},
        )


def source_required_check(*, key: str, document: Any, lines: list[Any]) -> None:
    """Selling settings may require an order (for deliveries and invoices) and a delivery
    (for invoices) behind every line; the customer's flags exempt it (SPEC §3.7)."""
    if key not in ("delivery_note", "sales_invoice") or getattr(document, "is_return", False):
        return
    settings = selling_settings_get()
    customer = document.customer
    needs = []
    if settings.sales_order_required and not customer.allow_invoice_without_sales_order:
        needs.append(("so_detail", _("sales order")))
    if (
        key == "sales_invoice"
        and settings.delivery_note_required
        and not customer.allow_invoice_without_delivery_note
    ):
        needs.append(("dn_detail", _("delivery note")))
    errors = {
        f"items[{index}].{link}": [
            _(
                "Each line must come from a document of the kind “%(source)s” (selling "
                "settings): make this document from one, or allow it on the customer."
            )
            % {"source": label}
        ]
        for link, label in needs
        for index, line in enumerate(lines)
        if getattr(line, f"{link}_id") is None and not _through_delivery(line, link)
    }
    if errors:
        raise Conflict(next(iter(errors.values()))[0], errors=errors)


def _through_delivery(line: Any, link: str) -> bool:
    """An invoice line made from a delivery of an order counts as made from the order."""
    return (
        link == "so_detail"
        and getattr(line, "dn_detail_id", None) is not None
        and (line.dn_detail.so_detail_id is not None)
    )
