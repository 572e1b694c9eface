from django.urls import URLPattern, URLResolver, include, path

from clientele.api import api


def by_first_segment(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """The API's routes nested under their first segment (``sales-invoices/``…).

    Why: django-ninja lists every route flat (over 200), and Django tries them in order,
    recording each one tried for its debug page: 0.4 ms of every API request went there.
    Nested, a request tries the first segments, then its own record's few routes. Routes
    whose first segment is literal never overlap another segment's, so their order across
    groups does not matter; any other route (the root, ``docs``) stays where it was."""
    groups: dict[str, list[URLPattern | URLResolver]] = {}
    nested: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        head, slash, rest = str(pattern.pattern).partition("/")
        if not slash or not head or "<" in head or not isinstance(pattern, URLPattern):
            nested.append(pattern)
            continue
        if head not in groups:
            groups[head] = []
            nested.append(path(f"{head}/", include(groups[head])))
        groups[head].append(path(rest, pattern.callback, pattern.default_args, pattern.name))
    return nested


_api_patterns, _api_app, _api_namespace = api.urls

urlpatterns = [
    path("api/v1/", include((by_first_segment(_api_patterns), _api_app), namespace=_api_namespace)),
    path("", include("clientele.web.urls")),
]

handler400 = "clientele.core.http_errors.bad_request"
handler403 = "clientele.core.http_errors.permission_denied"
handler404 = "clientele.core.http_errors.page_not_found"
handler500 = "clientele.core.http_errors.server_error"
