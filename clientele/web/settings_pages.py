"""Selling settings (“Paramètres de vente”) and naming series (“Noms de série”)."""

from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clientele.classification.services import (
    SELLING_SETTINGS,
    selling_settings_get,
    selling_settings_update,
)
from clientele.classification.types import SellingSettingsData
from clientele.core.api_support import serialize
from clientele.core.errors import DomainError
from clientele.core.models import NamingSeries, SeriesCounter
from clientele.core.naming import (
    SERIES_KINDS,
    series_create,
    series_resolve,
    series_set_current,
)
from clientele.core.roles import SETTINGS_WRITERS
from clientele.web.records_forms import Editor
from clientele.web.records_support import redirect_to, require
from clientele.web.settings_forms import SETTINGS_PARTS, CounterForm, SeriesForm, settings_choices
from clientele.web.support import acting_user, can, errors_onto_form, is_htmx, role_required


def _settings_editors(request: HttpRequest, bound: str | None = None) -> dict[str, Editor]:
    """The three parts of the settings, as stored; ``bound`` is the one just sent."""
    initial = serialize(SELLING_SETTINGS, selling_settings_get())
    choices, readonly = settings_choices(), not can(request, SETTINGS_WRITERS)
    return {
        part: Editor(
            form,
            data=request.POST if part == bound else None,
            initial=initial,
            readonly=readonly,
            choices=choices,
        )
        for part, form in SETTINGS_PARTS.items()
    }


def _settings_page(request: HttpRequest, editors: dict[str, Editor], status=200) -> HttpResponse:
    context = {"parts": editors, "can_write": can(request, SETTINGS_WRITERS)}
    return render(request, "web/settings/selling_settings.html", context, status=status)


@login_required
def selling_settings(request: HttpRequest) -> HttpResponse:
    """Readers see the settings; the writers of the API's settings change one part at once."""
    if request.method != "POST":
        return _settings_page(request, _settings_editors(request))
    require(request, SETTINGS_WRITERS)
    part = request.POST.get("part", "")
    if part not in SETTINGS_PARTS:
        return HttpResponseBadRequest()
    return _settings_save(request, part)


def _settings_save(request: HttpRequest, part: str) -> HttpResponse:
    editors = _settings_editors(request, bound=part)
    editor = editors[part]
    if not editor.is_valid():
        return _settings_page(request, editors, status=422)
    try:
        data = cast(SellingSettingsData, editor.values())  # the fields of SellingSettingsIn
        selling_settings_update(data=data, user=acting_user(request))
    except DomainError as error:
        editor.add_errors(error)
        return _settings_page(request, editors, status=error.status)
    messages.success(request, _("The selling settings were saved."))
    return redirect_to(request, reverse("web:selling-settings"))


@dataclass
class CounterRow:
    """A counter as the page shows it, with its form and, when lowering, the warning."""

    prefix: str
    current: int
    form: CounterForm
    warning: int | None = None

    @property
    def first_reused(self) -> int:
        return int(self.form.cleaned_data["current"]) + 1 if self.warning is not None else 0


def _series_rows() -> list[dict[str, Any]]:
    """Each series with the prefix it resolves to today, its counter and next code."""
    today = timezone.localdate()
    counters = dict(SeriesCounter.objects.values_list("prefix", "current"))
    rows = []
    for series in NamingSeries.objects.order_by("entity", "name"):
        prefix, width = series_resolve(series.name, today)
        current = counters.get(prefix, 0)
        rows.append(
            {
                "series": series,
                "kind": SERIES_KINDS.get(series.entity, series.entity),
                "prefix": prefix,
                "current": current,
                "next_code": f"{prefix}{current + 1:0{width}d}",
            }
        )
    return rows


def _counter_rows(series: list[dict[str, Any]], sent: CounterRow | None = None) -> list[CounterRow]:
    """Every counter, and today's counter of each series even before its first code."""
    held = dict(SeriesCounter.objects.values_list("prefix", "current"))
    for row in series:
        held.setdefault(row["prefix"], 0)
    rows = [
        CounterRow(prefix, current, _counter_form(prefix, current))
        for prefix, current in sorted(held.items())
    ]
    if sent is not None:
        rows = [sent if row.prefix == sent.prefix else row for row in rows]
    return rows


def _counter_form(prefix: str, current: int) -> CounterForm:
    return CounterForm(initial={"series_prefix": prefix, "current": current}, prefix_of_row=prefix)


def _naming_page(
    request: HttpRequest,
    *,
    series_form: SeriesForm | None = None,
    sent: CounterRow | None = None,
    status: int = 200,
) -> HttpResponse:
    series = _series_rows()
    context = {
        "series": series,
        "counters": _counter_rows(series, sent),
        "series_form": series_form or SeriesForm(),
        "can_write": can(request, SETTINGS_WRITERS),
    }
    return render(request, "web/settings/naming_series.html", context, status=status)


@login_required
def naming_series(request: HttpRequest) -> HttpResponse:
    """The series and their counters; writers add a series here (POST)."""
    if request.method != "POST":
        return _naming_page(request)
    require(request, SETTINGS_WRITERS)
    form = SeriesForm(request.POST)
    if form.is_valid():
        try:
            series = series_create(
                name=form.cleaned_data["name"], entity=form.cleaned_data["entity"] or "customer"
            )
        except DomainError as error:
            errors_onto_form(form, error)
            return _naming_page(request, series_form=form, status=error.status)
        messages.success(request, _("The series “%(series)s” was added.") % {"series": series})
        return redirect_to(request, reverse("web:naming-series"))
    return _naming_page(request, series_form=form, status=422)


@login_required
@require_POST
@role_required(SETTINGS_WRITERS)
def counter_set(request: HttpRequest) -> HttpResponse:
    """A counter's new value; a lower one is first shown with what it risks, and only a
    second, confirmed request writes it."""
    form = CounterForm(request.POST, prefix_of_row=request.POST.get("series_prefix", ""))
    if not form.is_valid():
        return _counter_answer(request, form, status=422)
    if (stored := form.lowering()) is not None:
        return _counter_answer(request, form, stored=stored, status=409)
    prefix, current = form.cleaned_data["series_prefix"], form.cleaned_data["current"]
    try:
        series_set_current(prefix=prefix, current=current, user=acting_user(request))
    except DomainError as error:
        errors_onto_form(form, error)
        return _counter_answer(request, form, status=error.status)
    done = _("The counter %(prefix)s is now at %(current)s.")
    messages.success(request, done % {"prefix": prefix, "current": current})
    return redirect_to(request, reverse("web:naming-series"))


def _counter_answer(
    request: HttpRequest, form: CounterForm, *, stored: int | None = None, status: int
) -> HttpResponse:
    """The counter's row again (htmx) or the whole page, with the errors or the warning."""
    prefix = form.data.get("series_prefix", "")
    held = SeriesCounter.objects.filter(prefix=prefix).values_list("current", flat=True).first()
    row = CounterRow(prefix, held or 0, form, warning=stored)
    if is_htmx(request):
        context = {"row": row, "can_write": True}
        return render(request, "web/settings/naming_series.html#counter", context, status=status)
    return _naming_page(request, sent=row, status=status)
