"""Every screen's address. Each area of the UI keeps its own ``urlpatterns``."""

from django.contrib.auth import views as auth_views
from django.urls import path

from clientele.web import shell
from clientele.web.customers import listing, quick

app_name = "web"

urlpatterns = [
    path("", shell.home, name="home"),
    path("login/", shell.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", shell.language_set, name="language"),
]

# The customer list and the quick entry.
urlpatterns += [
    path("customers/", listing.customer_list, name="customer-list"),
    path(
        "customers/tree-suggestions/<str:kind>/",
        listing.tree_suggestions,
        name="customer-tree-suggestions",
    ),
    path("customers/quick/", quick.customer_quick, name="customer-quick"),
    path("customers/quick/duplicates/", quick.quick_duplicates, name="customer-quick-duplicates"),
]
