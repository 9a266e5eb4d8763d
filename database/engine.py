"""SQLAlchemy engines for the line: SQLite (the embedded default) tuned for many small writes, or
PostgreSQL through psycopg 3.

SQLite runs in WAL mode with synchronous=NORMAL (a commit is a write to the log, not an fsync),
waits BUSY_TIMEOUT_MS for another writer instead of failing, and takes the write lock at the
start of a write transaction (BEGIN IMMEDIATE), so a transaction never fails half-way with
"database is locked" after it has read.
"""

from __future__ import annotations

import os
import threading

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import make_url

# Long enough for another webhook's commit (milliseconds), short enough that a caller waiting on
# a stuck database still hears the next menu well inside Twilio's 15 s.
BUSY_TIMEOUT_MS = 2000
CONNECT_TIMEOUT_S = 5  # PostgreSQL: a database that does not answer is an outage, not a wait
READ = {"line_read": True}  # execution option: reads, in autocommit (no BEGIN on SQLite)


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
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=5,
        pool_timeout=5,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "stage4-line"},
    )


def _sqlite_engine(url: str) -> Engine:
    # The driver's own transaction handling is switched off (isolation_level=None) so the
    # "begin" hook below decides how each transaction starts.
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000, "isolation_level": None},
    )
    path = make_url(url).database
    on_disk = bool(path) and path != ":memory:" and not path.startswith("file:")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, record):
        record.info["inode"] = _inode(path) if on_disk else None
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
        if on_disk and record.info.get("inode") != _inode(path):
            raise exc.DisconnectionError("the SQLite file was deleted or replaced")

    # Writers in one process queue on this lock, in order, instead of in SQLite's busy handler,
    # which sleeps in growing steps (1, 2, 5, 10 ... 100 ms) and so turns a short wait into a long
    # one under load. Other processes still meet SQLite's own lock.
    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        if not conn.get_execution_options().get("line_read"):  # reads run in autocommit
            if not writer.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
                raise exc.OperationalError("BEGIN IMMEDIATE", {}, TimeoutError("database is busy in this process"))
            conn.info["line_writer"] = True
            try:
                # Straight to the driver: exec_driver_sql would run SQLAlchemy's whole execution
                # path (events, a cursor, a result) for one keyword, on every write.
                conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")
            except BaseException:
                conn.info.pop("line_writer", None)
                writer.release()
                raise

    def _end(conn):
        if conn.info.pop("line_writer", None):
            writer.release()

    event.listen(engine, "commit", _end)
    event.listen(engine, "rollback", _end)

    return engine


def _inode(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
