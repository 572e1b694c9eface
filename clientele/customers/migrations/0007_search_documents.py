"""One search document per customer instead of one row per word (``core/search_index.py``):
an FTS5 table on SQLite, a ``tsvector`` with a GIN index on PostgreSQL, filled from the
words already stored."""

import django.db.models.deletion
from django.db import migrations, models

import clientele.core.search_index
from clientele.core.search_index import CreateSearchTable, documents_from_words


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0006_search_tokens_without_foreign_key"),
    ]

    operations = [
        CreateSearchTable(
            name="CustomerSearch",
            fields=[
                (
                    "customer",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="customers.customer",
                    ),
                ),
                ("words", clientele.core.search_index.SearchWordsField()),
            ],
            options={"abstract": False},
        ),
        migrations.RunPython(
            documents_from_words(
                "customers_customersearch", "customers_customersearchtoken", "customer_id"
            ),
            migrations.RunPython.noop,
        ),
        migrations.DeleteModel(name="CustomerSearchToken"),
    ]
