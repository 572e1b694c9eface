from django.urls import include, path

from clientele.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("clientele.web.urls")),
]

handler400 = "clientele.core.http_errors.bad_request"
handler403 = "clientele.core.http_errors.permission_denied"
handler404 = "clientele.core.http_errors.page_not_found"
handler500 = "clientele.core.http_errors.server_error"
