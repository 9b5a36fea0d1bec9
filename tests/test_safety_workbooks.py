"""Workbooks read completely or refused (issue 21, finding 7): every data sheet of a workbook is
imported (300 + 200 households, not 300), a notes sheet is named, a sheet cut short is refused; a
2566–2570 file is not accepted as 2564; two rows of one project are refused, not one dropped; a
ZIP without a data file fails; an impossible collection date, NUL bytes and "….0" ids are said."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd

from analysis.cli import main as cia
from analysis.importers.pipeline import import_file
from analysis.plans.exports import projects_workbook
from analysis.plans.imports import check_same_problem, read_projects_workbook
from analysis.plans.service import PlanStore
from tests.test_bad_inputs import snapshot
from tests.test_plans_store import project


def households(village: str, count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "รหัสหมู่บ้าน": [village] * count,
            "รหัสบ้าน": [f"{village}{n:04d}" for n in range(count)],
            "จำนวนสมาชิก": [3] * count,
            "ข้อ 4": [1] * count,
        }
    )


def workbook(path: Path, sheets: dict[str, pd.DataFrame]) -> Path:
    with pd.ExcelWriter(path) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return path


def cut_sheet(path: Path, member: str = "xl/worksheets/sheet2.xml", keep_rows: int = 5) -> Path:
    """The workbook with one sheet's XML cut after ``keep_rows`` rows (a copy stopped half-way)."""
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == member:
                end = 0
                for _ in range(keep_rows + 1):
                    end = data.index(b"</row>", end) + len(b"</row>")
                data = data[:end]
            out.writestr(item, data)
    cut = path.with_name(f"cut-{path.name}")
    cut.write_bytes(buffer.getvalue())
    return cut


def test_every_data_sheet_of_a_workbook_is_imported_and_a_notes_sheet_is_named(workspace, tmp_path):
    path = workbook(
        tmp_path / "bmn.xlsx",
        {
            "ตำบลA": households("31010101", 300),
            "ตำบลB": households("31010102", 200),
            "คำอธิบาย": pd.DataFrame({"หมายเหตุ": ["ข้อมูลปี 2564"]}),
        },
    )
    prepared, info = import_file(workspace, "bmn", path, year=2564)
    assert info is not None, prepared.report.to_frame()
    assert info.meta["households"] == 500  # was 300: sheet 2 was ignored
    assert [f["name"] for f in info.meta["files"]] == ["bmn.xlsx › ตำบลA", "bmn.xlsx › ตำบลB"]
    notes = prepared.report.to_frame().query("rule == 'sheet_not_data'")
    assert notes["value"].tolist() == ["คำอธิบาย"]


def test_a_sheet_cut_short_is_refused_and_nothing_is_written(workspace, tmp_path):
    path = workbook(tmp_path / "bmn.xlsx", {"ตำบลA": households("31010101", 30), "ตำบลB": households("31010102", 20)})
    cut = cut_sheet(path)
    before = snapshot(workspace.root) if workspace.root.exists() else {}
    prepared, info = import_file(workspace, "bmn", cut, year=2564)
    assert info is None
    refused = prepared.report.to_frame().query("rule == 'sheet_truncated'")
    assert refused["value"].tolist() == ["ตำบลB"]
    assert "ตัดกลางคัน" in refused.iloc[0]["message_th"]
    assert (snapshot(workspace.root) if workspace.root.exists() else {}) == before


def test_a_file_numbered_for_the_later_catalog_is_not_read_with_the_earlier_one(demo_workspace, tmp_path):
    source = demo_workspace.root / "demo_sources" / "bmn_2566_utf8bom.csv"  # ข้อ 1–38
    prepared, info = import_file(demo_workspace, "bmn", source, year=2564, replace=True)
    assert info is None
    problem = prepared.report.to_frame().query("rule == 'indicators_beyond_catalog'").iloc[0]
    assert problem["value"] == "32–38"
    assert "ตรงกับ เครื่องชี้วัดความจำเป็นพื้นฐาน (จปฐ.) ปี 2566–2570" in problem["message_th"]


def test_two_rows_of_one_project_are_refused_not_one_dropped(tmp_path):
    store = PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite'}")
    saved = store.create_project(project(villages=[]), "สมชาย")
    book = openpyxl.load_workbook(io.BytesIO(projects_workbook([store.project(saved.id)])))
    sheet = book["โครงการ"]
    sheet.append([cell.value for cell in sheet[2]])  # the same project's row twice
    buffer = io.BytesIO()
    book.save(buffer)
    records, report = read_projects_workbook(buffer.getvalue(), "projects.xlsx")
    duplicate = report.to_frame().query("rule == 'plan_row_duplicate'")
    assert duplicate[["row", "value"]].values.tolist() == [[3, str(saved.id)]]
    assert report.has_errors


def test_a_new_row_for_a_problem_already_answered_is_named_before_importing(tmp_path):
    store = PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite'}")
    saved = store.create_project(project(villages=[]), "สมชาย")
    other = store.create_project(project(villages=[], indicator_id="17", title="โครงการน้ำสะอาด"), "สมชาย")
    book = openpyxl.load_workbook(io.BytesIO(projects_workbook([store.project(saved.id), store.project(other.id)])))
    sheet = book["โครงการ"]
    headers = [cell.value for cell in sheet[1]]
    copied = [cell.value for cell in sheet[2]]  # the first project's row again, as a new project
    copied[headers.index("รหัสโครงการ")] = None
    copied[headers.index("ชื่อโครงการ")] = "โครงการเพิ่มรายได้ (ชุดที่ 2)"
    sheet.append(copied)
    buffer = io.BytesIO()
    book.save(buffer)
    records, report = read_projects_workbook(buffer.getvalue(), "projects.xlsx")
    check_same_problem(records, store.projects(), report, "projects.xlsx")
    same = report.to_frame().query("rule == 'plan_same_problem'")
    # only the new row is named (the two stored projects are edits of themselves), with the earlier one
    assert same[["value", "severity"]].values.tolist() == [["โครงการเพิ่มรายได้ (ชุดที่ 2)", "warning"]]
    assert f"#{saved.id} โครงการเพิ่มรายได้" in same.iloc[0]["message_th"]
    assert "นับงบประมาณสองครั้ง" in same.iloc[0]["message_th"]
    assert not report.has_errors  # a warning: a second project may be meant


def test_a_zip_without_a_data_file_fails(tmp_path, capsys):
    archive = tmp_path / "photos.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("readme.pdf", b"%PDF-1.4")
    assert cia(["import", "bmn", str(archive), "-w", str(tmp_path / "ws"), "--year", "2566"]) == 1
    assert "ไม่พบไฟล์ CSV หรือ XLSX ในโฟลเดอร์หรือไฟล์ ZIP นี้" in capsys.readouterr().out


def test_ids_written_as_numbers_match_their_correction(workspace, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n31010101,1234.0,2,1\n", encoding="utf-8")
    assert import_file(workspace, "bmn", first, year=2566)[1] is not None
    again = tmp_path / "b.csv"
    again.write_text("รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ข้อ 4\n31010101,1234,5,0\n", encoding="utf-8")
    prepared, info = import_file(workspace, "bmn", again, year=2566, append=True)
    assert info is not None and prepared.meta["households_resent"] == 1  # one household, not two
