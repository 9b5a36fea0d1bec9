"""Ranking on the hand-computed household fixture of test_import_household (tambon 310101, 2564):
indicator (applicable, pass, fail): 1 (3, 2, 1) · 4 (5, 3, 2) · 7 (4, 2, 2) · 22 (5, 2, 3)."""

import pandas as pd
import pytest

from analysis.importers.pipeline import import_file
from analysis.ranking import RankingUnavailable, rank_items, summary_lines, top_problems
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
    # 22 fails 2 households in village 1 and 1 in village 2: 2/3 and 1/3 of the tambon's 3
    assert top.loc["22", "drivers"] == "หมู่ที่ 1 (2 ครัวเรือน, 66.7%); หมู่ที่ 2 (1 ครัวเรือน, 33.3%)"
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
    # each problem named by its declared problem phrase, the failing side (never the target)
    assert lines[0] == "ด้านรายได้ / เศรษฐกิจ: ปัญหาอันดับ 1 คือ รายได้เฉลี่ยต่อคนต่อปียังต่ำกว่าเกณฑ์ 60.0% (3 ครัวเรือน)"
    assert lines[1].startswith("ด้านสุขภาพ: ปัญหาอันดับ 1 คือ คนอายุ 6 ปีขึ้นไปยังออกกำลังกายไม่พอ")
    assert "อันดับ 3 คือ เด็กแรกเกิดน้ำหนักต่ำกว่า 2,500 กรัม 33.3% (1 ครัวเรือน)" in lines[1]
    english = summary_lines(ranking, "en")[0]
    assert (
        english
        == "Income and economy: the problem no. 1 is average income per person below the line, 60.0% (3 households)"
    )


def test_mpi_ranking_without_a_poor_household_says_to_lower_k(fixture_workspace):
    # scores (health 1/6 per indicator, income 1/2): ก 1/6, ข 2/3, ค 2/3, ง 1/3, จ 1/2 — none ≥ 0.7
    with pytest.raises(RankingUnavailable, match="ไม่มีครัวเรือนที่ยากจนหลายมิติที่ k = 70% — ลองลดค่า k"):
        rank_problems(fixture_workspace, "310101", 2564, "mpi", k=0.7)
    assert rank_problems(fixture_workspace, "310101", 2564, "mpi", k=2 / 3).mpi.q == 2  # ข and ค


def test_an_indicator_nothing_fails_is_not_a_top_problem(fixture_workspace):
    # village 31010102: 1 (1, 1, 0) · 4 (2, 1, 1) · 7 (2, 1, 1) · 22 (2, 1, 1) — 4, 7, 22 tie at 50%
    # and 1 failing, so catalog order; 1 passes everywhere and is not a problem
    ranking = rank_problems(fixture_workspace, "31010102", 2564, "pct_fail")
    assert ranking.scope("all")["indicator_id"].tolist() == ["4", "7", "22", "1"]  # the full table keeps it
    assert top_problems(ranking)["indicator_id"].tolist() == ["4", "7", "22"]
    assert top_problems(ranking, "health", 3)[["rank", "indicator_id"]].values.tolist() == [[1, "4"], [2, "7"]]
    assert top_problems(ranking, "all", 2)["indicator_id"].tolist() == ["4", "7"]
    health = [line for line in summary_lines(ranking, "th") if "สุขภาพ" in line]
    assert health == [
        "ด้านสุขภาพ มีปัญหาเพียง 2 ตัวชี้วัด: ปัญหาอันดับ 1 คือ ครัวเรือนยังกินอาหารไม่ถูกสุขลักษณะหรือไม่ปลอดภัย"
        " 50.0% (1 ครัวเรือน) อันดับ 2 คือ คนอายุ 6 ปีขึ้นไปยังออกกำลังกายไม่พอ 50.0% (1 ครัวเรือน)"
    ]
    assert summary_lines(ranking, "en")[-1].startswith("Health has only 2 problem(s): the problem no. 1 is")


def test_a_domain_nothing_fails_reads_no_problem(workspace, tmp_path):
    # one household passing 1, 4 and 7 with 60,000 baht a head: income (22) passes; 7 fails
    text = "ชื่อหัวหน้าครัวเรือน,รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,รายได้,ข้อ 1,ข้อ 4,ข้อ 7\nนาย ก,31010101,1,2,120000,1,1,0\n"
    import_file(workspace, "bmn", write(tmp_path / "h.csv", text), year=2564)
    ranking = rank_problems(workspace, "31010101", 2564, "pct_fail")
    assert top_problems(ranking)["indicator_id"].tolist() == ["7"]
    assert summary_lines(ranking, "th") == [
        "ด้านสุขภาพ มีปัญหาเพียง 1 ตัวชี้วัด: ปัญหาอันดับ 1 คือ คนอายุ 6 ปีขึ้นไปยังออกกำลังกายไม่พอ 100.0% (1 ครัวเรือน)",
        "ด้านรายได้ / เศรษฐกิจ: ไม่มีปัญหา — ทุกตัวชี้วัดผ่านเกณฑ์",
    ]


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


# กชช.2ค levels of tambon 310101 (indicators 01–03 are all of the access domain):
#   01: 1, 1, 3 → 3 villages, 2 at level 1 · 02: 2, 1, 2 → 3 villages, 1 at level 1, 2 at level 2
#   03: 3, blank, 2 → 2 villages, none at level 1
# access: Σ level 1 / Σ villages scored = 3 / 8 = 37.5% (not 6 / 8 with level 2, not the mean of
# the three shares 33.3%, not 2 of 3 villages with some level 1)
NRD2C_LEVELS = """รหัสหมู่บ้าน,ตัวชี้วัดที่ 1,ตัวชี้วัดที่ 2,ตัวชี้วัดที่ 3
31010101,1,2,3
31010102,1,1,
31010103,3,2,2
"""


def test_a_nrd2c_domain_counts_villages_at_level_1_over_villages_scored(workspace, tmp_path):
    _, info = import_file(workspace, "nrd2c", write(tmp_path / "n.csv", NRD2C_LEVELS), year=2566)
    assert info is not None
    ranking = rank_problems(workspace, "310101", 2566, "nrd2c_level1")
    access = ranking.domains.set_index("domain").loc["access"]
    assert (access["level_1"], access["villages"], access["n_fail"]) == (3, 8, 3)
    assert access["value"] == access["pct_level_1"] == 37.5
    # pct_fail is the share failing an indicator only: a กชช.2ค ranking has none
    assert "pct_fail" not in ranking.domains and "pct_fail" not in ranking.problems
    items = ranking.scope("all").set_index("indicator_id")
    assert items.loc[["01", "02", "03"], "value"].tolist() == pytest.approx([200 / 3, 100 / 3, 0.0])
