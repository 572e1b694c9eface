"""Loaded by scripts/test-at-date.sh only (through PYTHONPATH), in every Python process the
suite starts.

The clock is faked with Debian's libfaketime 0.9.10, keeping the real monotonic clock so
that thread and lock timeouts keep working. That version breaks ``time.sleep`` on Python
3.11 and later, which sleeps until an absolute monotonic deadline: libfaketime shifts that
deadline by the fake offset and the kernel answers EINVAL (libfaketime issue 426). An event
wait sleeps on the real monotonic clock just as long, so ``time.sleep`` becomes one.
"""

import threading
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    threading.Event().wait(seconds)


time.sleep = _sleep
