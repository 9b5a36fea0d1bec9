"""One number everywhere: every figure that the pages and the contest documents both show comes
from the same function — households and people (Overview), the One Plan's projects and budget (One
Plan page), the five domains (Rank page) — compared here page against deck, summary and
infographic; and a second project for one problem is flagged before it is saved."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from analysis.contest.deck import build_deck
from analysis.contest.infographic import infographic_html
from analysis.contest.service import contest_store_for
from analysis.contest.story import build_story
from analysis.contest.summary import summary_html
from analysis.formatting import fmt_int
from analysis.plans.service import store_for
from tests.test_pages import app, metrics


def _page(root, monkeypatch, area: str, page: str):
    at = app(root, monkeypatch)
    at.session_state["area_code"] = area
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return metrics(at)


def _deck_texts(data: bytes) -> tuple[str, dict[str, float]]:
    deck = Presentation(io.BytesIO(data))
    texts, budget = [], {}
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_chart and shape.chart.chart_type == 52:  # COLUMN_STACKED: the budget
                budget = {s.name: sum(s.values) for s in shape.chart.plots[0].series}
    return "\n".join(texts), budget


@pytest.mark.parametrize("area", ["990101", "9901"])
def test_the_pages_and_the_documents_show_the_same_numbers(demo_workspace, monkeypatch, area):
    store = contest_store_for(demo_workspace.root)
    story = build_story(demo_workspace, area, 2567, store)
    overview = _page(demo_workspace.root, monkeypatch, area, "../pages/overview.py")
    oneplan = _page(demo_workspace.root, monkeypatch, area, "../pages/oneplan.py")
    households, people = overview["ครัวเรือน"], overview["ประชากร (คน)"]
    total, projects = oneplan["งบประมาณรวม (บาท)"], oneplan["จำนวนโครงการ"]
    # the story: the same counts, the One Plan page's projects and budget (no project of an area above)
    assert (fmt_int(story.facts.households), fmt_int(story.facts.people)) == (households, people)
    assert (fmt_int(sum(b.amount for b in story.budget)), str(len(story.projects))) == (total, projects)
    deck_text, budget = _deck_texts(build_deck(story, store.profile(area)))
    assert f"ครัวเรือน {households} ครัวเรือน" in deck_text and f"ประชากร {people} คน" in deck_text
    assert fmt_int(sum(budget.values())) == total
    assert f"{projects} โครงการ งบประมาณรวม {total} บาท" in deck_text
    summary = summary_html(story, store.profile(area))
    assert f"{households} ครัวเรือน {people} คน" in summary and f"<td class='num'>{total}</td></tr>" in summary
    infographic = infographic_html(story)
    assert f"<b>{households}</b>" in infographic and f"{projects} โครงการ งบประมาณรวม {total} บาท" in infographic


def test_a_project_of_the_amphoe_is_named_apart_not_added(demo_workspace):
    story = build_story(demo_workspace, "990101", 2567, contest_store_for(demo_workspace.root))
    own = store_for(demo_workspace.root).projects("990101")
    assert [p.id for p in story.projects] == [p.id for p in own]
    # the amphoe's savings project and the province's plan (it lists no villages: it covers them all)
    assert [p.plan_level for p in story.covering] == ["amphoe", "province"]
    assert sum(b.amount for b in story.budget) == sum(p.total_budget for p in own)


def test_a_second_project_for_one_problem_is_flagged_before_saving(demo_workspace, monkeypatch):
    at = app(demo_workspace.root, monkeypatch)
    at.sidebar.text_input(key="user_name").input("พัฒนากรทดสอบ").run()
    at.sidebar.selectbox(key="pick_tambon").select("990101").run()
    at.switch_page("../pages/rank.py").run()
    at.selectbox(key="rank_plan_pick").select("21").run()  # the demo plans this problem already
    at.button(key="rank_plan_button").click().run()
    at.switch_page("../pages/project.py").run()
    assert not at.exception, at.exception
    store = store_for(demo_workspace.root)
    existing = [p for p in store.projects("9901") if p.indicator_id == "21"]
    warning = [w.value for w in at.warning if w.value.startswith("ปัญหานี้มีโครงการในแผนแล้ว")]
    assert len(existing) == 1 and len(warning) == 1 and f"#{existing[0].id}" in warning[0]
    before = len(store.projects())
    next(b for b in at.button if b.label == "บันทึกโครงการ").click().run()
    assert len(store.projects()) == before  # not saved in silence
    assert any(e.value.startswith("ยังไม่ได้บันทึก: ปัญหานี้มีโครงการอยู่แล้ว") for e in at.error)
    at.checkbox(key="pf_new_21_990101:same_problem_ok").check()
    next(b for b in at.button if b.label == "บันทึกโครงการ").click().run()
    assert len(store.projects()) == before + 1
