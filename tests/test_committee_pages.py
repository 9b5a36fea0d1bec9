"""The pages behind the committee documents read right: the priority matrix says what its scores
mean (and a chosen score stays chosen, ties are explained); the data officer's check tables put
the villages with errors first and name checks, not rule ids."""

from __future__ import annotations

from analysis.checks.views import run_checks
from analysis.thaidate import today_bangkok
from tests.test_pages import app, table_with

MATRIX_KEY = "mx_new_990101_2567_14"


def test_the_matrix_scores_have_anchors_and_keep_a_chosen_score(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    at.switch_page("../pages/matrix.py").run()
    assert not at.exception, at.exception
    anchors = next(m.value for m in at.markdown if m.value.startswith("**ขนาดของปัญหา**"))
    assert "**ความยากง่ายในการแก้ไข**: 1 = แก้ไขได้ยาก ถึง 4 = แก้ไขได้ง่าย ทำได้ทันที" in anchors
    control = next(c for c in at.segmented_control if c.key.endswith(":feasibility"))
    assert control.proto.help == "1 = แก้ไขได้ยาก ถึง 4 = แก้ไขได้ง่าย ทำได้ทันที"
    assert control.proto.required  # clicking the chosen score keeps it (it used to clear it)
    # every problem scored the same: all totals tie, and the page says how they were ordered
    for c in at.segmented_control:
        if c.key.startswith(MATRIX_KEY):
            c.set_value(2)
    next(b for b in at.button if b.label == "คำนวณคะแนนรวม").click().run()
    assert not at.exception, at.exception
    assert any(c.value.startswith("คะแนนรวมเท่ากัน: 1. ") for c in at.caption)


def test_the_check_tables_put_problems_first_and_name_the_checks(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.switch_page("../pages/checks.py").run()
    at.session_state["checks_tab"] = "ตรวจสอบคุณภาพข้อมูล"
    at.run()
    assert not at.exception, at.exception
    summary = table_with(at, "ข้อสังเกต")
    errors = summary["ข้อผิดพลาด"].tolist()
    assert errors == sorted(errors, reverse=True) and errors[0] > 0  # the villages with errors on top
    found = run_checks(demo_workspace, "9901", 2567, today_bangkok()).findings
    assert (summary["ข้อผิดพลาด"] > 0).sum() == found[found["severity"] == "error"]["village_code"].nunique()
    findings = table_with(at, "สิ่งที่พบ")
    severities = findings["ระดับ"].tolist()
    assert severities == sorted(severities, key=["ข้อผิดพลาด", "คำเตือน", "ข้อสังเกต"].index)
    assert not findings["กฎ"].str.startswith("check_").any()


def test_a_reload_keeps_the_language(demo_workspace, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.test_pages import APP

    monkeypatch.setenv("CIA_WORKSPACE", str(demo_workspace.root))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"  # the address after switching to English, reloaded
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Area overview")
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"
