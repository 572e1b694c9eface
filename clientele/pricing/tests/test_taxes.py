"""Sales taxes and charges templates: a company's, its rows on its own tax accounts, one
default per company, one template per tax category."""

from decimal import Decimal

import pytest

from clientele.core.records import record_create
from clientele.core.tests.helpers import row_counts
from clientele.masters import services as masters
from clientele.masters.tests.helpers import OTHER, refused, url
from clientele.pricing.models import SalesTaxesTemplate, SalesTaxesTemplateRow
from clientele.pricing.tests.helpers import COMPANY, VAT_ACCOUNT

pytestmark = pytest.mark.django_db

TABLES = (SalesTaxesTemplate, SalesTaxesTemplateRow)


def _row(**data):
    return {"account_head": VAT_ACCOUNT, "description": "TVA", "rate": "20", **data}


def _template(**data):
    return {"name": "TVA DOM 8,5 %", "company": COMPANY, "taxes": [_row(rate="8.5")], **data}


def _tax_account(abbr: str) -> str:
    name = f"445710 - TVA collectée - {abbr}"
    record_create(
        masters.ACCOUNT,
        {
            "name": name,
            "account_name": "TVA collectée",
            "company": OTHER,
            "root_type": "Liability",
            "account_type": "Tax",
            "parent_account": f"Passif - {abbr}",
        },
        user=None,
    )
    return name


def test_a_template_is_created_with_its_rows_in_order(api):
    # given
    record_create(masters.TAX_CATEGORY, {"name": "DOM"}, user=None)
    taxes = [_row(rate="8.5", description="TVA 8,5 %"), _row(rate="1.75", description="Octroi")]
    # when
    answer = api.post("/sales-taxes-templates/", json=_template(tax_category="DOM", taxes=taxes))
    # then
    assert answer.status_code == 201
    row = {"charge_type": "On Net Total", "account_head": VAT_ACCOUNT}
    assert answer.json() == {
        "name": "TVA DOM 8,5 %",
        "is_default": False,
        "disabled": False,
        "company": COMPANY,
        "tax_category": "DOM",
        "taxes": [
            {**row, "description": "TVA 8,5 %", "rate": "8.500"},
            {**row, "description": "Octroi", "rate": "1.750"},
        ],
    }
    stored = SalesTaxesTemplateRow.objects.filter(template__name="TVA DOM 8,5 %")
    assert list(stored.values_list("idx", "rate")) == [(1, Decimal("8.500")), (2, Decimal("1.750"))]


@pytest.mark.parametrize(
    ("row", "errors"),
    [
        (
            {"rate": "100.001"},
            {"taxes[0].rate": ["Ensure this value is less than or equal to 100."]},
        ),
        ({"rate": "-1"}, {"taxes[0].rate": ["Ensure this value is greater than or equal to 0."]}),
        (
            {"charge_type": "Actual"},
            {"taxes[0].charge_type": ["Value 'Actual' is not a valid choice."]},
        ),
        (
            {"account_head": "Passif - CD"},
            {
                "taxes[0].account_head": [
                    "“Passif - CD” is a group account: choose a ledger account."
                ]
            },
        ),
        (
            {"account_head": "411000 - Clients - CD"},
            {
                "taxes[0].account_head": [
                    "“411000 - Clients - CD” is not a tax, income or expense account."
                ]
            },
        ),
        ({"account_head": None}, {"taxes[0].account_head": ["This field cannot be null."]}),
    ],
)
def test_a_row_out_of_bounds_or_on_a_wrong_account_is_refused(api, row, errors):
    # given
    before = row_counts(*TABLES)
    # when
    answer = api.post("/sales-taxes-templates/", json=_template(taxes=[_row(**row)]))
    # then
    assert refused(answer) == errors
    assert row_counts(*TABLES) == before


def test_a_row_on_another_companys_account_is_refused(api, other_company):
    # given
    account = _tax_account("AS")
    before = row_counts(*TABLES)
    # when
    answer = api.post(
        "/sales-taxes-templates/", json=_template(taxes=[_row(), _row(account_head=account)])
    )
    # then
    assert refused(answer) == {
        "taxes[1].account_head": [f"“{account}” belongs to another company."]
    }
    assert row_counts(*TABLES) == before


def test_a_template_moved_to_another_company_with_its_rows_left_is_refused(api, other_company):
    # given
    api.post("/sales-taxes-templates/", json=_template())
    before = row_counts(*TABLES)
    # when
    answer = api.patch(url("sales-taxes-templates", "TVA DOM 8,5 %"), json={"company": OTHER})
    # then
    assert refused(answer) == {
        "taxes[0].account_head": [f"“{VAT_ACCOUNT}” belongs to another company."]
    }
    assert SalesTaxesTemplate.objects.get(name="TVA DOM 8,5 %").company.name == COMPANY
    assert row_counts(*TABLES) == before


def test_a_second_default_template_of_a_company_is_a_conflict(api):
    # given
    before = row_counts(*TABLES)
    # when
    answer = api.post("/sales-taxes-templates/", json=_template(is_default=True))
    # then
    assert refused(answer, 409) == {"is_default": ["The company already has a default template."]}
    assert answer.json()["detail"] == (
        "“TVA 20 %” is already the default template of Clientèle Démo SAS: unset it first."
    )
    assert row_counts(*TABLES) == before


def test_another_company_has_its_own_default(api, other_company):
    # when
    body = _template(company=OTHER, is_default=True, taxes=[_row(account_head=_tax_account("AS"))])
    answer = api.post("/sales-taxes-templates/", json=body)
    # then
    assert answer.status_code == 201


def test_a_disabled_template_cannot_be_the_default(api):
    # given
    before = row_counts(*TABLES)
    # when
    answer = api.patch(
        url("sales-taxes-templates", "TVA 20 %"), json={"disabled": True, "is_default": True}
    )
    # then
    assert refused(answer) == {"is_default": ["A disabled template cannot be the default."]}
    assert row_counts(*TABLES) == before


def test_a_second_enabled_template_of_a_tax_category_is_a_conflict(api):
    # given
    before = row_counts(*TABLES)
    # when
    answer = api.post("/sales-taxes-templates/", json=_template(tax_category="TVA 10 %"))
    # then
    assert refused(answer, 409) == {"tax_category": ["Another template has this tax category."]}
    assert answer.json()["detail"] == (
        "“TVA 10 %” is already the template of Clientèle Démo SAS for “TVA 10 %”."
    )
    assert row_counts(*TABLES) == before


def test_a_disabled_template_may_share_a_tax_category(api):
    # when
    answer = api.post(
        "/sales-taxes-templates/", json=_template(tax_category="TVA 10 %", disabled=True)
    )
    # then
    assert answer.status_code == 201


def test_an_account_or_a_tax_category_a_template_uses_is_not_deleted(api):
    # when
    account = api.delete(url("accounts", VAT_ACCOUNT))
    category = api.delete(url("tax-categories", "TVA 20 %"))
    # then
    assert refused(account, 409) == {"references": ["sales taxes and charges rows: 5"]}
    assert refused(category, 409) == {"references": ["sales taxes and charges templates: 1"]}
