"""Who a person writes or calls about, kept for their conversation and their next call (issue #22).

relations.relation is one category word from understanding/relations.py (mom, dad, husband, wife,
son, daughter, partner, friend, family), keyed by the HMAC of the number like people.key: never
the words that named it, never the number. said_at is when it was last named or used; the line
forgets it after SMS_STATE_TTL_HOURS of quiet, as it forgets a texter's place. A table of its own
rather than columns on people: the row is written only by someone who names a close person.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relations",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("said_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_relations")),
    )


def downgrade() -> None:
    op.drop_table("relations")
