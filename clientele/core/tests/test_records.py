"""The generic write path: links by code, field errors all at once, child rows, audit, 409s."""

from decimal import Decimal

import pytest

from clientele.core.errors import Conflict, InvalidInput
from clientele.core.models import ChangeLog
from clientele.core.records import (
    record_create,
    record_delete,
    record_move,
    record_update,
)
from clientele.core.refusals import usage_counts
from clientele.core.tests.helpers import changes, row_counts
from clientele.core.trees import tree_problems
from clientele.masters import services as masters
from clientele.masters.models import (
    Account,
    BankAccount,
    Company,
    Currency,
    ItemGroup,
    MonthlyDistribution,
    MonthlyDistributionPercentage,
    PriceList,
)

COMPANY = "Clientèle Démo SAS"
RECEIVABLE = "411000 - Clients - CD"


def twelfths() -> list[dict]:
    return [
        {"month": month, "percentage_allocation": "8.333" if month < 12 else "8.337"}
        for month in range(1, 13)
    ]


def test_create_resolves_links_by_code_and_records_every_filled_field(admin):
    price_list = record_create(
        masters.PRICE_LIST, {"name": " Export USD ", "currency": "USD"}, user=admin
    )

    price_list.refresh_from_db()
    assert (price_list.name, price_list.currency.name) == ("Export USD", "USD")
    assert (price_list.selling, price_list.buying, price_list.enabled) == (True, False, True)
    assert changes("price_list", "Export USD") == [
        ("create", "name", "", "Export USD"),
        ("create", "selling", "", "true"),
        ("create", "enabled", "", "true"),
        ("create", "currency", "", "USD"),
    ]
    assert set(
        ChangeLog.objects.filter(record_name="Export USD").values_list("user__username", flat=True)
    ) == {"root"}


def test_update_changes_only_the_given_keys_and_records_old_and_new(admin):
    price_list = record_create(masters.PRICE_LIST, {"name": "Export", "currency": "USD"}, user=None)

    record_update(masters.PRICE_LIST, price_list, {"currency": "GBP", "buying": True}, user=admin)

    price_list.refresh_from_db()
    assert (price_list.currency.name, price_list.buying, price_list.selling) == ("GBP", True, True)
    assert changes("price_list", "Export")[-2:] == [
        ("update", "buying", "false", "true"),
        ("update", "currency", "USD", "GBP"),
    ]


def test_update_that_changes_nothing_records_nothing(admin):
    price_list = record_create(masters.PRICE_LIST, {"name": "Export", "currency": "USD"}, user=None)
    before = row_counts(PriceList)

    record_update(masters.PRICE_LIST, price_list, {"currency": "USD", "selling": True}, user=admin)

    assert row_counts(PriceList) == before


def test_every_field_error_is_reported_at_once_and_nothing_is_written(admin):
    before = row_counts(Company, Account)

    with pytest.raises(InvalidInput) as refused:
        record_create(
            masters.COMPANY,
            {
                "name": "Nouvelle SARL",
                "abbr": "",
                "country": "ZZ",
                "tax_id": "FR123",
                "default_currency": "XXX",
                "default_receivable_account": "Actif - CD",
            },
            user=admin,
        )

    assert refused.value.errors == {
        "country": [
            "Unknown country: use its ISO code (e.g. FR, DE) or its English or French name."
        ],
        "tax_id": ["Not a valid VAT number for FR."],
        "default_currency": ["No currency named “XXX”."],
        "default_receivable_account": ["“Actif - CD” is a group account: choose a ledger account."],
        "abbr": ["This field cannot be blank."],
    }
    assert row_counts(Company, Account) == before


def test_a_disabled_record_cannot_be_linked(admin):
    record_update(masters.CURRENCY, Currency.objects.get(name="JPY"), {"enabled": False}, user=None)
    before = row_counts(PriceList)

    with pytest.raises(InvalidInput) as refused:
        record_create(masters.PRICE_LIST, {"name": "Japon", "currency": "JPY"}, user=admin)

    assert refused.value.errors == {"currency": ["Currency “JPY” is disabled."]}
    assert row_counts(PriceList) == before


def test_code_taken_in_another_case_is_a_conflict(admin):
    before = row_counts(PriceList)

    with pytest.raises(Conflict) as refused:
        record_create(
            masters.PRICE_LIST, {"name": "standard selling", "currency": "EUR"}, user=admin
        )

    assert refused.value.message == "Price list “standard selling” already exists."
    assert refused.value.errors == {"name": ["This code is taken."]}
    assert row_counts(PriceList) == before


def test_renaming_onto_a_taken_code_is_a_conflict(admin):
    price_list = record_create(masters.PRICE_LIST, {"name": "Export", "currency": "USD"}, user=None)
    before = row_counts(PriceList)

    with pytest.raises(Conflict):
        record_update(masters.PRICE_LIST, price_list, {"name": "Standard Selling"}, user=admin)

    assert PriceList.objects.get(pk=price_list.pk).name == "Export"
    assert row_counts(PriceList) == before


def test_child_rows_are_numbered_and_replaced_as_a_whole(admin):
    distribution = record_create(
        masters.MONTHLY_DISTRIBUTION, {"name": "Flat", "percentages": twelfths()}, user=None
    )

    record_update(
        masters.MONTHLY_DISTRIBUTION,
        distribution,
        {
            "percentages": [
                {"month": 6, "percentage_allocation": "40"},
                {"month": 12, "percentage_allocation": "60"},
            ]
        },
        user=admin,
    )

    rows = MonthlyDistributionPercentage.objects.filter(distribution=distribution).order_by("idx")
    assert [(r.idx, r.month, r.percentage_allocation) for r in rows] == [
        (1, 6, Decimal("40.000")),
        (2, 12, Decimal("60.000")),
    ]
    old_rows = ", ".join(
        f'{{"month": {row["month"]}, "percentage_allocation": "{row["percentage_allocation"]}"}}'
        for row in twelfths()
    )
    assert changes("monthly_distribution", "Flat")[-1] == (
        "update",
        "percentages",
        f"[{old_rows}]",
        '[{"month": 6, "percentage_allocation": "40"}, '
        '{"month": 12, "percentage_allocation": "60"}]',
    )


def test_child_rows_left_out_of_an_update_are_kept(admin):
    distribution = record_create(
        masters.MONTHLY_DISTRIBUTION, {"name": "Flat", "percentages": twelfths()}, user=None
    )

    record_update(masters.MONTHLY_DISTRIBUTION, distribution, {"name": "Flat 2026"}, user=admin)

    assert MonthlyDistributionPercentage.objects.filter(distribution=distribution).count() == 12
    assert changes("monthly_distribution", "Flat 2026") == [("update", "name", "Flat", "Flat 2026")]


def test_row_errors_name_the_row_and_column(admin):
    before = row_counts(MonthlyDistribution, MonthlyDistributionPercentage)

    with pytest.raises(InvalidInput) as refused:
        record_create(
            masters.MONTHLY_DISTRIBUTION,
            {
                "name": "Bad",
                "fiscal_year": "1999",
                "percentages": [
                    {"month": 13, "percentage_allocation": "50"},
                    {"month": 2, "percentage_allocation": "150"},
                    {"month": 2, "percentage_allocation": "50"},
                ],
            },
            user=admin,
        )

    assert refused.value.errors == {
        "fiscal_year": ["No fiscal year named “1999”."],
        "percentages[2].month": ["Row 2 already has this value."],
        "percentages[0].month": ["Ensure this value is less than or equal to 12."],
        "percentages[1].percentage_allocation": ["Ensure this value is less than or equal to 100."],
    }
    assert row_counts(MonthlyDistribution, MonthlyDistributionPercentage) == before


def test_delete_records_the_event(admin):
    price_list = record_create(masters.PRICE_LIST, {"name": "Export", "currency": "USD"}, user=None)

    record_delete(masters.PRICE_LIST, price_list, user=admin)

    assert not PriceList.objects.filter(name="Export").exists()
    assert changes("price_list", "Export")[-1] == ("delete", "", "", "")


def test_delete_of_a_record_in_use_is_refused_listing_what_uses_it(admin):
    usd = Currency.objects.get(name="USD")
    record_create(masters.PRICE_LIST, {"name": "Export", "currency": "USD"}, user=None)
    record_create(masters.PRICE_LIST, {"name": "Export 2", "currency": "USD"}, user=None)
    before = row_counts(Currency, PriceList)

    with pytest.raises(Conflict) as refused:
        record_delete(masters.CURRENCY, usd, user=admin)

    assert refused.value.message == "“USD” is still used: price lists (2)."
    assert refused.value.errors == {"references": ["price lists: 2"]}
    assert row_counts(Currency, PriceList) == before


def test_usage_counts_include_links_without_reverse_accessor(db):
    # the company's default receivable account is a link with related_name="+"
    receivable = Account.objects.get(name=RECEIVABLE)

    assert usage_counts(receivable) == {"companies": 1}


def item_group(name: str, parent: str | None = None, *, is_group: bool = True) -> ItemGroup:
    data = {"name": name, "is_group": is_group, "parent_item_group": parent}
    return record_create(masters.ITEM_GROUP, data, user=None)


def test_rename_and_move_in_one_update_do_both(admin):
    item_group("Products")
    node = item_group("Hardware", "Products")
    item_group("Services")

    record_update(
        masters.ITEM_GROUP, node, {"name": "Tools", "parent_item_group": "Services"}, user=admin
    )

    node = ItemGroup.objects.get(pk=node.pk)
    assert (node.name, node.parent.name, node.depth) == ("Tools", "Services", 3)
    assert changes("item_group", "Tools") == [
        ("update", "name", "Hardware", "Tools"),
        ("update", "parent_item_group", "Products", "Services"),
    ]
    assert tree_problems(ItemGroup) == []


def test_an_update_from_a_stale_copy_keeps_the_child_count(admin):
    # given a request that read "Products" before another one added a child under it
    stale = item_group("Products")
    item_group("Hardware", "Products")
    # when the first request saves its edit
    record_update(masters.ITEM_GROUP, stale, {"name": "Goods"}, user=admin)
    # then the tree still counts the child
    assert ItemGroup.objects.get(name="Goods").numchild == 1
    assert tree_problems(ItemGroup) == []


def test_move_records_old_and_new_parent(admin):
    item_group("Products")
    node = item_group("Hardware", "Products")
    item_group("Services")

    record_move(masters.ITEM_GROUP, node, "Services", user=admin)

    assert changes("item_group", "Hardware")[-1] == (
        "move",
        "parent_item_group",
        "Products",
        "Services",
    )


def test_move_to_an_unknown_parent_is_refused(admin):
    node = item_group("Products")
    before = row_counts(ItemGroup)

    with pytest.raises(InvalidInput) as refused:
        record_move(masters.ITEM_GROUP, node, "Nowhere", user=admin)

    assert refused.value.errors == {"parent": ["No item group named “Nowhere”."]}
    assert row_counts(ItemGroup) == before


def test_a_leaf_in_use_cannot_become_a_group(admin):
    bank_ledger = Account.objects.get(name="512000 - Banque - CD")
    before = row_counts(Account)

    with pytest.raises(InvalidInput) as refused:
        record_update(masters.ACCOUNT, bank_ledger, {"is_group": True}, user=admin)

    assert refused.value.errors == {
        "is_group": ["“512000 - Banque - CD” is used by records: it cannot become a group."]
    }
    assert Account.objects.get(pk=bank_ledger.pk).is_group is False
    assert BankAccount.objects.get(account=bank_ledger).name == "Banque Démo - CD"
    assert row_counts(Account) == before


def test_a_receivable_used_only_as_company_default_cannot_become_a_group(admin):
    receivable = Account.objects.get(name=RECEIVABLE)

    with pytest.raises(InvalidInput) as refused:
        record_update(masters.ACCOUNT, receivable, {"is_group": True}, user=admin)

    assert refused.value.errors == {
        "is_group": [f"“{RECEIVABLE}” is used by records: it cannot become a group."]
    }
    assert Account.objects.get(pk=receivable.pk).is_group is False
