"""Accounts settings (“Paramètres de comptabilité”): the role that may exceed a credit
limit and the one that may post for a frozen customer, through the sales app's service."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from clientele.core.api_support import serialize
from clientele.core.errors import DomainError
from clientele.core.roles import ACCOUNTING_WRITERS
from clientele.sales.accounts import (
    ACCOUNTS_SETTINGS,
    accounts_settings_get,
    accounts_settings_update,
)
from clientele.sales.schemas import AccountsSettingsIn
from clientele.sales.types import AccountsSettingsData
from clientele.web.records_forms import Editor, record_form
from clientele.web.records_support import redirect_to, require
from clientele.web.support import acting_user, can

SettingsForm = record_form(ACCOUNTS_SETTINGS, AccountsSettingsIn)


def _page(request: HttpRequest, editor: Editor, status: int = 200) -> HttpResponse:
    context = {"editor": editor, "can_write": can(request, ACCOUNTING_WRITERS)}
    return render(request, "web/sales/accounts_settings.html", context, status=status)


@login_required
def accounts_settings(request: HttpRequest) -> HttpResponse:
    initial = serialize(ACCOUNTS_SETTINGS, accounts_settings_get())
    if request.method != "POST":
        readonly = not can(request, ACCOUNTING_WRITERS)
        return _page(request, Editor(SettingsForm, initial=initial, readonly=readonly))
    require(request, ACCOUNTING_WRITERS)
    editor = Editor(SettingsForm, data=request.POST, initial=initial)
    if not editor.is_valid():
        return _page(request, editor, 422)
    try:
        data = cast(AccountsSettingsData, editor.values())
        accounts_settings_update(data=data, user=acting_user(request))
    except DomainError as error:
        editor.add_errors(error)
        return _page(request, editor, error.status)
    messages.success(request, _("The accounts settings were saved."))
    return redirect_to(request, reverse("web:accounts-settings"))
