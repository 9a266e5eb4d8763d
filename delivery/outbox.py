"""Texts the line sends on its own ("text me this"): queued by a webhook, sent by a worker.

A caller's request never waits for Twilio's REST API: the call adds a row and goes on. The
worker (`flask --app app outbox run`, a process of its own; `--once` for cron) delivers what is
queued, so that every text goes out at most once, and as surely as Twilio allows:

- it takes a text under a lease (database/store.py); a worker that dies loses its lease and
  another takes the text over;
- every request to Twilio has a timeout (TWILIO_TIMEOUT_S);
- "not sent" failures (connection refused, 429, 5xx) are tried again with exponential
  backoff and jitter for up to 24 hours;
- an answer that never came (a read timeout, a dropped connection) leaves the text *unsure*:
  it is looked up at Twilio (or settled by the status callback, flows/status.py) before
  anything is sent again; only after two lookups found nothing is it sent again;
- permanent refusals (opted out, invalid number) end the text with Twilio's code as reason.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from threading import Event

from twilio.base.exceptions import TwilioRestException

import usage
from database.store import now
from phone_numbers import bare_number, is_fictional, is_phone_number

log = logging.getLogger(__name__)
HEARTBEAT_S = 15.0  # how often a worker says it is alive (/readyz shows the last beat)
# Twilio's codes that mean "this will never be delivered": opted out, not a valid or textable
# number, not a WhatsApp user, blocked, region not enabled.
PERMANENT = {21211, 21212, 21408, 21421, 21610, 21612, 21614, 21635, 63003, 63024}
OPTED_OUT = 21610


def can_text(line, address: str, conn=None) -> bool:
    """Whether "text me this" can reach this phone: a number (not hidden) that has not opted out,
    and not a pretend 555-01xx one unless the simulator page shows those. The voice line offers
    it only then."""
    if not is_phone_number(address) or (is_fictional(address) and not line.pretend_phones):
        return False
    return not line.store.is_opted_out(line.identity.key(address), conn=conn)


MAX_RECAP_TOPICS = 6  # the main menu's topics: a recap of more would not fit its texts


def queue_recap(line, address: str, lang_code: str, topics: list[str], request_key: str, conn=None) -> bool:
    """After a call whose caller said yes: one text naming the topics heard and the words to text
    for more. `request_key` (the CallSid) makes it at most one per call, however often the end
    of the call is reported. False when nothing may go (withheld, opted out, no topic)."""
    lang = line.library.get(lang_code)
    nodes = [n for n in (lang.node(t) for t in topics) if n is not None][:MAX_RECAP_TOPICS]
    if not nodes or not can_text(line, address, conn=conn):
        return False
    body = lang.prompt("sms_recap", topics="; ".join(n.title for n in nodes)).text
    sealed = line.identity.seal(bare_number(address))
    queued = line.store.queue_text(
        line.identity.key(address), sealed, "sms", body, idempotency_key=request_key, conn=conn
    )
    usage.outbox(line, "queued", lang.code, int(queued))
    return queued


def queue_topic(line, address: str, lang_code: str, node_id: str, request_key: str | None = None, conn=None) -> bool:
    """Queue the first page of a topic for this caller; False when we must not text them.
    `request_key` (the CallSid and the place) makes a re-delivered key press queue nothing new."""
    if not can_text(line, address, conn=conn):
        return False
    key = line.identity.key(address)
    lang = line.library.get(lang_code)
    node = lang.node(node_id)
    if node is None:
        return False
    # "As you asked" goes before the topic's own first page (a text of its own when both do not
    # fit), so the pages stay the ones MORE continues from.
    sealed = line.identity.seal(bare_number(address))
    bodies = line.texting.first_reply(lang, node, lang.prompt("sms_text_me").text)
    queued = 0
    for n, body in enumerate(bodies):
        idem = f"{request_key}:{lang.code}:{node.id}:{n}" if request_key else None
        queued += line.store.queue_text(key, sealed, "sms", body, idempotency_key=idem, conn=conn)
    usage.outbox(line, "queued", lang.code, queued)
    # MORE by text then continues where this message stops.
    menu = node.id if node.children else (node.parent or "root")
    line.store.save_text_state(key, lang.code, node.id, 1, menu, conn=conn)
    return True


# -- talking to Twilio --------------------------------------------------------------------------
def make_client(config):
    """twilio-python's REST client for the worker. It and requests load in delivery/twilio_api.py,
    here only: the web process queues texts and never imports them (issue 23: a lean worker)."""
    from delivery import twilio_api

    return twilio_api.make_client(config)


def classify(exc: BaseException) -> tuple[str, str]:
    """("not_sent" | "unsure" | "permanent", reason). Unsure unless we know nothing went out."""
    import requests  # loaded already by the worker's client (make_client); the web process never is here

    if isinstance(exc, TwilioRestException):
        code = f"Twilio {exc.code or exc.status}"
        if exc.status == 429 or exc.status >= 500:
            return "not_sent", code
        if exc.code in PERMANENT or 400 <= exc.status < 500:
            return "permanent", f"{code}: {(exc.msg or '')[:80]}".strip()
        return "unsure", code
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "not_sent", "connect timeout"
    if isinstance(exc, requests.exceptions.ConnectionError) and _never_connected(exc):
        return "not_sent", "connection refused"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "unsure", "no answer in time"
    return "unsure", type(exc).__name__


def _never_connected(exc: BaseException) -> bool:
    """True when the connection failed before a byte of the request left (refused, DNS)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        name = type(exc).__name__
        if name in ("NewConnectionError", "NameResolutionError", "ConnectTimeoutError") or isinstance(
            exc, ConnectionRefusedError | socket.gaierror
        ):
            return True
        exc = getattr(exc, "reason", None) or exc.__cause__ or exc.__context__ or (exc.args[0] if exc.args else None)
        if not isinstance(exc, BaseException):
            return False
    return False


# -- the worker ---------------------------------------------------------------------------------
@dataclass
class Policy:
    lease_s: float = 120.0  # well over a request's timeout, so a live worker never loses its text
    backoff_base_s: float = 15.0
    backoff_cap_s: float = 3600.0
    give_up_after: timedelta = timedelta(hours=24)
    reconcile_after_s: float = 60.0  # Twilio's list may lag a fresh message by a little
    lookups: int = 2  # unsure texts are looked up this many times before being sent again
    batch: int = 50

    def backoff(self, attempts: int, rng: random.Random) -> float:
        """Exponential, with "equal jitter" so a crowd of retries spreads out."""
        step = min(self.backoff_cap_s, self.backoff_base_s * 2 ** max(attempts - 1, 0))
        return step / 2 + rng.uniform(0, step / 2)


@dataclass
class Pass:
    sent: int = 0
    retried: int = 0
    unsure: int = 0
    failed: int = 0
    skipped: int = 0
    reconciled: int = 0
    found: list[int] = field(default_factory=list)


class Worker:
    """Sends due texts. Many workers (processes, machines) may run at once: leases keep them apart."""

    def __init__(self, line, client, sender: str, status_callback_base: str = "", policy: Policy | None = None,
                 clock=now, owner: str | None = None, rng: random.Random | None = None):  # fmt: skip
        self.line, self.client, self.sender = line, client, sender
        self.status_callback_base = status_callback_base.rstrip("/")
        self.policy = policy or Policy()
        self.clock = clock
        self.owner = owner or f"{socket.gethostname()[:40]}:{os.getpid()}"
        self.rng = rng or random.Random()
        self._last_beat = -HEARTBEAT_S

    @property
    def store(self):
        return self.line.store

    def run_once(self) -> Pass:
        """Everything due now, once."""
        self._beat()
        # A STOP the webhooks spooled while the database was down is written before anything
        # is sent, so a text queued earlier never reaches someone who has since opted out.
        self.line.spool.settle(self.store)
        done = Pass()
        for text_id in self.store.due_texts(self.clock(), self.policy.batch):
            row = self.store.lease(text_id, self.owner, self.clock(), self.policy.lease_s)
            if row is not None:
                self._handle(row, done)
        return done

    def run(self, stop: Event, poll_s: float = 1.0, maintenance_s: float = 600.0) -> None:
        """Until `stop` is set (SIGTERM): each pass, then a short sleep; prune now and then."""
        last_maintenance = 0.0
        while not stop.is_set():
            try:
                if time.monotonic() - last_maintenance > maintenance_s:
                    pruned = self.store.prune_messages()
                    if pruned:
                        log.info("forgot %d MessageSids older than two days", pruned)
                    last_maintenance = time.monotonic()
                busy = self.run_once()
                if busy.sent or busy.retried or busy.failed or busy.unsure:
                    log.info("outbox pass: %s", _summary(busy))
            except Exception:
                log.exception("outbox pass failed; trying again shortly")
                stop.wait(5 * poll_s)
            stop.wait(poll_s)

    def _beat(self) -> None:
        """/readyz shows the last beat beside the oldest waiting text: texts waiting and no beat
        for minutes means no worker runs. A beat that cannot be written only waits for the next."""
        if time.monotonic() - self._last_beat < HEARTBEAT_S:
            return
        try:
            self.store.beat(self.owner)
            self._last_beat = time.monotonic()
        except Exception as exc:
            log.warning("outbox heartbeat not written (%s)", type(exc).__name__)

    def _settle(self, tid: int, status: str, counted: str | None = None, **values) -> None:
        """The text's new state (our lease ends); `counted`: the outcome the usage counts see."""
        self.store.settle(tid, self.owner, status, **values)
        if counted:
            usage.outbox(self.line, counted)

    # -- one text -----------------------------------------------------------------------------
    def _handle(self, row: dict, done: Pass) -> None:
        tid = row["id"]
        if self.line.spool.wish(row["person"]) or self.store.is_opted_out(row["person"]):
            self._settle(tid, "cancelled", reason="opted out", counted="opted_out")
            done.skipped += 1
            return
        if not row["sealed_to"]:
            self._settle(tid, "failed", reason="no address", counted="failed")
            done.failed += 1
            return
        to = self.line.identity.unseal(row["sealed_to"])
        if is_fictional(to):
            # The simulator page's pretend phones: shown in the outbox, never sent.
            self._settle(tid, "skipped", reason="fictional number", counted="fictional")
            done.skipped += 1
            return
        if row["unsure"] and self._reconcile(row, to, done):
            return
        if self.clock() - row["created_at"] > self.policy.give_up_after:
            self._settle(tid, "failed", reason="not sent within 24 hours", counted="failed")
            done.failed += 1
            return
        self._send(row, to, done)

    def _reconcile(self, row: dict, to: str, done: Pass) -> bool:
        """An earlier attempt may have reached Twilio. True when this settled the text (found it,
        or must look again later); False when the lookups say it never went: send it."""
        tid, started = row["id"], row["attempt_at"] or row["created_at"]
        if row["attempt_at"] is None and row["status"] == "sending" and row["attempts"] == 0:
            return False  # its worker died before it asked Twilio: nothing can have gone out
        wait = timedelta(seconds=self.policy.reconcile_after_s)
        if self.clock() < started + wait:
            self._settle(tid, "unsure", next_attempt_at=started + wait)
            return True
        try:
            sid = self._lookup(row, to, started)
        except Exception as exc:
            reason = classify(exc)[1]
            log.warning("outbox text %s: lookup failed (%s); looking again later", tid, reason)
            delay = self.policy.backoff(row["checks"] + 1, self.rng)
            self._settle(tid, "unsure", next_attempt_at=self.clock() + timedelta(seconds=delay))
            done.unsure += 1
            return True
        if sid:
            self._settle(tid, "sent", provider_id=sid, reason="found at Twilio", counted="sent")
            done.reconciled += 1
            done.found.append(tid)
            return True
        checks = row["checks"] + 1
        if checks < self.policy.lookups:
            later = self.clock() + wait * (2**checks)
            self._settle(tid, "unsure", checks=checks, next_attempt_at=later)
            done.unsure += 1
            return True
        log.info("outbox text %s: not found at Twilio after %d lookups; sending it", tid, checks)
        return False

    def _lookup(self, row: dict, to: str, started: datetime) -> str | None:
        """The SID of a message to this address with this body made since the attempt, if any."""
        address = f"whatsapp:{to}" if row["channel"] == "whatsapp" else to
        since = started - timedelta(minutes=5)
        for message in self.client.messages.list(to=address, limit=50):
            created = message.date_created
            if message.body == row["body"] and (created is None or created >= since):
                return message.sid
        return None

    def _send(self, row: dict, to: str, done: Pass) -> None:
        tid = row["id"]
        kwargs = self._message(row, to)
        if not self.store.begin_attempt(tid, self.owner, self.clock()):
            return  # the lease was lost (a very slow pass): its new holder decides
        try:
            message = self.client.messages.create(**kwargs)
        except Exception as exc:
            self._failed(row, exc, done)
            return
        self._settle(tid, "sent", provider_id=getattr(message, "sid", None), reason=None, counted="sent")
        done.sent += 1

    def _message(self, row: dict, to: str) -> dict:
        sender = self.sender
        if row["channel"] == "whatsapp":
            to, sender = f"whatsapp:{to}", f"whatsapp:{sender}"
        kwargs = {"to": to, "body": row["body"]}
        kwargs["messaging_service_sid" if sender.startswith("MG") else "from_"] = sender
        if row["media_url"]:
            kwargs["media_url"] = [row["media_url"]]
        if self.status_callback_base:
            kwargs["status_callback"] = f"{self.status_callback_base}/sms/status/{row['id']}"
        return kwargs

    def _failed(self, row: dict, exc: Exception, done: Pass) -> None:
        tid = row["id"]
        kind, reason = classify(exc)
        attempts = row["attempts"] + 1
        if kind == "permanent":
            log.warning("outbox text %s refused for good (%s)", tid, reason)
            self._settle(tid, "failed", reason=reason, counted="failed")
            if isinstance(exc, TwilioRestException) and exc.code == OPTED_OUT:
                self.store.set_opt_out(row["person"], True)  # Twilio knows they sent STOP
            done.failed += 1
        elif kind == "unsure":
            log.warning("outbox text %s: no clear answer (%s); it will be looked up, not resent", tid, reason)
            later = self.clock() + timedelta(seconds=self.policy.reconcile_after_s)
            self._settle(tid, "unsure", counted="unsure", reason=reason, next_attempt_at=later)
            done.unsure += 1
        elif self.clock() - row["created_at"] > self.policy.give_up_after:
            self._settle(tid, "failed", reason=f"not sent within 24 hours ({reason})", counted="failed")
            done.failed += 1
        else:
            delay = self.policy.backoff(attempts, self.rng)
            log.warning("outbox text %s not sent (%s); trying again in %.0f s", tid, reason, delay)
            later = self.clock() + timedelta(seconds=delay)
            self._settle(tid, "queued", counted="retry", reason=reason, next_attempt_at=later)
            done.retried += 1


def _summary(done: Pass) -> str:
    return ", ".join(f"{k}={v}" for k, v in vars(done).items() if isinstance(v, int) and v)


def worker_for(app, client=None) -> Worker:
    """The worker for this app's settings (TWILIO_ACCOUNT_SID, TWILIO_FROM_NUMBER, ...)."""
    config = app.config
    missing = [n for n in ("TWILIO_ACCOUNT_SID", "TWILIO_FROM_NUMBER") if not config[n]]
    if missing and client is None:
        raise SystemExit(
            "The outbox worker needs " + " and ".join(missing) + " to send texts (see the README's settings table)."
        )
    return Worker(
        app.extensions["line"],
        client or make_client(config),
        config["TWILIO_FROM_NUMBER"],
        status_callback_base=config["PUBLIC_BASE_URL"],
    )
