"""A few columns written by ``core.rows.fields_saved`` are written as
``save(update_fields=…)`` writes them, and only those."""

from decimal import Decimal

import pytest
from django.db import DatabaseError

from clientele.core.rows import fields_saved
from clientele.customers.services import customer_create
from clientele.masters.models import Company
from clientele.sales.models import CreditExposure

pytestmark = pytest.mark.django_db


def test_only_the_named_columns_are_written_as_the_orm_reads_them():
    # given a stored row, two of its columns changed in memory
    customer = customer_create(data={"customer_name": "Martin"}, user=None)
    company = Company.objects.first()
    row = CreditExposure.objects.create(customer=customer, company=company)
    row.unpaid_invoices, row.unbilled_orders = Decimal("12.50"), Decimal("3")
    # when one of them is written
    fields_saved(row, ["unpaid_invoices"])
    # then that one is stored, the other is not
    stored = CreditExposure.objects.get(pk=row.pk)
    assert (stored.unpaid_invoices, stored.unbilled_orders) == (Decimal("12.50"), Decimal("0"))


def test_an_auto_now_date_named_is_set_to_now_and_written():
    # given a stored customer
    customer = customer_create(data={"customer_name": "Martin"}, user=None)
    before = customer.modified_at
    # when its modification date is written
    fields_saved(customer, ["modified_at"])
    # then it moved forward, in memory and stored alike
    assert customer.modified_at > before
    assert type(customer).objects.get(pk=customer.pk).modified_at == customer.modified_at


def test_a_row_gone_is_an_error_as_the_orm_raises_it():
    # given a row deleted since it was read
    customer = customer_create(data={"customer_name": "Martin"}, user=None)
    row = CreditExposure.objects.create(customer=customer, company=Company.objects.first())
    CreditExposure.objects.filter(pk=row.pk).delete()
    # when it is written, then
    with pytest.raises(DatabaseError, match="did not affect any rows"):
        fields_saved(row, ["unpaid_invoices"])
