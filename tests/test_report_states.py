"""Every report builds, as PDF and XLSX, at every certification state (no village certified, some,
all) — on household rows and on area aggregates (no household rows: the state right after a
province imports its published totals, where the progress report used to crash) — and says how
many villages are certified. The Reports page makes each document or says in Thai why it could
not."""

from __future__ import annotations

import io

import openpyxl
import pytest

from analysis.checks.certify import certification_store_for
from analysis.checks.gather import progress_report, quality_report
from analysis.checks.progress_doc import progress_pdf, progress_xlsx
from analysis.checks.reports import report_pdf, report_xlsx
from analysis.checks.views import certify_village
from analysis.importers.pipeline import import_file
from tests.conftest import write
from tests.contest_fixtures import pdf_text, thai

HOUSEHOLDS = """
รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,รายได้,ข้อ 4,ข้อ 22,ข้อ 29
31010101,1,3,150000,1,,1
31010101,2,2,100000,0,1,1
31010101,3,4,200000,1,,1
31010102,1,2,90000,1,1,1
31010102,2,3,30000,0,,0
"""
AGGREGATES = """
รหัสพื้นที่,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่านเกณฑ์,ไม่ผ่านเกณฑ์
31010101,4,40,30,10
31010101,22,50,38,12
31010102,4,20,15,5
31010102,22,30,28,2
"""
VILLAGES = ("31010101", "31010102")
STATES = {"none": (), "some": VILLAGES[:1], "all": VILLAGES}
REPORTS = (("province", "31"), ("district", "3101"), ("tambon", "310101"), ("progress", "3101"))


def _workspace(workspace, tmp_path, kind: str):
    text, family = (HOUSEHOLDS, "bmn") if kind == "households" else (AGGREGATES, "bmn-agg")
    prepared, info = import_file(workspace, family, write(tmp_path / f"{kind}.csv", text), year=2566)
    assert info is not None, prepared.report.to_frame()
    return workspace


def _certify(workspace, villages) -> object:
    store = certification_store_for(workspace.root)
    for village in villages:
        checked = certify_village(workspace, store, village, 2566, "checked", None, "สมชาย")
        certify_village(workspace, store, village, 2566, "certified", checked.version, "สมชาย")
    return store


def _documents(workspace, store, kind: str, area: str):
    if kind == "progress":
        made = progress_report(workspace, store, area, 2566, "th")
        return progress_pdf(made), progress_xlsx(made)
    made = quality_report(workspace, store, area, 2566, "th")
    return report_pdf(made), report_xlsx(made)


def _sheet_text(xlsx: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)


@pytest.mark.parametrize("data", ["households", "aggregates"])
@pytest.mark.parametrize("state", list(STATES))
def test_every_report_builds_at_every_certification_state(workspace, tmp_path, data, state):
    _workspace(workspace, tmp_path, data)
    store = _certify(workspace, STATES[state])
    certified = len(STATES[state])
    for kind, area in REPORTS:
        pdf, xlsx = _documents(workspace, store, kind, area)
        text = thai(pdf_text(pdf, tmp_path, f"{kind}.pdf"))
        sheets = thai(_sheet_text(xlsx))
        if kind == "progress":
            assert thai(f"รับรองข้อมูลแล้ว {certified} หมู่บ้าน") in text, (kind, state)
            assert thai("เสนอ: จังหวัด") in text  # the province named, not a bare "จังหวัด"
        else:
            line = thai(f"รับรองข้อมูลแล้ว {certified} จาก 2 หมู่บ้าน")
            assert line in text and line in sheets, (kind, state)
        if data == "aggregates" and kind == "progress":
            assert thai("ไม่มีรายครัวเรือน") in text  # says why nothing was collected


def test_the_progress_report_names_the_province_it_goes_to(workspace, tmp_path):
    _workspace(workspace, tmp_path, "households")
    made = progress_report(workspace, certification_store_for(workspace.root), "3101", 2566, "th")
    assert made.recipient == workspace.register().display_name("31", "th")
    assert made.recipient.startswith("จังหวัด") and made.recipient != "จังหวัด"


def test_a_report_without_an_earlier_year_and_its_units(workspace, tmp_path):
    from analysis.checks.reports import change_heading, gap_text, top_frame

    _workspace(workspace, tmp_path, "households")
    made = quality_report(workspace, certification_store_for(workspace.root), "3101", 2566, "th")
    assert made.base_year is None
    assert change_heading(made) == "4. การเปลี่ยนแปลงจากปีก่อน"  # not "จากปี –"
    top = top_frame(made)
    assert set(top["หน่วยนับ"]) <= {"ครัวเรือน", "คน"} and len(top) > 0
    assert gap_text(0.04, "th") == "ขาด < 0.1 จุด"  # below target, never "(0.0)"
    assert gap_text(12.345, "th") == "ขาด 12.3 จุด"


def _reports_page(root, monkeypatch, area: str):
    from tests.test_pages import app

    at = app(root, monkeypatch)
    at.session_state["area_code"] = area
    at.switch_page("../pages/reports.py").run()
    assert not at.exception, at.exception
    return at


def test_the_reports_page_makes_the_province_reports_of_aggregates(workspace, tmp_path, monkeypatch):
    _workspace(workspace, tmp_path, "aggregates")
    at = _reports_page(workspace.root, monkeypatch, "31")
    labels = [b.label for b in at.button if b.key.endswith("_make")]
    assert labels == [
        "เอกสารคุณภาพชีวิตของประชาชนจังหวัด (PDF)",
        "เอกสารคุณภาพชีวิตของประชาชนจังหวัด (XLSX)",
        "รายงานความก้าวหน้าเสนอจังหวัด (1 หน้า) (PDF)",
        "รายงานความก้าวหน้าเสนอจังหวัด (1 หน้า) (XLSX)",
    ]
    at.button(key="reports_progress_pdf_make").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["บันทึกไฟล์ report_progress_31_2566.pdf"]
    name, data, _ = at.session_state["_doc_made"]["reports_progress_pdf"]
    assert name == "report_progress_31_2566.pdf" and data.startswith(b"%PDF")


def test_a_report_that_cannot_be_made_says_so_in_thai(workspace, tmp_path, monkeypatch):
    _workspace(workspace, tmp_path, "households")

    def broken(*args, **kwargs):
        raise ValueError("You are trying to merge on float64 and object columns")

    monkeypatch.setattr("dashboard.reports_ui.progress_pdf", broken)
    at = _reports_page(workspace.root, monkeypatch, "3101")
    at.button(key="reports_progress_pdf_make").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("สร้างไฟล์ report_progress_3101_2566.pdf ไม่สำเร็จ:")
    assert "merge" not in errors[0] and "แจ้งผู้ดูแลระบบ" in errors[0]
    assert not at.get("download_button")  # nothing to save, and nothing half-made kept
