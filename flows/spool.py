"""Opt-outs kept on this machine while the database is down, and written when it is back.

A STOP is the one thing the line must never lose: Twilio forwards it once. While the database
cannot be written, the opt-out (or a START) is appended here, fsync'd, as a courier spools mail;
the next webhook that finds the database answering, in any worker process, writes what is
spooled and removes it (flows/effects.py: settle). Until then the spooled wish is honoured for
replies. The file holds only the keyed hash (flows/identity.py) and the on/off flag, one line
each: never a number, never words.

Several processes share the file. Appending and taking the file for writing hold
`opt-outs.lock` for a moment; one process at a time writes (`opt-outs.drain`, never waited for:
whoever holds it is writing the same opt-outs). The file is renamed to `<file>.draining` before it is written,
so opt-outs spooled meanwhile go to a new file; `.draining` is removed only after the
database committed it, so a failure leaves it for the next try, first.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import Engine

from database.engine import sqlite_file

KEY = re.compile(r"^[0-9a-f]{8,64}$")  # a keyed hash; nothing else may be written here


class Spool:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._draining = self.path.with_name(self.path.name + ".draining")
        # Locks for every spool in the folder: two small files, however many databases it served.
        self._lock = self.path.with_name("opt-outs.lock")
        self._drain_lock = self.path.with_name("opt-outs.drain")

    @classmethod
    def for_database(cls, engine: Engine, instance: Path | str) -> Spool:
        """One spool per database, named by its URL (without the password): beside an SQLite
        file, else in the instance folder. Opt-outs kept for one database never go into another."""
        url = engine.url.render_as_string(hide_password=True)
        name = hashlib.sha256(url.encode()).hexdigest()[:12]
        file = sqlite_file(engine)
        return cls((Path(file).parent if file else Path(instance)) / f"opt-outs-{name}.spool")

    # -- while the database is down ----------------------------------------------------------
    def add(self, key: str, on: bool) -> None:
        """Append one opt-out (on) or opt-in (off), on disk before this returns."""
        if not KEY.match(key):
            raise ValueError("only a keyed hash may be spooled")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._held(self._lock):
            created = not self.path.exists()
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                size = os.fstat(fd).st_size
                # A line a crash cut short must not swallow this one.
                lead = "" if size == 0 or os.pread(fd, 1, size - 1) == b"\n" else "\n"
                os.write(fd, f"{lead}{key} {int(on)}\n".encode())
                os.fsync(fd)
            finally:
                os.close(fd)
        if created:
            _sync_folder(self.path.parent)  # the new file's name is on disk too

    def wish(self, key: str) -> bool | None:
        """The latest spooled wish for this person (True: opted out), or None when none waits."""
        found = None
        for spooled, on in self.entries():
            if spooled == key:
                found = on
        return found

    def waiting(self) -> bool:
        return self.path.exists() or self._draining.exists()

    def entries(self) -> list[tuple[str, bool]]:
        """Every spooled wish, oldest first (a failed earlier write's before newer ones)."""
        out: list[tuple[str, bool]] = []
        for path in (self._draining, self.path):
            with contextlib.suppress(FileNotFoundError):
                out += _read(path)
        return out

    # -- when the database is back -----------------------------------------------------------
    def drain(self, write: Callable[[list[tuple[str, bool]]], None]) -> int:
        """Hand what is spooled to `write` (which commits it to the database, or raises) and
        remove it once written. Returns how many were written; 0 when another process is
        writing them right now."""
        written = 0
        with self._held(self._drain_lock, wait=False) as mine:
            if not mine:
                return 0
            for _ in range(2):  # a leftover from a failed try first, then what came since
                with self._held(self._lock):
                    if not self._draining.exists() and self.path.exists():
                        os.replace(self.path, self._draining)
                if not self._draining.exists():
                    break
                entries = _read(self._draining)
                if entries:
                    write(entries)
                self._draining.unlink(missing_ok=True)
                written += len(entries)
        return written

    def settle(self, store) -> int:
        """Write what is spooled through the store (database/store.py), in one transaction; raises
        the database's error when it is still down. Any process may call it: a webhook before
        its own transaction (flows/effects.py), or the outbox worker before it sends."""
        if not self.waiting():
            return 0

        def write(entries: list[tuple[str, bool]]) -> None:
            with store.writing() as conn:
                for key, on in entries:
                    store.set_opt_out(key, on, conn=conn)

        return self.drain(write)

    @contextlib.contextmanager
    def _held(self, lock: Path, wait: bool = True) -> Iterator[bool]:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _read(path: Path) -> list[tuple[str, bool]]:
    out = []
    for line in path.read_text().splitlines():
        key, _, flag = line.strip().partition(" ")
        if KEY.match(key) and flag in ("0", "1"):  # a line cut short by a crash is skipped
            out.append((key, flag == "1"))
    return out


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
