"""contest kit: tambon profile, its members and photos, checklist evidence

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-23 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
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
        "contest_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=8), nullable=False),
        *[sa.Column(name, sa.Text(), nullable=False) for name in ("history", "location")],
        sa.Column("area_km2", sa.Float(), nullable=True),
        sa.Column("population_note", sa.Text(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=True),
        sa.Column("people", sa.Integer(), nullable=True),
        *[
            sa.Column(name, sa.Text(), nullable=False)
            for name in ("community_groups", "products", "tourism", "culture", "other")
        ],
        sa.Column("appointment_order_no", sa.String(length=100), nullable=False),
        sa.Column("appointment_order_date", sa.Date(), nullable=True),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_profiles")),
        sa.UniqueConstraint("area_code", name=op.f("uq_contest_profiles_area_code")),
    )
    op.create_table(
        "contest_profile_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("member_group", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("role", sa.String(length=300), nullable=False),
        sa.Column("village_code", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["contest_profiles.id"],
            name=op.f("fk_contest_profile_members_profile_id_contest_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_profile_members")),
    )
    op.create_table(
        "contest_profile_photos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=20), nullable=False),
        sa.Column("caption", sa.String(length=500), nullable=False),
        sa.Column("photo", sa.LargeBinary(), nullable=False),
        sa.Column("photo_mime", sa.String(length=50), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["contest_profiles.id"],
            name=op.f("fk_contest_profile_photos_profile_id_contest_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_profile_photos")),
    )
    op.create_table(
        "contest_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=8), nullable=False),
        sa.Column("item_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("link", sa.String(length=1000), nullable=False),
        sa.Column("file", sa.LargeBinary(), nullable=True),
        sa.Column("file_name", sa.String(length=300), nullable=False),
        sa.Column("file_mime", sa.String(length=100), nullable=False),
        *_tracked(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_evidence")),
    )
    for table in ("contest_profile_members", "contest_profile_photos"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_profile_id"), ["profile_id"], unique=False)
    with op.batch_alter_table("contest_evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contest_evidence_area_code"), ["area_code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contest_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contest_evidence_area_code"))
    for table in ("contest_profile_photos", "contest_profile_members"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_profile_id"))
    op.drop_table("contest_evidence")
    op.drop_table("contest_profile_photos")
    op.drop_table("contest_profile_members")
    op.drop_table("contest_profiles")
