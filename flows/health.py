"""Health for load balancers and operators: /healthz (the process answers) and /readyz (it can
serve: database reachable and migrated, content loaded, audio manifest matching its files).

JSON only, never a secret, a URL with a password, or a phone number.
"""

from __future__ import annotations

import time

from flask import Blueprint, current_app, jsonify

bp = Blueprint("health", __name__)
AUDIO_CHECK_S = 30.0  # stat-ing every file is cheap, but not for every probe


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    checks = {"database": _database(), "content": _content(), "audio": _audio()}
    ready = all(c["ok"] for c in checks.values())
    return jsonify({"status": "ready" if ready else "not ready", "checks": checks}), 200 if ready else 503


def _database() -> dict:
    store = current_app.extensions["line"].store
    try:
        status = store.schema_status()
    except Exception as exc:
        orig = getattr(exc, "orig", None) or exc
        return {"ok": False, "backend": store.engine.dialect.name, "error": type(orig).__name__}
    out = {"ok": status.ok, "backend": store.engine.dialect.name, "revision": sorted(status.current)}
    if not status.ok:
        out["error"] = status.explain()
    return out


def _content() -> dict:
    library = current_app.extensions["line"].library
    languages = sorted(library.languages)
    return {"ok": bool(languages), "languages": languages}


def _audio() -> dict:
    cache = current_app.extensions.setdefault("health_audio", {})
    if cache.get("until", 0) > time.monotonic():
        return cache["result"]
    catalog = current_app.extensions.get("audio")
    if catalog is None:
        result = {"ok": True, "files": 0}
    else:
        listed = [f for e in catalog.entries().values() for f in e.files()]
        missing = sum(1 for f in listed if not (catalog.folder / f).is_file())
        result = {"ok": missing == 0, "files": len(listed), "missing": missing}
        if not listed:
            result["note"] = "no audio built: callers hear <Say>"
    cache.update(result=result, until=time.monotonic() + AUDIO_CHECK_S)
    return result
