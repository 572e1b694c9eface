"""Every screen's address. Each area of the UI keeps its own ``urlpatterns``."""

from django.contrib.auth import views as auth_views
from django.urls import path

from clientele.web import (
    contacts,
    imports,
    jobs,
    leads,
    lookup,
    records,
    sales_print,
    settings_pages,
    shell,
    tree_urls,
)
from clientele.web.customers import form as customer_form
from clientele.web.customers import listing, page, page_actions, page_contacts, quick
from clientele.web.sales import urls as sales_urls

app_name = "web"

urlpatterns = [
    path("", shell.home, name="home"),
    path("login/", shell.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", shell.language_set, name="language"),
]

# The customer page's own actions (``customer_url(name, action)``); the page itself is the
# last pattern of all, as ``customer/<path:name>/`` would take any of them; they come
# before ``customer/<path:name>/edit/`` too, which would take ``<code>/contacts/7/edit/``.
urlpatterns += [
    path("customer/<path:name>/defaults/", page.customer_defaults, name="customer-defaults"),
    path("customer/<path:name>/history/", page.customer_history, name="customer-history"),
    path("customer/<path:name>/duplicates/", page.customer_duplicates, name="customer-duplicates"),
    path(
        "customer/<path:name>/contacts/new/",
        page_contacts.contact_new,
        name="customer-contact-new",
    ),
    path(
        "customer/<path:name>/contacts/<int:pk>/edit/",
        page_contacts.contact_edit,
        name="customer-contact-edit",
    ),
    path(
        "customer/<path:name>/addresses/new/",
        page_contacts.address_new,
        name="customer-address-new",
    ),
    path(
        "customer/<path:name>/addresses/<int:pk>/edit/",
        page_contacts.address_edit,
        name="customer-address-edit",
    ),
    path("customer/<path:name>/primary/", page_contacts.primary_set, name="customer-primary"),
    path("customer/<path:name>/rename/", page_actions.rename, name="customer-rename"),
    path("customer/<path:name>/merge/", page_actions.merge, name="customer-merge"),
    path("customer/<path:name>/delete/", page_actions.delete, name="customer-delete"),
]

# The customer's full form, and the link fields' type-ahead and "+ créer" (web/lookup.py).
urlpatterns += [
    path("customers/new/", customer_form.customer_new, name="customer-new"),
    path("customer/<path:name>/edit/", customer_form.customer_edit, name="customer-edit"),
    path("lookup/<slug:kind>/", lookup.lookup, name="lookup"),
    path("lookup/<slug:kind>/new/", lookup.lookup_new, name="lookup-new"),
]

# Keep last: the customer page takes every ``customer/<code>/`` no other pattern took.
urlpatterns += [
    path("customer/<path:name>/", page.customer_page, name="customer-page"),
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

# The customer list and the quick entry.
urlpatterns += [
    path("customers/", listing.customer_list, name="customer-list"),
    path(
        "customers/tree-suggestions/<str:kind>/",
        listing.tree_suggestions,
        name="customer-tree-suggestions",
    ),
    path("customers/export/", jobs.customer_export, name="customer-export"),
    path("customers/quick/", quick.customer_quick, name="customer-quick"),
    path("customers/quick/duplicates/", quick.quick_duplicates, name="customer-quick-duplicates"),
]

# A sales document's print preview and PDF (``sales/<collection>/<number>/print/``; a
# number never holds a ``/``).
urlpatterns += [
    path(
        "sales/<slug:collection>/<str:name>/print/",
        sales_print.sales_print,
        name="sales-print",
    ),
]

# The trees (customer groups, territories, sales persons, item groups, accounts) and a
# group's and a territory's own pages.
urlpatterns += tree_urls.urlpatterns

# The sales documents: lists, forms, pages and actions; accounts settings.
urlpatterns += sales_urls.urlpatterns

# The jobs (exports, imports, merges) and their files.
urlpatterns += [
    path("jobs/", jobs.job_list, name="job-list"),
    path("jobs/<int:job_id>/", jobs.job_progress, name="job-progress"),
    path("jobs/<int:job_id>/cancel/", jobs.job_cancel_view, name="job-cancel"),
    path("jobs/<int:job_id>/file/", jobs.job_download, name="job-file"),
]

# Imports: the list, the upload, an import's page (map, dry run, run) and refused rows.
urlpatterns += [
    path("imports/", imports.import_list, name="import-list"),
    path("imports/new/", imports.import_new, name="import-new"),
    path("imports/<int:import_id>/", imports.import_page, name="import-page"),
    path("imports/<int:import_id>/check/", imports.import_check, name="import-check"),
    path("imports/<int:import_id>/run/", imports.import_for_real, name="import-run"),
    path("imports/<int:import_id>/rejected/", imports.import_rejected, name="import-rejected"),
]
