"""Texts the line sends on its own ("text me this"): queued in the database, sent off the call.

A caller's request never waits for Twilio's REST API: the call adds a row and goes on; a
background sender delivers it when TWILIO_ACCOUNT_SID and the token are set. Without them
the row stays queued, where the simulator shows it.
"""

from __future__ import annotations

import logging
import threading

import usage
from flows.identity import bare_number, is_fictional, is_phone_number

log = logging.getLogger(__name__)
POLL_SECONDS = 1.0
MAX_ATTEMPTS = 3


def can_text(line, address: str) -> bool:
    """Whether "text me this" can reach this phone: a number (not hidden) that has not opted out,
    and not a pretend 555-01xx one unless the simulator page shows those. The voice line offers
    it only then."""
    if not is_phone_number(address) or (is_fictional(address) and not line.pretend_phones):
        return False
    return not line.store.is_opted_out(line.identity.key(address))


def queue_topic(line, address: str, lang_code: str, node_id: str) -> bool:
    """Queue the first page of a topic for this caller; False when we must not text them."""
    if not can_text(line, address):
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
    for body in bodies:
        line.store.queue_text(key, sealed, "sms", body)
    usage.outbox(line, "queued", lang.code, len(bodies))
    # MORE by text then continues where this message stops.
    line.store.save_text_state(key, lang.code, node.id, 1, node.id if node.children else (node.parent or "root"))
    return True


def send_pending(line, client, sender: str) -> int:
    """Send what is queued; re-checks opt-outs at send time. Returns how many were sent."""
    sent = 0
    for row in line.store.pending_texts():
        if not line.store.claim_text(row["id"]):
            continue  # another worker is sending it
        if line.store.is_opted_out(row["person"]):
            line.store.mark_text(row["id"], "skipped", "opted out")
            usage.outbox(line, "opted_out")
            continue
        to = line.identity.unseal(row["sealed_to"])
        if is_fictional(to):
            # The simulator page's pretend phones: shown in the outbox, never sent.
            line.store.mark_text(row["id"], "skipped", "fictional number")
            usage.outbox(line, "fictional")
            continue
        if row["channel"] == "whatsapp":
            to, sender_for = f"whatsapp:{to}", f"whatsapp:{sender}"
        else:
            sender_for = sender
        kwargs = {"to": to, "body": row["body"]}
        kwargs["messaging_service_sid" if sender_for.startswith("MG") else "from_"] = sender_for
        if row["media_url"]:
            kwargs["media_url"] = [row["media_url"]]
        try:
            message = client.messages.create(**kwargs)
        except Exception as exc:
            failed = row["attempts"] + 1 >= MAX_ATTEMPTS
            line.store.mark_text(row["id"], "failed" if failed else "queued", type(exc).__name__)
            usage.outbox(line, "failed" if failed else "retry")
            log.warning("outbox text %s not sent (%s)", row["id"], type(exc).__name__)
            continue
        line.store.mark_text(row["id"], "sent", provider_id=getattr(message, "sid", None))
        usage.outbox(line, "sent")
        sent += 1
    return sent


def start_sender(app) -> Sender | None:
    """Start background delivery when Twilio credentials and a sender are configured."""
    config = app.config
    if config.get("TESTING") or not (config["TWILIO_ACCOUNT_SID"] and config["TWILIO_FROM_NUMBER"]):
        log.debug("outbox: no TWILIO_ACCOUNT_SID/TWILIO_FROM_NUMBER, texts stay queued (the simulator shows them)")
        return None
    from twilio.rest import Client

    client = Client(config["TWILIO_ACCOUNT_SID"], config["TWILIO_AUTH_TOKEN"])
    sender = Sender(app.extensions["line"], client, config["TWILIO_FROM_NUMBER"])
    sender.start()
    return sender


class Sender(threading.Thread):
    """Background delivery; one per process. claim_text() keeps workers from sending twice."""

    def __init__(self, line, client, sender: str):
        super().__init__(name="outbox-sender", daemon=True)
        self.line, self.client, self.sender = line, client, sender
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(POLL_SECONDS):
            try:
                send_pending(self.line, self.client, self.sender)
            except Exception:
                log.exception("outbox sender pass failed")
