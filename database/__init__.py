"""The database: tables (one shared SQLAlchemy `metadata`), engines, the store (store.py: every read
and write of the line's own tables) and Alembic migrations. Nothing here imports flows/ or usage/
(usage.tables is only named below, for autogenerate).

Every table lives on `database.metadata`. A module that adds tables imports it
(`from database import metadata`), and is listed in TABLE_MODULES so that
`flask --app app db revision --autogenerate` sees its tables.
Migrations are in database/migrations/versions/; `flask --app app db upgrade` applies them.
"""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

# Constraint names fixed by convention, so migrations can name what they change on every backend.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

# Modules that put tables on `metadata`. Add yours here (for autogenerate and the schema tests).
TABLE_MODULES: tuple[str, ...] = ("database.tables", "usage.tables")


def load_tables() -> MetaData:
    """Import every table module, so `metadata` holds the whole schema."""
    for name in TABLE_MODULES:
        importlib.import_module(name)
    return metadata
