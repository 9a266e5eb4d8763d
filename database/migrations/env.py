"""Alembic's entry point: run migrations on the engine that database/schema.py hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

import database
from database.engine import make_engine

config = context.config
target_metadata = database.load_tables()

# A session-level lock so two deploy scripts upgrading one PostgreSQL at once take turns;
# SQLite gets the same from BEGIN IMMEDIATE (database/engine.py).
ADVISORY_LOCK = 5_400_412


def run() -> None:
    engine = config.attributes.get("engine") or make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": ADVISORY_LOCK})
            connection.commit()
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=True,  # SQLite changes columns by copying the table
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
        finally:
            if postgres:
                connection.rollback()
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK})
                connection.commit()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported: run `flask --app app db upgrade`.")
run()
