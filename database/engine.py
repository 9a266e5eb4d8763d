"""SQLAlchemy engines for the line: SQLite (the embedded default) tuned for many small writes, or
PostgreSQL through psycopg 3.

SQLite runs in WAL mode with synchronous=NORMAL (a commit is a write to the log, not an fsync),
waits BUSY_TIMEOUT_MS for another writer instead of failing, and takes the write lock at the
start of a write transaction (BEGIN IMMEDIATE), so a transaction never fails half-way with
"database is locked" after it has read. That is SQLAlchemy's documented pysqlite recipe (the
SQLite dialect's "Serializable isolation / Savepoints / Transactional DDL" section): the driver's
own transaction handling is switched off at connect and a "begin" listener emits the BEGIN. A read
(`reading()`) starts no transaction and so never takes the write lock. Connections come from the
engine's own pool (QueuePool, SQLAlchemy's default for a file database).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, create_engine, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

# Long enough for another webhook's commit (milliseconds), short enough that a caller waiting on
# a stuck database still hears the next menu well inside Twilio's 15 s.
BUSY_TIMEOUT_MS = 2000
CONNECT_TIMEOUT_S = 5  # PostgreSQL: a database that does not answer is an outage, not a wait
READING = "line_reading"  # execution option: reads only, no transaction (see reading())
# SQLite: connections the pool keeps between webhooks (gunicorn.conf.py runs 4 threads a worker,
# beside the outbox worker and the usage writer), and how many more a burst may open.
SQLITE_POOL_SIZE = 8
SQLITE_POOL_OVERFLOW = 8


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
    _readers[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine


# PostgreSQL: the engine its reads go through (the same pool, other execution options).
_readers: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reads: no transaction (on SQLite it never takes the write lock)."""
    with _readers.get(engine, engine).connect() as conn:
        if engine in _sqlite:
            conn.execution_options(**{READING: True})  # the "begin" listener starts no transaction
        yield conn


@contextmanager
def writer_turn(engine: Engine) -> Iterator[None]:
    """This process's turn to write (SQLite; nothing to wait for on PostgreSQL). Writers in one
    process queue on a lock, in order, instead of in SQLite's busy handler, which sleeps in
    growing steps (1, 2, 5, 10 ... 100 ms) and so turns a short wait into a long one under load.
    Held from before BEGIN to after COMMIT. Other processes still meet SQLite's own lock (BEGIN IMMEDIATE)."""
    state = _sqlite.get(engine)
    if state is None:
        yield
        return
    if not state.writer.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
        # As SQLAlchemy raises a driver's error: callers catch SQLAlchemyError.
        busy = sqlite3.OperationalError("database is busy in this process")
        raise exc.OperationalError("BEGIN IMMEDIATE", None, busy)
    try:
        yield
    finally:
        state.writer.release()


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction (as `engine.begin()`), in this process's turn (writer_turn()): the
    turn is taken once the pool has handed over a connection, and given back before it goes back."""
    with engine.connect() as conn, writer_turn(engine), conn.begin():
        yield conn


@dataclass
class _SQLiteState:
    """What the line keeps beside one SQLite engine."""

    path: str | None
    writer: threading.Lock = field(default_factory=threading.Lock)  # see writing()
    # Set when a connection had to make the file anew after one had found it there: the file
    # was deleted under the running line (the store then migrates it, see Store.writing).
    made_anew: threading.Event = field(default_factory=threading.Event)
    found_file: bool = False


_sqlite: weakref.WeakKeyDictionary[Engine, _SQLiteState] = weakref.WeakKeyDictionary()


def made_anew(engine: Engine) -> threading.Event | None:
    """Set when the engine's SQLite file was deleted and a connection made it anew (None for
    PostgreSQL); whoever migrates the fresh file clears it."""
    state = _sqlite.get(engine)
    return state.made_anew if state is not None else None


def _sqlite_engine(url: str) -> Engine:
    path = _file_of(make_url(url))
    pool = {"poolclass": QueuePool, "pool_size": SQLITE_POOL_SIZE, "max_overflow": SQLITE_POOL_OVERFLOW} if path else {}
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **pool)
    state = _sqlite[engine] = _SQLiteState(path)  # nothing in it holds the engine

    @event.listens_for(engine, "do_connect")
    def _before_connect(dialect, record, cargs, cparams):
        if path:
            there = _inode(path) is not None
            if not there and state.found_file:
                state.made_anew.set()
            state.found_file = state.found_file or there

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, record):
        # SQLAlchemy's recipe: the driver never emits BEGIN (nor COMMITs before DDL) on its own;
        # the "begin" listener below decides how each transaction starts.
        dbapi_conn.isolation_level = None
        record.info["inode"] = _inode(path) if path else None
        cur = dbapi_conn.cursor()
        try:
            cur.execute("PRAGMA journal_mode=WAL")
        except Exception:  # a read-only file cannot switch modes; reads still work
            pass
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        # A write takes SQLite's write lock before its first statement (waiting up to the busy
        # timeout for it), so it cannot fail half-way on a lock after it has read. A read
        # (reading()) starts no transaction: each SELECT sees the newest commit and holds no lock.
        if not conn.get_execution_options().get(READING):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

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
