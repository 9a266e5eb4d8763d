"""/healthz and /readyz: JSON for load balancers and operators, never a secret."""

from __future__ import annotations

import json

from database import schema
from tests.conftest import HASH_SECRET, TOKEN


def test_healthz_says_the_process_is_up(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.get_json() == {"status": "ok"}


def test_readyz_checks_database_content_and_audio(client):
    resp = client.get("/readyz")
    body = resp.get_json()
    assert resp.status_code == 200 and body["status"] == "ready"
    assert body["checks"]["database"] == {"ok": True, "backend": "sqlite", "revision": sorted(schema.heads())}
    assert body["checks"]["content"] == {"ok": True, "languages": ["en", "es"]}
    assert body["checks"]["audio"]["ok"]


def test_readyz_is_not_ready_without_the_database_and_ready_again_after(client, app, tmp_path):
    (tmp_path / "line.db").unlink()
    resp = client.get("/readyz")
    assert resp.status_code == 503
    assert resp.get_json()["checks"]["database"]["ok"] is False
    app.extensions["line"].store.upgrade()
    assert client.get("/readyz").status_code == 200


def test_health_answers_hold_no_secret(client, app):
    text = json.dumps([client.get("/healthz").get_json(), client.get("/readyz").get_json()])
    for secret in (TOKEN, HASH_SECRET, str(app.config["DATABASE_URL"])):
        assert secret not in text
