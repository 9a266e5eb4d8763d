"""The outbox workers' heartbeats, for /readyz: texts waiting with no worker running show.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_workers",
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner", name=op.f("pk_outbox_workers")),
    )


def downgrade() -> None:
    op.drop_table("outbox_workers")
