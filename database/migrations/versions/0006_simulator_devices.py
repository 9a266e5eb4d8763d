"""The simulator page's pretend phones in the shared database, so any worker serves any page.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "simulator_devices",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("number", sa.String(16), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_simulator_devices")),
        sa.UniqueConstraint("number", name=op.f("uq_simulator_devices_number")),
    )
    op.create_index("ix_simulator_devices_seen_at", "simulator_devices", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_simulator_devices_seen_at", table_name="simulator_devices")
    op.drop_table("simulator_devices")
