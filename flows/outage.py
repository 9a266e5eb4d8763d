"""The database is best effort for the line: a failure is logged once, and its end once."""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


class Outage:
    """Per process: "database unavailable" once when it starts, "database back" once when it ends,
    so a long outage under load does not flood the log (one line per request would)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.down = False
        self.failures = 0

    def failed(self, what: str, exc: BaseException) -> None:
        with self._lock:
            self.failures += 1
            first = not self.down
            self.down = True
        if first:
            log.error("database unavailable (%s: %s); the line goes on without it", what, _brief(exc))

    def ok(self) -> None:
        if self.down:
            with self._lock:
                was, self.down = self.down, False
                failures, self.failures = self.failures, 0
            if was:
                log.warning("database back after %d failed requests", failures)


def _brief(exc: BaseException) -> str:
    # The driver's first line names the fault ("attempt to write a readonly database") without
    # the statement or its parameters.
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else ""
    return f"{type(orig).__name__}: {text[:120]}"
