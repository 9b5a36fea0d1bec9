"""The readiness checklist: statuses computed from evidence, changed by adding evidence, messages
in Thai and English for every check, a one-page PDF."""

import shutil
from datetime import date

import pytest

from analysis.contest.checklist import Evidence, ProjectFact, check_items, gather_evidence
from analysis.contest.checklist_doc import checklist_pdf
from analysis.contest.kit import make
from analysis.contest.pdf import pdf_page_count
from analysis.contest.records import EvidenceRecord, MemberRecord
from analysis.contest.service import contest_store_for
from analysis.contest.story import build_story
from analysis.store import Workspace
from tests.contest_fixtures import hand_profile, pdf_text, thai


def empty(**changes) -> Evidence:
    evidence = Evidence("990101", 2564, {"bmn": set(), "nrd2c": set()}, ["99010101", "99010102"], [])
    for key, value in changes.items():
        setattr(evidence, key, value)
    return evidence


def by_id(evidence: Evidence, lang: str = "th") -> dict:
    return {s.item.id: s for s in check_items(evidence, lang)}


def test_nothing_gathered_means_every_item_is_missing():
    statuses = by_id(empty())
    assert len(statuses) == 15 and {s.status for s in statuses.values()} == {"missing"}
    assert statuses["2.1"].missing == [
        "ยังไม่มีข้อมูล จปฐ. ปี 2564 และ กชช.2ค ปี 2564 (ปีที่ใช้ประกวด)",
        "วิเคราะห์แล้ว 0 จาก 2 หมู่บ้าน (ปี 2564)",
    ]
    assert statuses["3.3"].missing == ["ยังไม่มีหลักฐาน: ลิงก์หน้าเว็บหรือโพสต์ที่เผยแพร่แผนที่ (ใส่ลิงก์)"]


def test_statuses_change_as_evidence_is_added():
    evidence = empty(data_years={"bmn": {2564}, "nrd2c": set()}, villages_analysed=["99010101", "99010102"])
    assert by_id(evidence)["2.1"].status == "partial"
    evidence.data_years["nrd2c"].add(2564)
    assert by_id(evidence)["2.1"].status == "done"
    evidence.records = [EvidenceRecord("990101", "3.3", link="")]  # ticked without the link it needs
    assert by_id(evidence)["3.3"].status == "missing"
    evidence.records = [EvidenceRecord("990101", "3.3", link="https://facebook.com/nongbua")]
    assert by_id(evidence)["3.3"].status == "done"
    evidence.records.append(EvidenceRecord("990101", "deck", kind="generated", note="2026-11-23T10:00:00"))
    # when, as people write it (Bangkok time, Buddhist era): never the stored ISO timestamp
    assert by_id(evidence)["5.3"].results[0].message == "สร้างไฟล์ PowerPoint แล้ว (23 พ.ย. 2569 17:00)"
    profile = hand_profile()
    profile.members = profile.members[:1]
    evidence.profile = profile
    statuses = by_id(evidence)
    assert statuses["1.2"].missing[0] == "ยังไม่มีตัวแทนคณะทำงานจากหมู่ที่ 2"
    assert statuses["1.3"].missing[0] == "ยังไม่ได้ใส่เลขที่และวันที่ของคำสั่งแต่งตั้งคณะทำงาน"
    profile.members.append(MemberRecord("นางทดลอง", "อสม.", "99010102"))
    profile.appointment_order_date = date(2025, 1, 15)
    statuses = by_id(evidence)
    assert statuses["1.2"].results[0].passed and statuses["1.3"].results[0].passed
    assert statuses["5.1.1"].results[0].message == "ข้อมูลทั่วไปของตำบลครบ"


def test_plan_checks_count_levels_matches_results_and_partners():
    projects = [
        ProjectFact("village", "99010101", "22", "done", 0.0, has_results=True, partners=2),
        ProjectFact("tambon", "990101", "9", "proposed", 50000.0),
    ]
    statuses = by_id(empty(projects=projects, top_indicators={"22"}))
    assert [r.message for r in statuses["2.3"].results] == [
        "มี 1 โครงการที่ตรงกับปัญหาที่จัดลำดับ",
        "มีโครงการในแผนพัฒนาหมู่บ้าน 1 โครงการ",
        "มีโครงการในแผนพัฒนาตำบล 1 โครงการ",
    ]
    assert statuses["4.1"].status == "done"
    assert statuses["4.2"].results[0].message == "ได้งบประมาณจากภาคีนอก อปท. 50,000 บาท และมีภาคีการพัฒนา 2 ภาคี"
    # done without any result recorded does not count; named partners alone meet 4.2
    statuses = by_id(empty(projects=[ProjectFact("village", "99010101", "22", "done", 0.0, partners=1)]))
    assert statuses["4.1"].status == "missing" and statuses["4.1"].missing[0].startswith("ยังไม่มีโครงการที่กำลัง")
    assert statuses["4.2"].status == "done"


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_check_has_a_message_when_passing_and_when_failing(lang):
    full = empty(
        data_years={"bmn": {2564}, "nrd2c": {2564}},
        villages_analysed=["99010101", "99010102"],
        children_compared=2,
        domains_ranked=5,
        top_indicators={"22"},
        matrix_dates=["2025-03-15"],
        projects=[
            ProjectFact("village", "99010101", "22", "done", 10.0, has_results=True),
            ProjectFact("tambon", "990101", None, "done", 0.0),
        ],
        pins=3,
        pins_with_photo=3,
        profile=hand_profile(),
    )
    full.profile.appointment_order_date = date(2025, 1, 15)
    full.records = [
        EvidenceRecord("990101", i, file=b"x", link="https://x.th")
        for i in ("1.1", "1.2", "1.3", "3.3", "5.1.2", "5.2")
    ]
    full.records += [EvidenceRecord("990101", d, kind="generated", note="now") for d in ("deck", "summary")]
    assert {s.status for s in check_items(full, lang)} == {"done"}
    assert all(r.message for s in check_items(empty(), lang) for r in s.results)


def test_demo_checklist_follows_the_workspace_and_prints_on_one_page(demo_path, tmp_path):
    shutil.copytree(demo_path, tmp_path / "ws")
    workspace = Workspace(tmp_path / "ws")
    store = contest_store_for(workspace.root)
    story = build_story(workspace, "990101", 2567, store)
    statuses = by_id(gather_evidence(workspace, store, "990101", 2567, story))
    assert statuses["1.1"].status == "done"  # the demo ticks it with a photo
    assert [s for s, x in statuses.items() if x.status == "done"] == ["1.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2"]
    assert statuses["5.3"].status == "missing"
    make(workspace, store, "990101", 2567, "deck", "th", "ผู้ทดสอบ")
    store.save_evidence(EvidenceRecord("990101", "5.2", link="https://youtu.be/demo"), "ผู้ทดสอบ")
    statuses = by_id(gather_evidence(workspace, store, "990101", 2567, story))
    assert statuses["5.3"].status == "done" and statuses["5.2"].status == "done"
    assert store.audit_log("evidence")["actor"].tolist() == ["ผู้ทดสอบ", "ผู้ทดสอบ", "ข้อมูลสาธิต"]
    pdf = checklist_pdf(list(statuses.values()), "ตำบลหนองบัว", "th")
    assert pdf_page_count(pdf) == 1
    text = thai(pdf_text(pdf, tmp_path))
    assert thai("ความพร้อมการประกวดสารสนเทศตำบลต้นแบบ: ตำบลหนองบัว") in text
    # the round of 2567 (no กชช.2ค of 2567 in the demo)
    assert thai("ครบ: 9") in text and thai("ยังไม่มีข้อมูล กชช.2ค ปี 2567 (ปีที่ใช้ประกวด)") in text
