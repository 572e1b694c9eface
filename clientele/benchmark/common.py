"""Shared pieces of the benchmark: the plan, the results table, the run tag."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from clientele.classification.models import CustomerGroup

Log = Callable[[str], None]
PEER = "ERPNext 15"
BENCH_USER = "bench"


class Refused(Exception):
    """The database already holds customers: benchmarking it would pollute real data."""


_run_tag = ""


def tagged(name: str) -> str:
    """The name of a group this benchmark creates.

    Plain on a fresh database; with ``--force`` on a database benchmarked before, suffixed
    with a run number so the groups of an earlier run do not clash with this one's.
    """
    return f"{name}{_run_tag}"


def choose_run_tag() -> None:
    global _run_tag
    _run_tag = ""
    runs = 1
    while CustomerGroup.objects.filter(name=tagged("Segments")).exists():
        runs += 1
        _run_tag = f" #{runs}"


# --------------------------------------------------------------------------- plan and results


@dataclass(frozen=True)
class Plan:
    """How much of everything; ``--quick`` shrinks the volumes, never the paths measured."""

    customers: int = 100_000
    api_creates: int = 500
    service_creates: int = 2_000
    service_creates_at_scale: int = 500
    reads: int = 500
    tree_inserts: int = 200
    tree_small: int = 100
    tree_large: int = 10_000
    moves: int = 5
    list_queries: int = 300
    search_queries: int = 300
    sales_documents: int = 200
    past_documents: int = 10_000
    imports: int = 100_000
    load_seconds: float = 60

    @classmethod
    def make(
        cls,
        *,
        customers: int | None,
        api_creates: int | None,
        quick: bool,
        load_seconds: float | None = None,
    ) -> Plan:
        base = cls.quick() if quick else cls()
        given = {
            "customers": customers,
            "api_creates": api_creates,
            "load_seconds": load_seconds,
        }
        return cls(
            **{**base.__dict__, **{key: value for key, value in given.items() if value is not None}}
        )

    @classmethod
    def quick(cls) -> Plan:
        """A couple of minutes per database, for iterating on the benchmark itself."""
        return cls(
            customers=10_000,
            api_creates=100,
            service_creates=300,
            service_creates_at_scale=100,
            reads=200,
            tree_inserts=50,
            moves=3,
            list_queries=100,
            search_queries=100,
            sales_documents=50,
            past_documents=500,
            imports=5_000,
            load_seconds=10,
        )


@dataclass
class Row:
    """One line of the table; ``met`` is None when the measure has no goal."""

    measure: str
    value: float
    unit: str
    goal: str = "—"
    peer: str = "—"
    met: bool | None = None


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)

    def add(
        self,
        measure: str,
        value: float,
        unit: str,
        *,
        peer: str = "—",
        at_most: float | None = None,
        at_least: float | None = None,
    ) -> None:
        """``at_most`` is the goal: the value must not exceed it; ``at_least`` a floor (a
        throughput: rows per second)."""
        goal, met = "—", None
        if at_most is not None:
            goal, met = f"≤ {at_most:g}", value <= at_most
        elif at_least is not None:
            goal, met = f"≥ {at_least:,g}", value >= at_least
        self.rows.append(Row(measure, value, unit, goal, peer, met))

    def info(self, measure: str, value: float, unit: str, *, peer: str = "—") -> None:
        self.add(measure, value, unit, peer=peer)

    @property
    def missed(self) -> list[Row]:
        return [row for row in self.rows if row.met is False]


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: a value that was actually observed, no interpolation."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def mean(samples: list[float]) -> float:
    return sum(samples) / len(samples)


def timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000
