"""Finding 8's hardening: admin sign-in slows down and logs, cookie-carrying POSTs must come from
the line's own pages, nosniff everywhere, HSTS behind https, the simulator pass cookie expires."""

from __future__ import annotations

import logging

from tests.conftest import make_app

ADMIN = "an-admin-token-long-enough-0123"
SIMULATOR = "a-simulator-token-long-enough-0123"


def test_wrong_admin_tokens_are_logged_without_the_token_and_slow_down_after_a_few(tmp_path, caplog):
    """Finding 8: 300 wrong admin tokens at 656/s met no limit and no log line."""
    caplog.set_level(logging.WARNING)
    client = make_app(tmp_path, APP_ENV="production", ADMIN_TOKEN=ADMIN).test_client()
    codes = [client.post("/admin/login", data={"token": f"guess-number-{n:04d}-xxxx"}).status_code for n in range(8)]
    assert codes[:5] == [401] * 5 and 429 in codes[5:]
    slowed = client.get("/admin", headers={"Authorization": "Bearer another-wrong-guess-0000"})
    assert slowed.status_code == 429 and int(slowed.headers["Retry-After"]) >= 1
    failures = [r.getMessage() for r in caplog.records if "admin sign-in failed" in r.getMessage()]
    assert len(failures) >= 5 and "guess-number" not in caplog.text
    assert ADMIN not in caplog.text


def test_a_cross_site_post_with_the_admin_cookie_is_refused(tmp_path):
    """Finding 8: POST forms had no CSRF token or Origin check (SameSite only)."""
    client = make_app(tmp_path, APP_ENV="production", ADMIN_TOKEN=ADMIN).test_client()
    signed_in = client.post("/admin/login", data={"token": ADMIN}, headers={"Origin": "http://localhost"})
    assert signed_in.status_code == 303
    forged = client.post("/admin/logout", headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403
    assert client.post("/admin/logout", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert client.post("/admin/logout", headers={"Origin": "null"}).status_code == 403
    assert client.post("/admin/logout", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 303


def test_a_cross_site_json_post_with_the_simulator_cookie_is_refused(tmp_path):
    client = make_app(tmp_path, APP_ENV="production", SIMULATOR_TOKEN=SIMULATOR).test_client()
    assert client.post("/simulator/login", data={"token": SIMULATOR}).status_code == 303
    cookie = client.get_cookie("simulator_pass")
    assert cookie is not None and cookie.max_age and cookie.max_age <= 12 * 3600  # Finding 8: it never expired
    forged = client.post("/simulator/api/devices", json={}, headers={"Origin": "https://evil.example"})
    assert forged.status_code == 403
    own = client.post("/simulator/api/devices", json={}, headers={"Origin": "http://localhost"})
    assert own.status_code == 201


def test_nosniff_on_every_response_and_hsts_behind_https(tmp_path):
    """Finding 8: no HSTS; simulator pages lacked nosniff."""
    client = make_app(tmp_path, PUBLIC_BASE_URL="https://line.example.org").test_client()
    for path in ("/", "/healthz", "/readyz", "/admin", "/simulator/login", "/nothing-here"):
        resp = client.get(path)
        assert resp.headers.get("X-Content-Type-Options") == "nosniff", path
        assert resp.headers.get("Strict-Transport-Security", "").startswith("max-age="), path
    plain = make_app(tmp_path).test_client().get("/healthz")
    assert "Strict-Transport-Security" not in plain.headers
