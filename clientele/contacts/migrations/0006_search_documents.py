"""One search document per contact and per address instead of one row per word
(``core/search_index.py``), filled from the words already stored."""

import django.db.models.deletion
from django.db import migrations, models

import clientele.core.search_index
from clientele.core.search_index import CreateSearchTable, documents_from_words


def _document(name: str, owner: str, to: str) -> CreateSearchTable:
    return CreateSearchTable(
        name=name,
        fields=[
            (
                owner,
                models.OneToOneField(
                    db_column="rowid",
                    db_constraint=False,
                    on_delete=django.db.models.deletion.CASCADE,
                    primary_key=True,
                    related_name="+",
                    serialize=False,
                    to=to,
                ),
            ),
            ("words", clientele.core.search_index.SearchWordsField()),
        ],
        options={"abstract": False},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0005_search_tokens_without_foreign_key"),
    ]

    operations = [
        _document("ContactSearch", "contact", "contacts.contact"),
        _document("AddressSearch", "address", "contacts.address"),
        migrations.RunPython(
            documents_from_words(
                "contacts_contactsearch", "contacts_contactsearchtoken", "contact_id"
            ),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            documents_from_words(
                "contacts_addresssearch", "contacts_addresssearchtoken", "address_id"
            ),
            migrations.RunPython.noop,
        ),
        migrations.DeleteModel(name="ContactSearchToken"),
        migrations.DeleteModel(name="AddressSearchToken"),
    ]
