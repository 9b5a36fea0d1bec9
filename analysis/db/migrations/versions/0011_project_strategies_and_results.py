"""plans: a project's strategy links (data/strategies), its results (outputs planned and actual,
spending by fiscal year and source, partner organisations) and dated photos

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _project_id() -> sa.Column:
    return sa.Column("project_id", sa.Integer(), nullable=False)


def _project_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["project_id"], ["projects.id"], name=op.f(f"fk_{table}_project_id_projects"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "project_strategies",
        sa.Column("id", sa.Integer(), nullable=False),
        _project_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("strategy_id", sa.String(length=40), nullable=False),
        _project_fk("project_strategies"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_strategies")),
    )
    op.create_index(op.f("ix_project_strategies_project_id"), "project_strategies", ["project_id"])
    op.create_index(op.f("ix_project_strategies_strategy_id"), "project_strategies", ["strategy_id"])
    op.create_table(
        "project_outputs",
        sa.Column("id", sa.Integer(), nullable=False),
        _project_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("output", sa.String(length=500), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("planned", sa.Float(), nullable=True),
        sa.Column("actual", sa.Float(), nullable=True),
        _project_fk("project_outputs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_outputs")),
    )
    op.create_index(op.f("ix_project_outputs_project_id"), "project_outputs", ["project_id"])
    op.create_table(
        "project_spending",
        sa.Column("id", sa.Integer(), nullable=False),
        _project_id(),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2, asdecimal=False), nullable=False),
        _project_fk("project_spending"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_spending")),
    )
    op.create_index(op.f("ix_project_spending_project_id"), "project_spending", ["project_id"])
    op.create_table(
        "project_partners",
        sa.Column("id", sa.Integer(), nullable=False),
        _project_id(),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("partner", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        _project_fk("project_partners"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_partners")),
    )
    op.create_index(op.f("ix_project_partners_project_id"), "project_partners", ["project_id"])
    op.create_table(
        "project_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        _project_id(),
        sa.Column("area_code", sa.String(length=8), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("photo", sa.LargeBinary(), nullable=False),
        sa.Column("photo_mime", sa.String(length=50), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        _project_fk("project_photos"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_photos")),
    )
    op.create_index(op.f("ix_project_photos_project_id"), "project_photos", ["project_id"])
    op.create_index(op.f("ix_project_photos_area_code"), "project_photos", ["area_code"])


def downgrade() -> None:
    for table in ("project_photos", "project_partners", "project_spending", "project_outputs", "project_strategies"):
        op.drop_table(table)
