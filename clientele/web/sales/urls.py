"""The sales documents' addresses (included by ``web/urls.py``)."""

from django.urls import path

from clientele.web.sales import actions, documents, listing, settings, statement

urlpatterns = [
    path("accounts-settings/", settings.accounts_settings, name="accounts-settings"),
    path("sales/customer-options/", listing.customer_options, name="sales-customers"),
    path("receivables/", statement.receivables, name="sales-receivables"),
    path("receivables/statement/", statement.statement_page, name="sales-statement"),
    path("sales/<slug:path>/", listing.document_list, name="sales-list"),
    path("sales/<slug:path>/new/", documents.document_new, name="sales-new"),
    path("sales/<slug:path>/preview/", documents.document_preview, name="sales-preview"),
    path("sales/<slug:path>/line/", documents.line_row, name="sales-line"),
    path("sales/<slug:path>/row/<slug:table>/", documents.table_row, name="sales-row"),
    path(
        "sales/payment-entries/<str:name>/allocate/",
        actions.advance_allocate,
        name="sales-allocate",
    ),
    path(
        "sales/<slug:path>/<str:name>/make/<slug:target>/",
        actions.document_make,
        name="sales-make",
    ),
    path(
        "sales/<slug:path>/<str:name>/<slug:action>/",
        actions.document_action,
        name="sales-action",
    ),
    path("sales/<slug:path>/<str:name>/", documents.document_page, name="sales-page"),
]
