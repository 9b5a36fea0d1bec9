"""Migration 0010 from a database of schema 0007 (the release before collection administration),
on SQLite and PostgreSQL: every row is kept, the new tables start empty and take records, and the
schema ends at the head the migration scripts declare (read from them, not written here)."""

from datetime import UTC, datetime

import sqlalchemy

from analysis.backup.database import revisions
from analysis.collection.records import VolunteerRecord
from analysis.collection.store import CollectionStore
from analysis.db.engine import migrate
from tests.test_backup import rows

BEFORE = "0007"
NEW = {"collection_volunteers", "collection_orders", "checking_visits", "correction_dues", "lao_villages"}


def _as_utc(value):
    return value.replace(tzinfo=UTC) if isinstance(value, datetime) and value.tzinfo is None else value


def database_at_0007(url: str, demo_url: str) -> None:
    """Schema 0007 made by Alembic, filled with the demo's rows of that schema's tables."""
    migrate(url, BEFORE)
    demo, target = sqlalchemy.create_engine(demo_url), sqlalchemy.create_engine(url)
    old, demo_tables = sqlalchemy.MetaData(), sqlalchemy.MetaData()
    old.reflect(target)
    demo_tables.reflect(demo)
    assert not NEW & set(old.tables)
    with demo.connect() as source, target.begin() as connection:
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            names = [c.name for c in table.columns]
            found = source.execute(sqlalchemy.select(*[demo_tables.tables[table.name].columns[n] for n in names])).all()
            if found:
                connection.execute(
                    table.insert(), [{n: _as_utc(v) for n, v in zip(names, r, strict=True)} for r in found]
                )
                if connection.dialect.name == "postgresql" and "id" in names:  # rows copied with their ids
                    reset = f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"
                    connection.execute(sqlalchemy.text(reset))
    demo.dispose()
    target.dispose()


def test_0007_upgrades_to_the_head_keeping_every_row(db_url, demo_path):
    database_at_0007(db_url, f"sqlite:///{demo_path / 'plans.sqlite'}")
    before = rows(db_url)
    assert len(before["projects"]) == 5 and before["contest_rounds"] is not None
    migrate(db_url)
    engine = sqlalchemy.create_engine(db_url)
    with engine.connect() as connection:
        assert connection.scalar(sqlalchemy.text("SELECT version_num FROM alembic_version")) == revisions()[-1]
    engine.dispose()
    after = rows(db_url)
    assert {table: after[table] for table in before} == before
    assert all(after[table] == [] for table in NEW)
    saved = CollectionStore(db_url).save("volunteers", VolunteerRecord("99010101", 2567, "collector", 5), "ก")
    assert (saved.id, saved.version) == (1, 1)
