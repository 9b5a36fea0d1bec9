"""`cia backup` and `cia restore` from the command line: an administrator on a shared server (at
both ends), a fresh machine needs none, Thai messages and exit codes, never a traceback."""

import pytest

from analysis.cli import main
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.test_cli_users import ADMIN_PW, PLANNER_PW, shared  # noqa: F401  (fixture)


@pytest.fixture(autouse=True)
def own_database(monkeypatch):
    monkeypatch.delenv("CIA_DATABASE_URL", raising=False)


def test_on_a_shared_server_backup_and_restore_need_an_administrator(shared, tmp_path, monkeypatch, capsys):  # noqa: F811
    root, archive, fresh = str(shared.root), str(tmp_path / "office.zip"), str(tmp_path / "fresh")
    capsys.readouterr()
    assert main(["backup", archive, "-w", root]) == 2
    assert "--as" in capsys.readouterr().err
    monkeypatch.setenv("CIA_PASSWORD", PLANNER_PW)
    assert main(["backup", archive, "-w", root, "--as", "planner1"]) == 3
    assert "ไม่มีสิทธิ์" in capsys.readouterr().err
    assert not (tmp_path / "office.zip").exists()
    monkeypatch.setenv("CIA_PASSWORD", ADMIN_PW)
    assert main(["backup", archive, "-w", root, "--as", "admin"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"สำรองข้อมูลแล้ว: {archive} (") and "ชุดข้อมูล 5 ชุด บัญชีผู้ใช้ 2 บัญชี" in out

    # a fresh machine: no account yet, so no --as; the restored accounts make it a shared server
    assert main(["restore", archive, "-w", fresh]) == 0
    out = capsys.readouterr().out
    assert "กู้คืนแล้วจาก" in out and "ทุกคนต้องเข้าสู่ระบบใหม่" in out
    assert main(["restore", archive, "-w", fresh]) == 2  # now a shared server: an administrator only
    monkeypatch.setenv("CIA_PASSWORD", PLANNER_PW)
    assert main(["restore", archive, "-w", fresh, "--as", "planner1", "--replace"]) == 3
    monkeypatch.setenv("CIA_PASSWORD", ADMIN_PW)
    capsys.readouterr()
    assert main(["restore", archive, "-w", fresh, "--as", "admin"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ปลายทางมีข้อมูลอยู่แล้ว (") and "--replace" in err and "Traceback" not in err
    assert main(["restore", archive, "-w", fresh, "--as", "admin", "--replace"]) == 0
    assert "กู้คืนแล้วจาก" in capsys.readouterr().out
    assert main(["--lang", "en", "datasets", "-w", fresh]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 1 + 5  # a header and the demo's five datasets


def test_this_computer_needs_no_account_and_a_damaged_file_is_said_in_thai(demo_workspace, tmp_path, capsys):
    archive = tmp_path / "laptop.zip"
    assert main(["backup", str(archive), "-w", str(demo_workspace.root)]) == 0
    archive.write_bytes(archive.read_bytes()[:1000])
    capsys.readouterr()
    assert main(["restore", str(archive), "-w", str(tmp_path / "fresh")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"ไฟล์สำรองข้อมูล {archive} เสียหายหรือไม่ครบ (") and "ไม่ได้กู้คืนอะไรเลย" in err
    assert main(["--lang", "en", "restore", str(tmp_path / "none.zip"), "-w", str(tmp_path / "fresh")]) == 1
    assert capsys.readouterr().err.strip() == f"Backup file {tmp_path / 'none.zip'} not found"
    assert main(["backup", str(tmp_path / "no" / "folder.zip"), "-w", str(demo_workspace.root)]) == 1
    assert "เขียนไฟล์" in capsys.readouterr().err
