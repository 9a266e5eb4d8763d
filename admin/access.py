"""Who may open /admin: ADMIN_TOKEN in a header, or a session cookie from the login form.

Production without ADMIN_TOKEN: /admin does not exist (404). Development without it: open, so
`make run` shows the dashboard at once. A token is never read from a URL (addresses end up in
logs and browser history); the cookie holds a signed, dated pass, not the token.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections import deque

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "admin_session"
HEADER = "X-Admin-Token"
SESSION_SECONDS = 12 * 3600
MIN_TOKEN_CHARS = 16
log = logging.getLogger(__name__)


class Throttle:
    """Wrong tokens (form or header) slow the next try: after FREE_TRIES in WINDOW_S, each waits
    twice as long as the one before, up to CAP_S; a right token is heard at once again. Per
    process, for everyone (behind a proxy every client has one address): a guesser gets a few
    tries a minute, and the admin with the right token waits at most CAP_S. Each failure is
    logged with the count, never with what was typed."""

    FREE_TRIES = 5
    WINDOW_S = 900.0
    CAP_S = 60.0

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._failures: deque[float] = deque()
        self._lock = threading.Lock()

    def _recent(self) -> int:
        while self._failures and self.clock() - self._failures[0] > self.WINDOW_S:
            self._failures.popleft()
        return len(self._failures)

    def wait_s(self) -> float:
        """Seconds before another try is heard (0: now)."""
        with self._lock:
            over = self._recent() - self.FREE_TRIES
            if over < 0:
                return 0.0
            delay = min(self.CAP_S, 2.0**over)
            return max(0.0, self._failures[-1] + delay - self.clock())

    def failed(self, how: str) -> None:
        with self._lock:
            self._failures.append(self.clock())
            count = self._recent()
        log.warning("admin sign-in failed (%s): %d wrong tokens in the last %d minutes", how, count,
                    self.WINDOW_S // 60)  # fmt: skip

    def succeeded(self) -> None:
        with self._lock:
            self._failures.clear()


def throttle() -> Throttle:
    return current_app.extensions.setdefault("admin_throttle", Throttle())


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
