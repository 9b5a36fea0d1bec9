"""The practice tour (issue 26): steps per journey, progress per trainee kept outside the data and
resumed in a new session, steps that save left out on real data, the trainer's restart."""

import json
import shutil
import sqlite3
from pathlib import Path

from analysis.guide.practice import PRACTICE_DIR, PracticeProgress, current_step, journeys, steps, tour_problems
from analysis.guide.practice_space import ensure_template
from tests.test_pages import app

PAGE = "../pages/practice.py"


def test_the_declared_tour_is_whole():
    assert tour_problems() == []
    assert journeys() == ["start", "analyse", "rank", "plan", "map", "contest", "data"]
    assert [s.id for s in steps("plan", "th")] == ["open", "new", "save", "project", "budget", "oneplan", "p02"]
    assert [s.id for s in steps("plan", "th", real_data=True)] == ["open", "oneplan", "p02"]


def test_progress_is_kept_per_trainee_without_their_name(tmp_path):
    somchai = PracticeProgress(tmp_path, "account:somchai")
    somchai.mark("rank", "compare", True)
    somchai.mark("rank", "mpi", True)
    somchai.mark("rank", "compare", False)
    somchai.mark("plan", "open", True)
    assert PracticeProgress(tmp_path, "account:somchai").done("rank") == {"mpi"}
    assert PracticeProgress(tmp_path, "account:somsri").done("rank") == set()
    files = list((tmp_path / PRACTICE_DIR).iterdir())
    assert len(files) == 1 and "somchai" not in files[0].name
    assert json.loads(files[0].read_text()) == {"plan": ["open"], "rank": ["mpi"]}
    somchai.reset("rank")
    assert json.loads(files[0].read_text()) == {"plan": ["open"]}
    files[0].write_text("{damaged")  # practice starts again; nothing real is lost
    assert somchai.done("plan") == set()


def test_current_step():
    plan = steps("plan", "th")
    assert current_step(plan, set()) == 1
    assert current_step(plan, {"open", "new"}) == 3
    assert current_step(plan, {"open", "save"}) == 2  # the first not done
    assert current_step(plan, {s.id for s in plan}) == 8


def _progress_text(at) -> str:
    return at.progress[0].text


def _trainer(at):
    return next(e for e in at.expander if e.label == "สำหรับผู้สอน")


def _ticks(at) -> list[bool]:
    return [c.value for c in at.checkbox if c.key.startswith("practice_start_")]


def test_tick_off_resume_and_restart_on_the_demo(demo_workspace, monkeypatch):
    state = (demo_workspace.root / "state.json").read_bytes()
    at = app(demo_workspace.root, monkeypatch)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "ฝึกใช้งาน"
    assert _progress_text(at) == "ขั้นที่ 1 จาก 5"
    assert at.checkbox[0].label == "1. เลือกอำเภอสาธิต แล้วเลือกตำบลหนองบัวในแถบด้านซ้าย"
    at.checkbox(key="practice_start_area").check().run()
    at.checkbox(key="practice_start_language").check().run()
    assert _progress_text(at) == "ขั้นที่ 3 จาก 5"

    again = app(demo_workspace.root, monkeypatch)  # another session of the same trainee: resumed
    again.switch_page(PAGE).run()
    assert _progress_text(again) == "ขั้นที่ 3 จาก 5"
    assert _ticks(again) == [True, True, False, False, False]
    assert "มีผู้ฝึก 1 คนที่บันทึกความก้าวหน้าไว้" in _trainer(again).markdown[0].value

    again.button(key="practice_restart").click().run()
    assert _progress_text(again) == "ขั้นที่ 1 จาก 5"
    assert _ticks(again) == [False] * 5
    assert (demo_workspace.root / "state.json").read_bytes() == state  # the data never changed


def test_the_trainer_starts_the_room_again(demo_workspace, monkeypatch):
    for trainee in ("account:a", "account:b"):
        PracticeProgress(demo_workspace.root, trainee).mark("map", "layer", True)
    at = app(demo_workspace.root, monkeypatch)
    at.switch_page(PAGE).run()
    assert "มีผู้ฝึก 2 คนที่บันทึกความก้าวหน้าไว้" in _trainer(at).markdown[0].value
    at.button(key="practice_reset_all").click().run()
    assert not at.exception, at.exception
    assert list((demo_workspace.root / PRACTICE_DIR).glob("*.json")) == []


def test_on_real_data_the_steps_that_save_are_left_out(workspace, monkeypatch):
    at = app(workspace.root, monkeypatch)
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.warning[0].value.startswith("พื้นที่ทำงานนี้เป็นข้อมูลจริง ไม่ใช่ข้อมูลสาธิต")
    at.selectbox(key="practice_journey").select("plan").run()
    assert _progress_text(at) == "ขั้นที่ 1 จาก 3"


def test_practice_on_real_data_works_in_the_trainees_own_copy_and_the_trainer_resets_it(
    workspace, demo_path, monkeypatch
):
    workspace.root.mkdir(parents=True)
    ensure_template(workspace.root, build=lambda folder: shutil.copytree(demo_path, folder, dirs_exist_ok=True))
    at = app(workspace.root, monkeypatch)
    at.switch_page(PAGE).run()
    assert at.warning[0].value.startswith("พื้นที่ทำงานนี้เป็นข้อมูลจริง")
    at.toggle(key="practice_mode").set_value(True).run()
    assert not at.exception, at.exception
    copies = list((workspace.root / PRACTICE_DIR).glob("ws-*"))
    assert len(copies) == 1 and at.session_state["practice_root"][1] == str(copies[0])
    assert at.info[0].value.startswith("ท่านกำลังทำงานในพื้นที่ฝึกของบัญชีท่านเอง")
    assert not at.warning
    assert any("พื้นที่ฝึกของท่าน — ข้อมูลสาธิต (สมมติ)" in m.value for m in at.markdown)
    at.selectbox(key="practice_journey").select("plan").run()
    assert _progress_text(at) == "ขั้นที่ 1 จาก 7"  # every step, the saving ones too: it is the demo

    trainer = _trainer(at)
    assert "มีแล้ว 1 พื้นที่ (ไม่เกิน 150)" in trainer.markdown[1].value
    at.button(key="practice_reset_spaces").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "คืนค่าพื้นที่ฝึกแล้ว 1 พื้นที่"
    with sqlite3.connect(workspace.root / "plans.sqlite") as con:
        assert con.execute("SELECT action, entity_key FROM audit_log").fetchall() == [("practice_reset", "*")]

    again = app(workspace.root, monkeypatch)  # a reload, another day: practice is as the trainee left it
    again.switch_page(PAGE).run()
    assert again.toggle(key="practice_mode").value is True
    assert again.info[0].value.startswith("ท่านกำลังทำงานในพื้นที่ฝึกของบัญชีท่านเอง")

    at.toggle(key="practice_mode").set_value(False).run()
    assert at.session_state["practice_root"][1] == ""
    assert at.warning[0].value.startswith("พื้นที่ทำงานนี้เป็นข้อมูลจริง")
    again = app(workspace.root, monkeypatch)
    again.switch_page(PAGE).run()
    assert again.toggle(key="practice_mode").value is False


def test_a_matrix_saved_in_practice_goes_to_the_trainees_copy_not_the_real_database(workspace, demo_path, monkeypatch):
    workspace.root.mkdir(parents=True)
    ensure_template(workspace.root, build=lambda folder: shutil.copytree(demo_path, folder, dirs_exist_ok=True))
    at = app(workspace.root, monkeypatch)
    at.sidebar.text_input(key="user_name").input("พัฒนากรฝึก").run()  # practice is kept per name typed
    at.switch_page(PAGE).run()
    at.toggle(key="practice_mode").set_value(True).run()
    copy = Path(at.session_state["practice_root"][1])
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    at.switch_page("../pages/matrix.py").run()
    assert not at.exception, at.exception
    scores = [c for c in at.segmented_control if str(c.key).endswith((":severity", ":feasibility", ":concern"))]
    assert len(scores) == 5 * 3  # the tambon's top five problems, three scores each
    for control in scores:
        control.set_value(2)
    next(b for b in at.button if b.label == "บันทึกลำดับที่ตกลง").click().run()
    assert not at.exception, at.exception
    assert any(s.value == "บันทึกตารางแล้ว (ฉบับที่ 1)" for s in at.success), [e.value for e in at.error]
    with sqlite3.connect(copy / "plans.sqlite") as con:
        assert con.execute("SELECT count(*) FROM priority_matrices").fetchone()[0] == 2  # the demo's one + this
    with sqlite3.connect(workspace.root / "plans.sqlite") as con:
        assert con.execute("SELECT count(*) FROM priority_matrices").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
