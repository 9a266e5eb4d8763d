"""Offline speech for the voice line: build (render.py, convert.py, build.py), serve (web.py),
and look up (catalog.py) audio for every voice snippet, by the same snippet ids as the content.

`init_app(app)` wires it in: the line's audio resolver, the /audio/ route, `flask audio ...`.
Nothing here loads the speech engine into the app's process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # worker processes import this package: keep Flask out of their start-up
    from flask import Flask


def init_app(app: Flask) -> None:
    from audio import cli, web
    from audio.catalog import Catalog
    from audio.options import build_folder, parse_voices

    try:
        parse_voices(app.config["TTS_VOICES"])
    except ValueError as exc:
        raise SystemExit(str(exc)) from None
    folder = build_folder(app.config)
    catalog = Catalog(folder, app.config["AUDIO_BASE_URL"], app.config["PUBLIC_BASE_URL"])
    app.extensions["audio"] = catalog
    app.extensions["line"].audio_resolver = catalog.url
    app.register_blueprint(web.bp)
    app.cli.add_command(cli.group)


def caption_for(app: Flask):
    """The app's URL -> words lookup for simulator captions (None when audio is not set up)."""
    catalog = app.extensions.get("audio")
    return catalog.caption_for if catalog else None
