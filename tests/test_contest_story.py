"""build_story gathers the analysis APIs' own numbers; a กชช.2ค file of 2564 imports against the
2560–2564 catalog and its problems start Logic Model drafts; the `cia contest` commands."""

import io
import shutil

import pytest
from pptx import Presentation

from analysis.cli import main
from analysis.contest.round import ContestRound
from analysis.contest.service import contest_store_for
from analysis.contest.story import build_story
from analysis.importers.pipeline import import_file
from analysis.plans.prefill_nrd2c import draft_for
from analysis.plans.service import store_for
from analysis.ranking import summary_lines
from analysis.store import Workspace
from analysis.views import compare_children, rank_problems

ROUND = ContestRound(fiscal_year=2568, bmn_year=2567, nrd2c_year=2566)  # a round chosen with an earlier กชช.2ค year


@pytest.fixture(scope="module")
def tambon(demo_path):
    workspace = Workspace(demo_path)
    return workspace, build_story(workspace, "990101", ROUND, contest_store_for(demo_path))


def test_story_numbers_are_the_analysis_apis_numbers(tambon):
    workspace, story = tambon
    ranking = rank_problems(workspace, "990101", 2567, "pct_fail")
    assert [d.domain for d in story.domains] == ranking.domains["domain"].tolist()
    assert [d.summary for d in story.domains] == summary_lines(ranking, "th")
    assert [p.indicator_id for p in story.top_problems] == ranking.scope("all").head(10)["indicator_id"].tolist()
    summary = compare_children(workspace, "990101", 2567).summary()
    assert [c.pct_fail_all for c in story.children] == summary["pct_fail_all"].tolist()
    expected = workspace.read("area_summary", "area_code = '990101' AND year = 2567").iloc[0]
    assert (story.facts.households, story.facts.people, story.facts.villages_with_data) == (
        expected["households"],
        expected["people"],
        7,
    )
    assert story.area_name == "ตำบลหนองบัว" and story.is_demo and story.child_level == "village"


def test_story_carries_the_plans_pins_map_and_nrd2c(tambon):
    _, story = tambon
    assert story.matrix.title == "เวทีประชาคมจัดลำดับปัญหาตำบลหนองบัว (สาธิต)" and len(story.matrix.rows) == 5
    # the One Plan page's projects: three of the tambon and its villages; the amphoe project that
    # covers the tambon is named apart and not added to the tambon's budget
    assert len(story.projects) == 3 and [p.plan_level for p in story.covering] == ["amphoe", "province"]
    assert sum(b.amount for b in story.budget) == sum(p.total_budget for p in story.projects) == 1_480_000
    assert sorted(p.name for p in story.pins) == [
        "กลุ่มทอผ้าไหมลายขิดบ้านหัวนา",
        "กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองบัว",
        "ศูนย์ปฏิบัติการข้อมูลตำบลหนองบัว",
    ]
    assert all(p.photo for p in story.pins)
    assert len(story.map.features) == 7 and story.map.title == "ร้อยละไม่ผ่านเกณฑ์ ด้านความเป็นอยู่"
    assert story.nrd2c.year == 2566 and sum(n for _, n in story.nrd2c.classes) == 7
    assert len(story.bmn_table) == 37 and len(story.nrd2c_table) == 26


def test_a_2564_nrd2c_file_imports_and_its_problem_starts_a_project(demo_path, tmp_path):
    shutil.copytree(demo_path, tmp_path / "ws")
    workspace = Workspace(tmp_path / "ws")
    header = "รหัสหมู่บ้าน," + ",".join(f"ตัวชี้วัดที่ {i}" for i in range(1, 32))
    rows = [
        f"990101{v:02d}," + ",".join("1" if (i == 24 and v <= 3) else "3" for i in range(1, 32)) for v in range(1, 8)
    ]
    path = tmp_path / "nrd2c_2564.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    prepared, info = import_file(workspace, "nrd2c", path, year=2564)
    assert info is not None, prepared.report.to_frame()
    assert info.catalog_id == "nrd2c_2560_2564"
    ranking = rank_problems(workspace, "990101", 2564, "nrd2c_level1")
    top = ranking.scope("all").iloc[0]
    assert (top["indicator_id"], top["n_fail"], round(top["value"], 1)) == ("24", 3, 42.9)
    draft = draft_for(workspace, {"area_code": "990101", "year": 2564, "indicator_id": "24", "kind": "nrd2c"})
    assert draft.title == "โครงการแก้ไขปัญหา: การรวมกลุ่มของประชาชน"
    assert (draft.catalog_id, draft.baseline_fail, draft.baseline_applicable) == ("nrd2c_2560_2564", 3, 7)
    assert [v.village_code for v in draft.villages] == ["99010101", "99010102", "99010103"]
    assert draft.kpis[0].baseline_value == 42.86 and draft.kpis[0].target_value == 0.0
    store = store_for(workspace.root)
    saved = store.create_project(draft, "พัฒนากร")
    assert store.project(saved.id).villages[0].affected_unit == "village"


@pytest.mark.parametrize("area", ["990101", "9901"])
def test_cia_contest_writes_every_document_for_the_demo_tambon_and_amphoe(demo_path, tmp_path, area, capsys):
    shutil.copytree(demo_path, tmp_path / "ws")
    files = {}
    for action in ("deck", "summary", "infographic", "checklist"):
        out = tmp_path / f"{action}.out"
        assert main(["contest", action, "--workspace", str(tmp_path / "ws"), "--area", area, "--out", str(out)]) == 0
        files[action] = out.read_bytes()
    assert files["summary"][:5] == files["infographic"][:5] == files["checklist"][:5] == b"%PDF-"
    deck = Presentation(io.BytesIO(files["deck"]))
    name = "ตำบลหนองบัว" if area == "990101" else "อำเภอสาธิต (สมมติ)"
    assert deck.slides[0].shapes[0].text_frame.text == name
    # the demo's round: the latest year with both จปฐ. and กชช.2ค data
    words = "ปีงบประมาณ พ.ศ. 2567 · ข้อมูล จปฐ. และ กชช.2ค ปี 2566"
    assert f"บันทึก {tmp_path / 'checklist.out'} แล้ว ({area} · {words})" in capsys.readouterr().err
    recorded = contest_store_for(tmp_path / "ws").evidence(area)
    assert sorted(e.item_id for e in recorded if e.kind == "generated") == ["deck", "summary"]


def test_cia_contest_refuses_an_area_without_data(demo_path, tmp_path, capsys):
    assert (
        main(["contest", "deck", "--workspace", str(demo_path), "--area", "310101", "--out", str(tmp_path / "x")]) == 1
    )
    assert "ไม่มีข้อมูลของพื้นที่ 310101" in capsys.readouterr().err


def test_a_village_story_lists_only_indicators_that_fail(demo_path):
    # village 99010101, education in 2567: 22, 23 and 24 fail no household; 26 fails 32 of 159
    # (20.1%) and 25 fails 10 of 144 (6.9%) — the only two problems, in that order
    workspace = Workspace(demo_path)
    story = build_story(workspace, "99010101", 2567, contest_store_for(demo_path))
    education = story.problems["education"]
    assert [(p.rank, p.indicator_id, p.n_fail) for p in education] == [(1, "26", 32), (2, "25", 10)]
    assert all(p.n_fail > 0 for p in story.top_problems)
    line = next(d.summary for d in story.domains if d.domain == "education")
    assert line.startswith("ด้านการศึกษา มีปัญหาเพียง 2 ตัวชี้วัด: ปัญหาอันดับ 1 คือ") and "0.0%" not in line
