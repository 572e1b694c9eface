"""What the settings, lead, contact and record screens share: a list's search and page,
the answer after a write (a redirect, or htmx's), and the writers' check."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from clientele.core.api_support import MAX_OFFSET
from clientele.web.support import can, is_htmx

PER_PAGE = 20


class ListQuery(forms.Form):
    """A list's address: what is searched and which page (``?q=martin&page=2``)."""

    q = forms.CharField(required=False, max_length=200, label=_("Search"))
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_OFFSET // PER_PAGE)


@dataclass(frozen=True)
class Pager:
    """One page of a list: the count of every match, and where the other pages are."""

    count: int
    page: int
    q: str = ""
    per_page: int = PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def previous_url(self) -> str | None:
        return self.url(self.page - 1) if self.page > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.url(self.page + 1) if self.page < self.pages else None

    def url(self, page: int) -> str:
        query = {"q": self.q} if self.q else {}
        return "?" + urlencode({**query, "page": page})


def list_query(request: HttpRequest) -> tuple[str, int]:
    """The search words and the page asked for; a malformed address shows the first page."""
    query = ListQuery(request.GET)
    if not query.is_valid():
        return "", 1
    return (query.cleaned_data["q"] or "").strip(), query.cleaned_data["page"] or 1


def require(request: HttpRequest, roles: tuple[str, ...]) -> None:
    """403 for a user without one of ``roles`` (a forged request: no button led there)."""
    if not can(request, roles):
        raise PermissionDenied


def redirect_to(request: HttpRequest, url: str) -> HttpResponse:
    """After a write: a plain form follows a redirect, htmx is told where to go."""
    if is_htmx(request):
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return redirect(url)
