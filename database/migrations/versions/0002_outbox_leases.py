"""Outbox leases, backoff, reconciliation and one text per request; indexes for pruning and STOP.

A "sending" row now carries a lease (owner, until) that another worker may take when it
expires; next_attempt_at holds backoff and reconcile delays; attempt_at and checks let an
unsure text be looked up before anything is sent again; idempotency_key makes a re-delivered
key 2 queue nothing new. Rows that were "sending" when this ran are unsure (they may have
gone out), so they are looked up, never blindly sent again.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(200)))
        batch.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("lease_owner", sa.String(64)))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("attempt_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("checks", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("provider_status", sa.String(20)))
    op.create_index("uq_outbox_idempotency_key", "outbox", ["idempotency_key"], unique=True)
    op.create_index("ix_outbox_status_next_attempt_at", "outbox", ["status", "next_attempt_at"])
    op.create_index("ix_outbox_person", "outbox", ["person"])
    op.create_index("ix_messages_seen_created_at", "messages_seen", ["created_at"])
    op.execute("UPDATE outbox SET status = 'unsure', attempt_at = created_at WHERE status = 'sending'")
    # Claims from the old two-step MessageSid handling that never got their reply: forget them,
    # so Twilio's retry is answered afresh.
    op.execute("DELETE FROM messages_seen WHERE reply = ''")


def downgrade() -> None:
    op.execute("UPDATE outbox SET status = 'queued' WHERE status IN ('unsure', 'sending')")
    op.execute("UPDATE outbox SET status = 'failed' WHERE status = 'cancelled'")
    op.drop_index("ix_messages_seen_created_at", table_name="messages_seen")
    op.drop_index("ix_outbox_person", table_name="outbox")
    op.drop_index("ix_outbox_status_next_attempt_at", table_name="outbox")
    op.drop_index("uq_outbox_idempotency_key", table_name="outbox")
    with op.batch_alter_table("outbox") as batch:
        for name in (
            "provider_status",
            "checks",
            "attempt_at",
            "lease_until",
            "lease_owner",
            "next_attempt_at",
            "idempotency_key",
        ):
            batch.drop_column(name)
