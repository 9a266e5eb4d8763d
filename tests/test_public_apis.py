"""The line uses SQLAlchemy through its public API only (issue #23): no private names, no
compiled-statement internals, no dialect of our own. A SQLAlchemy upgrade may change any of those
without a word; the public API is what its changelog promises to keep.

The check reads every Python file of the repository (outside .venv) with `ast`, so a string or a
comment that names an internal does not count, and it is tested on code that must fail it (what
database/prepared.py and the custom SQLite dialect did) so that it can fail.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP_DIRS = {".venv", ".git", "node_modules", "__pycache__", ".ruff_cache", ".pytest_cache"}

# Attributes that only SQLAlchemy's compiler, type system and dialects have: using them means
# running SQLAlchemy's machinery by hand.
INTERNAL_ATTRIBUTES = {
    "positiontup",
    "bind_names",
    "construct_params",
    "loaded_dbapi",
    "bind_processor",
    "result_processor",
    "type_descriptor",
    "is_disconnect",
    "do_begin",
    "do_commit",
    "do_rollback",
}
# Attributes (and variable names) that hold SQLAlchemy objects in this code: `X._name` after
# one of them is a private name of SQLAlchemy's.
SQLALCHEMY_HOLDERS = {
    "engine",
    "conn",
    "connection",
    "dbapi_connection",
    "dbapi_conn",
    "driver_connection",
    "dialect",
    "compiled",
    "pool",
    "metadata",
    "dispatch",
    "stmt",
    "statement",
    "context",
    "cursor",
    "tx",
    "reader",
}
# A Row's documented named-tuple API starts with an underscore so as not to clash with columns.
PUBLIC_UNDERSCORED = {"_mapping", "_asdict", "_fields", "_t", "_tuple"}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _chain(node: ast.expr) -> list[str]:
    """`a.b.c` -> ["a", "b", "c"] (calls and subscripts in between are looked through)."""
    names = []
    while True:
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names[::-1]
        else:
            return names[::-1]


def violations(source: str, filename: str = "<code>") -> list[str]:
    """Each use of a SQLAlchemy private or internal name in `source`, as "file:line: what"."""
    tree = ast.parse(source, filename)
    found: list[str] = []
    from_sqlalchemy: set[str] = set()  # local names bound to SQLAlchemy modules or objects
    from_dialects: set[str] = set()  # local names bound to SQLAlchemy dialect classes

    def report(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "sqlalchemy":
                    if any(_private(part) for part in alias.name.split(".")):
                        report(node, f"imports {alias.name}")
                    from_sqlalchemy.add((alias.asname or alias.name).split(".")[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            module = node.module or ""
            for alias in node.names:
                if any(_private(part) for part in module.split(".")) or _private(alias.name):
                    report(node, f"imports {alias.name} from {module}")
                from_sqlalchemy.add(alias.asname or alias.name)
                if module.startswith(("sqlalchemy.dialects.", "sqlalchemy.engine.default")):
                    from_dialects.add(alias.asname or alias.name)

    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            chain = _chain(node)
            before = chain[:-1]
            if node.attr in INTERNAL_ATTRIBUTES:
                report(node, f"uses SQLAlchemy internal .{node.attr}")
            elif (
                _private(node.attr)
                and node.attr not in PUBLIC_UNDERSCORED
                and before
                and (before[0] in from_sqlalchemy or any(name in SQLALCHEMY_HOLDERS for name in before))
            ):
                report(node, f"uses private {'.'.join(chain)}")
        elif isinstance(node, ast.ClassDef):
            for base in node.bases:
                if _chain(base) and _chain(base)[0] in from_dialects:
                    report(node, f"class {node.name} subclasses SQLAlchemy dialect {'.'.join(_chain(base))}")
        elif isinstance(node, ast.Call) and _chain(node.func)[-2:] == ["registry", "register"]:
            report(node, "registers a SQLAlchemy dialect of its own")
    return found


def python_files() -> list[Path]:
    files = []
    for folder, dirs, names in os.walk(ROOT):  # does not follow the .venv symlink
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        files += [Path(folder) / n for n in names if n.endswith(".py")]
    return files


def test_no_module_uses_sqlalchemy_private_names():
    files = python_files()
    assert len(files) > 50 and ROOT / "database" / "store.py" in files and ROOT / "database" / "engine.py" in files
    found = [v for f in files for v in violations(f.read_text(encoding="utf-8"), str(f.relative_to(ROOT)))]
    assert found == []


# What the check must catch: lines of the code it replaced (database/prepared.py, the custom
# SQLite dialect) and a few more of the same kind.
FAILING = [
    "def f(statement, dialect):\n    compiled = statement.compile(dialect=dialect)\n    return compiled.positiontup",
    "def f(compiled):\n    return compiled.bind_names.items()",
    "def f(compiled, params):\n    return compiled.construct_params(params)",
    "def f(dialect, t):\n    return dialect.type_descriptor(t).bind_processor(dialect)",
    "def f(self):\n    return self.dialect.loaded_dbapi.Error",
    "from sqlalchemy.engine.base import _EMPTY_EXECUTION_OPTIONS",
    "from sqlalchemy.sql._typing import _ColumnExpressionArgument",
    "import sqlalchemy._x",
    "import sqlalchemy as sa\nsa.engine._private_thing",
    "from sqlalchemy import Engine\nEngine._connection_cls",
    "def f(conn):\n    return conn._execution_options",
    "def f(store):\n    return store.engine.dialect._json_serializer",
    "def f(engine):\n    return engine.pool._pool.qsize()",
    "from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite\n"
    "class LineSQLiteDialect(SQLiteDialect_pysqlite):\n    pass",
    "from sqlalchemy.dialects import registry\nregistry.register('sqlite.line', __name__, 'LineSQLiteDialect')",
    "def f(self, c):\n    self.dialect.do_begin(c)",
]
# What it must let through: the public API, and this code's own private names.
PASSING = [
    "from sqlalchemy import event, select\n"
    "def f(engine, q):\n"
    "    with engine.connect() as conn:\n        return [r._mapping for r in conn.execute(q)]",
    "def f(self):\n    return self._engine, self._file, self._kept",
    "def f(engine):\n    return engine.pool.checkedin(), engine.url.database",
    "def f(conn):\n    return conn.connection.dbapi_connection, conn.get_execution_options()",
    "from sqlalchemy.dialects import postgresql, sqlite\nX = {'sqlite': sqlite.insert}",
    "def f(row):\n    return row._asdict(), row._fields, row._t",
    "import os\nos._exit(3)",
]


@pytest.mark.parametrize("source", FAILING)
def test_the_check_catches_private_and_internal_names(source):
    assert violations(source), source


@pytest.mark.parametrize("source", PASSING)
def test_the_check_lets_the_public_api_through(source):
    assert violations(source) == [], source
