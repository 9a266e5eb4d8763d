"""The stage 4 cancer information line: create_app() wires settings, content, store and routes."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

import cli
import settings
from content import numbers
from content.loader import load_library
from flows.identity import Identity
from flows.line import Line
from flows.outage import Outage
from flows.store import Store
from understanding import intents

log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None) -> Flask:
    config = settings.load(test_config=test_config)
    app = Flask(__name__, instance_path=str(settings.ROOT / "instance"))
    app.config.update(config)
    logging.basicConfig(level=config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    # Bad content stops the app here, with file, key and reason.
    library = load_library(numbers.from_settings(config), default=config["DEFAULT_LANGUAGE"])
    # The topic model is fitted ahead of time (python -m understanding build); development fits a
    # missing one in a subprocess, production stops with the command to run.
    try:
        intents.model_for(library, build=config["APP_ENV"] == "development")
    except intents.NotBuilt as exc:
        raise SystemExit(str(exc)) from None
    store = Store(config["DATABASE_URL"])
    check_schema(store, upgrade=config["APP_ENV"] == "development")
    line = Line.build(library, store, Identity(config["HASH_SECRET"]))
    line.pretend_phones = config["APP_ENV"] == "development" or bool(config["SIMULATOR_TOKEN"])
    line.memory = timedelta(hours=float(config["SMS_STATE_TTL_HOURS"]))
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
    from flows import delivery, health, sms, voice
    from simulator import web

    app.register_blueprint(voice.bp)
    app.register_blueprint(sms.bp)
    app.register_blueprint(delivery.bp)  # Twilio's status callbacks for the outbox's texts
    app.register_blueprint(health.bp)  # /healthz, /readyz
    app.register_blueprint(web.bp)  # the browser page at /; 404 in production without SIMULATOR_TOKEN
    admin.init_app(app)  # the usage dashboard at /admin; 404 in production without ADMIN_TOKEN

    cli.register(app)
    # No connection may cross a fork (gunicorn preloads the app in its master, then forks).
    store.dispose()
    return app


def check_schema(store: Store, upgrade: bool) -> None:
    """Development (and tests) upgrade the database at start; production only checks, and stops
    with the command to run, so two web workers never race to create tables."""
    where = store.engine.url.render_as_string(hide_password=True)
    try:
        status = store.schema_status()
        if not status.ok and upgrade:
            status = store.upgrade()
    except SQLAlchemyError as exc:
        raise SystemExit(f"Cannot use the database at {where}: {type(exc).__name__}: {exc.orig or exc}") from None
    if not status.ok:
        raise SystemExit(status.explain())
