"""documents: stated total and budget execution score; the change feed

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stated_total_score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("budget_execution_score", sa.Float(), nullable=True))
    op.create_table(
        "changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("organisation_id", sa.String(length=32), nullable=False),
        sa.Column("document_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_changes_organisation_id", "changes", ["organisation_id"])


def downgrade() -> None:
    op.drop_index("ix_changes_organisation_id", table_name="changes")
    op.drop_table("changes")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("budget_execution_score")
        batch_op.drop_column("stated_total_score")
