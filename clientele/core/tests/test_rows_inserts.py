"""core.rows inserts: new records get their keys and are stored as the ORM stores them,
whether few (one multi-row statement) or many (``COPY`` on PostgreSQL); a statement too long
for psycopg's own cache is parsed once all the same."""

import pytest
from django.db import connection

from clientele.core.rows import insert_objects
from clientele.core.rows.inserts import COPY_FROM
from clientele.masters.models import Currency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [1, 3, COPY_FROM + 5])
def test_new_records_get_their_keys_and_are_stored_whole(count):
    # given records built in memory
    records = [Currency(name=f"X{n:03d}", currency_name=f"Monnaie {n}") for n in range(count)]
    # when inserted
    insert_objects(Currency, records)
    # then each holds its key, and the rows are what was built
    stored = {c.pk: (c.name, c.currency_name, c.enabled) for c in Currency.objects.all()}
    assert {r.pk: (r.name, r.currency_name, r.enabled) for r in records}.items() <= stored.items()
    assert len({r.pk for r in records}) == count
    assert all(not r._state.adding for r in records)


def test_a_long_statement_is_parsed_once():
    # given a statement of 60 parameters (psycopg keeps parses of 50 at most by itself)
    sql = "SELECT " + ", ".join(["%s"] * 60)
    values = list(range(60))
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        first = cursor.fetchone()
        if connection.vendor == "postgresql":
            from psycopg import _queries

            hits = _queries._query2pg.cache_info().hits
        # when it runs again
        cursor.execute(sql, values)
        again = cursor.fetchone()
    # then it answers the same, and on PostgreSQL its parse came from the cache
    assert list(first) == list(again) == values
    if connection.vendor == "postgresql":
        assert _queries._query2pg.cache_info().hits == hits + 1
