"""A caller's language is forgotten after SMS_STATE_TTL_HOURS without a call, like a texter's place.

people.voice_seen_at is the last call that used the remembered language. Languages remembered
before this revision have no date, so they count as forgotten: those callers hear both
languages' emergency lines and offers once more, then are remembered again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("voice_seen_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.drop_column("voice_seen_at")
