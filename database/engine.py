"""SQLAlchemy engines for the line: SQLite (the embedded default) tuned for many small writes, or
PostgreSQL through psycopg 3.

SQLite runs in WAL mode with synchronous=NORMAL (a commit is a write to the log, not an fsync),
waits BUSY_TIMEOUT_MS for another writer instead of failing, and takes the write lock at the
start of a write transaction (BEGIN IMMEDIATE), so a transaction never fails half-way with
"database is locked" after it has read.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.dialects import registry
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import make_url

# Long enough for another webhook's commit (milliseconds), short enough that a caller waiting on
# a stuck database still hears the next menu well inside Twilio's 15 s.
BUSY_TIMEOUT_MS = 2000
CONNECT_TIMEOUT_S = 5  # PostgreSQL: a database that does not answer is an outage, not a wait
READING = "line_reading"  # connection info: reads only, no transaction (see reading())
WRITER = "line_writer"  # connection info: holds the process's SQLite writer lock


def normalise_url(url: str) -> str:
    """postgres:// and postgresql:// (as hosting providers hand them out) use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(url: str) -> bool:
    return make_url(normalise_url(url)).get_backend_name() == "sqlite"


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if is_sqlite(url):
        return _sqlite_engine(url)
    engine = create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_timeout=5,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "stage4-line"},
    )
    # A read needs no transaction: one SELECT without BEGIN and ROLLBACK around it.
    _autocommit[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine


_autocommit: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads: no transaction (on SQLite it never takes the write lock)."""
    reads = _autocommit.get(engine)
    if reads is not None:
        with reads.connect() as conn:
            yield conn
        return
    with engine.connect() as conn:
        conn.info[READING] = True  # LineSQLiteDialect.do_begin starts no transaction
        try:
            yield conn
        finally:
            conn.info.pop(READING, None)


class LineSQLiteDialect(SQLiteDialect_pysqlite):
    """pysqlite with the line's transactions. The driver's own transaction handling is off
    (isolation_level=None); here a write transaction waits for this process's writer lock, then
    starts with BEGIN IMMEDIATE; a read (`reading()`) starts none.

    In the dialect, not in engine events: one "begin" listener makes SQLAlchemy dispatch events
    around every statement of every connection, which cost a webhook 0.1 ms a statement."""

    supports_statement_cache = True  # it compiles exactly as pysqlite does

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set when a connection had to make the file anew after one had found it there: the file
        # was deleted under the running line (the store then migrates it, see Store.writing).
        self.made_anew = threading.Event()
        self.found_file = False
        # Writers in one process queue on this lock, in order, instead of in SQLite's busy
        # handler, which sleeps in growing steps (1, 2, 5, 10 ... 100 ms) and so turns a short
        # wait into a long one under load. Other processes still meet SQLite's own lock.
        self.writer = threading.Lock()

    def do_begin(self, dbapi_connection) -> None:
        info = dbapi_connection.info
        if info.get(READING):
            return
        if not self.writer.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
            raise sqlite3.OperationalError("database is busy in this process")
        info[WRITER] = True
        try:
            dbapi_connection.dbapi_connection.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._release(dbapi_connection)
            raise

    def do_commit(self, dbapi_connection) -> None:
        try:
            super().do_commit(dbapi_connection)
        finally:
            self._release(dbapi_connection)

    def do_rollback(self, dbapi_connection) -> None:
        try:
            super().do_rollback(dbapi_connection)
        finally:
            self._release(dbapi_connection)

    def _release(self, dbapi_connection) -> None:
        try:
            held = dbapi_connection.info.pop(WRITER, None)
        except NotImplementedError:
            # SQLAlchemy's first-connect setup rolls back on a bare connection outside the pool,
            # which has no info; it never began a write here, so there is no lock to release.
            return
        if held:
            self.writer.release()


registry.register("sqlite.line", __name__, "LineSQLiteDialect")


def _sqlite_engine(url: str) -> Engine:
    # The driver's own transaction handling is switched off (isolation_level=None) so that
    # LineSQLiteDialect decides how each transaction starts.
    engine = create_engine(
        make_url(url).set(drivername="sqlite+line"),
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000, "isolation_level": None},
    )
    path = _file_of(engine.url)

    @event.listens_for(engine, "do_connect")
    def _before_connect(dialect, record, cargs, cparams):
        if path:
            there = _inode(path) is not None
            if not there and dialect.found_file:
                dialect.made_anew.set()
            dialect.found_file = dialect.found_file or there

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, record):
        record.info["inode"] = _inode(path) if path else None
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA journal_mode=WAL")
        except Exception:  # a read-only file cannot switch modes; reads still work
            pass
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "checkout")
    def _same_file(_dbapi_conn, record, _proxy):
        # A pooled connection to a file that was deleted or replaced (a restore) writes into
        # the void: drop it, so the next connection opens what is at the path now.
        if path and not _still_at(record.info, path):
            raise exc.DisconnectionError("the SQLite file was deleted or replaced")

    return engine


def sqlite_file(engine: Engine) -> str | None:
    """The file an SQLite engine writes (None for PostgreSQL and in-memory SQLite)."""
    return _file_of(engine.url) if engine.dialect.name == "sqlite" else None


def same_file(conn: Connection, path: str) -> bool:
    """Whether this connection still writes the file at `path` (not one deleted or replaced since)."""
    return _still_at(conn.connection.info, path)


def _file_of(url) -> str | None:
    path = url.database
    return path if path and path != ":memory:" and not path.startswith("file:") else None


def _still_at(info: dict, path: str) -> bool:
    """The connection (its pool record's info, set at connect) opened the file now at `path`."""
    return info.get("inode") == _inode(path)


def _inode(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
