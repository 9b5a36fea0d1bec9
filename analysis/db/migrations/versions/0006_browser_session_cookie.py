"""sign-in that survives a reload: the browser's session cookie and its one-time hand-off code

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        # SHA-256 of the HttpOnly cookie's value (a second secret of the same session)
        batch_op.add_column(sa.Column("cookie_hash", sa.String(length=64), nullable=True))
        # SHA-256 of the one-time code the signing-in page trades for the cookie, and its end
        batch_op.add_column(sa.Column("handoff_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("handoff_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_auth_sessions_cookie_hash"), ["cookie_hash"])
        batch_op.create_unique_constraint(batch_op.f("uq_auth_sessions_handoff_hash"), ["handoff_hash"])


def downgrade() -> None:
    with op.batch_alter_table("auth_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_auth_sessions_handoff_hash"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_auth_sessions_cookie_hash"), type_="unique")
        batch_op.drop_column("handoff_until")
        batch_op.drop_column("handoff_hash")
        batch_op.drop_column("cookie_hash")
