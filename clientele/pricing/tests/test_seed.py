"""The seed gives the demo company French VAT: a template per rate, each chosen by the tax
category of its name, on the VAT collected account; running it again changes nothing."""

from decimal import Decimal

import pytest

from clientele.core.tests.helpers import row_counts
from clientele.masters.models import Account, TaxCategory
from clientele.operations.seed import seed_reference_data
from clientele.pricing.models import SalesTaxesTemplate, SalesTaxesTemplateRow
from clientele.pricing.tests.helpers import COMPANY, VAT_ACCOUNT

pytestmark = pytest.mark.django_db


def test_the_seeded_company_has_french_vat_templates_20_the_default():
    # when
    templates = SalesTaxesTemplate.objects.filter(company__name=COMPANY).order_by("id")
    rows = SalesTaxesTemplateRow.objects.filter(template__in=templates).order_by("template_id")
    # then
    assert [(t.name, t.tax_category.name, t.is_default, t.disabled) for t in templates] == [
        ("TVA 20 %", "TVA 20 %", True, False),
        ("TVA 10 %", "TVA 10 %", False, False),
        ("TVA 5,5 %", "TVA 5,5 %", False, False),
        ("TVA 2,1 %", "TVA 2,1 %", False, False),
        ("Exonéré", "Exonéré", False, False),
    ]
    assert [(r.idx, r.charge_type, r.account_head.name, r.rate) for r in rows] == [
        (1, "On Net Total", VAT_ACCOUNT, Decimal(rate))
        for rate in ("20.000", "10.000", "5.500", "2.100", "0.000")
    ]


def test_the_vat_account_is_a_tax_ledger_under_the_liabilities():
    # when
    account = Account.objects.get(name=VAT_ACCOUNT)
    # then
    assert (account.parent.name, account.root_type, account.account_type, account.is_group) == (
        "Passif - CD",
        "Liability",
        "Tax",
        False,
    )
    assert (account.account_number, account.account_name) == ("445710", "TVA collectée")


def test_seeding_again_changes_nothing():
    # given
    before = row_counts(SalesTaxesTemplate, SalesTaxesTemplateRow, TaxCategory, Account)
    # when
    seed_reference_data()
    # then
    assert row_counts(SalesTaxesTemplate, SalesTaxesTemplateRow, TaxCategory, Account) == before
