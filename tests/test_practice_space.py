"""One practice workspace per account (issue 26): a trainee's saves go to their own copy of the demo,
never to the real data or the real plans database (SQLite or PostgreSQL); a trainer's reset puts a
copy back to the template, authorised and audited in the real audit log; the caps of
data/settings.toml; backups leave the copies out."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from sqlalchemy import create_engine, text

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.auth.roles import PermissionDenied
from analysis.backup.files import workspace_files
from analysis.db.engine import database_url
from analysis.guide import practice_space
from analysis.guide.practice_space import (
    PracticeFull,
    ensure_template,
    open_practice,
    practice_actor,
    practice_root,
    reset_practice,
)
from analysis.plans.service import store_for

PASSWORD = "practice-pass-1"
#: the demo's plans, counted by hand in analysis/demo/plans.py: one matrix (five problems), five projects (four of the tambon and amphoe, one of the province: analysis/demo/strategy_results.py)
DEMO_MATRICES, DEMO_PROJECTS = 1, 5


def counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    tables = ("priority_matrices", "matrix_items", "projects", "pins", "audit_log")
    with engine.connect() as connection:
        found = {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
    engine.dispose()
    return found


@pytest.fixture
def server(workspace, demo_path, monkeypatch):
    """A real (not demo) workspace with an administrator and two planners of real areas, and the
    practice template copied from the session's demo (not built again: 15 s)."""
    monkeypatch.setenv("CIA_PASSWORD", PASSWORD)
    workspace.root.mkdir(parents=True)
    url = database_url(workspace.root)
    accounts = AccountStore(url)
    accounts.add(None, "trainer", PASSWORD, "admin")
    trainer = Authenticator(url).authenticate("trainer", PASSWORD)
    accounts.add(trainer, "somchai", PASSWORD, "planner", ["3101"])
    accounts.add(trainer, "somsri", PASSWORD, "planner", ["3102"])
    ensure_template(workspace.root, build=lambda folder: shutil.copytree(demo_path, folder, dirs_exist_ok=True))
    return workspace


def signed_in(root, name):
    return Authenticator(database_url(root)).authenticate(name, PASSWORD)


def practise_a_save(root, name) -> str:
    """The trainee opens practice and saves a second matrix there; the practice database's URL."""
    who = signed_in(root, name)
    practising = open_practice(root, f"account:{name}", who)
    store = store_for(practising.root)
    copy = replace(store.matrices()[0], id=None, version=None, title="ฝึกจัดลำดับ")
    store.save_matrix(copy, practice_actor(who))
    return store.url


def test_a_practice_save_leaves_the_real_database_unchanged(server):
    real = database_url(server.root)
    before = counts(real)
    url = practise_a_save(server.root, "somchai")
    assert counts(real) == before  # rows and audit, counted before and after
    folder = practice_root(server.root, "account:somchai")
    assert url == f"sqlite:///{folder.resolve() / 'plans.sqlite'}"
    assert "somchai" not in str(folder)
    practice = counts(url)
    assert (practice["priority_matrices"], practice["projects"]) == (DEMO_MATRICES + 1, DEMO_PROJECTS)
    assert practice["matrix_items"] == 2 * 5
    # the account is copied in without its password, granted the demo province only
    with create_engine(url).connect() as connection:
        row = connection.execute(text("SELECT username, role, areas, password_hash FROM accounts")).one()
    assert tuple(row) == ("somchai", "planner", '["99"]', None)


def test_a_practice_copy_refuses_what_the_role_refuses(server):
    """A viewer practises reading: the practice database checks the role like the real one."""
    url = database_url(server.root)
    AccountStore(url).add(signed_in(server.root, "trainer"), "viewer1", PASSWORD, "viewer", ["3101"])
    with pytest.raises(PermissionDenied):
        practise_a_save(server.root, "viewer1")
    assert counts(url)["priority_matrices"] == 0


def test_the_trainer_resets_one_account_or_all_back_to_the_template(server):
    real = database_url(server.root)
    practise_a_save(server.root, "somchai")
    practise_a_save(server.root, "somchai")
    somsri = practise_a_save(server.root, "somsri")
    somchai = database_url(practice_root(server.root, "account:somchai"))
    assert counts(somchai)["priority_matrices"] == DEMO_MATRICES + 2
    before = counts(real)

    with pytest.raises(PermissionDenied):  # a planner may not manage accounts
        reset_practice(server.root, signed_in(server.root, "somsri"), "account:somchai", "somchai")
    assert counts(somchai)["priority_matrices"] == DEMO_MATRICES + 2

    trainer = signed_in(server.root, "trainer")
    assert reset_practice(server.root, trainer, "account:somchai", "somchai") == 1
    assert (counts(somchai)["priority_matrices"], counts(somchai)["projects"]) == (DEMO_MATRICES, DEMO_PROJECTS)
    assert counts(somsri)["priority_matrices"] == DEMO_MATRICES + 1  # the other trainee's copy is theirs
    # the trainee goes on practising as themself after the reset
    practise_a_save(server.root, "somchai")
    assert counts(somchai)["priority_matrices"] == DEMO_MATRICES + 1

    assert reset_practice(server.root, trainer) == 2
    assert counts(somchai)["priority_matrices"] == counts(somsri)["priority_matrices"] == DEMO_MATRICES
    after = counts(real)
    assert after["priority_matrices"] == before["priority_matrices"] == 0
    assert after["audit_log"] == before["audit_log"] + 2
    with create_engine(real).connect() as connection:
        audited = connection.execute(
            text("SELECT actor, action, entity_key FROM audit_log WHERE action = 'practice_reset' ORDER BY id")
        ).all()
    assert [tuple(r) for r in audited] == [("trainer", "practice_reset", "somchai"), ("trainer", "practice_reset", "*")]


def test_no_new_practice_workspace_past_the_declared_caps(server, monkeypatch):
    practise_a_save(server.root, "somchai")
    declared = {"practice": {"max_workspaces": 1, "max_megabytes": 1000}}
    monkeypatch.setattr(practice_space, "settings", lambda: declared)
    with pytest.raises(PracticeFull) as refused:
        practise_a_save(server.root, "somsri")
    assert refused.value.message("th").startswith("สร้างพื้นที่ฝึกใหม่ไม่ได้: มีพื้นที่ฝึกแล้ว 1 พื้นที่ (ไม่เกิน 1)")
    assert "data/settings.toml" in refused.value.message("th")
    assert not practice_root(server.root, "account:somsri").exists()
    practise_a_save(server.root, "somchai")  # the one that exists goes on working
    declared["practice"] = {"max_workspaces": 10, "max_megabytes": 1}  # the template alone is more than 1 MB
    with pytest.raises(PracticeFull):
        practise_a_save(server.root, "somsri")


def test_backups_leave_the_practice_workspaces_out(server):
    practise_a_save(server.root, "somchai")
    kept = workspace_files(server.root, server.state())
    assert not [p for p in kept if ".practice" in p.parts]


@pytest.mark.postgres
def test_practice_stays_sqlite_when_the_real_plans_database_is_postgresql(workspace, demo_path, monkeypatch, request):
    from tests.postgres import fresh_database

    url = fresh_database(request.getfixturevalue("postgres_url"))
    monkeypatch.setenv("CIA_DATABASE_URL", url)
    monkeypatch.setenv("CIA_PASSWORD", PASSWORD)
    workspace.root.mkdir(parents=True)
    assert database_url(workspace.root) == url
    AccountStore(url).add(None, "trainer", PASSWORD, "admin")
    ensure_template(workspace.root, build=lambda folder: shutil.copytree(demo_path, folder, dirs_exist_ok=True))
    before = counts(url)
    practice = practise_a_save(workspace.root, "trainer")
    assert practice.startswith("sqlite:///") and "/.practice/" in practice
    assert counts(url) == before
    assert counts(practice)["priority_matrices"] == DEMO_MATRICES + 1
    assert reset_practice(workspace.root, signed_in(workspace.root, "trainer")) == 1
    assert counts(practice)["priority_matrices"] == DEMO_MATRICES
    assert counts(url)["audit_log"] == before["audit_log"] + 1
