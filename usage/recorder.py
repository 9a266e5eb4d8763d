"""Best-effort counting that never slows or breaks a call or a text.

A webhook only appends events to a queue in memory (no database work on its path); a writer
thread puts the queue into usage_events in one transaction a second, and once an hour rolls
finished days up and deletes what is past its time. A failure is logged and the events are
dropped: a count may be lost, a caller never is. Readers call flush() first, so what this
process has seen is in the tables before they are read.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import threading
from collections import deque
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from database.engine import writing
from usage import rollup, tables
from usage.events import Event, masked

log = logging.getLogger(__name__)
FLUSH_SECONDS = 1.0
MAINTAIN_SECONDS = 3600.0
MAX_WAITING = 50_000  # events kept in memory if the database is away; the oldest go first


def now() -> datetime:
    return datetime.now(UTC)


class Recorder:
    def __init__(self, engine, secret: str, retention_days: int, keep_unmatched_days: int, clock=now):
        self.engine = engine
        self._key = hmac.new(secret.encode(), b"usage-call", hashlib.sha256).digest()
        self.retention = timedelta(days=retention_days)
        self.keep_unmatched = timedelta(days=keep_unmatched_days)
        self.clock = clock
        self._waiting: deque[tuple[str, dict]] = deque(maxlen=MAX_WAITING)
        self._flush_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._stop = threading.Event()
        self.dropped = 0
        self._failing = 0  # events lost since the database last took a batch

    # -- the hot path: memory only ---------------------------------------------------------------
    def call_key(self, call_sid: str) -> str | None:
        """A keyed hash of the CallSid: links a call's steps, and cannot be matched to Twilio's logs."""
        if not call_sid:
            return None
        return hmac.new(self._key, call_sid.encode(), hashlib.sha256).hexdigest()[:32]

    def add(self, events: Iterable[Event]) -> None:
        at = self.clock()
        for e in events:
            row = {
                "at": at,
                "channel": e.channel,
                "language": e.language or "",
                "kind": e.kind,
                "detail": (e.detail or "")[:120],
                "value": e.value,
                "call": e.call,
            }
            self._waiting.append(("event", row))
        self._ensure_writer()

    def unmatched(self, channel: str, language: str, outcome: str, words: str) -> None:
        """Kept only when KEEP_UNMATCHED_DAYS > 0: masked here, before it is even queued."""
        if self.keep_unmatched <= timedelta(0):
            return
        text = masked(words)
        if text:
            row = {"at": self.clock(), "channel": channel, "language": language or "", "outcome": outcome, "text": text}
            self._waiting.append(("unmatched", row))
            self._ensure_writer()

    # -- the writer ------------------------------------------------------------------------------
    def flush(self) -> int:
        """Write what is waiting, in one transaction. Returns how many rows were written."""
        with self._flush_lock:
            batch = []
            while self._waiting:
                batch.append(self._waiting.popleft())
            if not batch:
                return 0
            by_table = {
                "event": [row for name, row in batch if name == "event"],
                "unmatched": [row for name, row in batch if name == "unmatched"],
            }
            try:
                with writing(self.engine) as conn:  # in turn with the webhooks' writes
                    if by_table["event"]:
                        conn.execute(insert(tables.events), by_table["event"])
                    if by_table["unmatched"]:
                        conn.execute(insert(tables.unmatched), by_table["unmatched"])
            except Exception:
                self.dropped += len(batch)
                if not self._failing:  # once an outage, not once a second per worker
                    log.exception("usage: %d events not recorded (the line goes on)", len(batch))
                self._failing += len(batch)
                return 0
            if self._failing:
                log.warning("usage: recording again; %d events were not recorded", self._failing)
                self._failing = 0
            return len(batch)

    def maintain(self, at: datetime | None = None) -> None:
        """Roll finished days up, then delete raw events and unmatched words past their time."""
        at = at or self.clock()
        self.flush()
        try:
            rollup.roll_up(self.engine, at)
        except Exception:
            log.exception("usage: roll-up failed; raw events are kept and read instead")
        try:
            rollup.prune(self.engine, at, self.retention, self.keep_unmatched)
        except Exception:
            log.exception("usage: pruning failed; it is tried again within the hour")

    def start(self) -> None:
        """Write in the background from now on (not in tests: there readers flush). The thread
        itself starts with the first event, in the process that serves: never in gunicorn's
        preloading master, whose threads and connections every later worker would inherit."""
        self._background = True

    def after_fork(self) -> None:
        """In a new worker process: nothing of the parent's writer is ours (gunicorn's post_fork)."""
        self._pid, self._thread = os.getpid(), None
        self._flush_lock = threading.Lock()  # a lock held in the parent at fork stays held here
        self._waiting.clear()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)
        self.flush()

    _background = False

    def _ensure_writer(self) -> None:
        if not self._background:
            return
        if self._pid != os.getpid():  # forked (a pre-loading server): this process needs its own
            self._pid, self._thread = os.getpid(), None
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="usage-writer", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        last_maintained = 0.0
        clock = 0.0
        while not self._stop.wait(FLUSH_SECONDS):
            clock += FLUSH_SECONDS
            try:
                self.flush()
                if not last_maintained or clock - last_maintained >= MAINTAIN_SECONDS:
                    self.maintain()
                    last_maintained = clock
            except Exception:  # never let the writer die
                log.exception("usage writer pass failed")
