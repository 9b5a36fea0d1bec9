"""`cia backup` and `cia restore` (analysis/backup) on SQLite and PostgreSQL: a restore onto a fresh
place brings back every dataset file, plan, account and audit row exactly (also from SQLite into
PostgreSQL); a backup taken during an import, or while accounts are being added, holds each of them
whole or not at all. Refusals: test_backup_refusals.py."""

import hashlib
import threading
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.auth.roles import local_actor
from analysis.backup import restore, take_backup
from analysis.db.engine import database_url
from analysis.demo.plans import create_demo_plans
from analysis.demo.profile import create_demo_profile
from analysis.demo.strategy_results import create_demo_strategy_results
from analysis.importers.pipeline import import_file
from analysis.store import Workspace
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.conftest import write

PASSWORD = "a-long-password-1"
ME = local_actor("ผู้ดูแลเครื่อง")
NEW_AREA = """
รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,รายได้,ข้อ 4,ข้อ 23
31010101,1,3,150000,1,0
31010102,1,2,150000,1,1
"""


def rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table (by primary key), times as UTC: written independently of the code
    under test, so that a value changed on the way shows."""
    engine = sqlalchemy.create_engine(url)
    metadata = sqlalchemy.MetaData()
    found = {}
    with engine.connect() as connection:
        metadata.reflect(connection)
        for table in metadata.sorted_tables:
            if table.name == "alembic_version":
                continue
            result = connection.execute(sqlalchemy.select(table).order_by(*table.primary_key.columns))
            found[table.name] = [tuple(_utc(v) for v in row) for row in result]
    engine.dispose()
    return found


def _utc(value):
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return bytes(value) if isinstance(value, memoryview) else value


def workspace_digest(workspace: Workspace) -> dict[str, str]:
    """SHA-256 of every file a restore must bring back: all but working files, the SQLite plans
    and the area tables of the generation before the current one (kept for pages still reading it)."""
    root, skipped = workspace.root, {"plans.sqlite", "plans.sqlite-wal", "plans.sqlite-shm"}
    older = {f"derived/{p.name}" for p in (root / "derived").glob("*")} - {f"derived/{workspace.generation}"}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.name not in skipped
        and "/".join(p.relative_to(root).parts[:2]) not in older
    }


def fresh_url(kind: str, request, tmp_path: Path, name: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / name / 'plans.sqlite'}"
    from tests.postgres import fresh_database

    return fresh_database(request.getfixturevalue("postgres_url"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def source(request, demo_workspace, monkeypatch):
    """(workspace, plans url, kind): the demo with its plans, profile photos, two accounts and their
    audit rows, in the workspace's SQLite file or in a PostgreSQL database."""
    monkeypatch.delenv("CIA_DATABASE_URL", raising=False)
    url = database_url(demo_workspace.root)
    if request.param == "postgres":
        from tests.postgres import fresh_database

        url = fresh_database(request.getfixturevalue("postgres_url"))
        monkeypatch.setenv("CIA_DATABASE_URL", url)
        create_demo_plans(demo_workspace)
        create_demo_strategy_results(demo_workspace)
        create_demo_profile(demo_workspace)
    accounts = AccountStore(url)
    accounts.add(None, "admin", PASSWORD, "admin", display_name="ผู้ดูแล", email="admin@example.org")
    admin = Authenticator(url).authenticate("admin", PASSWORD)
    accounts.add(admin, "planner1", PASSWORD, "planner", ["990101"])
    Authenticator(url).sign_in("planner1", PASSWORD)  # a live session: not carried by a backup
    return demo_workspace, url, request.param


def test_a_restore_onto_a_fresh_place_brings_back_every_row_and_file(source, request, tmp_path):
    workspace, url, kind = source
    before, files_before = rows(url), workspace_digest(workspace)
    assert len(before["projects"]) == 5 and len(before["accounts"]) == 2 and len(before["auth_sessions"]) == 1
    assert any(r[before_photo_column(url)] for r in before["pins"])  # photos are bytes in the database
    done = take_backup(workspace, url, tmp_path / "office.zip", ME)
    assert (done.datasets, done.accounts) == (5, 2)  # the demo: จปฐ. ×3, กชช.2ค, the village data set
    assert (tmp_path / "office.zip").stat().st_mode & 0o777 == 0o600  # it holds password hashes
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no partial file left
    assert not list((workspace.root / ".scratch").glob("backup-*"))
    assert rows(url)["audit_log"][:-1] == before["audit_log"]  # the backup is audited, after its snapshot
    assert rows(url)["audit_log"][-1][_column(url, "audit_log", "action")] == "backup"

    target = Workspace(tmp_path / "fresh")
    target_url = fresh_url(kind, request, tmp_path, "fresh")
    restored = restore(tmp_path / "office.zip", target, target_url, ME)
    assert (restored.datasets, restored.accounts) == (5, 2)
    after = rows(target_url)
    for table, expected in before.items():
        if table in ("auth_sessions", "login_failures"):
            assert after[table] == []  # everybody signs in again
        elif table == "audit_log":
            assert after[table][:-1] == expected and after[table][-1][_column(url, table, "action")] == "restore"
        else:
            assert after[table] == expected, table
    assert workspace_digest(target) == files_before  # every dataset, area table, boundary, register
    assert [d.id for d in target.datasets()] == [d.id for d in workspace.datasets()]
    assert target.read("area_summary").equals(workspace.read("area_summary"))
    assert Authenticator(target_url).authenticate("planner1", PASSWORD).areas == ("990101",)
    assert not list((target.root / ".scratch").iterdir())


def before_photo_column(url: str) -> int:
    return _column(url, "pins", "photo")


def _column(url: str, table: str, name: str) -> int:
    engine = sqlalchemy.create_engine(url)
    columns = [c["name"] for c in sqlalchemy.inspect(engine).get_columns(table)]
    engine.dispose()
    return columns.index(name)


@pytest.mark.postgres
def test_a_backup_of_the_one_computer_moves_to_a_postgresql_server(demo_workspace, postgres_url, tmp_path, monkeypatch):
    from tests.postgres import fresh_database

    monkeypatch.delenv("CIA_DATABASE_URL", raising=False)
    url = database_url(demo_workspace.root)
    before = rows(url)
    take_backup(demo_workspace, url, tmp_path / "laptop.zip", ME)
    server = fresh_database(postgres_url)
    restore(tmp_path / "laptop.zip", Workspace(tmp_path / "server"), server, ME)
    after = rows(server)
    assert {t: after[t] for t in before if t != "audit_log"} == {t: v for t, v in before.items() if t != "audit_log"}
    assert after["audit_log"][:-1] == before["audit_log"]
    budgets = after["project_budgets"]
    assert budgets and all(isinstance(r[_column(server, "project_budgets", "amount")], Decimal) for r in budgets)
    # the restore's own audit row got the next id: PostgreSQL's sequences moved past the restored ids
    assert after["audit_log"][-1][0] == after["audit_log"][-2][0] + 1
    AccountStore(server).add(None, "admin", PASSWORD, "admin")  # and so does every later row
    assert rows(server)["audit_log"][-1][0] == after["audit_log"][-1][0] + 1


def test_a_backup_waits_for_an_imports_commit_and_never_sees_half_of_it(demo_workspace, tmp_path, monkeypatch):
    monkeypatch.delenv("CIA_DATABASE_URL", raising=False)
    url = database_url(demo_workspace.root)
    committing, go_on = threading.Event(), threading.Event()
    real_build = Workspace._build_generation

    def slow_build(self, state):  # the import holds the workspace lock while it builds the tables
        committing.set()
        assert go_on.wait(60)
        return real_build(self, state)

    monkeypatch.setattr(Workspace, "_build_generation", slow_build)
    source = write(tmp_path / "new_area.csv", NEW_AREA)
    imported = {}
    importer = threading.Thread(target=lambda: imported.update(r=import_file(demo_workspace, "bmn", source, year=2564)))
    importer.start()
    assert committing.wait(60)
    backup = threading.Thread(target=lambda: take_backup(demo_workspace, url, tmp_path / "during.zip", ME))
    backup.start()
    backup.join(1.5)
    assert backup.is_alive()  # waiting for the commit's lock
    go_on.set()
    importer.join(60)
    backup.join(60)
    new = imported["r"][1]
    assert new is not None and not backup.is_alive()
    target = Workspace(tmp_path / "restored")
    restore(tmp_path / "during.zip", target, f"sqlite:///{tmp_path / 'restored' / 'plans.sqlite'}", ME)
    assert [d.id for d in target.datasets()] == [d.id for d in demo_workspace.datasets()]  # with the new one
    assert new.id in {d.id for d in target.datasets()}
    assert target.generation == demo_workspace.generation
    assert workspace_digest(target) == workspace_digest(demo_workspace)
    assert target.read("area_summary").equals(demo_workspace.read("area_summary"))
    # the import's audit row (written under the same lock) came along with its dataset
    restored = rows(f"sqlite:///{tmp_path / 'restored' / 'plans.sqlite'}")["audit_log"]
    key, action = (_column(url, "audit_log", c) for c in ("entity_key", "action"))
    assert [r[action] for r in restored if r[key] == new.id] == ["import"]


def test_a_backup_while_accounts_are_being_added_holds_whole_transactions(source, request, tmp_path):
    """Each new account is written with its audit row in one transaction: the backup's snapshot has
    both or neither for every one of them, however the writes fall around it."""
    workspace, url, kind = source
    admin = Authenticator(url).authenticate("admin", PASSWORD)
    stop, added = threading.Event(), []

    def keep_adding():
        store = AccountStore(url)
        while not stop.is_set() and len(added) < 200:
            store.add(admin, f"viewer{len(added)}", PASSWORD, "viewer", ["9901"])
            added.append(len(added))

    writer = threading.Thread(target=keep_adding)
    writer.start()
    while len(added) < 3:
        threading.Event().wait(0.05)
    try:
        take_backup(workspace, url, tmp_path / "busy.zip", ME)
    finally:
        stop.set()
        writer.join(60)
    target_url = fresh_url(kind, request, tmp_path, "busy")
    restore(tmp_path / "busy.zip", Workspace(tmp_path / "busy"), target_url, ME)
    restored = rows(target_url)
    names = {r[_column(target_url, "accounts", "username")] for r in restored["accounts"]}
    entity, action, key = (_column(target_url, "audit_log", c) for c in ("entity", "action", "entity_id"))
    created = {r[key] for r in restored["audit_log"] if r[entity] == "account" and r[action] == "create"}
    assert created == {r[0] for r in restored["accounts"]}  # no account without its audit row, nor the reverse
    assert 3 <= len([n for n in names if n.startswith("viewer")]) <= len(added)


def test_files_a_commit_removes_while_the_archive_is_written_are_still_in_it(demo_workspace, tmp_path, monkeypatch):
    """The workspace lock is held only while files are linked aside: a deletion that commits (and
    removes the dataset and the old area tables) during the archive's writing changes nothing in it."""
    import analysis.backup as backup_module

    monkeypatch.delenv("CIA_DATABASE_URL", raising=False)
    url = database_url(demo_workspace.root)
    expected = workspace_digest(demo_workspace)
    gone = demo_workspace.datasets()[0]
    real_write = backup_module.write_archive

    def delete_then_write(staging, manifest, target):
        demo_workspace.delete(gone.id)  # commits: the dataset folder and the old generation go
        assert not demo_workspace.dataset_dir(gone.id).exists()
        return real_write(staging, manifest, target)

    monkeypatch.setattr(backup_module, "write_archive", delete_then_write)
    take_backup(demo_workspace, url, tmp_path / "before_delete.zip", ME)
    target = Workspace(tmp_path / "restored")
    restore(tmp_path / "before_delete.zip", target, f"sqlite:///{tmp_path / 'restored' / 'plans.sqlite'}", ME)
    assert workspace_digest(target) == expected
    assert gone.id in {d.id for d in target.datasets()}
