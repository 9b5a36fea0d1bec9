"""Pre-fill, matrix scoring, One Plan roll-ups, ผ.02 and the workbook round trip."""

import io

import openpyxl
import pandas as pd
import pytest

from analysis.db.errors import ConflictError
from analysis.plans.exports import matrix_xlsx, p02_xlsx, projects_csv, projects_workbook
from analysis.plans.imports import read_projects_workbook
from analysis.plans.matrix import score, size_from_data
from analysis.plans.oneplan import budget_frame, filter_projects, kpi_progress, rollup, totals, unaddressed
from analysis.plans.prefill import draft_from_problem, matrix_items_from_ranking
from analysis.plans.records import Budget, MatrixItemRecord, MatrixRecord, ProjectRecord
from analysis.plans.service import PlanStore, import_projects
from analysis.views import rank_problems
from tests.test_plans_store import project


def test_prefill_equals_the_analysis_values(demo_workspace):
    draft = draft_from_problem(demo_workspace, "990101", 2567, "29")
    row = demo_workspace.read("area_indicator", "area_code = '990101' AND year = 2567 AND indicator_id = '29'").iloc[0]
    assert (draft.baseline_pct_fail, draft.baseline_fail, draft.baseline_applicable) == (
        row["pct_fail"],
        row["fail"],
        row["applicable"],
    )
    assert (draft.plan_level, draft.domain, draft.survey_year, draft.catalog_id) == (
        "tambon",
        "income",
        2567,
        "bmn_2566_2570",
    )
    villages = demo_workspace.read(
        "area_indicator",
        "level = 'village' AND year = 2567 AND indicator_id = '29' AND starts_with(area_code, '990101')",
    )
    assert {v.village_code: v.affected for v in draft.villages} == dict(
        zip(villages["area_code"], villages["fail"], strict=True)
    )
    assert sum(v.affected for v in draft.villages) == row["fail"]
    kpi = draft.kpis[0]
    assert (kpi.indicator_id, kpi.baseline_value, kpi.target_value) == ("29", round(row["pct_pass"], 2), 100.0)
    assert draft.problem.startswith("รายได้เฉลี่ยของคนในครัวเรือนต่อปี — ไม่ผ่านเกณฑ์ ")


def test_size_is_prefilled_from_the_share_failing():
    assert [size_from_data(p, 1, 4) for p in (5, 10, 19.9, 20, 34.9, 35, 80)] == [1, 2, 2, 3, 3, 4, 4]
    assert [size_from_data(p, 1, 5) for p in (0, 10, 20, 30, 40)] == [1, 2, 3, 4, 5]  # evenly up to 40%
    assert size_from_data(None, 1, 4) is None


def test_matrix_items_come_from_the_ranking(demo_workspace):
    ranking = rank_problems(demo_workspace, "990101", 2567, "pct_fail")
    top = ranking.scope("all").head(3)
    items = matrix_items_from_ranking(ranking, top["indicator_id"].tolist(), 1, 4)
    assert [i.data_rank for i in items] == [1, 2, 3]
    assert [i.pct_fail for i in items] == top["pct_fail"].tolist()
    assert items[0].size == size_from_data(top["pct_fail"].iloc[0], 1, 4)
    # only the size comes from the data; the group gives the other scores (no pre-filled middle value)
    assert (items[0].severity, items[0].feasibility, items[0].concern) == (None, None, None)


def test_agreed_order_sum_product_and_manual():
    def items():
        return [
            MatrixItemRecord("a", 2, 2, 2, 2, data_rank=3),
            MatrixItemRecord("b", 4, 1, 1, 2, data_rank=1),
            MatrixItemRecord("c", 3, 3, 1, 1, data_rank=2),
        ]

    summed = score(MatrixRecord("990101", 2567, "t", items=items()))
    # totals 8, 8, 8 → size desc: b (4), c (3), a (2)
    assert [(i.title, i.total, i.agreed_rank) for i in summed.items] == [("b", 8, 1), ("c", 8, 2), ("a", 8, 3)]
    product = score(MatrixRecord("990101", 2567, "t", method="product", items=items()))
    assert [(i.title, i.total) for i in product.items] == [("a", 16), ("c", 9), ("b", 8)]
    manual = MatrixRecord("990101", 2567, "t", items=items())
    for item, rank in zip(manual.items, (2, 3, 1), strict=True):
        item.agreed_rank = rank
    assert [i.agreed_rank for i in score(manual, manual_order=True).items] == [2, 3, 1]


def projects_for_rollup() -> list[ProjectRecord]:
    def make(pid, area, level, status, domain, budgets):
        record = ProjectRecord(
            area_code=area,
            plan_level=level,
            title=f"p{pid}",
            status=status,
            domain=domain,
            budgets=[Budget(y, s, a) for y, s, a in budgets],
        )
        record.id = pid
        return record

    return [
        make(1, "99010101", "village", "approved", "income", [(2569, "lao", 100.0), (2570, "lao", 50.0)]),
        make(2, "99010102", "village", "proposed", "health", [(2569, "cdd", 30.0)]),
        make(3, "990101", "tambon", "approved", "income", [(2569, "pao", 200.0), (2570, "lao", 20.0)]),
        make(4, "990102", "tambon", "done", "living", [(2570, "province", 400.0)]),
        make(5, "9901", "amphoe", "approved", "access", [(2569, "cdd", 1000.0)]),
    ]


def test_rollup_totals_by_hand():
    budgets = budget_frame(projects_for_rollup())
    amphoe = rollup(budgets, "9901").set_index(["area", "fiscal_year"])["amount"]
    # everything at or below 9901: 2569 = 100 + 30 + 200 + 1000, 2570 = 50 + 20 + 400
    assert amphoe[("9901", 2569)] == 1330.0 and amphoe[("9901", 2570)] == 470.0
    assert amphoe[("990101", 2569)] == 330.0 and amphoe[("990101", 2570)] == 70.0
    assert amphoe[("990102", 2570)] == 400.0
    assert amphoe[("99010101", 2569)] == 100.0
    tambon = rollup(budgets, "990101").set_index(["area", "fiscal_year"])["amount"]
    assert tambon[("990101", 2569)] == 330.0 and ("9901", 2569) not in tambon
    by_source = totals(budgets[budgets["area_code"].str.startswith("990101")], "source")
    assert by_source.loc["lao"].tolist() == [100.0, 70.0, 170.0]
    assert by_source["total"].sum() == 400.0


def test_filters():
    projects = projects_for_rollup()
    assert [p.id for p in filter_projects(projects, statuses=["approved"])] == [1, 3, 5]
    assert [p.id for p in filter_projects(projects, domains=["income"], fiscal_years=[2570])] == [1, 3]
    assert [p.id for p in filter_projects(projects, levels=["tambon"])] == [3, 4]


def test_unaddressed_problems_are_flagged():
    problems = pd.DataFrame({"catalog_id": ["c"] * 3, "indicator_id": ["21", "29", "9"], "rank": [1, 2, 3]})
    village = ProjectRecord("99010105", "village", "x", catalog_id="c", indicator_id="9")
    amphoe = ProjectRecord("9901", "amphoe", "y", catalog_id="c", indicator_id="29")
    other = ProjectRecord("990102", "tambon", "z", catalog_id="c", indicator_id="21")
    flagged = unaddressed(problems, [village, amphoe, other], "990101")
    # 9 is addressed below the tambon, 29 above it; 21 only in another tambon
    assert flagged["indicator_id"].tolist() == ["21"]


def test_kpi_progress_uses_the_latest_survey(demo_workspace):
    store = PlanStore(f"sqlite:///{demo_workspace.root / 'plans.sqlite'}")
    income = next(p for p in store.projects() if p.indicator_id == "29")
    progress = kpi_progress(demo_workspace, [income]).iloc[0]
    latest = demo_workspace.read("area_indicator", "area_code = '990101' AND year = 2567 AND indicator_id = '29'").iloc[
        0
    ]
    assert (progress["latest_year"], progress["latest_value"]) == (2567, pytest.approx(latest["pct_pass"]))
    assert progress["progress_pct"] == pytest.approx(0.0, abs=0.1)  # the baseline is this survey


def test_p02_has_thai_headers_and_the_budget_numbers():
    projects = [
        project(),
        project(title="โครงการที่สอง", budgets=[Budget(2570, "lao", 1000.0), Budget(2573, "ngo", 5.0)]),
    ]
    book = openpyxl.load_workbook(io.BytesIO(p02_xlsx(projects, "ตำบลหนองบัว", demo_note="ข้อมูลสาธิต (สมมติ)")))
    sheet = book["ผ.02"]
    assert sheet["A1"].value == "รายละเอียดโครงการพัฒนา (แบบ ผ.02)"
    assert sheet["A2"].value == "แผนพัฒนา พ.ศ. 2569–2573 · ตำบลหนองบัว"
    assert sheet["A3"].value == "ข้อมูลสาธิต (สมมติ)"
    headers = [c.value for c in sheet[5]]
    assert headers == [
        "ที่",
        "โครงการ",
        "วัตถุประสงค์",
        "เป้าหมาย (ผลผลิตของโครงการ)",
        "งบประมาณ 2569 (บาท)",
        "งบประมาณ 2570 (บาท)",
        "งบประมาณ 2571 (บาท)",
        "งบประมาณ 2572 (บาท)",
        "งบประมาณ 2573 (บาท)",
        "ตัวชี้วัด (KPI)",
        "ผลที่คาดว่าจะได้รับ",
        "หน่วยงานรับผิดชอบหลัก",
        "ความสอดคล้องกับยุทธศาสตร์",
    ]
    first = [c.value for c in sheet[6]]
    assert first[:9] == [1, "โครงการเพิ่มรายได้", "เพิ่มรายได้", "120 ครัวเรือน", 230000.5, 200000.0, 0.0, 0.0, 0.0]
    assert first[9] == "ร้อยละผ่านเกณฑ์รายได้ ≥ 85%" and first[11] == "พช.อำเภอ"
    second = [c.value for c in sheet[7]]
    assert second[4:9] == [0.0, 1000.0, 0.0, 0.0, 5.0]
    assert sheet["B8"].value == "รวม" and sheet["E8"].value == "=SUM(E6:E7)"


def test_workbook_round_trip_preserves_every_field(db_url):
    store = PlanStore(db_url)
    originals = [
        store.create_project(project(), "a"),
        store.create_project(project(title="สอง", villages=[], kpis=[], budgets=[], start_date=None), "a"),
    ]
    records, report = read_projects_workbook(projects_workbook(originals), "plans.xlsx")
    assert not report.problems
    assert [r.content() for r in records] == [o.content() for o in originals]
    assert [(r.id, r.version) for r in records] == [(1, 1), (2, 1)]
    # into an empty database: created with every field
    other = PlanStore(db_url.replace("plans.sqlite", "other.sqlite")) if db_url.startswith("sqlite") else None
    if other is not None:
        assert import_projects(other, records, "b") == (2, 0)
        assert [p.content() for p in other.projects()] == [o.content() for o in originals]
    # back into the same database: updates, and a stale file is refused as a whole
    records[0].title = "แก้ในไฟล์"
    assert import_projects(store, records, "b") == (0, 2)
    assert store.project(1).title == "แก้ในไฟล์" and store.project(1).version == 2
    with pytest.raises(ConflictError):
        import_projects(store, records, "c")  # the file still says version 1
    assert store.project(1).version == 2 and store.audit_log()["actor"].tolist()[:2] == ["b", "b"]


def test_workbook_problems_are_reported_by_sheet_row_and_column():
    good = project()
    good.id, good.version = 1, 1
    data = projects_workbook([good])
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["โครงการ"]["D2"].value = "ไม่มีระดับนี้"  # plan level
    book["งบประมาณ"]["B2"].value = "สองพัน"  # fiscal year
    book["หมู่บ้าน"]["A2"].value = 99  # unknown project
    buffer = io.BytesIO()
    book.save(buffer)
    records, report = read_projects_workbook(buffer.getvalue(), "edited.xlsx")
    rules = [(p.rule, p.row, p.column, p.value) for p in report.problems]
    assert ("plan_value_invalid", 2, "โครงการ: ระดับแผน", "ไม่มีระดับนี้") in rules
    assert ("plan_value_invalid", 2, "งบประมาณ: ปีงบประมาณ (พ.ศ.)", "สองพัน") in rules
    assert ("plan_reference_unknown", 2, "หมู่บ้าน: รหัสโครงการ", "99") in rules
    assert report.has_errors
    missing = openpyxl.Workbook()
    buffer = io.BytesIO()
    missing.save(buffer)
    _, report = read_projects_workbook(buffer.getvalue(), "empty.xlsx")
    assert (report.problems[0].rule, report.problems[0].message_th) == (
        "plan_sheet_missing",
        "ไม่พบแผ่นงาน 'โครงการ' ในไฟล์",
    )


def test_projects_csv_and_matrix_xlsx():
    frame = pd.read_csv(io.BytesIO(projects_csv([project()])))
    assert frame.loc[0, "ชื่อโครงการ"] == "โครงการเพิ่มรายได้" and frame.loc[0, "งบประมาณรวม (บาท)"] == 430000.5
    assert frame.loc[0, "ระดับแผน"] == "แผนพัฒนาตำบล"
    matrix = score(
        MatrixRecord(
            "990101",
            2567,
            "เวที",
            participants="ก, ข",
            items=[MatrixItemRecord("ปัญหา ก", 4, 3, 2, 4, pct_fail=41.5, size_from_data=4)],
        )
    )
    sheet = openpyxl.load_workbook(io.BytesIO(matrix_xlsx(matrix, "ตำบลหนองบัว"))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "ตารางจัดลำดับความสำคัญของปัญหา: เวที"
    header = values[5]
    assert header[:2] == ["อันดับที่ตกลง", "ปัญหา"] and header[-1] == "คะแนนรวม"
    assert values[6][0] == 1 and values[6][-1] == 13


def test_missing_columns_invalid_records_and_version_conflicts_are_reported():
    from analysis.plans.imports import check_versions

    good = project()
    good.id, good.version = 7, 3
    book = openpyxl.load_workbook(io.BytesIO(projects_workbook([good])))
    book["โครงการ"]["E2"].value = ""  # title (required by the project rules)
    buffer = io.BytesIO()
    book.save(buffer)
    records, report = read_projects_workbook(buffer.getvalue(), "f.xlsx")
    problem = next(p for p in report.problems if p.rule == "plan_record_invalid")
    assert (problem.row, problem.message_th) == (2, "โครงการบันทึกไม่ได้: ต้องมีชื่อ")
    check_versions(records, {7: 5}, report, "f.xlsx")
    conflict = next(p for p in report.problems if p.rule == "plan_version_conflict")
    assert conflict.message_th == "โครงการ 7 ถูกแก้ไขแล้วหลังจากส่งออกไฟล์นี้ (ฉบับในระบบ 5) — ส่งออกใหม่แล้วแก้ไขอีกครั้ง"
    book = openpyxl.load_workbook(io.BytesIO(projects_workbook([good])))
    book["งบประมาณ"].delete_cols(3)  # the budget source column
    buffer = io.BytesIO()
    book.save(buffer)
    _, report = read_projects_workbook(buffer.getvalue(), "g.xlsx")
    assert (report.problems[0].rule, report.problems[0].message_th) == (
        "plan_column_missing",
        "แผ่นงาน งบประมาณ ไม่มีคอลัมน์ 'แหล่งงบประมาณ'",
    )
