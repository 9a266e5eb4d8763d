"""The guide's commands as an operator types them, with APP_ENV=production: `flask --app app db
upgrade`, `db current`, `db downgrade` on an empty, a behind and an up-to-date database, SQLite
and PostgreSQL; every other command refuses on a behind schema and names the command to run.

Each command is a real `flask` process (as the Procfile's release step and the guide run it),
so what is tested is what an operator gets, exit code included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from database import schema
from database.engine import make_engine
from tests.conftest import HASH_SECRET, TOKEN

ROOT = Path(__file__).resolve().parent.parent
FLASK = Path(sys.executable).with_name("flask")
UPGRADE_HINT = "Run: flask --app app db upgrade"


def production(tmp_path, database_url: str, **extra) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "APP_ENV"))}
    return {
        **clean,
        "APP_ENV": "production",
        "DATABASE_URL": database_url,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "HASH_SECRET": HASH_SECRET,
        "HELPLINE_NUMBER": "+18004226237",
        "VOICE_PROMPTS": "say",
        "AUDIO_DIR": str(tmp_path / "audio"),
        "PUBLIC_BASE_URL": "",
        "SIMULATOR_TOKEN": "",
        "ADMIN_TOKEN": "",
        **extra,
    }


def flask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(FLASK), "--app", "app", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def at(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(schema.status(engine).current)
    finally:
        engine.dispose()


def test_production_db_commands_work_on_empty_behind_and_current_databases(tmp_path, empty_database):
    """Finding 1: with APP_ENV=production `flask db upgrade` on an empty database exited 1 with
    "the schema is behind ... Run: flask --app app db upgrade", the command that just failed,
    and no migration could ever be deployed. Also: a rollback command (`db downgrade`)."""
    env = production(tmp_path, empty_database)
    head = schema.heads()

    first = flask(env, "db", "upgrade")  # empty -> newest
    assert first.returncode == 0, first.stderr
    assert "up to date" in first.stdout and at(empty_database) == head

    back = flask(env, "db", "downgrade")  # up to date -> one step back
    assert back.returncode == 0, back.stderr
    behind = at(empty_database)
    assert behind and behind != head and "now at" in back.stdout

    current = flask(env, "db", "current")  # read-only, and says what to run
    assert current.returncode == 1 and UPGRADE_HINT in current.stdout, current

    report = flask(env, "report", "--days", "7")  # reads tables this code does not expect: refused
    assert report.returncode == 1 and UPGRADE_HINT in report.stderr, report
    assert "Traceback" not in report.stderr

    again = flask(env, "db", "upgrade")  # behind -> newest
    assert again.returncode == 0 and at(empty_database) == head, again.stderr
    repeat = flask(env, "db", "upgrade")  # up to date: nothing to do, still 0
    assert repeat.returncode == 0 and "up to date" in repeat.stdout, repeat.stderr


def test_web_app_refuses_a_behind_schema_in_production(tmp_path):
    """Finding 1 (kept): `flask run` and the WSGI app never serve on a schema behind its migrations."""
    url = f"sqlite:///{tmp_path / 'line.db'}"
    engine = make_engine(url)
    schema.upgrade(engine)
    from alembic import command

    command.downgrade(schema.config(engine), "-1")
    engine.dispose()
    env = production(tmp_path, url)
    served = subprocess.run(
        [str(FLASK), "--app", "app", "run", "--port", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert served.returncode == 1 and UPGRADE_HINT in served.stderr, served
    wsgi = subprocess.run(
        [sys.executable, "-c", "import app; app.create_app()"], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=180,
    )  # fmt: skip
    assert wsgi.returncode == 1 and UPGRADE_HINT in wsgi.stderr, wsgi


def test_downgrade_never_drops_every_table(tmp_path):
    """`db downgrade` stops at the first migration instead of dropping the line's tables."""
    url = f"sqlite:///{tmp_path / 'line.db'}"
    engine = make_engine(url)
    schema.upgrade(engine, schema.FIRST_REVISION)
    with pytest.raises(schema.SchemaError, match="drop every table"):
        schema.downgrade(engine)
    assert set(schema.status(engine).current) == {schema.FIRST_REVISION}
    engine.dispose()


def test_a_missing_sqlite_folder_says_to_create_it(tmp_path):
    """Finding 7: a missing SQLite folder showed "unable to open database file" with no hint."""
    env = production(tmp_path, f"sqlite:///{tmp_path / 'nowhere' / 'line.db'}")
    out = flask(env, "db", "upgrade")
    assert out.returncode == 1
    assert f"mkdir -p {tmp_path / 'nowhere'}" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
