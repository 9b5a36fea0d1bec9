"""collection administration: volunteers per village, committee orders, checking visits, due dates
of returned corrections, the อปท. of each village

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _tracked() -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
    ]


def _indexed(table: str, column: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "collection_volunteers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_code", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("volunteers", sa.Integer(), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_volunteers")),
        sa.UniqueConstraint("village_code", "year", "role", name="uq_collection_volunteers_key"),
    )
    _indexed("collection_volunteers", "village_code")
    op.create_table(
        "collection_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=8), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("order_no", sa.String(length=50), nullable=False),
        sa.Column("order_date", sa.Date(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_orders")),
        sa.UniqueConstraint("area_code", "year", "order_no", name="uq_collection_orders_key"),
    )
    _indexed("collection_orders", "area_code")
    op.create_table(
        "checking_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_code", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checking_visits")),
        sa.UniqueConstraint("village_code", "year", "visit_date", name="uq_checking_visits_key"),
    )
    _indexed("checking_visits", "village_code")
    op.create_table(
        "correction_dues",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_code", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_correction_dues")),
        sa.UniqueConstraint("village_code", "year", name="uq_correction_dues_key"),
    )
    _indexed("correction_dues", "village_code")
    op.create_table(
        "lao_villages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("village_code", sa.String(length=10), nullable=False),
        sa.Column("lao_code", sa.String(length=20), nullable=False),
        sa.Column("lao_name", sa.String(length=200), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lao_villages")),
        sa.UniqueConstraint("village_code", name=op.f("uq_lao_villages_village_code")),
    )
    _indexed("lao_villages", "lao_code")


def downgrade() -> None:
    for table, column in (
        ("lao_villages", "lao_code"),
        ("correction_dues", "village_code"),
        ("checking_visits", "village_code"),
        ("collection_orders", "area_code"),
        ("collection_volunteers", "village_code"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_{column}"))
        op.drop_table(table)
