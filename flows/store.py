"""What the line remembers, through SQLAlchemy: SQLite by default, PostgreSQL by DATABASE_URL.

People are keyed by an HMAC of their number (flows/identity.py); no raw number or message
body is ever stored. The outbox keeps the destination sealed (encrypted) until it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

metadata = MetaData()

people = Table(
    "people",
    metadata,
    Column("key", String(64), primary_key=True),  # HMAC of the number
    Column("voice_language", String(8)),
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
    Column("reply", Text, nullable=False),  # our reply (TwiML), resent as-is on a retry
    Column("created_at", DateTime(timezone=True), nullable=False),
)

calls = Table(
    "calls",
    metadata,
    Column("call_sid", String(64), primary_key=True),
    Column("language", String(8)),
    Column("furthest_node", String(120)),  # deepest topic reached
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
    Column("person", String(64), nullable=False),
    Column("sealed_to", Text),  # encrypted address, erased once sent or skipped
    Column("channel", String(12), nullable=False),  # sms or whatsapp
    Column("body", Text, nullable=False),  # our words (a topic), never the person's
    Column("media_url", Text),
    Column("status", String(12), nullable=False),  # queued, sending, sent, skipped, failed
    Column("reason", String(120)),
    Column("attempts", Integer, nullable=False, default=0),
    Column("provider_id", String(64)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
)


def now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything here is stored in UTC.
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


@dataclass(frozen=True)
class TextState:
    language: str | None
    node: str | None
    page: int
    menu: str | None
    opted_out: bool


class Store:
    def __init__(self, url: str):
        kwargs = {"connect_args": {"check_same_thread": False, "timeout": 15}} if url.startswith("sqlite") else {}
        self.engine = create_engine(url, future=True, pool_pre_ping=True, **kwargs)

    def create_schema(self) -> None:
        metadata.create_all(self.engine)

    # -- people ----------------------------------------------------------------------------
    def _upsert_person(self, conn, key: str, **values) -> None:
        found = conn.execute(update(people).where(people.c.key == key).values(**values)).rowcount
        if not found:
            try:
                with conn.begin_nested():
                    conn.execute(insert(people).values(key=key, **values))
            except IntegrityError:  # another worker inserted it first
                conn.execute(update(people).where(people.c.key == key).values(**values))

    def voice_language(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(people.c.voice_language).where(people.c.key == key)).scalar()

    def remember_voice_language(self, key: str, code: str) -> None:
        with self.engine.begin() as conn:
            self._upsert_person(conn, key, voice_language=code)

    def text_state(self, key: str, ttl: timedelta) -> TextState:
        """A texter's place and language; forgotten after `ttl` of quiet (opt-outs never are)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(people).where(people.c.key == key)).mappings().first()
        if row is None:
            return TextState(None, None, 0, None, False)
        seen = _aware(row["sms_seen_at"])
        if seen is None or now() - seen > ttl:
            return TextState(None, None, 0, None, bool(row["opted_out"]))
        return TextState(row["sms_language"], row["sms_node"], row["sms_page"] or 0, row["sms_menu"], row["opted_out"])

    def save_text_state(self, key: str, language: str, node: str | None, page: int, menu: str | None) -> None:
        with self.engine.begin() as conn:
            self._upsert_person(
                conn, key, sms_language=language, sms_node=node, sms_page=page, sms_menu=menu, sms_seen_at=now()
            )

    def set_opt_out(self, key: str, opted_out: bool) -> None:
        with self.engine.begin() as conn:
            self._upsert_person(conn, key, opted_out=opted_out, opted_out_at=now() if opted_out else None)

    def is_opted_out(self, key: str) -> bool:
        with self.engine.connect() as conn:
            return bool(conn.execute(select(people.c.opted_out).where(people.c.key == key)).scalar())

    # -- message de-duplication ------------------------------------------------------------
    # A MessageSid is claimed (a row with an empty reply) before the message is handled, so a
    # retry racing the first request cannot advance MORE a second time: only one insert wins.
    PENDING = ""

    def claim_message(self, message_sid: str) -> bool:
        """True for the first request with this MessageSid; False for a retry (answered or not yet)."""
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(messages_seen).values(message_sid=message_sid, reply=self.PENDING, created_at=now())
                )
            return True
        except IntegrityError:
            return False

    def finish_message(self, message_sid: str, reply: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(messages_seen).where(messages_seen.c.message_sid == message_sid).values(reply=reply))

    def release_message(self, message_sid: str) -> None:
        """Handling failed: forget the claim, so Twilio's retry is handled afresh."""
        with self.engine.begin() as conn:
            conn.execute(
                delete(messages_seen).where(
                    messages_seen.c.message_sid == message_sid, messages_seen.c.reply == self.PENDING
                )
            )

    def reply_for(self, message_sid: str) -> str | None:
        """The reply sent for this MessageSid; "" while its first request is still working; None if unseen."""
        with self.engine.connect() as conn:
            return conn.execute(
                select(messages_seen.c.reply).where(messages_seen.c.message_sid == message_sid)
            ).scalar()

    # -- calls -----------------------------------------------------------------------------
    def note_call(self, call_sid: str, language: str | None, node: str | None, depth: int) -> None:
        """One more step of a call; keeps the deepest topic reached. Safe to repeat."""
        with self.engine.begin() as conn:
            row = conn.execute(select(calls).where(calls.c.call_sid == call_sid)).mappings().first()
            if row is None:
                try:
                    with conn.begin_nested():
                        conn.execute(
                            insert(calls).values(
                                call_sid=call_sid, language=language, furthest_node=node, steps=1, started_at=now()
                            )
                        )
                    return
                except IntegrityError:
                    row = conn.execute(select(calls).where(calls.c.call_sid == call_sid)).mappings().first()
            values = {"steps": (row["steps"] or 0) + 1}
            if language:
                values["language"] = language
            if node and depth >= _depth(row["furthest_node"]):
                values["furthest_node"] = node
            conn.execute(update(calls).where(calls.c.call_sid == call_sid).values(**values))

    def finish_call(self, call_sid: str, status: str, duration_s: int | None) -> None:
        """From the status callback; repeating it changes nothing."""
        with self.engine.begin() as conn:
            values = {"status": status, "duration_s": duration_s, "ended_at": now()}
            if not conn.execute(update(calls).where(calls.c.call_sid == call_sid).values(**values)).rowcount:
                try:
                    with conn.begin_nested():
                        conn.execute(insert(calls).values(call_sid=call_sid, steps=0, **values))
                except IntegrityError:
                    conn.execute(update(calls).where(calls.c.call_sid == call_sid).values(**values))

    def call(self, call_sid: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(calls).where(calls.c.call_sid == call_sid)).mappings().first()
            return dict(row) if row else None

    # -- outbox ----------------------------------------------------------------------------
    def queue_text(self, person: str, sealed_to: str, channel: str, body: str, media_url: str | None = None) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(outbox).values(
                    person=person,
                    sealed_to=sealed_to,
                    channel=channel,
                    body=body,
                    media_url=media_url,
                    status="queued",
                    attempts=0,
                    created_at=now(),
                )
            )
            return int(result.inserted_primary_key[0])

    def pending_texts(self, limit: int = 20) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(outbox).where(outbox.c.status == "queued").order_by(outbox.c.id).limit(limit)
            ).mappings()
            return [dict(r) for r in rows]

    def claim_text(self, text_id: int) -> bool:
        """Take a queued text for sending; False if another worker already took it."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(outbox).where(outbox.c.id == text_id, outbox.c.status == "queued").values(status="sending")
            )
            return result.rowcount == 1

    def mark_text(self, text_id: int, status: str, reason: str | None = None, provider_id: str | None = None) -> None:
        values = {"status": status, "reason": reason, "attempts": outbox.c.attempts + 1}
        if status in ("sent", "skipped"):
            values |= {"sealed_to": None, "sent_at": now(), "provider_id": provider_id}
        with self.engine.begin() as conn:
            conn.execute(update(outbox).where(outbox.c.id == text_id).values(**values))

    def texts(self, limit: int = 50) -> list[dict]:
        """The newest outbox rows, for the simulator and tests (no addresses)."""
        with self.engine.connect() as conn:
            query = (
                select(
                    outbox.c.id,
                    outbox.c.channel,
                    outbox.c.body,
                    outbox.c.media_url,
                    outbox.c.status,
                    outbox.c.reason,
                    outbox.c.created_at,
                    outbox.c.person,
                )
                .order_by(outbox.c.id.desc())
                .limit(limit)
            )
            return [dict(r) for r in conn.execute(query).mappings()]


def _depth(node_id: str | None) -> int:
    return 0 if not node_id or node_id == "root" else node_id.count(".") + 1
