"""A small real HTTP server on loopback that answers like Twilio's Messages API, with faults on
demand: down (nothing listens), busy (429/503), refusing (400 with a code), dropping the
connection after taking a message, or answering too late. The outbox worker talks to it through
twilio-python with TWILIO_API_BASE_URL, exactly as it talks to Twilio.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Message:
    sid: str
    to: str
    body: str
    sender: str
    status_callback: str | None
    date_created: datetime


@dataclass
class FakeTwilio:
    clock: object = None  # () -> aware datetime; the worker's clock, so lookups agree with it
    mode: str = "ok"  # ok | busy | overloaded | refuse | drop | late | drop_before | hold
    late_s: float = 2.0
    messages: list[Message] = field(default_factory=list)
    requests: int = 0
    held: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None
    port: int = 0

    # -- life -------------------------------------------------------------------------------
    def start(self) -> FakeTwilio:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet: the test prints what matters
                pass

            def do_POST(self):
                fake._post(self)

            def do_GET(self):
                fake._get(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def down(self) -> None:
        """Nothing listens on the port any more: connection refused."""
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def up(self) -> None:
        if self._server is None:
            self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def now(self) -> datetime:
        return self.clock() if self.clock else datetime.now(UTC)

    def bodies_to(self, to: str) -> list[str]:
        return [m.body for m in self.messages if m.to == to]

    # -- the API ----------------------------------------------------------------------------
    def _record(self, form) -> Message:
        message = Message(
            sid=f"SM{len(self.messages) + 1:032x}",
            to=form.get("To", ""),
            body=form.get("Body", ""),
            sender=form.get("From") or form.get("MessagingServiceSid", ""),
            status_callback=form.get("StatusCallback"),
            date_created=self.now(),
        )
        self.messages.append(message)
        return message

    def _post(self, handler) -> None:
        self.requests += 1
        length = int(handler.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(handler.rfile.read(length).decode()).items()}
        mode = self.mode
        if mode == "busy":
            return _json(handler, 429, {"code": 20429, "message": "Too Many Requests", "status": 429})
        if mode == "overloaded":
            return _json(handler, 503, {"code": 20503, "message": "Service Unavailable", "status": 503})
        if mode == "refuse":
            return _json(handler, 400, {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400})
        if mode == "drop_before":  # the request arrived, nothing was made, the answer is lost
            return _drop(handler)
        message = self._record(form)
        if mode == "drop":  # made the message, then the connection broke
            return _drop(handler)
        if mode == "late":  # made the message, answered after the client stopped waiting
            time.sleep(self.late_s)
        if mode == "hold":  # made the message and never answers (the sender is killed meanwhile)
            self.held.set()
            time.sleep(60)
            return _drop(handler)
        _json(handler, 201, _resource(message))

    def _get(self, handler) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(handler.path).query).items()}
        if self.mode in ("busy", "overloaded"):
            return _json(handler, 503, {"code": 20503, "message": "Service Unavailable", "status": 503})
        found = [m for m in reversed(self.messages) if not query.get("To") or m.to == query["To"]]
        _json(
            handler,
            200,
            {"messages": [_resource(m) for m in found], "next_page_uri": None, "page": 0, "page_size": 50},
        )


def _resource(m: Message) -> dict:
    return {
        "sid": m.sid,
        "to": m.to,
        "from": m.sender,
        "body": m.body,
        "status": "queued",
        "date_created": format_datetime(m.date_created.astimezone(UTC), usegmt=True),
    }


def _json(handler, status: int, payload: dict) -> None:
    data = json.dumps(payload).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def _drop(handler) -> None:
    handler.close_connection = True
    handler.connection.shutdown(2)
