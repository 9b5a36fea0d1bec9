"""Demo plans: one saved priority matrix and a few Logic Model projects (labelled demo)."""

from __future__ import annotations

from datetime import date

from analysis.auth.roles import system_actor
from analysis.demo.strategy_results import with_links_and_results
from analysis.plans.matrix import score
from analysis.plans.prefill import draft_from_problem, matrix_items_from_ranking
from analysis.plans.records import Budget, MatrixRecord
from analysis.plans.service import store_for
from analysis.ranking import top_problems
from analysis.store import Workspace
from analysis.views import rank_problems

#: the demo is written by the program itself (also into a shared server's database)
ACTOR = system_actor("ข้อมูลสาธิต")
TAMBON, YEAR = "990101", 2567
# severity, feasibility, concern the demo working group gave its top five problems
SCORES = [(4, 2, 4), (3, 3, 3), (4, 3, 4), (2, 4, 2), (3, 2, 3)]
PROJECTS = [
    # (indicator, plan area, status, causes, objective, activities, outputs, outcomes, impact, agency, budgets)
    (
        "29",
        "990101",
        "approved",
        "รายได้ภาคเกษตรต่ำ ขาดการแปรรูป ขาดตลาด",
        "เพิ่มรายได้ครัวเรือนที่มีรายได้ต่ำกว่าเกณฑ์",
        "อบรมอาชีพเสริม ตั้งกลุ่มแปรรูปข้าว เชื่อมตลาดออนไลน์",
        "ครัวเรือนเป้าหมายได้รับการฝึกอาชีพ 120 ครัวเรือน",
        "ครัวเรือนเป้าหมายมีรายได้เพิ่มขึ้นร้อยละ 20",
        "ครัวเรือนผ่านเกณฑ์รายได้ จปฐ. เพิ่มขึ้น",
        "สำนักงานพัฒนาชุมชนอำเภอสาธิต",
        [(2569, "cdd", 150000), (2569, "lao", 80000), (2570, "lao", 120000), (2571, "pao", 200000)],
    ),
    (
        "21",
        "990101",
        "proposed",
        "ไม่มีรถโดยสารประจำทางผ่านหมู่บ้าน",
        "ให้ครัวเรือนเข้าถึงระบบขนส่งสาธารณะ",
        "จัดรถรับส่งชุมชน ประสานขนส่งจังหวัดขยายเส้นทาง",
        "รถรับส่งชุมชนวันละ 2 เที่ยว",
        "ครัวเรือนเดินทางไปรับบริการได้สะดวก",
        "คุณภาพชีวิตดีขึ้น",
        "องค์การบริหารส่วนตำบลหนองบัว",
        [(2570, "lao", 350000), (2571, "province", 500000)],
    ),
    (
        "9",
        "99010105",
        "in_progress",
        "ขาดลานออกกำลังกายและผู้นำการออกกำลังกาย",
        "ให้คนในหมู่บ้านออกกำลังกายสม่ำเสมอ",
        "ปรับปรุงลานกีฬา ตั้งชมรมแอโรบิก",
        "ลานกีฬา 1 แห่ง ชมรม 1 ชมรม",
        "คนอายุ 6 ปีขึ้นไปออกกำลังกายเพิ่มขึ้น",
        "สุขภาพดีขึ้น",
        "รพ.สต.หนองบัว",
        [(2569, "community", 20000), (2569, "lao", 60000)],
    ),
    (
        "30",
        "9901",
        "done",
        "ครัวเรือนไม่มีวินัยการออม",
        "ส่งเสริมการออมในครัวเรือน",
        "จัดตั้งกลุ่มออมทรัพย์ทุกหมู่บ้าน รณรงค์ออมวันละบาท",
        "กลุ่มออมทรัพย์ 45 กลุ่ม",
        "ครัวเรือนมีเงินออมเพิ่มขึ้น",
        "ครัวเรือนมีภูมิคุ้มกันทางเศรษฐกิจ",
        "สำนักงานพัฒนาชุมชนอำเภอสาธิต",
        [(2569, "cdd", 90000), (2570, "cdd", 90000)],
    ),
]


def create_demo_plans(workspace: Workspace) -> None:
    store = store_for(workspace.root)
    ranking = rank_problems(workspace, TAMBON, YEAR, "pct_fail")
    top = top_problems(ranking, "all", 5)["indicator_id"].tolist()
    items = matrix_items_from_ranking(ranking, top, 1, 4)
    for item, (severity, feasibility, concern) in zip(items, SCORES, strict=True):
        item.severity, item.feasibility, item.concern = severity, feasibility, concern
    matrix = MatrixRecord(
        area_code=TAMBON,
        survey_year=YEAR,
        title="เวทีประชาคมจัดลำดับปัญหาตำบลหนองบัว (สาธิต)",
        meeting_date=date(2025, 3, 15),
        participants="ผู้ใหญ่บ้านทั้ง 7 หมู่, พัฒนากร, ปลัด อบต., อสม. (สมมติ)",
        notes="ข้อมูลสาธิต (สมมติ)",
        is_demo=True,
        items=items,
    )
    store.save_matrix(score(matrix), ACTOR)
    for indicator, area, status, causes, objective, activities, outputs, outcomes, impact, agency, budgets in PROJECTS:
        draft = draft_from_problem(workspace, area, YEAR, indicator)
        draft.status, draft.causes, draft.objective = status, causes, objective
        draft.activities, draft.outputs, draft.outcomes, draft.impact = activities, outputs, outcomes, impact
        draft.inputs = "งบประมาณ บุคลากร วัสดุอุปกรณ์ (สมมติ)"
        draft.responsible_agency = agency
        draft.start_date, draft.end_date = date(2025, 10, 1), date(2026, 9, 30)
        draft.budgets = [Budget(year, source, float(amount)) for year, source, amount in budgets]
        draft.is_demo = True
        store.create_project(with_links_and_results(draft), ACTOR)
