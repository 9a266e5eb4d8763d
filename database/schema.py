"""Is the database at the newest migration? Bring it there (Alembic), or say how.

The app never creates tables as a side effect of starting in production: it checks, and when the
database is behind it stops with the exact command to run. Development and tests upgrade at start.
"""

from __future__ import annotations

import ast
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from database.engine import make_engine

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# Alembic (with Mako and Pygments: about 0.25 s and 10 MiB) is imported only to change the schema
# or list its history, never to check it: every web process checks at start (and /readyz), reading
# the version table with SQLAlchemy and the revisions from the migration files themselves.

log = logging.getLogger(__name__)
# Alembic says "Context impl SQLiteImpl" each time the schema is checked; our own lines say what changed.
logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
UPGRADE_COMMAND = "flask --app app db upgrade"
FIRST_REVISION = "0001"  # today's tables before migrations existed (see adopt())
VERSION_TABLE = "alembic_version"  # Alembic's default, which migrations/env.py keeps


def config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


_script: ScriptDirectory | None = None


def script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    global _script
    if _script is None:  # parsing the revision files once is enough for a process
        _script = ScriptDirectory.from_config(config())
    return _script


_graph: dict[str, tuple[str, ...]] | None = None


def revisions() -> dict[str, tuple[str, ...]]:
    """Each migration's revision -> the revisions it follows, from the `revision = ...` and
    `down_revision = ...` lines of the files (parsed, never run); Alembic's own graph (tested)."""
    global _graph
    if _graph is None:
        graph = {}
        for path in sorted((MIGRATIONS / "versions").glob("*.py")):
            values = {}
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and node.value:
                        values[target.id] = ast.literal_eval(node.value)
            if "revision" in values:
                down = values.get("down_revision") or ()
                graph[values["revision"]] = tuple(down) if isinstance(down, tuple | list) else (down,)
        _graph = graph
    return _graph


def heads() -> set[str]:
    """The revisions no other follows: where this code expects the database to be."""
    graph = revisions()
    return set(graph) - {down for downs in graph.values() for down in downs}


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
        unknown = self.current - set(revisions())
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
        tables = inspect(conn)
        current = frozenset()
        if tables.has_table(VERSION_TABLE):
            current = frozenset(row[0] for row in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")))
        legacy = not current and tables.has_table("people")
    return Status(current, frozenset(heads()), legacy)


def upgrade(engine: Engine, revision: str = "heads") -> Status:
    """Apply every migration not applied yet. Safe to run again, and from two places at once."""
    from alembic import command

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
    from alembic import command

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
    from alembic import command

    log.info("database has tables from before migrations: marking it as revision %s", FIRST_REVISION)
    command.stamp(config(engine), FIRST_REVISION)


def upgrade_url(url: str) -> Status:
    engine = make_engine(url)
    try:
        return upgrade(engine)
    finally:
        engine.dispose()
