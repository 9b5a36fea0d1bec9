"""data checks: certification status per village and survey year

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "village_certifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_code", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.Column("snapshot_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_village_certifications")),
        sa.UniqueConstraint("village_code", "year", name="uq_village_certifications_village_year"),
    )
    with op.batch_alter_table("village_certifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_village_certifications_village_code"), ["village_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("village_certifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_village_certifications_village_code"))
    op.drop_table("village_certifications")
