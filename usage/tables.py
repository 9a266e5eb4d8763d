"""The usage tables, on the store's shared SQLAlchemy metadata (so `db upgrade` creates them too).

No column holds a phone number, a person's key or a message body. `usage_unmatched` holds the
words of texts and speech the line did not understand, digits masked, only when
KEEP_UNMATCHED_DAYS > 0.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, Index, Integer, String, Table, Text

from database import metadata

# Raw events: one row per thing that happened, kept USAGE_RETENTION_DAYS days.
events = Table(
    "usage_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("channel", String(12), nullable=False),  # voice, sms, whatsapp, outbox
    Column("language", String(8), nullable=False, default=""),
    Column("kind", String(24), nullable=False),  # usage/events.py: KINDS
    Column("detail", String(120), nullable=False, default=""),  # outcome, stage, category, topic id, status
    Column("value", Integer),  # seconds, for a call's end
    Column("call", String(32)),  # keyed hash of the CallSid: links one call's steps, never a number
    Index("ix_usage_events_at", "at"),
)

# Daily roll-ups: what the events of one finished day add up to, kept for good (counts only).
daily = Table(
    "usage_daily",
    metadata,
    Column("day", Date, primary_key=True),
    Column("channel", String(12), primary_key=True),
    Column("language", String(8), primary_key=True),
    Column("kind", String(24), primary_key=True),
    Column("detail", String(120), primary_key=True),
    Column("count", Integer, nullable=False),
    Column("total", Integer, nullable=False, default=0),  # sum of values (call seconds)
)

# One row per rolled-up day: its primary key keeps two workers from adding a day twice.
days = Table(
    "usage_days",
    metadata,
    Column("day", Date, primary_key=True),
    Column("rolled_at", DateTime(timezone=True), nullable=False),
)

# Opt-in: what people wrote or said that the line did not understand. No sender, digits masked.
unmatched = Table(
    "usage_unmatched",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("channel", String(12), nullable=False),
    Column("language", String(8), nullable=False, default=""),
    Column("outcome", String(24), nullable=False),  # not_understood, did_you_mean or outside
    Column("text", Text, nullable=False),
    Index("ix_usage_unmatched_at", "at"),
)

ALL = (events, daily, days, unmatched)
