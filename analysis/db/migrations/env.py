"""Alembic environment: runs migrations with the URL set by analysis.db.engine."""

import analysis.auth.models  # noqa: F401  (every table shares one metadata: accounts, 0003)
from alembic import context
from analysis.checks import models as checks_models  # noqa: F401  (village certifications, 0005)
from analysis.collection import models as collection_models  # noqa: F401  (collection administration, 0010)
from analysis.contest import models as contest_models  # noqa: F401  (the contest tables, 0004)
from analysis.db.models import Base
from analysis.offices import models as offices_models  # noqa: F401  (the offices' registers, 0009)
from analysis.plans import models as plans_models  # noqa: F401  (plans and pins, 0001–0002)
from sqlalchemy import create_engine, pool, text

config = context.config
target_metadata = Base.metadata
#: the advisory lock key of "migrating the plans database" (any fixed number; see analysis/db/engine.py migrate)
MIGRATION_LOCK = 270_006


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(config.get_main_option("sqlalchemy.url"), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":  # held until this transaction commits
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
