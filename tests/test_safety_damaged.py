"""Damaged workspaces and a full disk end in a Thai message naming the file and what to do, never a
traceback (issue 21, finding 9); `cia doctor` no longer calls such a workspace healthy, and its
repairs set damaged files aside instead of deleting them."""

from __future__ import annotations

import errno
import json

import pytest

from analysis.cli import main as cia
from analysis.doctor import diagnose
from analysis.importers.pipeline import import_file
from analysis.store_errors import StoreError
from tests.test_bad_inputs import snapshot

HH = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n"


def said(capsys) -> str:
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text and "/site-packages/" not in text
    return text


def codes(workspace) -> list[str]:
    return sorted(f.code for f in diagnose(workspace))


def test_a_truncated_dataset_description_is_rewritten_from_the_manifest(demo_workspace, capsys):
    info = demo_workspace.datasets()[0]
    path = demo_workspace.dataset_dir(info.id) / "dataset.json"
    path.write_text(path.read_text(encoding="utf-8")[:40], encoding="utf-8")
    assert codes(demo_workspace) == ["description_damaged"]
    assert cia(["doctor", "-w", str(demo_workspace.root), "--repair"]) == 0
    assert "dataset.json" in said(capsys)
    assert json.loads(path.read_text(encoding="utf-8"))["id"] == info.id


def test_with_both_manifest_and_description_damaged_the_folder_is_kept(demo_workspace, capsys):
    info = demo_workspace.datasets()[0]
    (demo_workspace.dataset_dir(info.id) / "dataset.json").write_text("{", encoding="utf-8")
    demo_workspace.state_path.write_text("{", encoding="utf-8")
    assert cia(["doctor", "-w", str(demo_workspace.root), "--repair"]) == 1  # was a traceback
    assert "นำเข้าไฟล์ชุดนั้นใหม่" in said(capsys)
    assert demo_workspace.dataset_dir(info.id).is_dir()  # the only copy of that year: not removed
    assert len(demo_workspace.datasets()) == 4


def test_a_garbage_plans_database_is_said_and_doctor_does_not_call_it_healthy(demo_workspace, capsys):
    (demo_workspace.root / "plans.sqlite").write_bytes(b"this is not a database" * 100)
    for name in ("plans.sqlite-wal", "plans.sqlite-shm"):
        (demo_workspace.root / name).unlink(missing_ok=True)
    assert cia(["plans", "list", "-w", str(demo_workspace.root), "--format", "csv"]) == 1
    assert "ฐานข้อมูลแผนและบัญชีผู้ใช้ (plans.sqlite) อ่านไม่ได้หรือเสียหาย" in said(capsys)
    assert cia(["doctor", "-w", str(demo_workspace.root)]) == 1
    assert "cia restore" in said(capsys)


def test_damaged_mappings_are_said_then_set_aside(demo_workspace, tmp_path, capsys):
    (demo_workspace.root / "mappings.json").write_text("[1, 2", encoding="utf-8")
    path = tmp_path / "a.csv"
    path.write_text(HH + "99010101,x1,2,1\n", encoding="utf-8")
    assert cia(["import", "bmn", str(path), "-w", str(demo_workspace.root), "--year", "2567", "--add"]) == 1
    assert "mappings.json" in said(capsys)
    assert codes(demo_workspace) == ["mappings_damaged"]
    assert cia(["doctor", "-w", str(demo_workspace.root), "--repair"]) == 0
    assert list(demo_workspace.root.glob("mappings.json.damaged-*"))  # kept beside, not deleted
    assert cia(["import", "bmn", str(path), "-w", str(demo_workspace.root), "--year", "2567", "--add"]) == 0


def test_a_lock_that_is_a_folder(demo_workspace, tmp_path, capsys):
    (demo_workspace.root / ".lock").unlink(missing_ok=True)
    (demo_workspace.root / ".lock").mkdir()
    path = tmp_path / "a.csv"
    path.write_text(HH + "99010101,x1,2,1\n", encoding="utf-8")
    assert cia(["import", "bmn", str(path), "-w", str(demo_workspace.root), "--year", "2567", "--add"]) == 1
    assert ".lock" in said(capsys)
    assert cia(["doctor", "-w", str(demo_workspace.root), "--repair"]) == 0
    assert (demo_workspace.root / ".lock").is_file() or not (demo_workspace.root / ".lock").exists()


def test_a_truncated_register_is_said_by_progress_and_by_doctor(demo_workspace, capsys):
    register = demo_workspace.root / "registers" / "2567.parquet"
    register.write_bytes(register.read_bytes()[:200])
    assert cia(["progress", "--area", "9901", "--year", "2567", "-w", str(demo_workspace.root)]) == 1
    assert "registers/2567.parquet" in said(capsys)
    assert codes(demo_workspace) == ["register_damaged"]
    assert cia(["doctor", "-w", str(demo_workspace.root), "--repair"]) == 0
    assert not register.exists() and list(register.parent.glob("2567.parquet.damaged-*"))


def test_a_full_disk_is_said_with_the_space_needed_and_changes_nothing(demo_workspace, tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_text(HH + "99010101,x1,2,1\n", encoding="utf-8")
    before = snapshot(demo_workspace.root)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device: '/srv/cia/workspace/derived/x'")

    monkeypatch.setattr("analysis.generations.write_area_tables", full)
    with pytest.raises(StoreError) as refused:
        import_file(demo_workspace, "bmn", path, year=2567, append=True)
    message = refused.value.message("th")
    assert message.startswith("พื้นที่ดิสก์ของพื้นที่ทำงาน") and "ต้องใช้ที่ว่างประมาณ" in message
    assert "/srv/" not in message and "No space" not in message
    data = {k: v for k, v in snapshot(demo_workspace.root).items() if not k.startswith("plans.sqlite")}
    assert data == {k: v for k, v in before.items() if not k.startswith("plans.sqlite")}
