"""plans: projects, matrices, audit log

Revision ID: 0001
Revises:
Create Date: 2026-11-21 09:34:49.332121
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "priority_matrices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=8), nullable=False),
        sa.Column("survey_year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("scale_min", sa.Integer(), nullable=False),
        sa.Column("scale_max", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=True),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priority_matrices")),
    )
    with op.batch_alter_table("priority_matrices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_priority_matrices_area_code"), ["area_code"], unique=False)

    op.create_table(
        "matrix_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matrix_id", sa.Integer(), nullable=False),
        sa.Column("catalog_id", sa.String(length=50), nullable=True),
        sa.Column("indicator_id", sa.String(length=20), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("domain", sa.String(length=20), nullable=True),
        sa.Column("data_rank", sa.Integer(), nullable=True),
        sa.Column("pct_fail", sa.Float(), nullable=True),
        sa.Column("n_fail", sa.Integer(), nullable=True),
        sa.Column("size_from_data", sa.Integer(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("feasibility", sa.Integer(), nullable=False),
        sa.Column("concern", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("agreed_rank", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matrix_id"],
            ["priority_matrices.id"],
            name=op.f("fk_matrix_items_matrix_id_priority_matrices"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_matrix_items")),
    )
    with op.batch_alter_table("matrix_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_matrix_items_matrix_id"), ["matrix_id"], unique=False)

    op.create_table(
        "projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=8), nullable=False),
        sa.Column("plan_level", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("domain", sa.String(length=20), nullable=True),
        sa.Column("catalog_id", sa.String(length=50), nullable=True),
        sa.Column("indicator_id", sa.String(length=20), nullable=True),
        sa.Column("survey_year", sa.Integer(), nullable=True),
        sa.Column("baseline_pct_fail", sa.Float(), nullable=True),
        sa.Column("baseline_fail", sa.Integer(), nullable=True),
        sa.Column("baseline_applicable", sa.Integer(), nullable=True),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("causes", sa.Text(), nullable=False),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column("target_group", sa.Text(), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("activities", sa.Text(), nullable=False),
        sa.Column("outputs", sa.Text(), nullable=False),
        sa.Column("outcomes", sa.Text(), nullable=False),
        sa.Column("impact", sa.Text(), nullable=False),
        sa.Column("responsible_agency", sa.String(length=500), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("matrix_item_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["matrix_item_id"],
            ["matrix_items.id"],
            name=op.f("fk_projects_matrix_item_id_matrix_items"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects")),
    )
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_area_code"), ["area_code"], unique=False)

    op.create_table(
        "project_budgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("amount", sa.Numeric(precision=16, scale=2, asdecimal=False), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_budgets_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_budgets")),
    )
    with op.batch_alter_table("project_budgets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_budgets_project_id"), ["project_id"], unique=False)

    op.create_table(
        "project_kpis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("catalog_id", sa.String(length=50), nullable=True),
        sa.Column("indicator_id", sa.String(length=20), nullable=True),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("baseline_value", sa.Float(), nullable=True),
        sa.Column("baseline_year", sa.Integer(), nullable=True),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_kpis_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_kpis")),
    )
    with op.batch_alter_table("project_kpis", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_kpis_project_id"), ["project_id"], unique=False)

    op.create_table(
        "project_villages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("village_code", sa.String(length=8), nullable=False),
        sa.Column("affected", sa.Integer(), nullable=True),
        sa.Column("affected_unit", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"], ["projects.id"], name=op.f("fk_project_villages_project_id_projects"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_villages")),
    )
    with op.batch_alter_table("project_villages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_project_villages_project_id"), ["project_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_project_villages_village_code"), ["village_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("project_villages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_villages_village_code"))
        batch_op.drop_index(batch_op.f("ix_project_villages_project_id"))

    op.drop_table("project_villages")
    with op.batch_alter_table("project_kpis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_kpis_project_id"))

    op.drop_table("project_kpis")
    with op.batch_alter_table("project_budgets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_budgets_project_id"))

    op.drop_table("project_budgets")
    with op.batch_alter_table("projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_projects_area_code"))

    op.drop_table("projects")
    with op.batch_alter_table("matrix_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_matrix_items_matrix_id"))

    op.drop_table("matrix_items")
    with op.batch_alter_table("priority_matrices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priority_matrices_area_code"))

    op.drop_table("priority_matrices")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
