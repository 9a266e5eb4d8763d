"""`flask db backup` and `flask db restore` while the line runs: no corruption, the restored
places are what the servers read next, and a STOP sent after the backup is never undone."""

from __future__ import annotations

import sqlite3

import pytest

from simulator.phone import Texter
from tests.conftest import CALLER

OTHER = "+15017122662"


def test_backup_and_restore_while_the_line_runs_keep_it_whole_and_keep_later_opt_outs(tmp_path, app, endpoint, line):
    """Finding 4: restoring SQLite as documented (copying the backup over the live file while the
    server ran) corrupted it and brought back replies to people who had opted out."""
    texter, other = Texter(endpoint, sender=CALLER), Texter(endpoint, sender=OTHER)
    texter.send("what comes next")
    assert texter.send("MORE")[0].body.startswith("(2/")
    other.send("hi")
    runner = app.test_cli_runner()
    made = runner.invoke(args=["db", "backup", str(tmp_path / "backup.db")])
    assert made.exit_code == 0 and "Backed up" in made.output, made.output

    texter.send("MORE")  # (3/...) after the backup
    other.send("STOP")  # an opt-out after the backup
    back = runner.invoke(args=["db", "restore", str(tmp_path / "backup.db"), "--yes"])
    assert back.exit_code == 0 and "kept: 1" in back.output, back.output

    assert texter.send("MORE")[0].body.startswith("(3/")  # the running app reads the restored place
    assert other.send("hi") == []  # still opted out: the restore did not undo the STOP
    with sqlite3.connect(tmp_path / "line.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    again = runner.invoke(args=["db", "backup", str(tmp_path / "backup.db")])
    assert again.exit_code != 0 and "already exists" in again.output


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, app):
    (tmp_path / "junk.db").write_bytes(b"not a database" * 100)
    out = app.test_cli_runner().invoke(args=["db", "restore", str(tmp_path / "junk.db"), "--yes"])
    assert out.exit_code != 0 and "not" in out.output and "Traceback" not in out.output
    assert app.extensions["line"].store.schema_status().ok  # the live database is untouched


@pytest.mark.both_databases
def test_postgresql_backups_point_to_pg_dump(tmp_path, app, backend):
    out = app.test_cli_runner().invoke(args=["db", "backup", str(tmp_path / "b.db")])
    if backend == "sqlite":
        assert out.exit_code == 0
    else:
        assert out.exit_code != 0 and "pg_dump" in out.output
