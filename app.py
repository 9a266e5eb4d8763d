"""The stage 4 cancer information line: create_app() wires settings, content, store and routes."""

from __future__ import annotations

import logging

from flask import Flask

import cli
import settings
from content import numbers
from content.loader import load_library
from flows import outbox
from flows.identity import Identity
from flows.line import Line
from flows.store import Store


def create_app(test_config: dict | None = None) -> Flask:
    config = settings.load(test_config=test_config)
    app = Flask(__name__, instance_path=str(settings.ROOT / "instance"))
    app.config.update(config)
    logging.basicConfig(level=config["LOG_LEVEL"], format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    # Bad content stops the app here, with file, key and reason.
    library = load_library(numbers.from_settings(config), default=config["DEFAULT_LANGUAGE"])
    store = Store(config["DATABASE_URL"])
    store.create_schema()
    line = Line.build(library, store, Identity(config["HASH_SECRET"]))
    line.pretend_phones = config["APP_ENV"] == "development" or bool(config["SIMULATOR_TOKEN"])
    app.extensions["line"] = line

    import audio

    audio.init_app(app)  # <Play> resolver, /audio/ files, `flask audio build`

    import usage

    usage.init_app(app)  # counts for /admin and `flask report`; never in a caller's way

    import admin
    from flows import sms, voice
    from simulator import web

    app.register_blueprint(voice.bp)
    app.register_blueprint(sms.bp)
    app.register_blueprint(web.bp)  # the browser page at /; 404 in production without SIMULATOR_TOKEN
    admin.init_app(app)  # the usage dashboard at /admin; 404 in production without ADMIN_TOKEN

    cli.register(app)
    outbox.start_sender(app)
    return app
