"""The few statements a webhook runs on every request, compiled by SQLAlchemy once and run on the
driver's cursor of a SQLAlchemy connection.

SQLAlchemy still does everything but the last step: it builds the SQL for the engine's dialect,
converts the values with its own type processors (a datetime becomes SQLite's text and comes back
a datetime), owns the pool, the connection and the transaction (BEGIN, COMMIT, ROLLBACK), and
driver errors come back as its own DBAPIError, so callers catch SQLAlchemyError as before. Only
its per-statement execution machinery (execution context, events, result objects) is skipped:
that cost a webhook about 0.2 ms a statement, most of what a webhook did after the signature
check (bench/webhooks.py, BENCHMARKS.md). Everything else in the line runs through SQLAlchemy
as usual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable


class Prepared:
    """One statement (with bind parameters), compiled for one dialect."""

    def __init__(self, statement: Executable, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        self.dialect = dialect
        self.compiled = compiled
        self.sql = compiled.string
        self.order = compiled.positiontup if compiled.positional else None  # qmark: values in this order
        self.convert: dict[str, Callable[[Any], Any]] = {}
        for bind, name in compiled.bind_names.items():  # each parameter under the name it is sent as
            process = dialect.type_descriptor(bind.type).bind_processor(dialect)
            if process is not None:
                self.convert[name] = process
        columns = getattr(statement, "exported_columns", ())  # a SELECT's columns, or RETURNING's
        self.results = [dialect.type_descriptor(c.type).result_processor(dialect, None) for c in columns]
        self.returns_rows = bool(self.results)

    def run(self, conn: Connection, params: dict[str, Any]) -> list[tuple]:
        """Runs in `conn`'s transaction (if it has one); the rows, converted, for a statement that
        returns any."""
        values = self.compiled.construct_params(params)  # with the statement's own literal values
        for name, process in self.convert.items():
            values[name] = process(values[name])
        args = tuple(values[name] for name in self.order) if self.order is not None else values
        dbapi_connection = conn.connection.dbapi_connection
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(self.sql, args)
            rows = cursor.fetchall() if self.returns_rows else []
        except self.dialect.loaded_dbapi.Error as exc:
            invalidated = self.dialect.is_disconnect(exc, dbapi_connection, cursor)
            if invalidated:
                conn.invalidate(exc)  # a broken connection never goes back to the pool
            raise DBAPIError.instance(
                self.sql, args, exc, self.dialect.loaded_dbapi.Error, invalidated, self.dialect
            ) from exc
        finally:
            cursor.close()
        results = self.results
        if not any(results):
            return [tuple(row) for row in rows]
        return [tuple(v if p is None else p(v) for p, v in zip(results, row, strict=True)) for row in rows]


class Statements:
    """Prepared statements for one engine, each compiled the first time it runs."""

    def __init__(self, dialect: Dialect):
        self.dialect = dialect
        self._prepared: dict[int, tuple[Executable, Prepared]] = {}

    def run(self, conn: Connection, statement: Executable, params: dict[str, Any]) -> list[tuple]:
        # Keyed by identity: the statements are built once and kept (the tuple holds each alive).
        found = self._prepared.get(id(statement))
        if found is None:
            found = self._prepared[id(statement)] = (statement, Prepared(statement, self.dialect))
        return found[1].run(conn, params)
