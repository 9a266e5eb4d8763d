"""Offline speech for the voice line: build (render.py, convert.py, build.py), serve (web.py),
and look up (catalog.py) audio for every voice snippet, by the same snippet ids as the content.

`init_app(app)` wires it in: the line's audio resolver, the /audio/ route, `flask audio ...`.
Nothing here loads the speech engine into the app's process.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # worker processes import this package: keep Flask out of their start-up
    from flask import Flask

BUILD_DIR = Path(__file__).resolve().parent / "build"


def init_app(app: Flask) -> None:
    from audio import cli, web
    from audio.catalog import Catalog

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


def parse_voices(raw: str) -> dict[str, str]:
    """TTS_VOICES: "en=gmw/en-us, es=roa/es-419" -> {"en": "gmw/en-us", "es": "roa/es-419"}."""
    voices = {}
    for item in filter(None, (i.strip() for i in (raw or "").split(","))):
        lang, sep, voice = (p.strip() for p in item.partition("="))
        if not sep or not lang or not voice:
            raise ValueError(f"TTS_VOICES: {item!r} should look like en=gmw/en-us")
        voices[lang] = voice
    return voices


def build_folder(config) -> Path:
    """AUDIO_DIR (relative to the project) or audio/build."""
    import settings

    return settings.ROOT / config["AUDIO_DIR"] if config["AUDIO_DIR"] else BUILD_DIR


def caption_for(app: Flask):
    """The app's URL -> words lookup for simulator captions (None when audio is not set up)."""
    catalog = app.extensions.get("audio")
    return catalog.caption_for if catalog else None
