"""The tables as they were before migrations: people, messages_seen, calls, outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("voice_language", sa.String(8)),
        sa.Column("sms_language", sa.String(8)),
        sa.Column("sms_node", sa.String(120)),
        sa.Column("sms_page", sa.Integer, nullable=False),
        sa.Column("sms_menu", sa.String(120)),
        sa.Column("sms_seen_at", sa.DateTime(timezone=True)),
        sa.Column("opted_out", sa.Boolean, nullable=False),
        sa.Column("opted_out_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "messages_seen",
        sa.Column("message_sid", sa.String(64), primary_key=True),
        sa.Column("reply", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "calls",
        sa.Column("call_sid", sa.String(64), primary_key=True),
        sa.Column("language", sa.String(8)),
        sa.Column("furthest_node", sa.String(120)),
        sa.Column("steps", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20)),
        sa.Column("duration_s", sa.Integer),
        sa.Column("started_at", sa.DateTime(timezone=True)),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("person", sa.String(64), nullable=False),
        sa.Column("sealed_to", sa.Text),
        sa.Column("channel", sa.String(12), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("media_url", sa.Text),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("reason", sa.String(120)),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("provider_id", sa.String(64)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    for table in ("outbox", "calls", "messages_seen", "people"):
        op.drop_table(table)
