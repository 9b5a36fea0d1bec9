"""The bad-input corpus: every file a user sent that once crashed or was silently accepted, and
every damaged workspace — each refused (or repaired) with a Thai message naming the file, row and
column, never a traceback, library text or server path; and every refused file leaves the
workspace byte-identical. Add a case here for every new one found."""

from __future__ import annotations

import hashlib
import io
import sqlite3
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli import main as cia
from analysis.doctor import diagnose, repair
from analysis.importers.pipeline import import_file, import_files
from analysis.store import Workspace
from analysis.store_errors import StoreError, WorkspaceDamaged

HH = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n"
AGG = "รหัสพื้นที่,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่าน,ไม่ผ่าน\n"


def _fingerprint(path: Path) -> str:
    if path.suffix == ".sqlite":  # its content, wherever SQLite keeps it (main file or WAL)
        with sqlite3.connect(path) as con:
            return hashlib.sha1("\n".join(con.iterdump()).encode()).hexdigest()
    return hashlib.sha1(path.read_bytes()).hexdigest()


def snapshot(root: Path) -> dict[str, str]:
    """Every file of a workspace by its content (the lock file and SQLite's side files aside)."""
    return {
        str(p.relative_to(root)): _fingerprint(p)
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock" and not p.name.endswith(("-shm", "-wal"))
    }


def xlsx_bomb() -> bytes:
    """A real XLSX whose one sheet expands a thousandfold (zeros compress to almost nothing)."""
    buffer = io.BytesIO()
    frame = pd.DataFrame({"รหัสหมู่บ้าน": ["31010101"], "รหัสบ้าน": ["1"], "จำนวนสมาชิก": [2], "ข้อ 4": [1]})
    frame.to_excel(buffer, index=False)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            bomb.writestr(item, source.read(item.filename))
        bomb.writestr("xl/padding.bin", b"\0" * (40 * 2**20))
    return out.getvalue()


@dataclass
class Bad:
    name: str
    file: str
    content: bytes | str
    kind: str = "bmn"
    rule: str = ""
    row: int | None = None
    column: str | None = None


CORPUS = [
    Bad("household size NaN", "nan.csv", HH + "31010101,1,NaN,1", rule="not_a_number", row=2, column="จำนวนสมาชิก"),
    Bad("household size inf", "inf.csv", HH + "31010101,1,inf,1", rule="not_a_number", row=2, column="จำนวนสมาชิก"),
    Bad("household size 1e20", "huge.csv", HH + "31010101,1,1e20,1", rule="members_too_large", row=2),
    Bad("count 1e20", "agg.csv", AGG + "310101,1,1e20,5,5", kind="bmn-agg", rule="count_implausible", row=2),
    Bad("a file cut mid-row", "cut.csv", HH + "31010101,1,2,1\n31010101,2,3", rule="row_cells_missing", row=3),
    Bad(
        "a million-character id",
        "long.csv",
        HH + "31010101," + "9" * 1_000_000 + ",2,1",
        rule="cell_too_long",
        row=2,
        column="รหัสบ้าน",
    ),
    Bad("an empty file", "empty.csv", b"", rule="unreadable_file"),
    Bad("a picture named .csv", "photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, rule="unreadable_file"),
    Bad("a damaged XLSX", "broken.xlsx", b"PK\x03\x04" + b"\x00" * 200, rule="unreadable_file"),
    Bad("a text file named .xlsx", "notes.xlsx", "not a spreadsheet at all", rule="unreadable_file"),
    Bad("an XLSX that expands a thousandfold", "bomb.xlsx", xlsx_bomb(), rule="zip_too_large"),
    Bad("only a header", "header.csv", HH, rule="empty_file"),
]


@pytest.mark.parametrize("case", CORPUS, ids=lambda c: c.name)
def test_a_bad_file_is_refused_in_thai_and_changes_nothing(case, demo_workspace, tmp_path):
    before = snapshot(demo_workspace.root)
    path = tmp_path / case.file
    path.write_bytes(case.content if isinstance(case.content, bytes) else case.content.encode("utf-8"))
    prepared, info = import_file(demo_workspace, case.kind, path, year=2564)
    assert info is None
    found = [p for p in prepared.report.problems if p.rule == case.rule]
    assert found, [p.rule for p in prepared.report.problems]
    problem = found[0]
    assert problem.file == case.file
    if case.row is not None:
        assert problem.row == case.row
    if case.column is not None:
        assert problem.column == case.column
    for message in (problem.message_th, problem.message_en):
        assert str(tmp_path) not in message and "Traceback" not in message and "Error:" not in message
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in problem.message_th)
    assert snapshot(demo_workspace.root) == before


def test_the_demo_income_header_is_recognised(demo_workspace):
    from analysis.mapping import suggest_mapping

    assert suggest_mapping(["รายได้ (บาท/ปี)"], "bmn", None).fields == {"income": "รายได้ (บาท/ปี)"}


# ---- damaged workspaces ------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", '{"version": 2, "datasets": [', '{"version": 2}', "[]"])
def test_a_damaged_state_json_says_how_to_repair_and_doctor_rebuilds_it(demo_workspace, content, capsys):
    households = demo_workspace.rows("area_summary", area="9901", year=2567)["households"].iloc[0]
    demo_workspace.state_path.write_text(content, encoding="utf-8")
    with pytest.raises(WorkspaceDamaged, match="cia doctor --repair"):
        demo_workspace.datasets()
    assert cia(["datasets", "-w", str(demo_workspace.root)]) == 1
    assert "state.json" in capsys.readouterr().err
    assert [f.code for f in diagnose(demo_workspace)][0] == "state_damaged"
    repair(demo_workspace)
    assert len(demo_workspace.datasets()) == 5  # จปฐ. 2564/2566/2567, กชช.2ค, the village data set
    assert demo_workspace.rows("area_summary", area="9901", year=2567)["households"].iloc[0] == households
    assert diagnose(demo_workspace) == []


def test_a_damaged_area_table_is_reported_then_rebuilt(demo_workspace):
    rows = len(demo_workspace.rows("area_indicator", area="9901", year=2567))
    path = demo_workspace.derived_path("area_indicator")
    path.write_bytes(path.read_bytes()[:500])
    with pytest.raises(WorkspaceDamaged, match="area_indicator"):
        demo_workspace.rows("area_indicator", area="9901")
    assert [f.code for f in diagnose(demo_workspace)] == ["derived_damaged"]
    repair(demo_workspace)
    assert len(demo_workspace.rows("area_indicator", area="9901", year=2567)) == rows == 37


def test_a_missing_dataset_folder_does_not_silently_drop_its_year(demo_workspace, tmp_path):
    import shutil

    victim = next(d for d in demo_workspace.datasets() if d.year == 2564)
    shutil.rmtree(demo_workspace.dataset_dir(victim.id))
    findings = diagnose(demo_workspace)
    assert [f.code for f in findings] == ["dataset_missing"] and victim.id in findings[0].path
    path = tmp_path / "more.csv"
    path.write_text(HH + "31010101,1,2,1", encoding="utf-8")
    with pytest.raises(WorkspaceDamaged, match=victim.id):  # an import would rebuild without 2564
        import_file(demo_workspace, "bmn", path, year=2564)
    repair(demo_workspace)
    assert victim.id not in {d.id for d in demo_workspace.datasets()}


def test_leftovers_of_killed_imports_are_listed_and_removed(demo_workspace):
    (demo_workspace.root / ".scratch" / "20260101-abcdef01" / "layers").mkdir(parents=True)
    (demo_workspace.root / "datasets" / ".staging-2567-bmn-x").mkdir()
    (demo_workspace.root / "datasets" / "2567-bmn-orphan").mkdir()
    codes = sorted(f.code for f in diagnose(demo_workspace))
    assert codes == ["orphan_dataset", "orphan_scratch", "orphan_staging"]
    repair(demo_workspace)
    assert diagnose(demo_workspace) == []
    assert not (demo_workspace.root / "datasets" / "2567-bmn-orphan").exists()


def test_a_workspace_that_cannot_be_written_is_refused_in_thai(demo_workspace, tmp_path, monkeypatch):
    # root ignores file modes, so the refusal the operating system would give is simulated for
    # every new folder inside the workspace
    make_folder = Path.mkdir

    def refuse(self, *args, **kwargs):
        if demo_workspace.root in self.parents and not self.exists():
            raise PermissionError(13, "Permission denied")
        return make_folder(self, *args, **kwargs)

    before = snapshot(demo_workspace.root)
    monkeypatch.setattr(Path, "mkdir", refuse)
    path = tmp_path / "a.csv"
    path.write_text(HH + "31010201,1,2,1", encoding="utf-8")
    with pytest.raises(StoreError, match="อ่านได้อย่างเดียว"):
        import_file(demo_workspace, "bmn", path, year=2564)
    monkeypatch.undo()
    assert snapshot(demo_workspace.root) == before


# ---- two imports at once -----------------------------------------------------------------------


def test_two_simultaneous_imports_are_serialised_and_neither_is_lost(workspace, tmp_path):
    north = tmp_path / "north.csv"
    south = tmp_path / "south.csv"
    north.write_text(HH + "".join(f"31010101,{n},2,1\n" for n in range(2000)), encoding="utf-8")
    south.write_text(HH + "".join(f"31020101,{n},3,0\n" for n in range(2000)), encoding="utf-8")
    results = {}

    def run(name, path):
        results[name] = import_files(Workspace(workspace.root), "bmn", [path], year=2564)

    threads = [threading.Thread(target=run, args=(n, p)) for n, p in (("north", north), ("south", south))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(info is not None for _, info in results.values())
    assert len(workspace.datasets()) == 2
    assert workspace.rows("area_summary", area="31", year=2564)["households"].iloc[0] == 4000


def test_two_imports_of_the_same_area_at_once_keep_one_and_refuse_the_other(workspace, tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(HH + "".join(f"31010101,{n},2,1\n" for n in range(1500)), encoding="utf-8")
    second.write_text(HH + "".join(f"31010101,{n},2,0\n" for n in range(1500)), encoding="utf-8")
    outcomes = []

    def run(path):
        try:
            outcomes.append(import_files(Workspace(workspace.root), "bmn", [path], year=2564)[1])
        except StoreError as error:  # the second commit finds the first already there
            outcomes.append(error)

    threads = [threading.Thread(target=run, args=(p,)) for p in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    committed = [o for o in outcomes if not isinstance(o, StoreError) and o is not None]
    assert len(committed) == 1 and len(workspace.datasets()) == 1
    refused = [o for o in outcomes if isinstance(o, StoreError) or o is None]
    assert len(refused) == 1


def test_cia_doctor_reports_then_repairs(demo_workspace, capsys):
    root = str(demo_workspace.root)
    (demo_workspace.root / ".scratch" / "20260101-abcdef01").mkdir(parents=True)
    demo_workspace.state_path.write_text("{", encoding="utf-8")
    assert cia(["doctor", "-w", root]) == 1
    said = capsys.readouterr().out
    assert "state.json เสียหาย" in said and ".scratch/20260101-abcdef01" in said and "พบ 2 เรื่อง" in said
    assert cia(["doctor", "-w", root, "--repair"]) == 0
    assert "ซ่อมแล้ว 2 เรื่อง" in capsys.readouterr().out
    assert cia(["--lang", "en", "doctor", "-w", root]) == 0
    assert "The workspace is in good shape" in capsys.readouterr().out
    assert len(demo_workspace.datasets()) == 5  # จปฐ. 2564/2566/2567, กชช.2ค, the village data set
