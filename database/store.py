"""What the line remembers, through SQLAlchemy: SQLite by default, PostgreSQL by DATABASE_URL.

The tables are in database/tables.py (on the shared `database.metadata`); migrations in
database/migrations/. People are keyed by an HMAC of their number (flows/identity.py); no raw
number or message body is ever stored.

A webhook does its writes in one transaction: pass `conn` from `store.writing()` to each
method, or leave it out for a transaction of the method's own (through `writing()` too: every
transaction of the store starts there).

Every statement runs through SQLAlchemy Core (`connection.execute`). The ones a webhook runs on
every request are built once, here at module level, with bind parameters: SQLAlchemy then finds
each one's compiled form in its statement cache instead of building and compiling it again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import Connection, and_, bindparam, case, delete, func, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from database import schema
from database.engine import made_anew, make_engine, reading, sqlite_file, writer_turn
from database.tables import calls, messages_seen, outbox, outbox_workers, people, relations

log = logging.getLogger(__name__)
__all__ = ["Store", "TextState", "calls", "messages_seen", "now", "outbox", "people", "relations"]

# Texts that may still go out (a STOP cancels these).
WAITING = ("queued", "unsure")
# INSERT ... ON CONFLICT is each backend's own construct (the same SQL on both).
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything here is stored in UTC.
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _forgotten(seen: datetime | None, ttl: timedelta) -> bool:
    """A caller's language and a texter's place are forgotten after `ttl` without contact."""
    return seen is None or now() - aware(seen) > ttl


@dataclass(frozen=True)
class TextState:
    language: str | None
    node: str | None
    page: int
    menu: str | None
    opted_out: bool


@dataclass(frozen=True)
class VoiceMemory:
    """A caller as the line remembers them (all None: a new caller, or forgotten)."""

    language: str | None = None
    pace: str | None = None
    node: str | None = None  # topic last heard
    part: int | None = None


# -- the webhooks' statements, built once ---------------------------------------------------
_TEXT_STATE_Q = select(
    people.c.sms_language,
    people.c.sms_node,
    people.c.sms_page,
    people.c.sms_menu,
    people.c.sms_seen_at,
    people.c.opted_out,
).where(people.c.key == bindparam("key"))
_VOICE_MEMORY_Q = select(
    people.c.voice_language,
    people.c.voice_seen_at,
    people.c.voice_pace,
    people.c.voice_node,
    people.c.voice_part,
).where(people.c.key == bindparam("key"))
_OPTED_OUT_Q = select(people.c.opted_out).where(people.c.key == bindparam("key"))
_RELATION_Q = select(relations.c.relation, relations.c.said_at).where(relations.c.key == bindparam("key"))
_REPLY_Q = select(messages_seen.c.reply).where(messages_seen.c.message_sid == bindparam("sid"))


def _answer(insert):
    """Record a MessageSid's reply unless one is there. RETURNING says whether a row was written
    (psycopg reports no rowcount for an upsert). An empty reply is a claim left by the old
    two-step handling: it is answered now."""
    stmt = insert(messages_seen).values(
        message_sid=bindparam("sid"), reply=bindparam("reply"), created_at=bindparam("at")
    )
    return stmt.on_conflict_do_update(
        index_elements=[messages_seen.c.message_sid],
        set_={"reply": stmt.excluded.reply, "created_at": stmt.excluded.created_at},
        where=messages_seen.c.reply == "",
    ).returning(messages_seen.c.message_sid)


def _note_call(insert):
    """One more step of a call, keeping the deepest topic reached."""
    stmt = insert(calls).values(
        call_sid=bindparam("sid"),
        language=bindparam("language"),
        furthest_node=bindparam("node"),
        steps=1,
        started_at=bindparam("at"),
    )
    stored, reached = calls.c.furthest_node, stmt.excluded.furthest_node
    deeper = and_(
        reached.is_not(None),
        reached != "root",
        or_(stored.is_(None), stored == "root", _sql_depth(stored) <= bindparam("depth")),
    )
    return stmt.on_conflict_do_update(
        index_elements=[calls.c.call_sid],
        set_={
            "steps": calls.c.steps + 1,
            "language": func.coalesce(stmt.excluded.language, calls.c.language),
            "furthest_node": case((deeper, reached), else_=stored),
        },
    )


@cache
def _person_upsert(backend: str, columns: tuple[str, ...]):
    """Write these columns of a person, adding the row if it is new: one statement per set of
    columns (the store writes five sets), built the first time and kept."""
    defaults = {"sms_page": 0, "opted_out": False}
    insert = _INSERTS[backend](people).values(
        key=bindparam("key"),
        **{c: bindparam(c) for c in columns},
        **{k: v for k, v in defaults.items() if k not in columns},
    )
    return insert.on_conflict_do_update(index_elements=[people.c.key], set_={c: insert.excluded[c] for c in columns})


def _remember_relation(insert):
    """Who a person asks about (issue #22): the category and when it was last named or used."""
    stmt = insert(relations).values(key=bindparam("key"), relation=bindparam("relation"), said_at=bindparam("at"))
    return stmt.on_conflict_do_update(
        index_elements=[relations.c.key],
        set_={"relation": stmt.excluded.relation, "said_at": stmt.excluded.said_at},
    )


def _sql_depth(column):
    """A topic id's depth in SQL ("cure" 1, "spread.bones" 2): its dots plus one."""
    return func.length(column) - func.length(func.replace(column, ".", "")) + 1


_ANSWER = {backend: _answer(insert) for backend, insert in _INSERTS.items()}
_REMEMBER_RELATION = {backend: _remember_relation(insert) for backend, insert in _INSERTS.items()}
_NOTE_CALL = {backend: _note_call(insert) for backend, insert in _INSERTS.items()}


class Store:
    def __init__(self, url: str):
        self.engine = make_engine(url)
        self._backend = "postgresql" if self.engine.dialect.name == "postgresql" else "sqlite"
        self._insert = _INSERTS[self._backend]
        self._answer = _ANSWER[self._backend]
        self._note_call = _NOTE_CALL[self._backend]
        self._file = sqlite_file(self.engine)
        self._remaking = threading.Lock()

    # -- schema ----------------------------------------------------------------------------
    def schema_status(self) -> schema.Status:
        return schema.status(self.engine)

    def upgrade(self) -> schema.Status:
        return schema.upgrade(self.engine)

    def downgrade(self) -> schema.Status:
        """One migration back (raises schema.SchemaError with the reason when it cannot)."""
        return schema.downgrade(self.engine)

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One transaction for a webhook's writes: all of them happen, or none. The connection
        comes from the engine's pool and goes back to it (on PostgreSQL the pool's pre-ping finds
        a connection the server dropped before a webhook uses it; on SQLite a pooled connection
        whose file was deleted or replaced is dropped at checkout, database/engine.py)."""
        with self.engine.connect() as conn:
            self._remake_if_deleted()  # after the checkout, which finds a deleted file
            with writer_turn(self.engine), conn.begin():  # the turn only around the transaction
                yield conn

    def dispose(self) -> None:
        """Closes every connection (before a fork, or when done with this store)."""
        self.engine.dispose()

    def after_fork(self) -> None:
        """In a freshly forked process: forget the parent's connections without closing them (they
        are the parent's to close), as SQLAlchemy's pooling guide says for multiprocessing."""
        self.engine.dispose(close=False)

    @contextmanager
    def _tx(self, conn: Connection | None) -> Iterator[Connection]:
        if conn is not None:
            yield conn
        else:
            with self.writing() as own:
                yield own

    @contextmanager
    def _read(self, conn: Connection | None) -> Iterator[Connection]:
        """A read inside the webhook's transaction when it has one, else on a connection of its own."""
        if conn is not None:
            yield conn
        else:
            with self.reading() as own:
                yield own

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        # No transaction: one SELECT needs no BEGIN and ROLLBACK around it.
        with reading(self.engine) as conn:
            self._remake_if_deleted()
            yield conn

    def _remake_if_deleted(self) -> None:
        """A deleted SQLite file comes back as an empty one at the next connection (SQLite makes
        it); migrate it at once, as `flask db upgrade` would, so the line writes again without a
        restart, and say so: what the old file held is gone (restore a backup to get it back)."""
        anew = made_anew(self.engine)
        if anew is None or not anew.is_set():
            return
        with self._remaking:
            if not anew.is_set():
                return
            anew.clear()
            log.error(
                "the SQLite file %s was deleted while the line ran: made a fresh database at the newest migration "
                "(places, language choices and opt-outs it held are gone; restore a backup with flask db restore)",
                self._file,
            )
            try:
                schema.upgrade(self.engine)
            except Exception:
                anew.set()  # tried again by the next transaction
                raise

    def ping(self) -> None:
        with self.reading() as conn:
            conn.execute(select(func.count()).select_from(people).limit(1))

    # -- people ----------------------------------------------------------------------------
    def _upsert_person(self, conn: Connection, key: str, **values) -> None:
        conn.execute(_person_upsert(self._backend, tuple(sorted(values))), {"key": key, **values})

    def voice_language(self, key: str, ttl: timedelta, conn: Connection | None = None) -> str | None:
        """A caller's language, forgotten after `ttl` without a call (a shared family phone is
        not held in one language for ever), as a texter's place is."""
        return self.voice_memory(key, ttl, conn).language

    def voice_memory(self, key: str, ttl: timedelta, conn: Connection | None = None) -> VoiceMemory:
        """What the line keeps of a caller for their next call - language, pace, the topic and
        part last heard - all forgotten together after `ttl` without a call."""
        with self._read(conn) as reader:
            row = reader.execute(_VOICE_MEMORY_Q, {"key": key}).first()
        if row is None:
            return VoiceMemory()
        language, seen, pace, node, part = row
        if _forgotten(seen, ttl):
            return VoiceMemory()
        return VoiceMemory(language, pace, node, part)

    def remember_voice_pace(self, key: str, pace: str, conn: Connection | None = None) -> None:
        """The pace the caller chose ("slow" or "normal") for their next call."""
        with self._tx(conn) as tx:
            self._upsert_person(tx, key, voice_pace=pace)

    def remember_voice_place(self, key: str, code: str, node: str, part: int, conn: Connection | None = None) -> None:
        """The part a caller last heard, in the language they heard it in: the next call within
        the quiet period offers to go on there (and is in that language)."""
        with self._tx(conn) as tx:
            self._upsert_person(tx, key, voice_language=code, voice_node=node, voice_part=part, voice_seen_at=now())

    def remember_voice_language(self, key: str, code: str, conn: Connection | None = None) -> None:
        """The language a call used; each call that uses it starts the quiet period again."""
        with self._tx(conn) as tx:
            self._upsert_person(tx, key, voice_language=code, voice_seen_at=now())

    def text_state(self, key: str, ttl: timedelta, conn: Connection | None = None) -> TextState:
        """A texter's place and language; forgotten after `ttl` of quiet (opt-outs never are)."""
        with self._read(conn) as reader:
            row = reader.execute(_TEXT_STATE_Q, {"key": key}).first()
        if row is None:
            return TextState(None, None, 0, None, False)
        language, node, page, menu, seen, opted_out = row
        if _forgotten(seen, ttl):
            return TextState(None, None, 0, None, bool(opted_out))
        return TextState(language, node, page or 0, menu, bool(opted_out))

    def save_text_state(
        self, key: str, language: str, node: str | None, page: int, menu: str | None, conn: Connection | None = None
    ) -> None:
        with self._tx(conn) as tx:
            self._upsert_person(
                tx, key, sms_language=language, sms_node=node, sms_page=page, sms_menu=menu, sms_seen_at=now()
            )

    def set_opt_out(self, key: str, opted_out: bool, conn: Connection | None = None) -> None:
        """STOP (or Twilio's 21610) also cancels every text still waiting for this person."""
        with self._tx(conn) as tx:
            self._upsert_person(tx, key, opted_out=opted_out, opted_out_at=now() if opted_out else None)
            if opted_out:
                tx.execute(
                    update(outbox)
                    .where(outbox.c.person == key, outbox.c.status.in_(WAITING))
                    .values(status="cancelled", reason="opted out", sealed_to=None, lease_owner=None)
                )

    def is_opted_out(self, key: str, conn: Connection | None = None) -> bool:
        with self._read(conn) as reader:
            return bool(reader.execute(_OPTED_OUT_Q, {"key": key}).scalar())

    # -- who a person asks about (issue #22) ------------------------------------------------
    def relation(self, key: str, ttl: timedelta, conn: Connection | None = None) -> str | None:
        """Who this person last said they ask about (a category: "mom", "husband", ...), forgotten
        after `ttl` without naming or using it, as a texter's place is."""
        with self._read(conn) as reader:
            row = reader.execute(_RELATION_Q, {"key": key}).first()
        if row is None or _forgotten(row[1], ttl):
            return None
        return row[0]

    def remember_relation(self, key: str, relation: str, conn: Connection | None = None) -> None:
        """Keep the category (never the words that named it); each use starts the quiet period again."""
        with self._tx(conn) as tx:
            tx.execute(_REMEMBER_RELATION[self._backend], {"key": key, "relation": relation, "at": now()})

    # -- message de-duplication ------------------------------------------------------------
    def answer_message(
        self, message_sid: str, reply: str, write=None, conn: Connection | None = None
    ) -> tuple[str, bool]:
        """Record our reply to a MessageSid and, in the same transaction, what it changed
        (`write(conn)`: the texter's place, an opt-out). The first answer to commit wins: a
        retry (or a request racing it) gets the winner's reply, and the transaction (`conn`'s
        too) is rolled back. Returns (the reply to send, whether ours won)."""
        with self._tx(conn) as tx:
            won = tx.execute(self._answer, {"sid": message_sid, "reply": reply, "at": now()}).first()
            if won is not None:
                if write is not None:
                    write(tx)
                return reply, True
            earlier = tx.execute(_REPLY_Q, {"sid": message_sid}).scalar()
            tx.rollback()
            return earlier or reply, False

    def reply_for(self, message_sid: str) -> str | None:
        """The reply sent for this MessageSid, or None if unseen."""
        with self.reading() as conn:
            return conn.execute(_REPLY_Q, {"sid": message_sid}).scalar()

    def prune_messages(self, older_than: timedelta = timedelta(days=2)) -> int:
        """Twilio retries within minutes: MessageSids older than this are forgotten."""
        with self.writing() as conn:
            return conn.execute(delete(messages_seen).where(messages_seen.c.created_at < now() - older_than)).rowcount

    # -- calls -----------------------------------------------------------------------------
    def note_call(
        self, call_sid: str, language: str | None, node: str | None, depth: int, conn: Connection | None = None
    ) -> None:
        """One more step of a call; keeps the deepest topic reached. Safe to repeat. One statement,
        built once (a call makes many steps, and each is a webhook waiting on it)."""
        values = {"sid": call_sid, "language": language, "node": node, "depth": depth, "at": now()}
        with self._tx(conn) as tx:
            tx.execute(self._note_call, values)

    def note_heard(self, call_sid: str, node: str, conn: Connection | None = None) -> None:
        """A topic whose part this call heard, once, in order (what a recap text lists)."""
        with self._tx(conn) as tx:
            heard = tx.execute(select(calls.c.heard).where(calls.c.call_sid == call_sid)).scalar()
            topics = heard.split("|") if heard else []
            if node in topics:
                return
            value = "|".join([*topics, node])
            stmt = self._insert(calls).values(call_sid=call_sid, steps=0, started_at=now(), heard=value)
            tx.execute(stmt.on_conflict_do_update(index_elements=[calls.c.call_sid], set_={"heard": value}))

    def want_recap(self, call_sid: str, language: str, conn: Connection | None = None) -> None:
        """The caller said yes to a recap text in this language (sent once the call ends)."""
        with self._tx(conn) as tx:
            stmt = self._insert(calls).values(call_sid=call_sid, steps=0, started_at=now(), recap=language)
            tx.execute(stmt.on_conflict_do_update(index_elements=[calls.c.call_sid], set_={"recap": language}))

    def recap(self, call_sid: str, conn: Connection | None = None) -> tuple[str | None, list[str]]:
        """(language of the recap the caller asked for or None, the topics the call heard)."""
        with self._read(conn) as reader:
            row = reader.execute(select(calls.c.recap, calls.c.heard).where(calls.c.call_sid == call_sid)).first()
        if row is None:
            return None, []
        return row[0], (row[1].split("|") if row[1] else [])

    def finish_call(self, call_sid: str, status: str, duration_s: int | None) -> None:
        """From the status callback; repeating it changes nothing."""
        values = {"status": status, "duration_s": duration_s, "ended_at": now()}
        with self.writing() as conn:
            stmt = self._insert(calls).values(call_sid=call_sid, steps=0, **values)
            conn.execute(stmt.on_conflict_do_update(index_elements=[calls.c.call_sid], set_=values))

    def call(self, call_sid: str) -> dict | None:
        with self.reading() as conn:
            row = conn.execute(select(calls).where(calls.c.call_sid == call_sid)).mappings().first()
            return dict(row) if row else None

    # -- outbox: queueing (webhooks) -------------------------------------------------------
    def queue_text(
        self,
        person: str,
        sealed_to: str,
        channel: str,
        body: str,
        media_url: str | None = None,
        idempotency_key: str | None = None,
        conn: Connection | None = None,
    ) -> bool:
        """Queue a text; False when a text with this idempotency key is already queued."""
        stamp = now()
        values = {
            "person": person,
            "sealed_to": sealed_to,
            "channel": channel,
            "body": body,
            "media_url": media_url,
            "status": "queued",
            "attempts": 0,
            "checks": 0,
            "created_at": stamp,
            "next_attempt_at": stamp,
            "idempotency_key": idempotency_key,
        }
        with self._tx(conn) as tx:
            stmt = self._insert(outbox).values(**values)
            if idempotency_key:
                stmt = stmt.on_conflict_do_nothing(index_elements=[outbox.c.idempotency_key])
            return tx.execute(stmt.returning(outbox.c.id)).first() is not None

    def texts(self, limit: int = 50) -> list[dict]:
        """The newest outbox rows, for the simulator and tests (no addresses)."""
        with self.reading() as conn:
            query = (
                select(
                    outbox.c.id,
                    outbox.c.channel,
                    outbox.c.body,
                    outbox.c.media_url,
                    outbox.c.status,
                    outbox.c.reason,
                    outbox.c.attempts,
                    outbox.c.provider_id,
                    outbox.c.created_at,
                    outbox.c.person,
                )
                .order_by(outbox.c.id.desc())
                .limit(limit)
            )
            return [dict(r) for r in conn.execute(query).mappings()]

    # -- outbox: sending (the worker, delivery/outbox.py) ---------------------------------------
    def due_texts(self, at: datetime, limit: int = 50) -> list[int]:
        """Ids of texts a worker may take now: queued or unsure and due, or leased and expired."""
        with self.reading() as conn:
            query = (
                select(outbox.c.id)
                .where(
                    or_(
                        outbox.c.status.in_(WAITING) & (outbox.c.next_attempt_at <= at),
                        (outbox.c.status == "sending") & (outbox.c.lease_until < at),
                    )
                )
                .order_by(outbox.c.id)
                .limit(limit)
            )
            return list(conn.execute(query).scalars())

    def lease(self, text_id: int, owner: str, at: datetime, seconds: float) -> dict | None:
        """Take a text for `seconds`; None if another worker has it (only one update can win).
        A text whose lease ran out comes back "unsure": its sender may have reached Twilio."""
        with self.writing() as conn:
            row = conn.execute(select(outbox).where(outbox.c.id == text_id)).mappings().first()
            if row is None:
                return None
            status = row["status"]
            expired = status == "sending" and aware(row["lease_until"]) < at
            due = status in WAITING and aware(row["next_attempt_at"]) <= at
            if not (expired or due):
                return None
            won = conn.execute(
                update(outbox)
                .where(
                    outbox.c.id == text_id,
                    outbox.c.status == status,
                    (outbox.c.lease_owner == row["lease_owner"])
                    if row["lease_owner"] is not None
                    else outbox.c.lease_owner.is_(None),
                    outbox.c.attempts == row["attempts"],
                    outbox.c.checks == row["checks"],
                )
                .values(status="sending", lease_owner=owner, lease_until=at + timedelta(seconds=seconds))
            ).rowcount
            if not won:
                return None
        taken = dict(row)
        # What this worker must do with it: send, or look up first.
        taken["unsure"] = status == "unsure" or expired
        for name in ("created_at", "attempt_at", "next_attempt_at", "lease_until"):
            taken[name] = aware(taken[name])
        return taken

    def begin_attempt(self, text_id: int, owner: str, at: datetime) -> bool:
        """Written before the request to Twilio: from here on, a crash leaves the text unsure."""
        with self.writing() as conn:
            return (
                conn.execute(
                    update(outbox)
                    .where(outbox.c.id == text_id, outbox.c.lease_owner == owner, outbox.c.status == "sending")
                    .values(attempt_at=at, attempts=outbox.c.attempts + 1)
                ).rowcount
                == 1
            )

    def settle(self, text_id: int, owner: str | None, status: str, **values) -> bool:
        """End a lease: sent, failed, skipped or cancelled (the address is erased), or queued
        / unsure again for later. A worker whose lease was taken over only reports "sent"."""
        values = {"status": status, "lease_owner": None, "lease_until": None, **values}
        if status in ("sent", "failed", "skipped", "cancelled"):
            values["sealed_to"] = None
        if status == "sent":
            values.setdefault("sent_at", now())
        query = update(outbox).where(outbox.c.id == text_id)
        if status != "sent" and owner is not None:
            query = query.where(outbox.c.lease_owner == owner)
        with self.writing() as conn:
            return conn.execute(query.values(**values)).rowcount == 1

    def note_delivery(self, text_id: int, provider_id: str, provider_status: str, reason: str | None) -> bool:
        """Twilio's status callback for a text: it reached Twilio, so it is sent, whatever the
        worker thought (an unsure text is settled here); a later status only updates the record.
        Callbacks can arrive out of order: a late "sent" never overwrites "delivered"."""
        with self.writing() as conn:
            row = conn.execute(select(outbox.c.status, outbox.c.provider_status).where(outbox.c.id == text_id)).first()
            if row is None:
                return False
            values = {"provider_id": provider_id}
            if _delivery_rank(provider_status) >= _delivery_rank(row.provider_status):
                values["provider_status"] = provider_status[:20]
                if reason:
                    values["reason"] = reason[:120]
            if row.status in ("sending", "unsure", "queued"):
                values |= {"status": "sent", "sent_at": now(), "sealed_to": None, "lease_owner": None}
            conn.execute(update(outbox).where(outbox.c.id == text_id).values(**values))
            return True

    def outbox_counts(self) -> dict[str, int]:
        with self.reading() as conn:
            rows = conn.execute(select(outbox.c.status, func.count()).group_by(outbox.c.status))
            return {status: count for status, count in rows}

    def beat(self, owner: str) -> None:
        """An outbox worker is alive (written each pass at most every few seconds); workers gone
        a week are forgotten."""
        at = now()
        with self.writing() as conn:
            stmt = self._insert(outbox_workers).values(owner=owner[:64], beat_at=at)
            conn.execute(stmt.on_conflict_do_update(index_elements=[outbox_workers.c.owner], set_={"beat_at": at}))
            conn.execute(delete(outbox_workers).where(outbox_workers.c.beat_at < at - timedelta(days=7)))

    def backlog(self) -> Backlog:
        with self.reading() as conn:
            waiting, oldest = conn.execute(
                select(func.count(), func.min(outbox.c.created_at)).where(outbox.c.status.in_((*WAITING, "sending")))
            ).one()
            beat = conn.execute(select(func.max(outbox_workers.c.beat_at))).scalar()
        return Backlog(waiting, aware(oldest), aware(beat))

    def read_only(self) -> bool:
        """Whether writes would fail because the database refuses them (not because it is away)."""
        if self._file is not None:
            folder = os.path.dirname(self._file) or "."
            return not (os.access(self._file, os.W_OK) and os.access(folder, os.W_OK))
        if self.engine.dialect.name != "postgresql":
            return False
        with self.reading() as conn:
            return conn.execute(text("SHOW transaction_read_only")).scalar() == "on"

    def oldest_waiting(self) -> datetime | None:
        with self.reading() as conn:
            return aware(
                conn.execute(
                    select(func.min(outbox.c.created_at)).where(outbox.c.status.in_((*WAITING, "sending")))
                ).scalar()
            )


@dataclass(frozen=True)
class Backlog:
    """The outbox as /readyz shows it: texts waiting, the oldest one's time, the last worker's beat."""

    waiting: int
    oldest: datetime | None
    last_beat: datetime | None


# Twilio's message statuses in the order they happen; the last three are ends (failed and
# undelivered may follow "sent"; "read" follows "delivered" on WhatsApp).
_DELIVERY_ORDER = {"accepted": 1, "scheduled": 1, "queued": 2, "sending": 3, "sent": 4, "delivered": 5,
                   "undelivered": 5, "failed": 5, "canceled": 5, "read": 6}  # fmt: skip


def _delivery_rank(status: str | None) -> int:
    return _DELIVERY_ORDER.get(status or "", 0)
