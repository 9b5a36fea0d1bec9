"""One source of truth for the server mode, and manifests that cannot reach outside the workspace
(issue 21, findings 4 and 5): pointing CIA_DATABASE_URL at an empty database or starting the demo
over does not turn the accounts off; a dataset id edited into state.json cannot make `cia delete`
remove a folder outside the workspace; area tables that are gone are said to be, not shown empty."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from analysis.auth.accounts import AccountStore
from analysis.auth.guard import SHARED_MARKER, shared_mode
from analysis.auth.login import Authenticator
from analysis.auth.roles import PermissionDenied
from analysis.cli import main as cia
from analysis.importers.committing import plans_url
from analysis.importers.pipeline import import_file
from analysis.store import Workspace
from analysis.store_errors import WorkspaceDamaged
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.test_bad_inputs import snapshot
from tests.test_safety_grants import VILLAGES, household_file

PASSWORD = "a-long-password-1"


@pytest.fixture
def server(tmp_path, monkeypatch) -> Workspace:
    """A workspace with data that became a shared server (an administrator and a planner)."""
    monkeypatch.setenv("CIA_PASSWORD", PASSWORD)
    workspace = Workspace(tmp_path / "ws")
    assert import_file(workspace, "bmn", household_file(tmp_path / "all.csv", VILLAGES), year=2566)[1] is not None
    accounts = AccountStore(plans_url(workspace))
    accounts.add(None, "admin", PASSWORD, "admin")
    admin = Authenticator(plans_url(workspace)).authenticate("admin", PASSWORD)
    accounts.add(admin, "planner1", PASSWORD, "planner", ["310101"])
    return workspace


def test_the_first_account_marks_the_workspace_a_shared_server(server):
    assert (server.root / SHARED_MARKER).exists()


def test_an_empty_database_does_not_turn_shared_mode_off(server, tmp_path, monkeypatch, capsys):
    before = snapshot(server.root)
    monkeypatch.setenv("CIA_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    url = plans_url(server)
    assert shared_mode(url)
    part = household_file(tmp_path / "part.csv", {"31010101": 2})
    with pytest.raises(PermissionDenied) as refused:
        import_file(server, "bmn", part, year=2566, append=True)  # the local, unverified user
    assert refused.value.reason == "login"
    args = ["import", "bmn", str(part), "-w", str(server.root), "--year", "2566", "--add"]
    assert cia(args) == 2  # needs --as: no write passes without an account
    assert cia([*args, "--as", "admin"]) == 3  # and the empty database has none
    assert snapshot(server.root) == before
    with sqlite3.connect(tmp_path / "empty.sqlite") as con:  # nothing was audited there either
        assert con.execute("SELECT count(*) FROM audit_log").fetchone() == (0,)


def test_starting_the_demo_over_on_a_shared_server_needs_an_administrator_and_keeps_the_accounts(
    demo_workspace, monkeypatch, capsys
):
    monkeypatch.setenv("CIA_PASSWORD", PASSWORD)
    url = plans_url(demo_workspace)
    accounts = AccountStore(url)
    accounts.add(None, "admin", PASSWORD, "admin")
    accounts.add(Authenticator(url).authenticate("admin", PASSWORD), "planner1", PASSWORD, "planner", ["9901"])
    root = str(demo_workspace.root)
    before = snapshot(demo_workspace.root)
    assert cia(["demo", "-w", root, "--force"]) == 2
    assert "--as" in capsys.readouterr().err
    assert cia(["demo", "-w", root, "--force", "--as", "planner1"]) == 3
    assert snapshot(demo_workspace.root) == before
    assert cia(["demo", "-w", root, "--force", "--as", "admin"]) == 0
    assert [a.username for a in AccountStore(url).accounts()] == ["admin", "planner1"]
    assert shared_mode(url) and (demo_workspace.root / SHARED_MARKER).exists()
    with sqlite3.connect(demo_workspace.root / "plans.sqlite") as con:
        actions = [r[0] for r in con.execute("SELECT action FROM audit_log WHERE actor = 'admin' ORDER BY id")]
        projects = con.execute("SELECT count(*) FROM projects").fetchone()[0]
    assert "reset" in actions
    assert (
        projects == 5
    )  # the demo's five projects (four and the province plan), once: the old ones went with the reset


def test_a_dataset_id_reaching_outside_the_workspace_is_refused_and_deletes_nothing(demo_workspace, tmp_path, capsys):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("important", encoding="utf-8")
    state = json.loads(demo_workspace.state_path.read_text(encoding="utf-8"))
    relative = "../../victim"
    assert (demo_workspace.root / "datasets" / relative).resolve() == victim.resolve()
    state["datasets"][0]["id"] = relative
    demo_workspace.state_path.write_text(json.dumps(state), encoding="utf-8")
    assert cia(["delete", relative, "-w", str(demo_workspace.root)]) == 1
    said = capsys.readouterr().err
    assert "cia doctor --repair" in said and "Traceback" not in said
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "important"
    with pytest.raises(WorkspaceDamaged):
        demo_workspace.dataset_dir(relative)
    assert cia(["doctor", "-w", str(demo_workspace.root), "--repair"]) == 0
    assert (victim / "keep.txt").exists()
    assert len(demo_workspace.datasets()) == 5


def test_area_tables_that_are_gone_are_said_to_be(demo_workspace, capsys):
    shutil.rmtree(demo_workspace.root / "derived" / demo_workspace.generation)
    assert cia(["areas", "--level", "tambon", "-w", str(demo_workspace.root), "--format", "csv"]) == 1
    said = capsys.readouterr()
    assert "cia doctor --repair" in said.err and said.out == ""
