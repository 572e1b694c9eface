"""Every screen's address. Each area of the UI keeps its own ``urlpatterns``."""

from django.contrib.auth import views as auth_views
from django.urls import path

from clientele.web import contacts, leads, records, settings_pages, shell

app_name = "web"

urlpatterns = [
    path("", shell.home, name="home"),
    path("login/", shell.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", shell.language_set, name="language"),
]

# Selling settings, naming series, leads, contacts and addresses, and the master records.
urlpatterns += [
    path("selling-settings/", settings_pages.selling_settings, name="selling-settings"),
    path("naming-series/", settings_pages.naming_series, name="naming-series"),
    path("naming-series/counter/", settings_pages.counter_set, name="naming-counter"),
    path("leads/", leads.lead_list, name="lead-list"),
    path("leads/new/", leads.lead_new, name="lead-new"),
    path("leads/<path:name>/edit/", leads.lead_edit, name="lead-edit"),
    path("leads/<path:name>/convert/", leads.lead_convert, name="lead-convert"),
    path("leads/<path:name>/", leads.lead_detail, name="lead-page"),
    path("contacts/", contacts.contact_list, name="contact-list"),
    path("contacts/new/", contacts.contact_new, name="contact-new"),
    path("contacts/new/row/", contacts.contact_row, name="contact-row"),
    path("contacts/<path:name>/edit/", contacts.contact_edit, name="contact-edit"),
    path("contacts/<path:name>/", contacts.contact_page, name="contact-page"),
    path("addresses/", contacts.address_list, name="address-list"),
    path("addresses/new/", contacts.address_new, name="address-new"),
    path("addresses/new/row/", contacts.address_row, name="address-row"),
    path("addresses/<path:name>/edit/", contacts.address_edit, name="address-edit"),
    path("addresses/<path:name>/", contacts.address_page, name="address-page"),
    path("records/<str:kind>/", records.record_list, name="record-list"),
    path("records/<str:kind>/new/", records.record_new, name="record-new"),
    path("records/<str:kind>/new/row/", records.record_row, name="record-row"),
    path("records/<str:kind>/<path:name>/delete/", records.record_delete, name="record-delete"),
    path("records/<str:kind>/<path:name>/", records.record_edit, name="record-edit"),
]
