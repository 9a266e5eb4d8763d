"""A caller's pace and the part they last heard, kept for their next call; a call's topics heard
and the caller's yes to a recap text (issue #24).

people.voice_pace is "slow" once a caller asked for it ("slower", or 9 twice) and "normal" once
they asked for it back; people.voice_node and voice_part are the topic and part they last heard,
which the next call within SMS_STATE_TTL_HOURS offers to go on with. Both are forgotten with the
language (voice_seen_at). Rows from before this revision have none: the usual pace, no offer.
calls.heard lists the topics whose parts a call heard, and calls.recap the language of the recap
text the caller said yes to (sent once when the call ends; no number is kept here).

Revision ID: 0007
Revises: 0004 (on this branch; main has 0005 outbox_workers and 0006 simulator_devices: chain it after 0006)
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("voice_pace", sa.String(8), nullable=True))
        batch.add_column(sa.Column("voice_node", sa.String(120), nullable=True))
        batch.add_column(sa.Column("voice_part", sa.Integer(), nullable=True))
    with op.batch_alter_table("calls") as batch:
        batch.add_column(sa.Column("heard", sa.Text(), nullable=True))
        batch.add_column(sa.Column("recap", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calls") as batch:
        batch.drop_column("recap")
        batch.drop_column("heard")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("voice_part")
        batch.drop_column("voice_node")
        batch.drop_column("voice_pace")
