"""`cia users` and the CLI's account check on writes (`--as`, CIA_PASSWORD)."""

import io

import pandas as pd
import pytest

from analysis.cli import main
from analysis.plans.exports import projects_workbook
from analysis.plans.service import store_for
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)

ADMIN_PW, PLANNER_PW = "admin-password-1", "planner-password-1"


@pytest.fixture
def shared(demo_workspace, monkeypatch):
    """The demo as a shared server: an administrator and a planner of ตำบลหนองบัว (990101)."""
    root = str(demo_workspace.root)
    monkeypatch.setenv("CIA_NEW_PASSWORD", ADMIN_PW)
    assert main(["users", "add", "Admin", "--role", "admin", "-w", root]) == 0
    monkeypatch.setenv("CIA_PASSWORD", ADMIN_PW)
    monkeypatch.setenv("CIA_NEW_PASSWORD", PLANNER_PW)
    args = ["users", "add", "planner1", "--role", "planner", "--area", "990101", "--name", "นางสาวพัฒนา"]
    assert main([*args, "-w", root, "--as", "admin"]) == 0
    return demo_workspace


def users(root: str, capsys) -> pd.DataFrame:
    capsys.readouterr()  # what earlier commands printed
    assert main(["users", "list", "-w", root, "--as", "admin"]) == 0
    return pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)


def test_the_first_account_must_be_an_administrator_and_turns_shared_mode_on(demo_workspace, monkeypatch, capsys):
    root = str(demo_workspace.root)
    monkeypatch.setenv("CIA_NEW_PASSWORD", PLANNER_PW)
    assert main(["users", "add", "planner1", "--role", "planner", "-w", root]) == 1
    assert capsys.readouterr().err.strip() == "บัญชีแรกต้องเป็นผู้ดูแลระบบ (--role admin)"
    monkeypatch.setenv("CIA_NEW_PASSWORD", ADMIN_PW)
    assert main(["users", "add", "admin", "--role", "admin", "-w", root]) == 0
    out = capsys.readouterr().out
    assert "เพิ่มบัญชี admin (ผู้ดูแลระบบ) แล้ว" in out and "โหมดเซิร์ฟเวอร์ร่วม" in out
    monkeypatch.setenv("CIA_NEW_PASSWORD", PLANNER_PW)
    assert main(["users", "add", "planner1", "--role", "planner", "-w", root]) == 2  # now needs --as
    assert "--as" in capsys.readouterr().err


def test_list_grant_disable_and_passwords(shared, capsys, monkeypatch):
    root = str(shared.root)
    listed = users(root, capsys)
    assert listed[["username", "role", "areas", "active"]].values.tolist() == [
        ["admin", "admin", "", "True"],
        ["planner1", "planner", "990101", "True"],
    ]
    assert listed.loc[1, "display_name"] == "นางสาวพัฒนา" and listed.loc[1, "created_by"] == "admin"
    args = ["users", "grant", "planner1", "--area", "990101", "--area", "990102", "-w", root, "--as", "admin"]
    assert main(args) == 0
    assert users(root, capsys).loc[1, "areas"] == "990101 990102"
    # a planner may not manage accounts
    monkeypatch.setenv("CIA_PASSWORD", PLANNER_PW)
    assert main(["--lang", "en", "users", "disable", "admin", "-w", root, "--as", "planner1"]) == 3
    assert capsys.readouterr().err.startswith("Account planner1 (Planner) may not: Manage accounts")
    # own password with the current one, then the new one works
    monkeypatch.setenv("CIA_NEW_PASSWORD", "planner-password-2")
    assert main(["users", "passwd", "planner1", "-w", root, "--as", "planner1"]) == 0
    monkeypatch.setenv("CIA_PASSWORD", ADMIN_PW)
    assert main(["users", "disable", "planner1", "-w", root, "--as", "admin"]) == 0
    assert users(root, capsys).loc[1, "active"] == "False"
    monkeypatch.setenv("CIA_PASSWORD", "planner-password-2")
    assert main(["plans", "import", "x.xlsx", "-w", root, "--as", "planner1"]) == 3  # disabled: refused
    assert capsys.readouterr().err.strip() == "ชื่อบัญชีหรือรหัสผ่านไม่ถูกต้อง"


def test_without_a_password_and_no_terminal_the_command_stops(shared, capsys, monkeypatch):
    monkeypatch.delenv("CIA_PASSWORD")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["users", "list", "-w", str(shared.root), "--as", "admin"]) == 2
    assert "CIA_PASSWORD" in capsys.readouterr().err


def test_plans_import_writes_only_in_the_planners_areas(shared, tmp_path, capsys, monkeypatch):
    root = str(shared.root)
    store = store_for(shared.root)
    ours = [p for p in store.projects() if p.area_code.startswith("990101")]
    amphoe = [p for p in store.projects() if p.area_code == "9901"]
    for project in ours + amphoe:
        project.title = f"แก้ {project.id}"
    mine, theirs = tmp_path / "mine.xlsx", tmp_path / "theirs.xlsx"
    mine.write_bytes(projects_workbook(ours))
    theirs.write_bytes(projects_workbook(amphoe))
    assert main(["plans", "import", str(mine), "-w", root]) == 2  # no --as on a shared server
    monkeypatch.setenv("CIA_PASSWORD", PLANNER_PW)
    assert main(["plans", "import", str(theirs), "-w", root, "--as", "planner1"]) == 3
    assert "ไม่มีสิทธิ์ในพื้นที่ 9901" in capsys.readouterr().err
    assert store.project(amphoe[0].id).title != f"แก้ {amphoe[0].id}"
    assert main(["plans", "import", str(mine), "-w", root, "--as", "planner1"]) == 0
    assert {store.project(p.id).title for p in ours} == {f"แก้ {p.id}" for p in ours}
    audit = store.audit_log("project")
    assert set(audit.loc[audit["action"] == "import", "actor"]) == {"planner1"}
    assert main(["plans", "import", str(mine), "-w", root, "--dry-run"]) == 1  # read-only check: no --as needed
    assert "ถูกแก้ไขแล้วหลังจากส่งออกไฟล์นี้" in capsys.readouterr().out  # (versions moved on)
