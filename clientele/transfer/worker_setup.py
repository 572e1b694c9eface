"""The start of a worker process preparing import rows (``preparation``): Django set up,
and every connection to the database refused. Apart from ``preparation`` because a new
process reads this module before Django is set up, so it may import no model."""

import os
import threading
import time
from typing import Any


def worker_start() -> None:
    import django
    from django.db import connections

    django.setup()
    for connection in connections.all(initialized_only=False):
        connection.connect = _refused  # type: ignore[method-assign]
    threading.Thread(target=_parent_watched, args=(os.getppid(),), daemon=True).start()


def _parent_watched(parent: int) -> None:
    """Exit once the importing process is gone (killed: nobody would stop this one)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


def _refused(*args: Any) -> None:
    """A worker would not see what the import's transaction has written so far."""
    raise RuntimeError("A worker preparing import rows may not read the database.")
