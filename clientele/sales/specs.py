"""Each selling document's header and child tables as a ``Spec``: the write path
(``core.records.record_prepare``) applies and checks them; the lines are built apart, their
items looked up together (``documents.lines_build``)."""

from clientele.contacts.models import Address, Contact
from clientele.core.links import leaf_only
from clientele.core.specs import Child, Link, Spec
from clientele.customers.models import Customer
from clientele.masters.models import (
    Account,
    Company,
    Currency,
    PaymentTermsTemplate,
    PriceList,
    SalesPartner,
    SalesPerson,
    TaxCategory,
)
from clientele.masters.services import ledger_account, receivable_ledger, selling_price_list
from clientele.pricing.models import SalesTaxesTemplate
from clientele.sales.doctypes import SELLING, DocType
from clientele.sales.models import SalesInvoice

HEADER_FIELDS = (
    "naming_series",
    "customer_name",
    "tax_id",
    "conversion_rate",
    "plc_conversion_rate",
    "language",
    "commission_rate",
    "address_display",
    "shipping_address",
    "contact_display",
    "contact_email",
)
HEADER_LINKS = (
    Link("customer", Customer),
    Link("company", Company),
    Link("currency", Currency),
    Link("selling_price_list", PriceList, check=selling_price_list),
    Link("payment_terms_template", PaymentTermsTemplate),
    Link("tax_category", TaxCategory),
    Link("taxes_and_charges", SalesTaxesTemplate),
    Link("sales_partner", SalesPartner),
    Link("customer_address", Address),
    Link("shipping_address_name", Address),
    Link("contact_person", Contact),
)
LINE_COLUMNS = (
    "item",
    "item_name",
    "description",
    "qty",
    "uom",
    "price_list_rate",
    "discount_percentage",
    "rate",
)
TAX_COLUMNS = ("charge_type", "account_head", "description", "rate")
SCHEDULE_COLUMNS = ("description", "due_date", "invoice_portion")
TEAM_COLUMNS = ("sales_person", "allocated_percentage")
# Per kind: its own dates and fields, and the links of its lines to their source lines.
OWN_FIELDS = {
    "quotation": ("transaction_date", "valid_till"),
    "sales_order": ("transaction_date", "delivery_date"),
    "delivery_note": ("posting_date",),
    "sales_invoice": ("posting_date", "due_date", "is_return"),
}
OWN_LINKS = {
    "sales_invoice": (
        Link("debit_to", Account, check=receivable_ledger),
        Link("return_against", SalesInvoice),
    ),
}
SOURCE_LINES = {
    "quotation": (),
    "sales_order": ("quotation_item",),
    "delivery_note": ("so_detail",),
    "sales_invoice": ("so_detail", "dn_detail", "sales_invoice_item"),
}


def _spec(doctype: DocType) -> Spec:
    assert doctype.tax and doctype.schedule and doctype.team
    return Spec(
        doctype.model,
        doctype.key,
        fields=(*OWN_FIELDS[doctype.key], *HEADER_FIELDS),
        links=(*HEADER_LINKS, *OWN_LINKS.get(doctype.key, ())),
        children=(
            Child(
                "taxes",
                doctype.tax,
                TAX_COLUMNS,
                links=(Link("account_head", Account, check=ledger_account),),
            ),
            Child("payment_schedule", doctype.schedule, SCHEDULE_COLUMNS),
            Child(
                "sales_team",
                doctype.team,
                TEAM_COLUMNS,
                links=(Link("sales_person", SalesPerson, check=leaf_only),),
                unique=("sales_person",),
            ),
        ),
        audited=False,
    )


SPECS = {doctype.key: _spec(doctype) for doctype in SELLING}
