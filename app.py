"""The stage 4 cancer information line: create_app() wires settings, content, store and routes."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup
from sqlalchemy.exc import SQLAlchemyError

import cli
import hardening
import settings
from content import numbers
from content.loader import load_library
from database import schema
from database.engine import sqlite_file
from database.store import Store
from flows.identity import Identity
from flows.line import Line
from flows.outage import Outage
from flows.spool import Spool
from understanding import intents, language
from understanding.embedder import Embedder
from understanding.model_files import BUILD_COMMAND, NotBuilt

log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None) -> Flask:
    config = settings.load(test_config=test_config)
    app = Flask(__name__, instance_path=str(settings.ROOT / "instance"))
    app.config.update(config)
    logging.basicConfig(level=config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    # Bad content stops the app here, with file, key and reason.
    library = load_library(
        numbers.from_settings(config),
        default=config["DEFAULT_LANGUAGE"],
        keep_accents=config["SMS_ACCENTS"] == "keep",
    )
    # The topic and language models are fitted ahead of time (python -m understanding build);
    # development fits a missing one in a subprocess, production stops with the command to run.
    try:
        intents.model_for(library, build=config["APP_ENV"] == "development")
        language.model_for(library, build=config["APP_ENV"] == "development")
    except NotBuilt as exc:
        raise SystemExit(str(exc)) from None
    store = Store(config["DATABASE_URL"])
    schema_status = check_schema(store, upgrade=config["APP_ENV"] == "development")
    if not schema_status.ok and not _loaded_for_a_command():
        # The web app (gunicorn, `flask run`) never serves on a schema it was not written for.
        raise SystemExit(schema_status.explain())
    spool = Spool.for_database(store.engine, app.instance_path)  # opt-outs kept through an outage
    # Long texts are read by meaning too when an embedding server is set (understanding/embedder.py).
    embedder = Embedder(config["EMBEDDING_URL"], config["EMBEDDING_TIMEOUT_MS"]) if config["EMBEDDING_URL"] else None
    line = Line.build(library, store, Identity(config["HASH_SECRET"]), spool, embedder)
    if embedder and line.texting.understanding.head is None:
        log.warning(
            "EMBEDDING_URL is set but the meaning head is not built: long texts are read with words alone. Run: %s",
            BUILD_COMMAND,
        )
    line.pretend_phones = config["APP_ENV"] == "development" or bool(config["SIMULATOR_TOKEN"])
    line.memory = timedelta(hours=config["SMS_STATE_TTL_HOURS"])
    unknown = {n: c for n, c in config["LANGUAGE_BY_NUMBER"].items() if c not in library.languages}
    if unknown:
        raise SystemExit(f"LANGUAGE_BY_NUMBER names languages with no content: {unknown}")
    line.language_by_number = config["LANGUAGE_BY_NUMBER"]
    app.extensions["line"] = line
    app.extensions["outage"] = Outage()

    import audio

    audio.init_app(app)  # <Play> resolver, /audio/ files, `flask audio build`

    import usage

    usage.init_app(app)  # counts for /admin and `flask report`; never in a caller's way

    import admin
    from flows import health, sms, status, voice
    from simulator import web

    app.register_blueprint(voice.bp)
    app.register_blueprint(sms.bp)
    app.register_blueprint(status.bp)  # Twilio's status callbacks for the outbox's texts
    app.register_blueprint(health.bp)  # /healthz, /readyz
    app.register_blueprint(web.bp)  # the browser page at /; 404 in production without SIMULATOR_TOKEN
    admin.init_app(app)  # the usage dashboard at /admin; 404 in production without ADMIN_TOKEN
    hardening.init_app(app)  # nosniff, HSTS, and no cross-site POST that carries a cookie

    cli.register(app)
    if not schema_status.ok:
        cli.hold_for_schema(app, schema_status)  # only `flask db ...` runs until the upgrade
    # No connection may cross a fork (gunicorn preloads the app in its master, then forks).
    store.dispose()
    return app


def after_fork(app: Flask) -> None:
    """gunicorn calls this in each worker right after the fork (gunicorn.conf.py post_fork): no
    database connection or writer thread of the master's may be used in a worker."""
    extensions = getattr(app, "extensions", {})  # gunicorn.conf.py may serve another app (bench/bare.py)
    if "line" in extensions:
        extensions["line"].store.after_fork()
    recorder = extensions.get("usage")
    if recorder is not None:
        recorder.after_fork()


def check_schema(store: Store, upgrade: bool) -> schema.Status:
    """Development (and tests) upgrade the database at start; production only checks (the caller
    stops with the command to run when it is behind), so two web workers never race to create
    tables."""
    where = store.engine.url.render_as_string(hide_password=True)
    try:
        status = store.schema_status()
        if not status.ok and upgrade:
            status = store.upgrade()
    except SQLAlchemyError as exc:
        hint = _missing_folder_hint(store)
        raise SystemExit(f"Cannot use the database at {where}: {type(exc).__name__}: {exc.orig or exc}{hint}") from None
    return status


def _missing_folder_hint(store: Store) -> str:
    path = sqlite_file(store.engine)
    if path is None or Path(path).parent.is_dir():
        return ""
    folder = Path(path).parent
    return f". The folder {folder} does not exist: create it (mkdir -p {folder}) or change DATABASE_URL."


def _loaded_for_a_command() -> bool:
    """Whether the flask CLI loads the app to find one of its commands (`flask --app app db
    upgrade`), not to serve it (`flask run`, `flask shell`, gunicorn). Then a schema behind its
    migrations must not stop the load: `flask db upgrade` is how it gets fixed."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and isinstance(ctx.command, FlaskGroup)
