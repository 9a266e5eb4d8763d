"""/healthz and /readyz: JSON for load balancers and operators, never a secret."""

from __future__ import annotations

import json

from database import schema
from tests.conftest import HASH_SECRET, TOKEN


def test_healthz_says_the_process_is_up(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.get_json() == {"status": "ok"}


def test_readyz_checks_database_content_audio_and_outbox(client):
    resp = client.get("/readyz")
    body = resp.get_json()
    assert resp.status_code == 200 and body["status"] == "ready"
    database = {"ok": True, "state": "ok", "backend": "sqlite", "revision": sorted(schema.heads())}
    assert body["checks"]["database"] == database
    assert body["checks"]["content"] == {"ok": True, "languages": ["en", "es"]}
    assert body["checks"]["audio"]["files"] == 0 and "audio build" in body["checks"]["audio"]["note"]
    assert body["degraded"] == ["audio"]  # no audio built: callers hear <Say>, named, still ready
    outbox = {"ok": True, "waiting": 0, "oldest_waiting_s": None, "worker_heartbeat_s": None}
    assert body["checks"]["outbox"] == outbox


def test_readyz_stays_ready_through_a_database_outage_and_names_it(tmp_path):
    """Finding 5: any database outage made /readyz 503, so a load balancer on it took every
    server out and callers got Twilio's fallback, though the line could still speak content."""
    from tests.conftest import make_app

    app = make_app(tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'line.db'}")
    client = app.test_client()
    assert client.get("/readyz").status_code == 200
    app.extensions["line"].store.engine.dispose()
    (tmp_path / "line.db").rename(tmp_path / "away.db")
    (tmp_path / "line.db").mkdir()  # a path that cannot be opened as a database: an outage
    resp = client.get("/readyz")
    body = resp.get_json()
    assert resp.status_code == 200 and body["status"] == "ready"
    assert body["checks"]["database"]["state"] == "unavailable" and "database" in body["degraded"]
    (tmp_path / "line.db").rmdir()
    (tmp_path / "away.db").rename(tmp_path / "line.db")
    assert client.get("/readyz").get_json()["checks"]["database"]["state"] == "ok"
    app.extensions["line"].store.dispose()


def test_readyz_names_a_read_only_database(tmp_path, client):
    """Finding 5: a read-only database reported ready with nothing said."""
    from tests.test_degrade import read_only

    with read_only(tmp_path / "line.db"):
        body = client.get("/readyz").get_json()
    assert body["status"] == "ready" and body["checks"]["database"]["state"] == "read-only"


def test_readyz_shows_texts_waiting_with_no_worker_and_the_heartbeat(client, line):
    """Finding 5: nothing showed texts waiting with no outbox worker running."""
    from datetime import timedelta

    from database.store import now, outbox

    key = line.identity.key("+15017122661")
    line.store.queue_text(key, "sealed", "sms", "words")
    with line.store.writing() as conn:
        conn.execute(outbox.update().values(created_at=now() - timedelta(minutes=10)))
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready" and "outbox" in body["degraded"]
    assert body["checks"]["outbox"]["waiting"] == 1 and body["checks"]["outbox"]["oldest_waiting_s"] >= 600
    assert body["checks"]["outbox"]["worker_heartbeat_s"] is None
    line.store.beat("host:1")  # a worker runs (it beats each pass)
    body = client.get("/readyz").get_json()
    assert body["checks"]["outbox"]["worker_heartbeat_s"] <= 1 and "outbox" not in body["degraded"]


def test_readyz_is_503_only_without_content(client, line, monkeypatch):
    from types import SimpleNamespace

    monkeypatch.setattr(line, "library", SimpleNamespace(languages={}))
    resp = client.get("/readyz")
    assert resp.status_code == 503 and resp.get_json()["checks"]["content"]["ok"] is False


def test_health_answers_hold_no_secret(client, app):
    text = json.dumps([client.get("/healthz").get_json(), client.get("/readyz").get_json()])
    for secret in (TOKEN, HASH_SECRET, str(app.config["DATABASE_URL"])):
        assert secret not in text


def test_each_outbox_pass_beats_the_heartbeat_readyz_shows(client, line):
    from delivery.outbox import Worker
    from tests.test_outbox import FakeTwilio

    Worker(line, FakeTwilio(), "+15005550006").run_once()
    assert client.get("/readyz").get_json()["checks"]["outbox"]["worker_heartbeat_s"] <= 1
