"""Ranking on the hand-computed household fixture of test_import_household (tambon 310101, 2564):
indicator (applicable, pass, fail): 1 (3, 2, 1) · 4 (5, 3, 2) · 7 (4, 2, 2) · 22 (5, 2, 3)."""

import pandas as pd
import pytest

from analysis.importers.pipeline import import_file
from analysis.ranking import RankingUnavailable, rank_items, summary_lines
from analysis.views import rank_problems
from tests.conftest import write
from tests.test_import_household import HOUSEHOLDS


@pytest.fixture
def fixture_workspace(workspace, tmp_path):
    _, info = import_file(workspace, "bmn", write(tmp_path / "h.csv", HOUSEHOLDS), year=2564)
    assert info is not None
    return workspace


def test_rank_items_tie_rule():
    frame = pd.DataFrame(
        {"id": ["a", "b", "c", "d"], "value": [5.0, 5.0, 5.0, 9.0], "n": [1, 3, 3, 0], "order": [0, 2, 1, 3]}
    )
    ranked = rank_items(frame, "value", "n", "order")
    assert ranked[["rank", "id"]].values.tolist() == [[1, "d"], [2, "c"], [3, "b"], [4, "a"]]


def test_rank_by_share_failing(fixture_workspace):
    ranking = rank_problems(fixture_workspace, "310101", 2564, "pct_fail")
    overall = ranking.scope("all")
    assert overall["indicator_id"].tolist() == ["22", "7", "4", "1"]
    assert overall["pct_fail"].round(2).tolist() == [60.0, 50.0, 40.0, 33.33]
    assert overall["rank"].tolist() == [1, 2, 3, 4]
    health = ranking.scope("health")
    assert health["indicator_id"].tolist() == ["7", "4", "1"] and health["rank"].tolist() == [1, 2, 3]
    # domains: income 3/5 = 60% failing, health (1 + 2 + 2) / 12 = 41.7%
    assert ranking.domains[["rank", "domain"]].values.tolist() == [[1, "income"], [2, "health"]]
    assert ranking.domains.set_index("domain").loc["health", "value"] == pytest.approx(500 / 12)


def test_rank_by_count_breaks_ties_by_catalog_order(fixture_workspace):
    ranking = rank_problems(fixture_workspace, "310101", 2564, "n_fail")
    # 22 fails 3; 4 and 7 both fail 2 (equal value and equal count) → catalog order: 4 before 7
    assert ranking.scope("all")["indicator_id"].tolist() == ["22", "4", "7", "1"]


def test_rank_by_gap_and_numbers_behind_it(fixture_workspace):
    ranking = rank_problems(fixture_workspace, "310101", 2564, "gap")
    top = ranking.scope("all").iloc[0]
    assert (top["indicator_id"], top["gap_to_target"], top["n_to_fix"], top["target"]) == ("22", 60.0, 3, 100.0)


def test_drivers_name_the_villages(fixture_workspace):
    ranking = rank_problems(fixture_workspace, "310101", 2564, "pct_fail")
    top = ranking.scope("all").set_index("indicator_id")
    assert top.loc["22", "drivers"] == "หมู่ที่ 1 (2, 67%); หมู่ที่ 2 (1, 33%)"
    village = rank_problems(fixture_workspace, "31010101", 2564, "pct_fail")
    assert (village.scope("all")["drivers"] == "").all()


def test_rank_by_mpi_contribution(fixture_workspace):
    ranking = rank_problems(fixture_workspace, "310101", 2564, "mpi", k=1 / 3)
    assert ranking.mpi.MPI == pytest.approx(2.1666666 / 5)  # see test_cli.test_mpi_command
    assert ranking.scope("all")["value"].sum() == pytest.approx(100)
    assert ranking.domains["value"].sum() == pytest.approx(100)


def test_summary_line_per_domain(fixture_workspace):
    ranking = rank_problems(fixture_workspace, "310101", 2564, "pct_fail")
    lines = summary_lines(ranking, "th")
    assert lines[0] == ("ด้านรายได้ / เศรษฐกิจ: ปัญหาอันดับ 1 คือ รายได้เฉลี่ยของคนในครัวเรือนต่อปี (ไม่ผ่านเกณฑ์ 60.0% (3 ครัวเรือน))")
    assert lines[1].startswith("ด้านสุขภาพ: ปัญหาอันดับ 1 คือ คนอายุ 6 ปีขึ้นไป ออกกำลังกาย")
    assert "อันดับ 3 คือ เด็กแรกเกิดมีน้ำหนัก 2,500 กรัม ขึ้นไป (ไม่ผ่านเกณฑ์ 33.3% (1 ครัวเรือน))" in lines[1]
    assert summary_lines(ranking, "en")[0].startswith("Income and economy: the problem no. 1 is Average income")


def test_unavailable_measures_explain_why(workspace, tmp_path):
    text = "รหัสตำบล,ตัวชี้วัด,ผ่าน,ไม่ผ่าน\n310101,4,30,10\n"
    import_file(workspace, "bmn-agg", write(tmp_path / "a.csv", text), year=2564)
    with pytest.raises(RankingUnavailable, match="ต้องใช้ข้อมูล จปฐ. รายครัวเรือน"):
        rank_problems(workspace, "310101", 2564, "mpi")
    with pytest.raises(RankingUnavailable, match="ไม่มีข้อมูล กชช.2ค"):
        rank_problems(workspace, "310101", 2564, "nrd2c_level1")
    assert rank_problems(workspace, "310101", 2564, "pct_fail").scope("all")["pct_fail"].tolist() == [25.0]


def test_nrd2c_ranking_on_the_demo(demo_workspace):
    ranking = rank_problems(demo_workspace, "990101", 2566, "nrd2c_level1")
    levels = demo_workspace.read("nrd2c_area_indicator", "area_code = '990101'").set_index("indicator_id")
    top = ranking.scope("all").iloc[0]
    assert top["value"] == pytest.approx(100 * levels["level_1"].max() / levels.loc[top["indicator_id"], "villages"])
    assert top["n_fail"] == levels["level_1"].max()
