"""Is the database at the newest migration? Bring it there (Alembic), or say how.

The app never creates tables as a side effect of starting in production: it checks, and when the
database is behind it stops with the exact command to run. Development and tests upgrade at start.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from database.engine import make_engine

log = logging.getLogger(__name__)
# Alembic says "Context impl SQLiteImpl" each time the schema is checked; our own lines say what changed.
logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
UPGRADE_COMMAND = "flask --app app db upgrade"
FIRST_REVISION = "0001"  # today's tables before migrations existed (see adopt())


def config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


_script: ScriptDirectory | None = None


def script() -> ScriptDirectory:
    global _script
    if _script is None:  # parsing the revision files once is enough for a process
        _script = ScriptDirectory.from_config(config())
    return _script


def heads() -> set[str]:
    return set(script().get_heads())


@dataclass(frozen=True)
class Status:
    current: frozenset[str]  # revisions the database is at (empty: no migrations applied)
    heads: frozenset[str]  # revisions this code expects
    legacy: bool  # tables from before migrations, no version table

    @property
    def ok(self) -> bool:
        return self.current == self.heads

    def explain(self) -> str:
        if self.ok:
            return f"Database schema is up to date (revision {', '.join(sorted(self.heads))})."
        at = ", ".join(sorted(self.current)) or ("tables without migrations" if self.legacy else "empty")
        want = ", ".join(sorted(self.heads))
        unknown = self.current - {r.revision for r in script().walk_revisions()}
        if unknown:
            return (
                f"The database is at revision {at}, which this code does not know (it expects {want}). "
                "Deploy the code that made that revision, or restore a backup."
            )
        return f"The database schema is behind (it is at {at}; this code needs {want}). Run: {UPGRADE_COMMAND}"


def status(engine: Engine) -> Status:
    from database.engine import reading

    # A read without a transaction: checking must never take SQLite's write lock.
    with reading(engine) as conn:
        current = frozenset(MigrationContext.configure(conn).get_current_heads())
        legacy = not current and inspect(conn).has_table("people")
    return Status(current, frozenset(heads()), legacy)


def upgrade(engine: Engine, revision: str = "heads") -> Status:
    """Apply every migration not applied yet. Safe to run again, and from two places at once."""
    before = status(engine)
    if before.legacy:
        adopt(engine)
    command.upgrade(config(engine), revision)
    after = status(engine)
    if after.current != before.current:
        log.info("database upgraded: %s -> %s", sorted(before.current) or "empty", sorted(after.current))
    return after


def downgrade(engine: Engine) -> Status:
    """Undo the newest migration applied, one step (a rollback of a deploy: run it with the code
    that made the migration, then deploy the code before it). Never below the first migration,
    which would drop every table."""
    before = status(engine)
    if not before.current:
        raise SchemaError("The database has no migrations applied: there is nothing to roll back.")
    if before.current == {FIRST_REVISION}:
        raise SchemaError(
            f"The database is at the first migration ({FIRST_REVISION}); rolling it back would drop every table. "
            "Restore a backup instead."
        )
    unknown = before.current - {r.revision for r in script().walk_revisions()}
    if unknown:
        raise SchemaError(before.explain())
    command.downgrade(config(engine), "-1")
    after = status(engine)
    log.warning("database rolled back: %s -> %s", sorted(before.current), sorted(after.current))
    return after


class SchemaError(Exception):
    """A schema change that cannot be made, with the reason for the operator."""


def adopt(engine: Engine) -> None:
    """A database made by create_all() before migrations holds exactly revision 0001's tables:
    record that, so upgrade() goes on from there instead of failing on "table already exists"."""
    log.info("database has tables from before migrations: marking it as revision %s", FIRST_REVISION)
    command.stamp(config(engine), FIRST_REVISION)


def upgrade_url(url: str) -> Status:
    engine = make_engine(url)
    try:
        return upgrade(engine)
    finally:
        engine.dispose()
