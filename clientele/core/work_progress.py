"""How long work (an import, an export, a merge of many records) reports how far it got.

The work itself knows nothing of where it runs: the command line shows a rich progress
bar, a queued job stores its counts for the screens and the API to show, a test counts
calls. Each passes an object with these three methods.
"""

from typing import Protocol


class Progress(Protocol):
    def started(self, total: int | None) -> None:
        """The work begins; ``total`` is the number of units (rows) when known."""

    def advanced(self, done: int, errors: int = 0) -> None:
        """``done`` units are finished so far, ``errors`` of them refused (running totals)."""

    def cancelled(self) -> bool:
        """Whether someone asked the work to stop: checked between units, so the work
        stops where it leaves nothing half-written."""


class SilentProgress:
    """Progress reported to no one, for work run where nobody watches (tests, scripts)."""

    def started(self, total: int | None) -> None:
        return None

    def advanced(self, done: int, errors: int = 0) -> None:
        return None

    def cancelled(self) -> bool:
        return False
