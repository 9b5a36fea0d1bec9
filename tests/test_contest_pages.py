"""AppTest tests of the contest pages on a copy of the demo workspace: the profile form, the contest
kit with its checklist, and the presentation mode."""

import re

import pytest

from analysis.contest.service import contest_store_for
from analysis.views import rank_problems
from tests.test_pages import app

PROFILE, CONTEST, PRESENT = "../pages/profile.py", "../pages/contest.py", "../pages/present.py"


@pytest.fixture
def at(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.text_input(key="user_name").input("พัฒนากรทดสอบ").run()
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    return at


def test_profile_page_shows_the_demo_profile_and_saves_an_edit(at, demo_workspace):
    at.switch_page(PROFILE).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "ข้อมูลทั่วไปของตำบล: ตำบลหนองบัว"
    assert at.info[0].value.startswith("ชื่อบุคคลในหน้านี้คือผู้นำชุมชน")  # said in the form
    assert any(s.value == "มีตัวแทนคณะทำงานครบทั้ง 7 หมู่บ้าน" for s in at.success)
    history = next(a for a in at.text_area if a.key.startswith("pf_history_1_1"))
    assert history.value.startswith("ตำบลหนองบัวตั้งขึ้นราว พ.ศ. 2470")
    assert at.text_input(key="pf_order_date_1_1").value == "15 ม.ค. 2568"  # Buddhist era, not "2025/01/15"
    at.text_area(key="pf_tourism_1_1").input("หนองบัวหลวงและตลาดชุมชน")
    at.button(key="pf_save_1_1").click().run()
    assert not at.exception, at.exception
    store = contest_store_for(demo_workspace.root)
    saved = store.profile("990101")
    assert (saved.version, saved.tourism, saved.updated_by) == (2, "หนองบัวหลวงและตลาดชุมชน", "พัฒนากรทดสอบ")
    assert len(saved.members) == 10 and len(saved.photos) == 6  # people and photos kept
    assert str(saved.appointment_order_date) == "2025-01-15"  # the order's date kept through the Thai field
    assert any(s.value == "บันทึกข้อมูลตำบลแล้ว (ฉบับที่ 2)" for s in at.success)


def test_profile_page_at_a_village_says_the_contest_is_at_tambon_level(at):
    at.sidebar.selectbox(key="pick_village").select("99010105").run()
    at.switch_page(PROFILE).run()
    assert not at.exception, at.exception
    assert at.info[0].value.startswith("ข้อมูลทั่วไปบันทึกได้ทุกระดับพื้นที่ แต่การประกวดใช้ระดับตำบล")


def test_profile_save_after_someone_else_is_refused(at, demo_workspace):
    at.switch_page(PROFILE).run()
    store = contest_store_for(demo_workspace.root)
    other = store.profile("990101")
    other.culture = "แก้จากอีกเครื่อง"
    store.save_profile(other, "อีกคน")
    at.text_area(key="pf_tourism_1_1").input("แก้จากฟอร์ม").run()
    assert any(w.value.startswith("มีผู้บันทึกข้อมูลตำบลนี้เป็นฉบับที่ 2 หลังจากคุณเปิด (ฉบับที่ 1)") for w in at.warning)
    at.button(key="pf_save_1_1").click().run()
    assert at.error[0].value.startswith("มีผู้อื่นบันทึกรายการที่ 1 ไปก่อนแล้ว (ฉบับที่ 2)")
    assert store.profile("990101").tourism.startswith("หนองบัวหลวงช่วงฤดูฝน")


def _statuses(at) -> dict[str, int]:
    """The checklist's coloured count badges: status → number of items."""
    line = next(m.value for m in at.markdown if m.value.startswith(":green-badge["))
    found = re.findall(r":(green|orange|red)-badge\[:material/[a-z_]+: ([^\]]+)\] \*\*(\d+)\*\*", line)
    return {name: int(n) for _, name, n in found}


def test_contest_page_offers_the_documents_and_the_checklist(at, demo_workspace):
    at.switch_page(CONTEST).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "ชุดนำเสนอการประกวด: ตำบลหนองบัว"
    labels = [b.label for b in at.button if b.key.startswith("contest_") and b.key.endswith("_make")]
    assert labels[:5] == [
        "PowerPoint (.pptx)",
        "เอกสารสรุป 3 ส่วน (PDF)",
        "อินโฟกราฟิก (PDF)",
        "อินโฟกราฟิก (PNG สำหรับ Facebook)",
        "ภาพกราฟทุกภาพและแผนที่ (PNG)",
    ]
    assert _statuses(at) == {"ครบ": 8, "ยังไม่ครบ": 3, "ยังไม่มี": 4}
    expanders = [e.label for e in at.expander]
    assert ":red-badge[:material/cancel: ยังไม่มี] 3.3 เผยแพร่ผลการจัดทำสารสนเทศภูมิศาสตร์ผ่านเว็บไซต์ Facebook" in expanders
    link = next(i for i in at.text_input if i.key.startswith("ev_3.3_new") and i.key.endswith("_link"))
    link.input("https://facebook.com/nongbua")
    next(b for b in at.button if b.label == "บันทึกหลักฐาน" and "3.3" in str(b.proto.form_id)).click().run()
    assert not at.exception, at.exception
    assert _statuses(at)["ครบ"] == 9
    evidence = contest_store_for(demo_workspace.root).evidence("990101")
    assert [(e.item_id, e.link, e.created_by) for e in evidence if e.item_id == "3.3"] == [
        ("3.3", "https://facebook.com/nongbua", "พัฒนากรทดสอบ")
    ]


def test_making_the_deck_updates_the_checklist_at_once(at, demo_workspace):
    at.switch_page(CONTEST).run()
    item = next(e.label for e in at.expander if " 5.3 " in e.label)
    assert item.startswith(":red-badge[:material/cancel: ยังไม่มี]")
    at.button(key="contest_deck_make").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [b.proto.label for b in at.get("download_button")] == ["บันทึกไฟล์ contest_deck_990101_2566_demo.pptx"]
    item = next(e.label for e in at.expander if " 5.3 " in e.label)
    assert item.startswith(":green-badge[:material/check_circle: ครบ]")  # not "not made" after it was made
    made = [e for e in contest_store_for(demo_workspace.root).evidence("990101") if e.kind == "generated"]
    assert [e.item_id for e in made] == ["deck"]


def test_presentation_mode_shows_the_decks_story_pre_rendered(at, demo_workspace):
    at.switch_page(PRESENT).run()
    assert not at.exception, at.exception
    page = next(h.proto.body for h in at.get("html") if "cia-present" in h.proto.body)
    keys = re.findall(r"<section class='slide[^']*' data-key='([a-z_0-9]+)'>", page)
    assert keys[:4] == ["title", "profile", "team", "facts"] and keys[-1] == "closing"
    assert "<h1>ตำบลหนองบัว</h1>" in page and "ร้อยละไม่ผ่านเกณฑ์ (%)" in page
    ranking = rank_problems(demo_workspace, "990101", 2566, "pct_fail")  # the demo's round: 2566
    for value in ranking.domains["value"]:  # the Rank page's numbers, on the domains slide
        assert f">{value:.1f}%</span>" in page
