"""The database: migrations make exactly the tables in code, production never creates tables at
start, each webhook writes in one transaction, SQLite is tuned for many small writes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import event, inspect, text

from database import load_tables, schema
from database import store as store_module
from database.engine import make_engine
from database.store import Store
from tests.conftest import empty_postgres, make_app
from tests.walk import start_call

pytestmark = pytest.mark.both_databases


@pytest.fixture
def blank_url(backend, tmp_path, request) -> str:
    """A database with no tables at all."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.db'}"
        return
    url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    yield url
    schema.upgrade_url(url)  # leave it migrated for the next test
    empty_postgres(url)


def test_migrations_make_exactly_the_tables_in_code(blank_url):
    engine = make_engine(blank_url)
    assert not schema.status(engine).ok
    assert schema.upgrade(engine).ok
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), load_tables())
    engine.dispose()
    assert diff == []


def test_the_schema_check_reads_what_alembic_reads(blank_url):
    # Every web process checks the schema without importing Alembic (database/schema.py): the
    # revisions and heads from the migration files, the version table with SQLAlchemy - the same
    # as Alembic's own, on an empty database, part way and at the head.
    from alembic import command

    def downs(value) -> tuple[str, ...]:
        return tuple(value) if isinstance(value, tuple | list) else ((value,) if value else ())

    assert schema.revisions() == {r.revision: downs(r.down_revision) for r in schema.script().walk_revisions()}
    assert schema.heads() == set(schema.script().get_heads())
    engine = make_engine(blank_url)
    for step in (None, "0003", "heads"):
        if step:
            command.upgrade(schema.config(engine), step)
        with engine.connect() as conn:
            theirs = frozenset(MigrationContext.configure(conn).get_current_heads())
        assert schema.status(engine).current == theirs
    assert schema.status(engine).ok
    engine.dispose()


def test_migrations_go_down_and_up_again(blank_url):
    from alembic import command

    engine = make_engine(blank_url)
    schema.upgrade(engine)
    command.downgrade(schema.config(engine), "base")
    assert inspect(engine).get_table_names() == ["alembic_version"]
    assert schema.upgrade(engine).ok
    engine.dispose()


def test_a_database_from_before_migrations_is_adopted_and_upgraded(blank_url):
    from alembic import command

    engine = make_engine(blank_url)
    command.upgrade(schema.config(engine), schema.FIRST_REVISION)
    with engine.begin() as conn:  # what create_all() made before migrations: no version table
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(
            text(
                "INSERT INTO outbox (person, channel, body, status, attempts, created_at) "
                "VALUES ('k', 'sms', 'hello', 'sending', 1, CURRENT_TIMESTAMP)"
            )
        )
    assert schema.status(engine).legacy
    assert schema.upgrade(engine).ok
    with engine.connect() as conn:
        # A text caught mid-send by the upgrade may have gone out: it is looked up, not resent.
        assert conn.execute(text("SELECT status FROM outbox")).scalar() == "unsure"
    engine.dispose()


def test_production_never_creates_tables_and_says_which_command_to_run(blank_url, tmp_path):
    with pytest.raises(SystemExit, match="Run: flask --app app db upgrade"):
        make_app(tmp_path, APP_ENV="production", DATABASE_URL=blank_url)
    engine = make_engine(blank_url)
    assert "people" not in inspect(engine).get_table_names()
    engine.dispose()


def test_production_with_a_database_behind_names_both_revisions(blank_url, tmp_path):
    from alembic import command

    engine = make_engine(blank_url)
    command.upgrade(schema.config(engine), "0001")
    engine.dispose()
    head = ", ".join(sorted(schema.heads()))
    with pytest.raises(SystemExit, match=rf"at 0001; this code needs {head}\). Run: flask --app app db upgrade"):
        make_app(tmp_path, APP_ENV="production", DATABASE_URL=blank_url)


def test_development_upgrades_at_start(blank_url, tmp_path):
    app = make_app(tmp_path, DATABASE_URL=blank_url)
    assert app.extensions["line"].store.schema_status().ok
    app.extensions["line"].store.dispose()


def _count_commits(store: Store) -> list[int]:
    commits = []
    event.listen(store.engine, "commit", lambda conn: commits.append(1))
    return commits


def test_each_webhook_writes_in_one_transaction(app, phone, texter, line):
    commits = _count_commits(line.store)
    call = start_call(phone, "en")
    commits.clear()
    call.press("3")
    assert len(commits) == 1  # the call's statistics
    commits.clear()
    call.press("2")  # text me this: the text, the texter's place and the statistics
    assert len(commits) == 1
    commits.clear()
    texter.endpoint.post("/sms", texter.params("symptoms"))
    assert len(commits) == 1  # the reply and the texter's place


def test_old_message_sids_are_pruned(line, texter, monkeypatch):
    texter.send("symptoms", sid="SM" + "1" * 32)
    assert line.store.prune_messages() == 0
    later = store_module.now() + timedelta(days=2, minutes=1)
    monkeypatch.setattr(store_module, "now", lambda: later)
    assert line.store.prune_messages() == 1
    assert line.store.reply_for("SM" + "1" * 32) is None


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    from tests.conftest import fresh_sqlite

    engine = make_engine(fresh_sqlite(tmp_path))
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    engine.dispose()


def test_postgres_urls_use_psycopg_3():
    from database.engine import normalise_url

    assert normalise_url("postgres://u:p@db/line").startswith("postgresql+psycopg://")
    assert normalise_url("postgresql://u:p@db/line").startswith("postgresql+psycopg://")
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_a_call_keeps_its_deepest_topic_and_counts_its_steps(line):
    store = line.store
    for node, depth in (("root", 0), ("spread", 1), ("spread.bones", 2), ("cure", 1), ("root", 0)):
        store.note_call("CA" + "7" * 32, "en", node, depth)
    store.note_call("CA" + "7" * 32, None, None, 0)  # a step that says nothing keeps the language
    record = store.call("CA" + "7" * 32)
    assert record["steps"] == 6 and record["language"] == "en" and record["furthest_node"] == "spread.bones"


def test_an_answer_and_a_queued_text_are_written_once(line):
    store = line.store
    assert store.answer_message("SM" + "8" * 32, "<Response>first</Response>") == ("<Response>first</Response>", True)
    assert store.answer_message("SM" + "8" * 32, "<Response>again</Response>") == ("<Response>first</Response>", False)
    assert store.queue_text("k", "sealed", "sms", "words", idempotency_key="call:CA1:menu:0:en:cure:0")
    assert not store.queue_text("k", "sealed", "sms", "words", idempotency_key="call:CA1:menu:0:en:cure:0")
    assert len(store.texts()) == 1


def test_the_webhooks_statements_read_and_write_what_sqlalchemy_does(blank_url):
    # The statements built once at module level, with bind parameters: what they write, a plain
    # query reads back the same (a datetime stays a datetime, a boolean a boolean), and the
    # person upsert keeps its literal defaults.
    from sqlalchemy import select

    store = Store(blank_url)
    store.upgrade()
    people = store_module.people
    seen = store_module.now().replace(microsecond=123456)
    store.save_text_state("k1", "es", "cure", 2, "cure", conn=None)
    store.remember_voice_language("k1", "es")
    with store.engine.begin() as conn:
        row = conn.execute(select(people).where(people.c.key == "k1")).mappings().one()
        assert (row["sms_language"], row["sms_page"], row["opted_out"]) == ("es", 2, False)  # a literal default
        conn.execute(people.update().where(people.c.key == "k1").values(sms_seen_at=seen))
    with store.reading() as conn:
        when, opted_out = conn.execute(store_module._TEXT_STATE_Q, {"key": "k1"}).one()[-2:]
    assert store_module.aware(when) == seen and opted_out is False
    assert store.voice_language("k1", timedelta(hours=1)) == "es"
    assert store.text_state("k1", timedelta(days=3650)).node == "cure"
    store.dispose()


def test_a_webhook_statement_fails_as_sqlalchemy_does(blank_url):
    # Callers catch SQLAlchemyError to keep the line talking without a database.
    from sqlalchemy.exc import DBAPIError, SQLAlchemyError

    store = Store(blank_url)  # no tables yet
    with pytest.raises(SQLAlchemyError) as failed:
        store.text_state("k1", timedelta(hours=1))
    assert isinstance(failed.value, DBAPIError)
    with pytest.raises(SQLAlchemyError):
        store.note_call("CA" + "1" * 32, "en", "root", 0)
    store.dispose()


# -- SQLite: transactions and the pool -------------------------------------------------------------
@pytest.fixture
def sqlite_store(backend, tmp_path):
    if backend != "sqlite":
        pytest.skip("SQLite's transactions and pool")
    from tests.conftest import fresh_sqlite

    store = Store(fresh_sqlite(tmp_path))
    yield store
    store.dispose()


def test_sqlite_webhooks_share_the_pools_connections(sqlite_store):
    # One webhook after another: the pool hands back the same connection, none is opened anew.
    opened = []
    event.listen(sqlite_store.engine, "connect", lambda dbapi_conn, record: opened.append(1))
    for n in range(10):
        with sqlite_store.writing() as conn:
            sqlite_store.save_text_state("k", "en", None, n, "root", conn=conn)
        assert sqlite_store.text_state("k", timedelta(hours=1)).page == n
    assert len(opened) <= 1


def test_a_failed_transaction_writes_nothing_and_the_next_one_works(sqlite_store):
    with pytest.raises(RuntimeError), sqlite_store.writing() as conn:
        failed = conn
        sqlite_store.save_text_state("k", "en", None, 0, "root", conn=conn)
        raise RuntimeError("the webhook failed half-way")
    assert failed.closed
    with sqlite_store.writing() as conn:
        assert sqlite_store.text_state("k", timedelta(hours=1), conn=conn).language is None
        sqlite_store.save_text_state("k", "es", None, 0, "root", conn=conn)
    assert sqlite_store.text_state("k", timedelta(hours=1)).language == "es"


def test_a_sqlite_write_takes_the_write_lock_at_begin_and_a_read_takes_none(sqlite_store):
    # BEGIN IMMEDIATE: another writer (another gunicorn worker) cannot start while a webhook's
    # transaction is open, even before it has written anything, so a transaction that has read
    # never fails half-way on the lock; a read never holds the lock and is never kept waiting.
    import sqlite3

    sqlite_store.save_text_state("k", "en", None, 0, "root")
    other = sqlite3.connect(sqlite_store._file, timeout=0, isolation_level=None)
    try:
        with sqlite_store.writing():
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # the COMMIT let go of it: now the other holds it
        assert sqlite_store.text_state("k", timedelta(hours=1)).language == "en"  # at once, no lock
        assert not sqlite_store.is_opted_out("k")
    finally:
        other.close()


def test_a_replaced_database_file_is_written_not_the_old_one(sqlite_store, tmp_path):
    # An operator restores a backup over the file while the line runs: a kept connection still
    # points at the old file, which nobody will ever read again.
    import shutil

    path = sqlite_store._file
    shutil.copy(path, tmp_path / "backup.db")
    with sqlite_store.writing() as conn:
        sqlite_store.save_text_state("before", "en", None, 0, "root", conn=conn)
    for suffix in ("-wal", "-shm"):
        (tmp_path / ("line.db" + suffix)).unlink(missing_ok=True)
    shutil.move(tmp_path / "backup.db", path)
    with sqlite_store.writing() as conn:
        sqlite_store.save_text_state("after", "es", None, 0, "root", conn=conn)
    sqlite_store.dispose()
    fresh = Store(f"sqlite:///{path}")
    assert fresh.text_state("after", timedelta(hours=1)).language == "es"
    assert fresh.text_state("before", timedelta(hours=1)).language is None  # the backup had no such row
    fresh.dispose()


def test_many_threads_writing_at_once_all_land_and_the_pool_keeps_few_connections(sqlite_store):
    import threading

    errors = []
    together = threading.Barrier(12, timeout=5)

    def webhook(n):
        try:
            together.wait()  # all twelve start their transaction at once
            with sqlite_store.writing() as conn:
                sqlite_store.save_text_state(f"k{n}", "en", None, n, "root", conn=conn)
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=webhook, args=(n,)) for n in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert [sqlite_store.text_state(f"k{n}", timedelta(hours=1)).page for n in range(12)] == list(range(12))
    pool = sqlite_store.engine.pool
    assert pool.checkedout() == 0 and 1 <= pool.checkedin() <= pool.size()  # all back, at most the pool's size
