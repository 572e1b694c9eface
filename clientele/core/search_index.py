"""Search documents: one row per searchable record holding the words it is found by
(``search_text``), matched by prefix through the database's own full-text index.

SQLite: an FTS5 table (the words as a text, split only at spaces, prefix indexes of 2 and
3 characters). PostgreSQL: a table of ``tsvector`` (the words as lexemes, taken as they
are) with a GIN index. Both are read as one model per searchable record, whose key is
the record's (``rowid``): the ORM deletes a record's document with it (cascade), a test
database's flush empties it, and ``words__matches`` finds the records having, for every
word typed, a word starting with it.

Why not a row per word, as before: an import wrote about 40 rows a customer into a
B-tree index, a quarter of its time; one document per record costs a tenth of that, and
a prefix common to many words (“fr”) is one entry of the prefix index instead of a range
of thousands (docs/architecture.md, session 14).
"""

from collections.abc import Sequence

from django.db import migrations, models
from django.db.models import Lookup

# FTS5's options: words split at spaces and control characters only (every letter, digit,
# mark, punctuation and symbol is part of a word, as ``search_text`` cut them), no accent
# or case folding of its own (the words are normalised already), prefix indexes for the
# two- and three-letter starts people type, and no positions (no phrase is ever searched).
FTS5_OPTIONS = (
    "words, tokenize=\"unicode61 remove_diacritics 0 categories 'L* M* N* P* S* Co Cn Cf'\", "
    "prefix='2 3', detail=none, columnsize=0"
)


class SearchWordsField(models.TextField):
    """A record's words: a ``tsvector`` on PostgreSQL, the FTS5 table's text on SQLite."""

    def db_type(self, connection) -> str:
        return "tsvector" if connection.vendor == "postgresql" else "text"


def document_key(model: type[models.Model]) -> models.OneToOneField:
    """A document's key: its record's, in the column FTS5 keys its rows by (``rowid``). No
    database foreign key (a bulk import would check one a record at commit); the ORM's
    cascade deletes the document with its record."""
    return models.OneToOneField(
        model,
        on_delete=models.CASCADE,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        related_name="+",
    )


def match_text(vendor: str, words: Sequence[str]) -> str:
    """The query for ``words``, each a prefix, all required: FTS5's ``"w"* "x"*``, a
    ``tsquery``'s ``'w':* & 'x':*``; quotes inside a word doubled (its backslashes too,
    for ``tsquery``), so whatever was typed is one literal word."""
    # A word holding a space is two words, as the documents split it (a phrase would be
    # refused by FTS5 without positions).
    words = [part for word in words for part in word.split()]
    if vendor == "postgresql":
        quoted = (word.replace("\\", "\\\\").replace("'", "''") for word in words)
        return " & ".join(f"'{word}':*" for word in quoted)
    return " ".join('"{}"*'.format(word.replace('"', '""')) for word in words)


@SearchWordsField.register_lookup
class Matches(Lookup):
    """``words__matches=["jean", "dup"]``: documents having a word starting with each."""

    lookup_name = "matches"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        query = match_text(connection.vendor, self.rhs)
        if connection.vendor == "postgresql":
            lhs, lhs_params = self.process_lhs(compiler, connection)
            return f"{lhs} @@ %s::tsquery", [*lhs_params, query]
        # FTS5 matches on the hidden column named after the table, aliased or not.
        table = connection.ops.quote_name(self.lhs.target.model._meta.db_table)
        alias = connection.ops.quote_name(self.lhs.alias)
        return f"{alias}.{table} MATCH %s", [query]


class SearchDocument(models.Model):
    """Base of the documents' models: each adds its key, ``document_key`` of the model of
    the records it holds the words of."""

    words = SearchWordsField()

    class Meta:
        abstract = True


class CreateSearchTable(migrations.CreateModel):
    """``CreateModel`` of a ``SearchDocument``: on SQLite the FTS5 table instead of a plain
    one; on PostgreSQL the table and the GIN index on its words."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        quote = schema_editor.quote_name
        table = model._meta.db_table
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
            index = quote(f"{table}_words")
            schema_editor.execute(f"CREATE INDEX {index} ON {quote(table)} USING gin (words)")
            return
        schema_editor.execute(f"CREATE VIRTUAL TABLE {quote(table)} USING fts5({FTS5_OPTIONS})")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(model._meta.db_table)}")

    def describe(self) -> str:
        return f"Create search table {self.name}"


def documents_from_words(table: str, words_table: str, owner: str):
    """A migration step filling ``table`` from a table of one word per row (the search
    tokens before session 14), as ``RunPython`` runs it."""

    def run(apps, schema_editor):
        quote = schema_editor.quote_name
        if schema_editor.connection.vendor == "postgresql":
            words = "array_to_tsvector(array_agg(DISTINCT token))"
        else:
            words = "group_concat(token, ' ')"
        schema_editor.execute(
            f"INSERT INTO {quote(table)} (rowid, words) SELECT {quote(owner)}, {words}"
            f" FROM {quote(words_table)} GROUP BY {quote(owner)}"
        )

    return run
