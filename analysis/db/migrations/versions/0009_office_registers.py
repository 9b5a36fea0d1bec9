"""offices: the province's contest register, the role-model amphoe score sheet, monthly reports

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-07 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
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


def upgrade() -> None:
    op.create_table(
        "office_contest_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=8), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("tambon_code", sa.String(length=8), nullable=False),
        sa.Column("sent_on", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_contest_entries")),
        sa.UniqueConstraint("fiscal_year", "tambon_code", name="uq_office_contest_entries_year_tambon"),
    )
    op.create_index(op.f("ix_office_contest_entries_area_code"), "office_contest_entries", ["area_code"])
    op.create_table(
        "office_role_model_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=8), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("amphoe_code", sa.String(length=8), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_role_model_scores")),
        sa.UniqueConstraint("fiscal_year", "amphoe_code", name="uq_office_role_model_scores_year_amphoe"),
    )
    op.create_index(op.f("ix_office_role_model_scores_area_code"), "office_role_model_scores", ["area_code"])
    op.create_table(
        "office_monthly_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_monthly_reports")),
        sa.UniqueConstraint("kind", "area_code", "year", "month", name="uq_office_monthly_reports_kind_area_month"),
    )
    op.create_index(op.f("ix_office_monthly_reports_area_code"), "office_monthly_reports", ["area_code"])


def downgrade() -> None:
    for table in ("office_monthly_reports", "office_role_model_scores", "office_contest_entries"):
        op.drop_index(op.f(f"ix_{table}_area_code"), table_name=table)
        op.drop_table(table)
