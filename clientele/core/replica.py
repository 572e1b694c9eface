"""Lists and searches read from a read replica when one is configured.

``DATABASE_REPLICA_URL`` names a streaming replica of the primary database (PostgreSQL's
hot standby). The selectors of lists and searches run under :func:`on_replica`: their
reads go there, which takes the heaviest reads off the primary. Everything else reads
the primary: a record's page, the checks a write makes, and whatever runs inside a write.
A replica lags its primary by a moment, so a list may not yet show a record just saved;
the record's own page always does. Without the setting, nothing changes (no router is
installed)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"

_reading_replica: ContextVar[bool] = ContextVar("reading_replica", default=False)

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def replica_reads() -> Iterator[None]:
    """Route the reads made inside to the replica (when one is configured)."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


def on_replica(selector: Callable[P, R]) -> Callable[P, R]:
    """Run ``selector`` (a list or search, evaluated before it returns) on the replica."""

    @wraps(selector)
    def routed(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads():
            return selector(*args, **kwargs)

    return routed


class ReplicaRouter:
    """Installed only when ``DATABASE_REPLICA_URL`` is set (see settings)."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # a record's relations come from where it was read
        if _reading_replica.get() and not _writing():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica follows its primary's schema


def _writing() -> bool:
    """Inside a write's transaction a read must see what it wrote: the primary's."""
    return connections[DEFAULT_DB_ALIAS].in_atomic_block
