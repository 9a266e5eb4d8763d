"""What the line remembers. People are keyed by an HMAC of their number (flows/identity.py);
no raw number or message body is ever stored. The outbox keeps the destination sealed
(encrypted) until the text is sent, and erases it then.

These definitions are the schema at the newest migration; change them only together with a
new revision in database/migrations/versions/.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, Text

from database import metadata

people = Table(
    "people",
    metadata,
    Column("key", String(64), primary_key=True),  # HMAC of the number
    Column("voice_language", String(8)),
    Column("voice_seen_at", DateTime(timezone=True)),  # last call: the language is forgotten after quiet
    Column("voice_pace", String(8)),  # "slow" when the caller asked for it (audio.options.PACES)
    Column("voice_node", String(120)),  # the topic and part last heard: the next call offers to go on
    Column("voice_part", Integer),
    Column("sms_language", String(8)),
    Column("sms_node", String(120)),  # topic being read (MORE continues it)
    Column("sms_page", Integer, nullable=False, default=0),
    Column("sms_menu", String(120)),  # last menu shown (numbers pick from it)
    Column("sms_seen_at", DateTime(timezone=True)),
    Column("opted_out", Boolean, nullable=False, default=False),
    Column("opted_out_at", DateTime(timezone=True)),
)

messages_seen = Table(
    "messages_seen",
    metadata,
    Column("message_sid", String(64), primary_key=True),
    # Our reply (TwiML), written in the same transaction as the texter's new place, so a
    # retried MessageSid gets the same reply and never moves MORE twice.
    Column("reply", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),  # pruned after two days
)

calls = Table(
    "calls",
    metadata,
    Column("call_sid", String(64), primary_key=True),
    Column("language", String(8)),
    Column("furthest_node", String(120)),  # deepest topic reached
    Column("heard", Text),  # topics whose parts were heard, "|"-joined in order (the recap text)
    Column("recap", String(8)),  # the language of the recap text the caller said yes to
    Column("steps", Integer, nullable=False, default=0),
    Column("status", String(20)),
    Column("duration_s", Integer),
    Column("started_at", DateTime(timezone=True)),
    Column("ended_at", DateTime(timezone=True)),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person", String(64), nullable=False, index=True),
    Column("sealed_to", Text),  # encrypted address, erased once sent, skipped, failed or cancelled
    Column("channel", String(12), nullable=False),  # sms or whatsapp
    Column("body", Text, nullable=False),  # our words (a topic), never the person's
    Column("media_url", Text),
    # queued -> sending (leased) -> sent | unsure (reconciled) | queued (retry) | failed;
    # also skipped (fictional number, opted out at send time) and cancelled (STOP).
    Column("status", String(12), nullable=False),
    Column("reason", String(120)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("provider_id", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    # One text per request: "call:<CallSid>:<lang>:<node>:<n>" for a caller's key 2.
    Column("idempotency_key", String(200)),
    Column("next_attempt_at", DateTime(timezone=True)),  # not before (backoff, reconcile delay)
    Column("lease_owner", String(64)),  # which worker holds it while status is "sending"
    Column("lease_until", DateTime(timezone=True)),  # after this, another worker may take it
    Column("attempt_at", DateTime(timezone=True)),  # when the last request to Twilio started
    Column("checks", Integer, nullable=False, default=0, server_default="0"),  # lookups of an unsure text
    Column("provider_status", String(20)),  # from Twilio's status callback (delivered, ...)
    Index("ix_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    Index("uq_outbox_idempotency_key", "idempotency_key", unique=True),
)

# Who a person writes or calls about ("my mom", "mi esposo"), so the line speaks to them as family
# (issue #22): one category word (understanding/relations.py: mom, dad, husband, ...), never their
# words. Keyed like people, by the HMAC of the number; forgotten after SMS_STATE_TTL_HOURS of quiet.
relations = Table(
    "relations",
    metadata,
    Column("key", String(64), primary_key=True),  # HMAC of the number
    Column("relation", String(16), nullable=False),
    Column("said_at", DateTime(timezone=True), nullable=False),
)

# The outbox workers' heartbeats: /readyz tells when texts wait and no worker has run lately.
outbox_workers = Table(
    "outbox_workers",
    metadata,
    Column("owner", String(64), primary_key=True),  # host:pid, as in outbox.lease_owner
    Column("beat_at", DateTime(timezone=True), nullable=False),
)

# The simulator page's pretend phones (fictional 555-01xx numbers only): every worker process
# serves any page. `state` is the phone's call in progress as JSON (simulator/sessions.py).
simulator_devices = Table(
    "simulator_devices",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("number", String(16), nullable=False, unique=True),
    Column("state", Text, nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False, index=True),
)
