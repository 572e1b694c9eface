from django.urls import include, path

from clientele.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("clientele.web.urls")),
]
