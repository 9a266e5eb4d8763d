"""Backups and restores of the SQLite database that cannot corrupt it, while the line runs.

A live SQLite database in WAL mode is three files (line.db, -wal, -shm): copying a file over it,
or moving a new one in, while a server has it open corrupts it or is never seen. Both ways here
go through SQLite's online backup API (what `sqlite3 line.db ".backup FILE"` and ".restore FILE"
use), page by page under SQLite's own locks, so servers may keep running:

- backup: a consistent copy of the live database into FILE (a new, self-contained file);
- restore: FILE's pages into the live database; every server sees the restored data at its next
  transaction. Opt-outs recorded since the backup are carried over (a STOP is never undone by a
  restore), and a backup from an older schema is migrated at once.

PostgreSQL has its own tools (pg_dump / pg_restore, docs/DEPLOY.md): these refuse it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, select, update

from database import schema
from database.engine import BUSY_TIMEOUT_MS, make_engine, sqlite_file

POSTGRES_HINT = (
    "This is PostgreSQL: back up with pg_dump and restore with pg_restore (docs/DEPLOY.md, Backups), "
    'e.g. pg_dump -Fc -f line.dump "$DATABASE_URL".'
)


class BackupError(Exception):
    """Why a backup or a restore was not made, for the operator."""


@dataclass(frozen=True)
class Restored:
    revision_before: frozenset[str]  # the backup's schema
    revision_after: frozenset[str]  # after migrating it
    opt_outs_kept: int  # opt-outs newer than the backup, carried over


def _live_file(engine: Engine) -> str:
    path = sqlite_file(engine)
    if path is None:
        if engine.dialect.name == "postgresql":
            raise BackupError(POSTGRES_HINT)
        raise BackupError("Only a database in a file can be backed up or restored.")
    return path


def _connect(path: str) -> sqlite3.Connection:
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000 * 5, isolation_level=None)


def backup(engine: Engine, target: str | Path) -> int:
    """Copy the live database into `target` (which must not exist). Returns its size in bytes."""
    source = _live_file(engine)
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name (a backup never overwrites one).")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    src, dst = _connect(source), _connect(str(target))
    try:
        src.backup(dst)  # one pass under a read lock: a consistent copy while servers write
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        dst.close()
        src.close()
    return target.stat().st_size


def restore(store, backup_file: str | Path) -> Restored:
    """Put `backup_file` in place of the live database's contents (`store`: database.store.Store),
    safely while servers run."""
    from database.tables import people

    engine = store.engine
    live = _live_file(engine)
    backup_file = Path(backup_file)
    if not backup_file.is_file():
        raise BackupError(f"No backup at {backup_file}.")
    checked = make_engine(f"sqlite:///{backup_file.resolve()}")
    try:
        with checked.connect() as conn:
            ok = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        if ok != "ok":
            raise BackupError(f"{backup_file} is damaged ({ok}): not restored.")
        before = schema.status(checked)
    except BackupError:
        raise
    except Exception as exc:
        raise BackupError(f"{backup_file} is not a database of this line ({type(exc).__name__}).") from None
    finally:
        checked.dispose()
    unknown = before.current - {r.revision for r in schema.script().walk_revisions()}
    if unknown or not before.current:
        raise BackupError(f"{backup_file} is not a backup this code can use: {before.explain()}")

    # Every opt-out the live database holds now, to carry over: a STOP sent after the backup was
    # made must not be undone by restoring it.
    try:
        with engine.connect() as conn:
            stopped = conn.execute(select(people.c.key, people.c.opted_out_at).where(people.c.opted_out)).all()
    except Exception:
        stopped = []  # the live database is unreadable: restoring it is the point

    src, dst = _connect(str(backup_file)), _connect(live)
    try:
        src.backup(dst)  # under SQLite's write lock: servers wait (busy timeout), then read the new pages
    finally:
        dst.close()
        src.close()
    store.dispose()  # our own connections start afresh too
    after = schema.upgrade(engine)
    kept = 0
    if stopped:
        with store.writing() as conn:
            restored_out = {k for (k,) in conn.execute(select(people.c.key).where(people.c.opted_out))}
            for key, at in stopped:
                if key not in restored_out:
                    store.set_opt_out(key, True, conn=conn)  # also cancels texts waiting for them
                    if at is not None:
                        conn.execute(update(people).where(people.c.key == key).values(opted_out_at=at))
                    kept += 1
    return Restored(before.current, after.current, kept)
