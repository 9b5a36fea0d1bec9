"""One contest round: the fiscal year, the จปฐ. year and the กชช.2ค year chosen once for an area
(stored with versions and the audit log) and said the same way by the deck, the summary, the
infographic, the checklist and the presentation; a workspace holding several years uses the ones
chosen, never the latest กชช.2ค year by default."""

from __future__ import annotations

import io
import shutil

import pytest
from pptx import Presentation

from analysis.auth.roles import PermissionDenied, local_actor
from analysis.cli import main
from analysis.contest.checklist import check_items, gather_evidence
from analysis.contest.round import ContestRound, RoundRecord, area_round, default_round, fiscal_year_for
from analysis.contest.service import contest_store_for
from analysis.contest.story import build_story
from analysis.db.errors import RecordInvalid as RecordInvalid
from analysis.importers.pipeline import import_file
from analysis.store import Workspace
from tests.contest_fixtures import pdf_text, thai

ROUND_2565 = "ปีงบประมาณ พ.ศ. 2565 · ข้อมูล จปฐ. และ กชช.2ค ปี 2564"


def test_the_round_rule():
    assert fiscal_year_for(2564) == 2565  # the seed's round: fiscal 2565 uses the data of 2564
    assert default_round([2564, 2566, 2567], [2566]) == ContestRound(2567, 2566, 2566)  # latest with both
    assert default_round([2564, 2567], []) == ContestRound(2568, 2567, None)
    assert default_round([], [2566]) is None


@pytest.fixture(scope="module")
def two_nrd2c_years(demo_path, tmp_path_factory):
    """The demo with กชช.2ค of 2564 too (it has 2566): the contest year's data is imported."""
    root = tmp_path_factory.mktemp("round") / "ws"
    shutil.copytree(demo_path, root)
    workspace = Workspace(root)
    header = "รหัสหมู่บ้าน," + ",".join(f"ตัวชี้วัดที่ {i}" for i in range(1, 32))
    rows = [f"990101{v:02d}," + ",".join("1" if i == 24 else "3" for i in range(1, 32)) for v in range(1, 8)]
    path = root.parent / "nrd2c_2564.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    prepared, info = import_file(workspace, "nrd2c", path, year=2564)
    assert info is not None, prepared.report.to_frame()
    return workspace


def test_the_contest_years_data_is_used_not_the_latest(two_nrd2c_years):
    workspace = two_nrd2c_years
    story = build_story(workspace, "990101", 2564, contest_store_for(workspace.root))
    assert story.fiscal_year == 2565 and story.facts.nrd2c_year == 2564
    assert story.nrd2c.year == 2564  # it used to take 2566, the latest กชช.2ค year
    assert story.nrd2c.top[0].indicator_id == "24"


def test_a_round_chosen_once_is_said_the_same_by_every_document(two_nrd2c_years, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(two_nrd2c_years.root, root)
    store = contest_store_for(root)
    saved = store.save_round(RoundRecord("990101", 2565, 2564, 2564), local_actor("พัฒนากร"))
    assert area_round(Workspace(root), store, "990101") == ContestRound(2565, 2564, 2564, chosen=True)
    texts = {}
    for action in ("deck", "summary", "infographic", "checklist"):
        out = tmp_path / action
        assert main(["contest", action, "--workspace", str(root), "--area", "990101", "--out", str(out)]) == 0
        if action == "deck":
            deck = Presentation(io.BytesIO(out.read_bytes()))
            texts[action] = "\n".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
        else:
            texts[action] = thai(pdf_text(out.read_bytes(), tmp_path, f"{action}.pdf"))
    assert ROUND_2565 in texts["deck"]
    for action in ("summary", "infographic", "checklist"):
        assert thai(ROUND_2565) in texts[action], action
    assert thai("ข้อมูล กชช.2ค ปี 2564") in texts["summary"] and thai("กชช.2ค ปี 2566") not in texts["summary"]
    assert thai("มีข้อมูล จปฐ. ปี 2564 และ กชช.2ค ปี 2564 แล้ว") in texts["checklist"]
    assert store.audit_log("contest_round")["entity_id"].tolist() == [saved.id]


def test_choosing_a_round_is_checked_and_versioned(two_nrd2c_years, tmp_path):
    root = tmp_path / "ws"
    shutil.copytree(two_nrd2c_years.root, root)
    store = contest_store_for(root)
    with pytest.raises(RecordInvalid) as refused:
        store.save_round(RoundRecord("990101", 2022, 2021, None), local_actor("x"))  # ค.ศ. years: refused
    assert [p[0] for p in refused.value.problems] == ["contest_round_year"]
    assert refused.value.messages("th") == ["ปีของรอบการประกวดต้องเป็นปี พ.ศ. เช่น 2567 (ได้ 2022)"]
    first = store.save_round(RoundRecord("990101", 2567, 2566, 2566), local_actor("x"))
    first.bmn_year, first.fiscal_year = 2564, 2565
    second = store.save_round(first, local_actor("y"))
    assert (second.version, store.round("990101").bmn_year) == (2, 2564)
    from analysis.db.errors import ConflictError

    stale = RoundRecord("990101", 2568, 2567, None, id=first.id, version=1)
    with pytest.raises(ConflictError):
        store.save_round(stale, local_actor("z"))


def test_a_viewer_cannot_choose_the_round(two_nrd2c_years, tmp_path):
    from analysis.auth.accounts import AccountStore
    from analysis.auth.login import Authenticator

    root = tmp_path / "ws"
    shutil.copytree(two_nrd2c_years.root, root)
    accounts = AccountStore(contest_store_for(root).url)
    accounts.add(None, "admin", "a-long-password-1", "admin")
    admin = Authenticator(accounts.url).authenticate("admin", "a-long-password-1")
    accounts.add(admin, "viewer1", "a-long-password-1", "viewer", ["9901"])
    viewer = Authenticator(accounts.url).authenticate("viewer1", "a-long-password-1")
    with pytest.raises(PermissionDenied):
        contest_store_for(root).save_round(RoundRecord("990101", 2565, 2564, 2564), viewer)
    assert contest_store_for(root).round("990101") is None


def test_the_checklist_asks_for_the_rounds_years(two_nrd2c_years):
    workspace = two_nrd2c_years
    store = contest_store_for(workspace.root)
    chosen = ContestRound(2568, 2567, None)
    statuses = {s.item.id: s for s in check_items(gather_evidence(workspace, store, "990101", chosen, None))}
    assert statuses["2.1"].missing[0] == "ยังไม่มีข้อมูล กชช.2ค ปี 2567 (ปีที่ใช้ประกวด)"
    chosen = ContestRound(2565, 2564, 2564)
    statuses = {s.item.id: s for s in check_items(gather_evidence(workspace, store, "990101", chosen, None))}
    assert statuses["2.1"].results[0].message == "มีข้อมูล จปฐ. ปี 2564 และ กชช.2ค ปี 2564 แล้ว"


def test_the_contest_page_chooses_the_round_once(two_nrd2c_years, tmp_path, monkeypatch):
    from tests.test_pages import app

    root = tmp_path / "ws"
    shutil.copytree(two_nrd2c_years.root, root)
    at = app(root, monkeypatch)
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    at.switch_page("../pages/contest.py").run()
    assert not at.exception, at.exception
    shown = [m.value for m in at.markdown if m.value.startswith("**รอบการประกวด:**")]
    assert shown == ["**รอบการประกวด:** ปีงบประมาณ พ.ศ. 2567 · ข้อมูล จปฐ. และ กชช.2ค ปี 2566"]
    at.selectbox(key="round_bmn_990101").select(2564)
    at.selectbox(key="round_nrd2c_990101").select(2564)
    next(b for b in at.button if b.label == "บันทึกรอบการประกวด").click().run()
    assert not at.exception, at.exception
    shown = [m.value for m in at.markdown if m.value.startswith("**รอบการประกวด:**")]
    assert shown == [f"**รอบการประกวด:** {ROUND_2565}"]
    assert contest_store_for(root).round("990101").fiscal_year == 2565
