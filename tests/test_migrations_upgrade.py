"""Alembic migrations at start-up, from a database made by the previous release (schema 0005, before
the session cookie's columns), on SQLite and PostgreSQL: every row is kept, a session signed in
before the upgrade still works, and several server processes starting at once take turns."""

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import anyio
import sqlalchemy

from analysis.auth.cookies import BrowserSessions
from analysis.auth.login import Authenticator
from analysis.auth.passwords import token_hash
from analysis.backup.database import revisions
from analysis.db.engine import migrate
from tests.test_backup import rows

PREVIOUS = "0005"
TOKEN = "a-session-token-from-before-the-upgrade"


def _utc_aware(value):
    """SQLite gives stored times back without a zone; they are UTC."""
    return value.replace(tzinfo=UTC) if isinstance(value, datetime) and value.tzinfo is None else value


def previous_release_database(url: str, demo_url: str) -> None:
    """The schema of revision 0005 made by Alembic, filled with the demo's plans, profile, pins,
    certifications and audit log, one account and one live session (columns of that schema only)."""
    migrate(url, PREVIOUS)
    demo, target = sqlalchemy.create_engine(demo_url), sqlalchemy.create_engine(url)
    old, demo_tables = sqlalchemy.MetaData(), sqlalchemy.MetaData()
    old.reflect(target)
    demo_tables.reflect(demo)
    now = datetime.now(UTC).replace(microsecond=0)
    with demo.connect() as source, target.begin() as connection:
        for table in old.sorted_tables:
            if table.name == "alembic_version":
                continue
            names = [c.name for c in table.columns]
            columns = demo_tables.tables[table.name].columns
            found = source.execute(sqlalchemy.select(*[columns[n] for n in names])).all()
            if found:
                values = [{n: _utc_aware(v) for n, v in zip(names, r, strict=True)} for r in found]
                connection.execute(table.insert(), values)
        account = {
            "id": 1,
            "username": "planner1",
            "display_name": "",
            "password_hash": None,
            "role": "planner",
            "areas": ["990101"],
            "active": True,
            "created_at": now,
            "created_by": "admin",
            "updated_at": now,
        }
        connection.execute(old.tables["accounts"].insert(), [account])
        session = {"token_hash": token_hash(TOKEN), "account_id": 1, "created_at": now, "last_seen": now}
        connection.execute(old.tables["auth_sessions"].insert(), [{**session, "expires_at": now + timedelta(hours=8)}])
    demo.dispose()
    target.dispose()


def test_start_up_upgrades_a_previous_release_database_and_keeps_every_row(db_url, demo_path, monkeypatch):
    from dashboard.startup import migrate_plans

    previous_release_database(db_url, f"sqlite:///{demo_path / 'plans.sqlite'}")
    before = rows(db_url)
    assert len(before["projects"]) == 5 and len(before["audit_log"]) > 10 and before["contest_profile_photos"]
    assert "cookie_hash" not in [
        c["name"] for c in sqlalchemy.inspect(sqlalchemy.create_engine(db_url)).get_columns("auth_sessions")
    ]

    monkeypatch.setenv("CIA_DATABASE_URL", db_url)
    anyio.run(migrate_plans)  # what dashboard/serve.py does when the server starts

    engine = sqlalchemy.create_engine(db_url)
    with engine.connect() as connection:
        assert connection.scalar(sqlalchemy.text("SELECT version_num FROM alembic_version")) == revisions()[-1]
    columns = [c["name"] for c in sqlalchemy.inspect(engine).get_columns("auth_sessions")]
    engine.dispose()
    assert columns[-3:] == ["cookie_hash", "handoff_hash", "handoff_until"]
    after = rows(db_url)
    for table, kept in before.items():
        width = len(kept[0]) if kept else 0
        assert [row[:width] for row in after[table]] == kept, table  # new columns come last
    assert [row[-3:] for row in after["auth_sessions"]] == [(None, None, None)]
    # the session signed in before the upgrade goes on, and can now get its browser cookie
    assert Authenticator(db_url).resume(TOKEN).name == "planner1"
    browser = BrowserSessions(db_url)
    assert Authenticator(db_url).resume(browser.redeem(browser.offer(TOKEN))).name == "planner1"


MIGRATE = """
import sys
from analysis.db.engine import migrate
migrate(sys.argv[1])
print("migrated")
"""


def test_server_processes_starting_at_once_migrate_in_turn(db_url):
    """Three processes upgrade one empty database at the same moment: each succeeds (without the
    lock, two of them tried to create the same tables)."""
    processes = [
        subprocess.Popen([sys.executable, "-c", MIGRATE, db_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outcomes = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], [e.decode()[-300:] for _, e in outcomes]
    assert [o.decode().strip() for o, _ in outcomes] == ["migrated"] * 3
    engine = sqlalchemy.create_engine(db_url)
    with engine.connect() as connection:
        assert connection.scalar(sqlalchemy.text("SELECT version_num FROM alembic_version")) == revisions()[-1]
    engine.dispose()
