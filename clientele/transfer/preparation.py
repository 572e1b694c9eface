"""Customer rows checked in worker processes while this one writes.

Checking a row as the API would (its fields, contact, address, links) and working out its
search words is about half of an import's time, and needs no database: the links a chunk
names are read here first (``links_load``) and sent along. So while this process writes
one chunk (codes, keys, rows, history: the database's part), a worker prepares the next
(``writers.prepared``), and the import uses both cores.

Workers are started (``spawn``: a fresh interpreter that sets Django up again, about a
second) only for a file of at least ``POOL_FROM_ROWS`` rows; meanwhile the first chunk
is prepared here. A worker reads nothing from the database: a query there raises, as it
would not see what the import's transaction has written so far.
"""

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from typing import Any

from django.utils import translation

from clientele.classification.models import SellingSettings
from clientele.transfer.context import Context, link_finders
from clientele.transfer.lines import Line
from clientele.transfer.worker_setup import worker_start
from clientele.transfer.writers import NewCustomer, links_named, prepared

# A file of fewer customer rows is prepared in this process: starting a worker would cost
# more than it saves.
POOL_FROM_ROWS = 20_000
# Workers at most: one core stays for this process (and the database server, when local).
MOST_WORKERS = 3


def workers_wanted(rows: int) -> int:
    if rows < POOL_FROM_ROWS:
        return 0
    return max(1, min(MOST_WORKERS, (os.cpu_count() or 2) - 1))


class Preparation:
    """Chunks of customer rows prepared ``ahead`` of the one being written, by ``workers``
    processes; ``ready(chunk)`` hands back a chunk's ``NewCustomer``s (prepared here when
    it was never sent)."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._sent: dict[int, Future] = {}
        self.unsent: list[list[Line]] = []

    def __enter__(self) -> "Preparation":
        if self.workers:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=worker_start,
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._sent.clear()

    def ahead(self, chunks: Iterator[list[Line]]) -> Iterator[list[Line]]:
        """``chunks`` as they come, each yielded once the ``workers`` following ones are
        read: those (all but the first chunk, prepared here while the workers start) wait
        in ``unsent`` for the caller to load their links and send them, in the current
        chunk's transaction (so a group an import creates is written with a chunk)."""
        if self._pool is None:
            yield from chunks
            return
        waiting: deque[list[Line]] = deque()
        first = True
        for chunk in chunks:
            if not first:
                self.unsent.append(chunk)
            first = False
            waiting.append(chunk)
            if len(waiting) > self.workers:
                yield waiting.popleft()
        yield from waiting

    def send_to_workers(self, ctx: Context, chunk: list[Line], settings: SellingSettings):
        if self._pool is None:
            return
        shipped = [Line(line.file, line.row, [], line.values) for line in chunk]
        named = links_named(chunk).items()
        found = {name: ctx.finders[name].found_among(values) for name, values in named}
        language = translation.get_language()
        self._sent[id(chunk)] = self._pool.submit(
            _prepare, replace(ctx, user=None, finders={}), found, settings, shipped, language
        )

    def ready(self, chunk: list[Line]) -> list[NewCustomer] | None:
        """The chunk's rows prepared, or ``None`` when it was not sent (prepared by the
        caller then, its links loaded)."""
        future = self._sent.pop(id(chunk), None)
        return None if future is None else future.result()


# ----------------------------------------------------------------------------- in a worker


def _prepare(
    ctx: Context,
    found: dict[str, dict[str, Any]],
    settings: SellingSettings,
    lines: list[Line],
    language: str,
) -> list[NewCustomer]:
    ctx.finders = link_finders()
    for name, records in found.items():
        ctx.finders[name].found_update(records)
    with translation.override(language):
        return [prepared(ctx, line, settings) for line in lines]
