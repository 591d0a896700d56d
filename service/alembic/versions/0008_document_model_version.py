"""documents: the registry version of the model that extracted them and
their layout key; indicators: the runners-up of their doubtful fields

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 19:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("model_version", sa.String(length=40), nullable=True))
        batch_op.create_index("ix_documents_model_version", ["model_version"])
        batch_op.add_column(sa.Column("layout_key", sa.String(length=40), nullable=True))
        batch_op.create_index("ix_documents_layout_key", ["layout_key"])
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("suggestions", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("indicators", schema=None) as batch_op:
        batch_op.drop_column("suggestions")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index("ix_documents_layout_key")
        batch_op.drop_column("layout_key")
        batch_op.drop_index("ix_documents_model_version")
        batch_op.drop_column("model_version")
