"""Every screen's address. Each area of the UI keeps its own ``urlpatterns``."""

from django.contrib.auth import views as auth_views
from django.urls import path

from clientele.web import shell, tree_urls

app_name = "web"

urlpatterns = [
    path("", shell.home, name="home"),
    path("login/", shell.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", shell.language_set, name="language"),
]

# The trees (customer groups, territories, sales persons, item groups, accounts) and a
# group's and a territory's own pages.
urlpatterns += tree_urls.urlpatterns
