"""The demo's office registers (issue 24 part 4): the demo province's contest register (its amphoe
enters ตำบลหนองบัว and the province sends it on; an earlier round's tambon), the role-model score
sheet of its amphoe with evidence per criterion, and one monthly best-practice report. All texts
are fictional and marked สมมติ."""

from __future__ import annotations

from datetime import date

from analysis.demo.places import DEMO_AMPHOE, DEMO_PROVINCE
from analysis.demo.plans import ACTOR
from analysis.offices.records import ContestEntry, MonthlyReport, RoleModelSheet
from analysis.offices.service import office_store_for
from analysis.store import Workspace

FISCAL_YEAR = 2568
EVIDENCE = {
    "leadership": "นายอำเภอกำหนดทิศทางการขับเคลื่อนโครงการในการประชุมหัวหน้าส่วนราชการทุกเดือน (สมมติ)",
    "data_use": "จัดเก็บข้อมูลครบทุกหมู่บ้านตามกรอบเวลา และใช้ข้อมูลจัดทำแผนพัฒนาอำเภอ (สมมติ)",
    "staff_work": "ลูกจ้างเหมาบริการลงพื้นที่สนับสนุนภารกิจของอำเภอ และจัดทำแผนที่แหล่งท่องเที่ยวชุมชน (สมมติ)",
    "partners": "ทำงานร่วมกับสำนักงานเกษตรอำเภอและองค์กรปกครองส่วนท้องถิ่นในโครงการแปรรูปผลผลิต (สมมติ)",
}
SCORES = {"leadership": 8, "data_use": 9, "staff_work": 7.5, "partners": 8.5}


def create_demo_offices(workspace: Workspace) -> None:
    """Write the demo's registers (through the store: authorised, versioned and audited)."""
    store = office_store_for(workspace.root)
    province, amphoe = DEMO_PROVINCE[0], DEMO_AMPHOE[0]
    store.save_entry(ContestEntry(province, FISCAL_YEAR - 2, "990103", True, "รอบก่อน (สมมติ)", is_demo=True), ACTOR)
    store.save_entry(ContestEntry(province, FISCAL_YEAR, "990101", True, "ส่งต่อระดับจังหวัด (สมมติ)", is_demo=True), ACTOR)
    store.save_sheet(RoleModelSheet(province, FISCAL_YEAR, amphoe, dict(SCORES), dict(EVIDENCE), is_demo=True), ACTOR)
    report = MonthlyReport(
        province,
        "best_practice",
        FISCAL_YEAR,
        1,
        date(FISCAL_YEAR - 543, 1, 24),
        "การใช้ข้อมูล จปฐ. วางแผนแก้ปัญหารายได้ครัวเรือน (สมมติ)",
        "อำเภอสาธิตใช้ข้อมูลจัดลำดับปัญหาและจัดทำโครงการส่งเสริมอาชีพร่วมกับภาคี (สมมติ)",
        is_demo=True,
    )
    store.save_report(report, ACTOR)
