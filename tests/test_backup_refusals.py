"""What `cia restore` refuses, in Thai and English, and that a refused or failed restore changes
nothing: a target that holds data (unless --replace), a damaged, truncated, edited or newer
archive, too little disk space (before or while writing), a database that fails mid-way."""

import json
import zipfile
from pathlib import Path

import pytest
import sqlalchemy

from analysis.backup import BackupError, archive, restore, take_backup
from analysis.db.engine import database_url
from analysis.store import Workspace
from tests.test_backup import ME, rows, workspace_digest


@pytest.fixture
def taken(demo_workspace, tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("CIA_DATABASE_URL", raising=False)
    take_backup(demo_workspace, database_url(demo_workspace.root), tmp_path / "office.zip", ME)
    return tmp_path / "office.zip"


def target_place(tmp_path: Path) -> tuple[Workspace, str]:
    return Workspace(tmp_path / "target"), f"sqlite:///{tmp_path / 'target' / 'plans.sqlite'}"


def nothing_restored(target: Workspace, url: str) -> bool:
    """No file but working ones (and an empty SQLite plans file), no row, no scratch left."""
    if not target.root.exists():
        return True
    names = [p.name for p in target.root.iterdir() if not p.name.startswith(".")]
    scratch = list((target.root / ".scratch").glob("*")) if (target.root / ".scratch").exists() else []
    database = Path(url.removeprefix("sqlite:///"))
    empty = not database.exists() or not any(rows(url).values())
    return names in ([], ["plans.sqlite"]) and scratch == [] and empty


def test_a_target_with_data_is_refused_unless_replace_is_asked(taken, demo_workspace, tmp_path):
    target, url = target_place(tmp_path)
    restore(taken, target, url, ME)
    state = target.state_path.read_bytes()
    with pytest.raises(BackupError) as refused:
        restore(taken, target, url, ME)
    assert refused.value.reason == "not_empty"
    assert "--replace" in refused.value.message("th") and str(target.root / "areas") in refused.value.message("th")
    assert target.state_path.read_bytes() == state
    only_rows = Workspace(tmp_path / "rows_only")  # an empty folder, but a database with plans
    # the tables holding rows are named (the list is cut at 300 characters: name the first one)
    with pytest.raises(BackupError, match=r"audit_log \(\d+\)"):
        restore(taken, only_rows, url, ME)
    (target.root / "stray.txt").write_text("left from before", encoding="utf-8")
    restore(taken, target, url, ME, replace=True)
    assert not (target.root / "stray.txt").exists()
    assert workspace_digest(target) == workspace_digest(demo_workspace)
    assert len(rows(url)["projects"]) == 5  # replaced, not added twice (the demo: four projects and the province plan)


def _rewrite(source: Path, target: Path, change) -> Path:
    """A copy of the archive with ``change(name, data) -> data | None`` applied to each member."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info, data)
    return target


def _manifest(edit):
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest).encode()

    return change


DAMAGES = {
    "truncated": ("damaged", lambda src, dst: _written(dst, src.read_bytes()[: src.stat().st_size // 2])),
    "not a zip": ("damaged", lambda src, dst: _written(dst, b"PK\x03\x04 hello")),
    "a byte changed": (
        "damaged",
        lambda src, dst: _rewrite(
            src, dst, lambda n, d: d[:-1] + bytes([d[-1] ^ 1]) if n == "workspace/state.json" else d
        ),
    ),
    "a member missing": (
        "damaged",
        lambda src, dst: _rewrite(src, dst, lambda n, d: None if n.startswith("workspace/datasets/") else d),
    ),
    "an unknown member": (
        "damaged",
        lambda src, dst: _rewrite(src, dst, lambda n, d: d) and _append(dst, "workspace/extra.txt", b"x"),
    ),
    "no manifest": (
        "not_backup",
        lambda src, dst: _rewrite(src, dst, lambda n, d: None if n == "manifest.json" else d),
    ),
    "a newer format": ("wrong_version", lambda src, dst: _rewrite(src, dst, _manifest(lambda m: m.update(version=2)))),
    "a newer schema": (
        "wrong_version",
        lambda src, dst: _rewrite(src, dst, _manifest(lambda m: m["database"].update(revision="0099"))),
    ),
}


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _append(path: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(name, data)
    return path


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_or_newer_archive_is_refused_in_thai_and_nothing_is_restored(taken, tmp_path, damage):
    reason, make = DAMAGES[damage]
    bad = make(taken, tmp_path / "bad.zip")
    target, url = target_place(tmp_path)
    with pytest.raises(BackupError) as refused:
        restore(bad, target, url, ME)
    assert refused.value.reason == reason
    assert str(bad) in refused.value.message("th")
    assert {"damaged": "เสียหาย", "not_backup": "ไม่ใช่ไฟล์สำรอง", "wrong_version": "รุ่นที่ใหม่กว่า"}[reason] in (
        refused.value.message("th")
    )
    assert nothing_restored(target, url)


def test_not_enough_space_is_said_before_anything_is_written(demo_workspace, taken, tmp_path, monkeypatch):
    monkeypatch.setattr(archive, "free_space", lambda folder: 5 << 20)
    with pytest.raises(BackupError) as refused:
        take_backup(demo_workspace, database_url(demo_workspace.root), tmp_path / "second.zip", ME)
    assert refused.value.reason == "no_space" and "ต้องการประมาณ" in refused.value.message("th")
    assert not (tmp_path / "second.zip").exists() and not [p for p in tmp_path.iterdir() if "partial" in p.name]
    target, url = target_place(tmp_path)
    with pytest.raises(BackupError) as refused:
        restore(taken, target, url, ME)
    assert refused.value.reason == "no_space" and "ว่างอยู่ 5.0 MB" in refused.value.message("th")
    assert nothing_restored(target, url)


def test_a_disk_that_fills_while_writing_leaves_no_partial_archive(demo_workspace, tmp_path, monkeypatch):
    import errno

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.delenv("CIA_DATABASE_URL", raising=False)
    monkeypatch.setattr(archive, "_add", full)
    with pytest.raises(BackupError) as refused:
        take_backup(demo_workspace, database_url(demo_workspace.root), tmp_path / "full.zip", ME)
    assert refused.value.reason == "no_space"
    assert list(tmp_path.glob("*full.zip*")) == []


def test_a_database_that_fails_during_restore_leaves_the_workspace_as_it_was(taken, tmp_path, monkeypatch):
    from analysis.backup import database

    def broken(*_args):
        raise sqlalchemy.exc.OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(database, "load", broken)
    target, url = target_place(tmp_path)
    target.root.mkdir(parents=True)
    (target.root / "keep.txt").write_text("was here", encoding="utf-8")
    with pytest.raises(BackupError) as refused:
        restore(taken, target, url, ME, replace=True)
    assert refused.value.reason == "db_failed" and "server closed the connection" in refused.value.message("en")
    assert sorted(p.name for p in target.root.iterdir() if not p.name.startswith(".")) in (
        ["keep.txt"],
        ["keep.txt", "plans.sqlite"],
    )
    assert not list((target.root / ".scratch").iterdir())


def test_a_database_that_fails_during_backup_writes_no_archive(demo_workspace, tmp_path, monkeypatch):
    from analysis.backup import database

    def lost(*_args):
        raise sqlalchemy.exc.OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.delenv("CIA_DATABASE_URL", raising=False)
    monkeypatch.setattr(database, "table_rows", lost)
    with pytest.raises(BackupError) as refused:
        take_backup(demo_workspace, database_url(demo_workspace.root), tmp_path / "lost.zip", ME)
    assert refused.value.reason == "db_read_failed"
    assert refused.value.message("th").startswith("อ่านฐานข้อมูลแผนไม่สำเร็จ (server closed the connection)")
    assert list(tmp_path.glob("*lost.zip*")) == [] and not list((demo_workspace.root / ".scratch").glob("backup-*"))
