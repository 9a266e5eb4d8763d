"""Who may open /admin: ADMIN_TOKEN in a header, or a session cookie from the login form.

Production without ADMIN_TOKEN: /admin does not exist (404). Development without it: open, so
`make run` shows the dashboard at once. A token is never read from a URL (addresses end up in
logs and browser history); the cookie holds a signed, dated pass, not the token.
"""

from __future__ import annotations

import hmac

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "admin_session"
HEADER = "X-Admin-Token"
SESSION_SECONDS = 12 * 3600
MIN_TOKEN_CHARS = 16


def token() -> str:
    return current_app.config["ADMIN_TOKEN"]


def enabled() -> bool:
    return bool(token()) or current_app.config["APP_ENV"] == "development"


def open_without_token() -> bool:
    return not token() and current_app.config["APP_ENV"] == "development"


def matches(presented: str) -> bool:
    expected = token()
    return bool(expected and presented) and hmac.compare_digest(presented.encode(), expected.encode())


def presented_header() -> str | None:
    """The token from `Authorization: Bearer ...` or X-Admin-Token; None when neither was sent."""
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return request.headers.get(HEADER)


def _signer() -> URLSafeTimedSerializer:
    # Keyed by the token itself: a new ADMIN_TOKEN signs everyone out.
    return URLSafeTimedSerializer(token(), salt="admin-session")


def new_pass() -> str:
    return _signer().dumps({"admin": True})


def pass_is_good(value: str) -> bool:
    try:
        return bool(_signer().loads(value, max_age=SESSION_SECONDS).get("admin"))
    except (BadSignature, AttributeError):
        return False


def allowed() -> bool:
    if open_without_token():
        return True
    if not token():
        return False
    header = presented_header()
    if header is not None:
        return matches(header)
    return pass_is_good(request.cookies.get(COOKIE, ""))


def cookie_is_secure() -> bool:
    config = current_app.config
    return request.is_secure or config["APP_ENV"] == "production" or config["PUBLIC_BASE_URL"].startswith("https://")


def check_settings(config) -> None:
    """A short token can be guessed through the login form: refuse to start with one."""
    if config["ADMIN_TOKEN"] and len(config["ADMIN_TOKEN"]) < MIN_TOKEN_CHARS:
        raise SystemExit(f"ADMIN_TOKEN must be at least {MIN_TOKEN_CHARS} characters (try: openssl rand -hex 24).")
