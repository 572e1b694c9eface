"""The customer page's "Plus" menu: rename, merge (its dry-run report first), delete.

The same services and roles as the REST API: ``customer_rename`` (writers),
``customer_merge`` (deleters, as the API's merge requires) and ``customer_delete``
(deleters), refusals shown with their reason.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from clientele.core.errors import Conflict, DomainError
from clientele.core.roles import CUSTOMER_DELETERS, CUSTOMER_WRITERS
from clientele.customers.merge import MergePlan, customer_merge
from clientele.customers.merge_job import customer_merge_start
from clientele.customers.models import Customer
from clientele.customers.services import customer_delete, customer_rename, duplicates_lookup
from clientele.web.customers import customer_url
from clientele.web.customers.page_common import customer_or_404, dialog, done, form_dialog, posted
from clientele.web.customers.page_forms import MergeForm, RenameForm
from clientele.web.customers.page_read import TABLE_LABELS
from clientele.web.support import acting_user, errors_onto_form, role_required

CUSTOMER_LIST = "/customers/"


@login_required
@role_required(CUSTOMER_WRITERS)
def rename(request: HttpRequest, name: str) -> HttpResponse:
    customer = customer_or_404(name)
    form = RenameForm(posted(request), initial={"new_name": customer.name})

    def act(values: dict) -> tuple[str, str]:
        user = acting_user(request)
        renamed = customer_rename(customer=customer, new_name=values["new_name"], user=user)
        return customer_url(renamed.name), _("The customer's code is now “%(name)s”.") % {
            "name": renamed.name
        }

    return form_dialog(request, "web/customers/page_rename.html", {"customer": customer}, form, act)


@login_required
@role_required(CUSTOMER_DELETERS)
def merge(request: HttpRequest, name: str) -> HttpResponse:
    """Opened: the choice of the customer to keep. With it (``?into=``): the dry-run report,
    nothing written. Confirmed (POST): the merge, then the kept customer's page."""
    source = customer_or_404(name)
    form = MergeForm(posted(request) or (request.GET if "into" in request.GET else None))
    if not (form.is_bound and form.is_valid()):
        return _merge_dialog(request, source, form)
    dry_run = request.method != "POST"
    target, user = form.cleaned_data["into"], acting_user(request)
    try:
        if dry_run:
            plan = customer_merge(source=source, target=target, dry_run=True, user=user)
            return _merge_report(request, source, plan)
        outcome = customer_merge_start(source=source, target=target, user=user)
    except DomainError as error:
        errors_onto_form(form, error)
        return _merge_dialog(request, source, form, status=error.status)
    if isinstance(outcome, MergePlan):
        return _merged(request, outcome)
    message = _("The merge runs in the background: follow it on the jobs page.")
    return done(request, reverse("web:job-list"), message)


def _merge_report(request: HttpRequest, source: Customer, plan: MergePlan) -> HttpResponse:
    context = {"customer": source, "plan": plan, "report": merge_report(plan)}
    return dialog(request, "web/customers/page_merge_report.html", context)


def _merged(request: HttpRequest, plan: MergePlan) -> HttpResponse:
    message = _("“%(merged)s” was merged into “%(into)s”.") % vars(plan)
    return done(request, customer_url(plan.into), message)


def _merge_dialog(
    request: HttpRequest, source: Customer, form: MergeForm, *, status: int | None = None
) -> HttpResponse:
    context = {
        "customer": source,
        "form": form,
        "suggestions": duplicates_lookup(source).candidates(),
    }
    status = status or (422 if form.is_bound else 200)
    return dialog(request, "web/customers/page_merge.html", context, status=status)


@dataclass(frozen=True)
class ReportLine:
    label: str
    moving: int
    dropped: int


def merge_report(plan: MergePlan) -> list[ReportLine]:
    """What would move, per kind, and what the kept customer's own rows replace."""
    lines = [
        ReportLine(str(TABLE_LABELS.get(kind, kind)), count, plan.dropped.get(kind, 0))
        for kind, count in plan.moves.items()
    ]
    lines += [ReportLine(kind, count, 0) for kind, count in plan.documents.items()]
    return lines


@login_required
@role_required(CUSTOMER_DELETERS)
def delete(request: HttpRequest, name: str) -> HttpResponse:
    """Opened: the confirmation. Confirmed: deleted, or refused with what still uses it."""
    customer = customer_or_404(name)
    context: dict = {"customer": customer}
    if request.method == "POST":
        try:
            customer_delete(customer=customer, user=acting_user(request))
            message = _("Customer “%(name)s” was deleted.") % {"name": customer.name}
            return done(request, CUSTOMER_LIST, message)
        except Conflict as error:
            context["refusal"] = error
            return dialog(request, "web/customers/page_delete.html", context, status=409)
    return dialog(request, "web/customers/page_delete.html", context)
