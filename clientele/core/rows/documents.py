"""Search documents (``core/search_index.py``) written and read back: one statement for
a whole chunk of records, as FTS5 takes them on SQLite and as ``tsvector`` on PostgreSQL
(the words as lexemes, taken as they are)."""

from collections.abc import Iterable, Sequence

from django.db import connections, models, router


def _document(words: Iterable[str]) -> str:
    # A word holding a space (none should) is two words on either database.
    return " ".join(" ".join(words).split())


def documents_write(
    model: type[models.Model], documents: Sequence[tuple[int, Iterable[str]]], *, fresh: bool
) -> None:
    """Write the documents of records (key, words), replacing theirs unless ``fresh``
    (new records, which have none yet): one delete, one insert, whatever their number."""
    if not documents:
        return
    db = connections[router.db_for_write(model)]
    keys = [key for key, _words in documents]
    if not fresh:
        model._default_manager.using(db.alias).filter(pk__in=keys).delete()
    table = db.ops.quote_name(model._meta.db_table)
    rows = [(key, _document(words)) for key, words in documents]
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.execute(
                f"INSERT INTO {table} (rowid, words)"
                " SELECT k, array_to_tsvector(string_to_array(w, ' '))"
                " FROM unnest(%s::bigint[], %s::text[]) AS d(k, w)",
                [keys, [text for _key, text in rows]],
            )
        else:
            cursor.executemany(f"INSERT INTO {table} (rowid, words) VALUES (%s, %s)", rows)


def document_words(model: type[models.Model], key: int) -> set[str]:
    """The words stored for one record (empty when it has no document), as written."""
    db = connections[router.db_for_read(model)]
    table = db.ops.quote_name(model._meta.db_table)
    words = "words"
    if db.vendor == "postgresql":
        words = "array_to_string(tsvector_to_array(words), ' ')"
    with db.cursor() as cursor:
        cursor.execute(f"SELECT {words} FROM {table} WHERE rowid = %s", [key])
        row = cursor.fetchone()
    return set(row[0].split()) if row else set()
