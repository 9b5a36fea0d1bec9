"""AppTest tests of the matrix, project form and One Plan pages on a copy of the demo workspace."""

import io

import openpyxl
import pytest

from analysis.plans.service import store_for
from analysis.views import rank_problems
from tests.test_pages import app, table_with

MATRIX, PROJECT, ONEPLAN, RANK = "../pages/matrix.py", "../pages/project.py", "../pages/oneplan.py", "../pages/rank.py"


@pytest.fixture
def at(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.text_input(key="user_name").input("พัฒนากรทดสอบ").run()
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    return at


def test_matrix_scores_saves_and_reopens(at, demo_workspace):
    at.switch_page(MATRIX).run()
    assert not at.exception, at.exception
    editor = next(e for e in at.data_editor if e.key.startswith("matrix_editor_new"))
    top = rank_problems(demo_workspace, "990101", 2567, "pct_fail").scope("all").head(5)
    frame = editor.value
    assert frame["pct_fail"].tolist() == top["pct_fail"].round(1).tolist()
    assert frame["size"].tolist() == frame["size_from_data"].tolist()  # size pre-filled from the data
    # the group scores: make problem no. 5 the clear first
    at.session_state[editor.key] = {
        "edited_rows": {4: {"severity": 4, "feasibility": 4, "concern": 4}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    result = table_with(at, "คะแนนรวม")
    assert result.iloc[0]["ปัญหา"] == top.iloc[4]["title_th"] and result.iloc[0]["อันดับที่ตกลง"] == 1
    at.text_area(key="matrix_participants_None").input("ผู้ใหญ่บ้าน 7 หมู่, อสม.")  # in a form: sent on submit
    next(b for b in at.button if b.label == "บันทึกลำดับที่ตกลง").click().run()
    assert not at.exception, at.exception
    assert any(s.value == "บันทึกตารางแล้ว (ฉบับที่ 1)" for s in at.success)
    store = store_for(demo_workspace.root)
    saved = store.matrices("990101")[-1]
    assert saved.items[0].indicator_id == top.iloc[4]["indicator_id"] and saved.participants == "ผู้ใหญ่บ้าน 7 หมู่, อสม."
    assert saved.created_by == "พัฒนากรทดสอบ"
    assert at.selectbox(key="matrix_open").value == saved.id  # reopened after saving
    assert store.audit_log("matrix", saved.id)["actor"].tolist() == ["พัฒนากรทดสอบ"]


def test_project_form_from_a_ranked_problem(at, demo_workspace):
    at.switch_page(RANK).run()
    at.selectbox(key="rank_plan_pick").select("21").run()
    at.button(key="rank_plan_button").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "โครงการ (Logic Model)"
    at.switch_page(PROJECT).run()  # AppTest does not follow st.switch_page on later runs; stay on the page
    assert at.sidebar.selectbox(key="pick_tambon").value == "990101"  # the picked area survives the switch
    row = demo_workspace.read("area_indicator", "area_code = '990101' AND year = 2567 AND indicator_id = '21'").iloc[0]
    assert at.info[0].value.startswith(
        f"เติมข้อมูลจากปัญหาแล้ว: ไม่ผ่านเกณฑ์ {row['pct_fail']:.1f}% ({row['fail']:,} จาก {row['applicable']:,})"
    )
    expected_title = "โครงการแก้ไขปัญหา: ครัวเรือนเข้าถึงระบบขนส่งสาธารณะ"
    assert next(i for i in at.text_input if i.key.startswith("p_title_new")).value == expected_title
    next(a for a in at.text_area if a.key.startswith("p_causes_new")).input("ไม่มีรถโดยสาร")
    budgets = next(e for e in at.data_editor if e.key.startswith("p_budgets_new"))
    at.session_state[budgets.key] = {
        "edited_rows": {},
        "deleted_rows": [],
        "added_rows": [{"fiscal_year": 2570, "source": "อปท.", "amount": 125000.0}],
    }
    next(b for b in at.button if b.label == "บันทึกโครงการ").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    store = store_for(demo_workspace.root)
    saved = store.projects("990101")[-1]
    assert (saved.title, saved.causes, saved.indicator_id) == (expected_title, "ไม่มีรถโดยสาร", "21")
    assert (saved.baseline_fail, saved.baseline_applicable) == (row["fail"], row["applicable"])
    assert [(b.fiscal_year, b.source, b.amount) for b in saved.budgets] == [(2570, "lao", 125000.0)]
    assert sum(v.affected for v in saved.villages) == row["fail"]
    assert any(s.value == f"บันทึกโครงการ #{saved.id} แล้ว" for s in at.success)


def test_project_edit_conflict_is_shown_and_nothing_overwritten(at, demo_workspace):
    store = store_for(demo_workspace.root)
    at.switch_page(PROJECT).run()
    at.selectbox(key="project_id").select(1).run()
    original = store.project(1)
    other = store.project(1)
    other.title = "แก้จากอีกเครื่อง"
    store.update_project(other, "อีกคน")  # someone saves while the form is open
    next(i for i in at.text_input if i.key.startswith("p_title_1_1")).input("แก้จากฟอร์ม")
    next(b for b in at.button if b.label == "บันทึกโครงการ").click().run()
    assert any(w.value.startswith("มีผู้บันทึกโครงการนี้เป็นฉบับที่ 2 หลังจากคุณเปิด (ฉบับที่ 1)") for w in at.warning)
    assert at.error[0].value.startswith("มีผู้อื่นบันทึกรายการที่ 1 ไปก่อนแล้ว (ฉบับที่ 2)")
    assert store.project(1).title == "แก้จากอีกเครื่อง"
    assert original.version == 1


def test_one_plan_rolls_up_and_flags_unaddressed_problems(at, demo_workspace):
    at.sidebar.selectbox(key="pick_tambon").select("").run()  # the amphoe
    at.switch_page(ONEPLAN).run()
    assert not at.exception, at.exception
    projects = store_for(demo_workspace.root).projects("9901")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["จำนวนโครงการ"] == str(len(projects)) == "4"
    assert metrics["งบประมาณรวม (บาท)"] == f"{sum(p.total_budget for p in projects):,.0f}"
    rollup = table_with(at, "ระดับ")
    amphoe_row = rollup[rollup["ชื่อพื้นที่"] == "อำเภอสาธิต (สมมติ)"].iloc[0]
    assert amphoe_row["รวม"] == sum(p.total_budget for p in projects)
    assert any(w.value.startswith("ปัญหาใน 10 อันดับแรก (ข้อมูลปี 2567) ที่ยังไม่มีโครงการ") for w in at.warning)
    at.multiselect(key="oneplan_statuses").select("approved").run()
    assert {m.label: m.value for m in at.metric}["จำนวนโครงการ"] == "1"
    kpis = table_with(at, "ความก้าวหน้า (%)")
    assert len(kpis) == 1


def test_one_plan_imports_an_edited_workbook(at, demo_workspace):
    from analysis.plans.exports import projects_workbook

    store = store_for(demo_workspace.root)
    book = openpyxl.load_workbook(io.BytesIO(projects_workbook(store.projects("990101"))))
    book["โครงการ"]["E2"].value = "ชื่อใหม่จากไฟล์"
    buffer = io.BytesIO()
    book.save(buffer)
    at.switch_page(ONEPLAN).run()
    at.file_uploader(key="oneplan_upload").upload(
        "edited.xlsx", buffer.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ).run()
    assert any(s.value == "ตรวจผ่าน: 3 โครงการ (ใหม่ 0, แก้ไข 3)" for s in at.success)
    at.button(key="oneplan_import_button").click().run()
    assert store.project(1).title == "ชื่อใหม่จากไฟล์" and store.project(1).updated_by == "พัฒนากรทดสอบ"
