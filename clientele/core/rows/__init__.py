"""The hand-written SQL of the hot paths, fenced here: nothing else writes SQL by hand.

Each statement is written from model metadata and structured arguments (a model, a key
column, child-table declarations, branches of a look-up), never from SQL fragments handed
in. Kept only where the benchmark shows the ORM's own Python costs more than the query:
the customer read and the token check (``reads.Reader``), links looked up by code
(``reads.record_by_key``), the counts of a record's linked rows in several tables
(``counts.linked_counts``), the inserts of history rows and a new customer
(``inserts``), the search documents written and read back (``documents``), the few
columns a submission changes on a stored row (``updates``), a creation's reads sent
without waiting (``batches``), the highest suffix of many homonym codes
(``reads.highest_suffixes``), a price list's rates valid on a day
(``reads.values_valid_on``), a company's first account of a kind (``reads.first_row``);
the counts per tree node the database keeps with its triggers (``tallies``). Reads honour
the database alias Django's routers choose.
"""

from clientele.core.rows.batches import (
    Branch,
    Later,
    Through,
    batched,
    branches_sent,
    key_share_sent,
)
from clientele.core.rows.counts import linked_counts
from clientele.core.rows.documents import document_words, documents_write
from clientele.core.rows.inserts import insert_if_free, insert_objects, insert_values
from clientele.core.rows.reads import (
    Reader,
    among,
    first_row,
    highest_suffixes,
    record_by_key,
    values_valid_on,
)
from clientele.core.rows.statements import execute, prepared, serial
from clientele.core.rows.updates import fields_saved

__all__ = [
    "Branch",
    "Later",
    "Reader",
    "Through",
    "among",
    "batched",
    "branches_sent",
    "document_words",
    "documents_write",
    "execute",
    "fields_saved",
    "first_row",
    "highest_suffixes",
    "insert_if_free",
    "insert_objects",
    "insert_values",
    "key_share_sent",
    "linked_counts",
    "prepared",
    "record_by_key",
    "serial",
    "values_valid_on",
]
