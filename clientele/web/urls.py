"""Every screen's address. Each area of the UI keeps its own ``urlpatterns``."""

from django.contrib.auth import views as auth_views
from django.urls import path

from clientele.web import lookup, shell
from clientele.web.customers import form as customer_form

app_name = "web"

urlpatterns = [
    path("", shell.home, name="home"),
    path("login/", shell.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", shell.language_set, name="language"),
]

# The customer's full form, and the link fields' type-ahead and "+ créer" (web/lookup.py).
urlpatterns += [
    path("customers/new/", customer_form.customer_new, name="customer-new"),
    path("customer/<path:name>/edit/", customer_form.customer_edit, name="customer-edit"),
    path("lookup/<slug:kind>/", lookup.lookup, name="lookup"),
    path("lookup/<slug:kind>/new/", lookup.lookup_new, name="lookup-new"),
]
