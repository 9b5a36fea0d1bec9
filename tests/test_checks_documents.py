"""The review sheet, the tambon / district report and the progress report on a small workspace whose
numbers are worked out by hand: read back with pdftotext (Thai text searchable), rendered with
pdftoppm, page counts, the public edition's small counts, and the workbooks read back."""

import io
from datetime import date

import openpyxl
import pytest

from analysis.checks.certify import certification_store_for
from analysis.checks.gather import progress_report, quality_report, review_sheet
from analysis.checks.progress_doc import progress_pdf, progress_xlsx
from analysis.checks.register import read_register_file, save_register
from analysis.checks.reports import report_pdf, report_xlsx
from analysis.checks.review import review_pdf, review_xlsx
from analysis.checks.views import certify_village, run_checks
from analysis.contest.pdf import pdf_page_count
from analysis.importers.pipeline import import_file
from tests.conftest import write
from tests.contest_fixtures import pdf_text, render_pages, thai

Y2566 = """
รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,รายได้,ข้อ 4,ข้อ 22,ข้อ 29
31010101,1,3,150000,1,,1
31010101,2,2,100000,0,1,1
31010101,3,4,200000,,,1
31010101,4,1,10000,,,0
31010102,1,2,90000,1,1,1
31010102,2,3,30000,0,,0
31010102,3,2,100000,,,1
"""
# 2567: household 3 of 31010101 has income 0 and passes ข้อ 29 (planted); one household of each
# village not collected yet (the register expects 5 and 3)
Y2567 = """
รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,รายได้,ผู้จัดเก็บ,วันที่จัดเก็บ,ข้อ 4,ข้อ 22,ข้อ 29
31010101,1,3,150000,อสม.01,10/1/2567,1,,1
31010101,2,2,100000,อสม.01,10/1/2567,0,0,1
31010101,3,4,0,อสม.02,11/1/2567,,,1
31010101,4,1,10000,อสม.02,12/1/2567,1,,0
31010102,1,2,90000,อสม.03,12/1/2567,1,1,1
31010102,2,3,30000,อสม.03,13/1/2567,0,,0
"""
REGISTER = "รหัสหมู่บ้าน,มีเลขที่บ้าน,ไม่มีเลขที่บ้าน\n31010101,4,1\n31010102,3,0\n"
AFTER = date(2024, 2, 5)


@pytest.fixture
def small(workspace, tmp_path):
    for year, text in ((2566, Y2566), (2567, Y2567)):
        prepared, info = import_file(workspace, "bmn", write(tmp_path / f"{year}.csv", text), year=year)
        assert info is not None, prepared.report.to_frame()
    rows, report = read_register_file(write(tmp_path / "register.csv", REGISTER))
    assert not report.has_errors
    save_register(workspace, 2567, rows, date(2024, 1, 31), date(2024, 1, 8), "สมชาย")
    store = certification_store_for(workspace.root)
    certify_village(workspace, store, "31010101", 2567, "checked", None, "สมชาย", "ตรวจแล้ว รอเวที")
    return workspace, store


def lines(pdf, tmp_path, name="doc.pdf"):
    return [thai(line) for line in pdf_text(pdf, tmp_path, name).splitlines()]


def test_the_review_sheet_shows_the_village_against_last_year_and_the_tambon(small, tmp_path):
    workspace, store = small
    sheet = review_sheet(workspace, store, "31010101", 2567, "th", run_checks(workspace, "31010101", 2567, AFTER))
    pdf = review_pdf(sheet)
    text = lines(pdf, tmp_path)
    assert thai("ใบตรวจทานข้อมูล จปฐ. ปี 2567 สำหรับเวทีรับรองข้อมูลหมู่บ้าน") in text
    assert thai("จัดเก็บแล้ว 4 ครัวเรือน จากครัวเรือนเป้าหมาย 5 ครัวเรือน (80.0%)") in text
    assert thai("จัดเก็บระหว่างวันที่ 10 ม.ค. 2567 ถึง 12 ม.ค. 2567") in text
    assert any(line.startswith(thai("สถานะ: ตรวจแล้ว โดย สมชาย")) for line in text)
    joined = "".join(text)
    assert thai("ข้อผิดพลาด: รายได้ 0 บาท แต่ผ่านเกณฑ์รายได้ (ข้อ 29)") in joined
    assert thai("ครัวเรือน: 3") in joined
    assert thai("เลยกำหนดส่งแล้ว จัดเก็บได้ 4 จาก 5 ครัวเรือนเป้าหมาย") in joined
    # ข้อ 4: 3 applicable, 1 failing = 33.3% | 2566: 1 of 2 = 50.0 | −16.7 | tambon: 2 of 5 = 40.0
    assert any(line.endswith(thai("3 1 33.3 50.0 -16.7 40.0")) for line in text), text
    # ข้อ 22: 1 of 1 failing (0 of 1 in 2566) → +100; tambon 1 of 2
    assert any(line.endswith(thai("1 1 100.0 0.0 +100.0 50.0")) for line in text)
    assert thai("การรับรองข้อมูลในเวทีประชาคม") in text
    assert thai("พัฒนากรผู้รับผิดชอบตำบล") in joined
    assert pdf_page_count(pdf) == 1
    (tmp_path / "review.pdf").write_bytes(pdf)
    assert len(render_pages(tmp_path / "review.pdf", tmp_path)) == 1
    book = openpyxl.load_workbook(io.BytesIO(review_xlsx(sheet)))
    assert book.sheetnames == ["ใบตรวจทาน", "ผลการตรวจสอบ", "ลงนามรับรอง"]
    findings = [[c.value for c in row] for row in book["ผลการตรวจสอบ"].iter_rows(min_row=3)]
    assert ["ข้อผิดพลาด", "29", "3", "รายได้ 0 บาท แต่ผ่านเกณฑ์รายได้ (ข้อ 29)", "check_income_zero_pass"] in findings
    indicators = {
        row[0]: row for row in book["ใบตรวจทาน"].iter_rows(values_only=True) if row and row[0] in ("4", "22", "29")
    }
    assert indicators["4"][2:8] == (3, 1, 33.3, 50.0, -16.7, 40.0)


def test_the_tambon_report_and_its_public_edition(small, tmp_path):
    workspace, store = small
    report = quality_report(workspace, store, "310101", 2567, "th")
    text = "".join(lines(report_pdf(report), tmp_path))
    assert thai("รายงานข้อมูล จปฐ. ตำบล") in text
    # 4 + 2 collected; counted toward the register: 4 of 5 and 2 of 3 = 6 of 8
    assert thai("จัดเก็บแล้ว 6 ครัวเรือน จากครัวเรือนเป้าหมาย 8 ครัวเรือน (75.0%) ประชากร 15 คน") in text
    assert thai("รับรองข้อมูลแล้ว 0 จาก 2 หมู่บ้าน (0.0%)") in text
    assert thai("4. การเปลี่ยนแปลงจากปี 2566") in text
    assert thai("ตรวจแล้ว") in text  # village 1's status in the coverage table
    public = "".join(lines(report_pdf(report, public=True), tmp_path, "public.pdf"))
    assert thai('ฉบับเผยแพร่: จำนวนครัวเรือนหรือคนที่น้อยกว่า 5 แสดงเป็น "< 5"') in public
    assert thai("< 5") in public and thai("จากครัวเรือนเป้าหมาย 8 ครัวเรือน") in public
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(report, public=True)))
    coverage = list(book["สรุป"].iter_rows(values_only=True))
    village_rows = [row for row in coverage if row and str(row[0]).startswith("หมู่ที่")]
    assert [row[1:3] for row in village_rows] == [("5", "< 5"), ("< 5", "< 5")]


def test_the_district_report_needs_its_amphoe_data(small, tmp_path):
    workspace, store = small
    report = quality_report(workspace, store, "3101", 2567, "th")
    assert report.child_level == "tambon" and report.children["area_code"].tolist() == ["310101"]
    text = "".join(lines(report_pdf(report), tmp_path))
    assert thai("เอกสารคุณภาพชีวิตของประชาชนอำเภอเมืองบุรีรัมย์") in text
    assert thai("3. ตัวชี้วัดที่ต่ำกว่าค่าเป้าหมาย รายตำบล") in text
    with pytest.raises(LookupError):
        quality_report(workspace, store, "3102", 2567, "th")


def test_the_progress_report_is_one_page(small, tmp_path):
    workspace, store = small
    report = progress_report(workspace, store, "3101", 2567, "th", AFTER)
    pdf = progress_pdf(report)
    assert pdf_page_count(pdf) == 1
    text = "".join(lines(pdf, tmp_path))
    assert thai("รายงานความก้าวหน้าการจัดเก็บข้อมูล จปฐ. ปี 2567 อำเภอเมืองบุรีรัมย์") in text
    assert thai("กำหนดส่ง 31 ม.ค. 2567 (เลยกำหนด 5 วัน)") in text
    assert thai("จัดเก็บแล้ว 6 จาก 8 ครัวเรือน (75.0%)") in text
    # errors: two villages past the deadline and the income-0 household; one village checked
    assert thai("ผลการตรวจสอบ: ข้อผิดพลาด 3 รายการ คำเตือน 0 รายการ") in text
    assert thai("ตำบลในเมือง 8 6 75.0 0/2 2 0 0.0 3 0 0") in text
    rows = list(openpyxl.load_workbook(io.BytesIO(progress_xlsx(report)))["สรุป"].iter_rows(values_only=True))
    assert rows[-1][:4] == ("รวม", 8, 6, 75.0)


@pytest.fixture
def unregistered(workspace, tmp_path):
    """The small workspace before anyone entered a target register."""
    for year, text in ((2566, Y2566), (2567, Y2567)):
        prepared, info = import_file(workspace, "bmn", write(tmp_path / f"{year}.csv", text), year=year)
        assert info is not None, prepared.report.to_frame()
    return workspace, certification_store_for(workspace.root)


def test_without_a_register_the_progress_report_counts_what_was_collected(unregistered, tmp_path):
    workspace, store = unregistered
    report = progress_report(workspace, store, "3101", 2567, "th", AFTER)
    text = "".join(lines(progress_pdf(report), tmp_path))
    # 4 + 2 households collected, no target: not "0 of 0"; 0 of the 2 villages certified
    assert thai("จัดเก็บแล้ว 6 ครัวเรือน (ยังไม่มีทะเบียนครัวเรือนเป้าหมาย) · รับรองข้อมูลแล้ว 0 หมู่บ้าน (0.0%)") in text
    assert thai("จาก 0") not in text and thai("กำหนดส่ง") not in text
    # target and % unknown ("–"), no village can be complete without one; 2 villages, 0 certified;
    # the income-0 household is the only error (no register: no completeness check)
    assert thai("ตำบลในเมือง – 6 – – 0 0 0.0 1 0 0") in text
    assert thai("รวม – 6 – – 0 0 0.0 1 0 0") in text
    rows = list(openpyxl.load_workbook(io.BytesIO(progress_xlsx(report)))["สรุป"].iter_rows(values_only=True))
    assert rows[-1][:3] == ("รวม", None, 6) and rows[-1][4] == "–"
    assert report.tambons.loc[0, ["villages", "villages_registered"]].tolist() == [2, 0]
    # the district report of the same amphoe says the same 6
    district = "".join(lines(report_pdf(quality_report(workspace, store, "3101", 2567, "th")), tmp_path, "d.pdf"))
    assert thai("จัดเก็บแล้ว 6 ครัวเรือน ประชากร 15 คน หมู่บ้านที่มีข้อมูล 2 หมู่บ้าน (ยังไม่มีทะเบียนครัวเรือนเป้าหมาย)") in district


def test_the_progress_report_header_and_table_total_say_the_same_collected(unregistered, tmp_path):
    workspace, store = unregistered
    # targets 3 and 3: village 1 collected 4 (one over), village 2 collected 2
    rows, report = read_register_file(
        write(tmp_path / "register.csv", "รหัสหมู่บ้าน,ครัวเรือนเป้าหมาย\n31010101,3\n31010102,3\n")
    )
    assert not report.has_errors
    save_register(workspace, 2567, rows, date(2024, 1, 31), date(2024, 1, 8), "สมชาย")
    report = progress_report(workspace, store, "3101", 2567, "th", AFTER)
    text = "".join(lines(progress_pdf(report), tmp_path))
    # collected 4 + 2 = 6 of 6; % counts village 1 only up to its 3: (3 + 2) / 6 = 83.3%
    assert thai("จัดเก็บแล้ว 6 จาก 6 ครัวเรือน (83.3%) · หมู่บ้านจัดเก็บครบ 1 จาก 2") in text
    total = list(openpyxl.load_workbook(io.BytesIO(progress_xlsx(report)))["สรุป"].iter_rows(values_only=True))[-1]
    assert total[:5] == ("รวม", 6, 6, 83.3, "1/2")
