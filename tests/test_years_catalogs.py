"""Two years across catalogs: 2561 (จปฐ. 2560–2564) and 2566 (2566–2570) of the same tambon give the
years side by side through the declared pairs (data/catalogs/cycle_mappings.csv), and the
indicators with no pair are said to be so — in `cia trend`, on the Trend page. Expected values
computed by hand from the two small files."""

from __future__ import annotations

from analysis.cli import main
from analysis.importers.pipeline import import_file
from analysis.views import trend
from analysis.years import side_by_side, unmatched_words
from tests.conftest import write
from tests.test_pages import app

#: 2560–2564: ข้อ 1 (pairs with 2566–2570's ข้อ 2), ข้อ 4 (pairs with 6), ข้อ 5 (no pair)
Y2561 = "รหัสตำบล,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่าน,ไม่ผ่าน\n310101,1,40,30,10\n310101,4,100,80,20\n310101,5,50,45,5"
#: 2566–2570: ข้อ 1 (new: no pair), 2 and 6
Y2566 = "รหัสตำบล,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่าน,ไม่ผ่าน\n310101,1,20,18,2\n310101,2,40,36,4\n310101,6,100,90,10"
Y2567 = "รหัสตำบล,ตัวชี้วัด,จำนวนที่สำรวจ,ผ่าน,ไม่ผ่าน\n310101,1,20,19,1\n310101,2,40,38,2\n310101,6,100,85,15"


def two_cycles(workspace, tmp_path, third: bool = False):
    for year, text in ((2561, Y2561), (2566, Y2566), *(((2567, Y2567),) if third else ())):
        prepared, info = import_file(workspace, "bmn-agg", write(tmp_path / f"{year}.csv", text), year=year)
        assert info is not None, prepared.report.to_frame()
    return trend(workspace, "310101")


def test_years_side_by_side_through_the_declared_pairs(workspace, tmp_path):
    found = two_cycles(workspace, tmp_path, third=True)
    table = side_by_side(found, "th").set_index("indicator_id")
    # by hand: % failing = fail / (pass + fail)
    assert table.loc["2", ["pct_fail_2561", "indicator_2561", "pct_fail_2566", "pct_fail_2567"]].tolist() == [
        25.0,
        "1",
        10.0,
        5.0,
    ]
    assert table.loc["6", ["pct_fail_2561", "indicator_2561", "pct_fail_2566", "pct_fail_2567"]].tolist() == [
        20.0,
        "4",
        10.0,
        15.0,
    ]
    assert table.loc["6", "change_pp"] == 5.0  # 2566 → 2567, the same cycle
    assert table.loc["1"].isna()["pct_fail_2561"] and table.loc["1", "pct_fail_2567"] == 5.0
    assert table.loc["1", "comparison"].endswith(
        "ปี 2561: ไม่มีคู่ในเครื่องชี้วัดความจำเป็นพื้นฐาน (จปฐ.) ปี 2560–2564 — เทียบข้ามรอบไม่ได้"
    )
    assert table.loc["2", "comparison"] == (
        "ปีที่ใช้บัญชีตัวชี้วัดเดียวกันเทียบกันได้โดยตรง; ปี 2561: เทียบผ่านคู่ตัวชี้วัดที่ประกาศไว้ (ยังไม่ยืนยัน)"
    )
    assert found.unmatched == {2561: (["1"], ["5"])}
    assert unmatched_words(found, "th")[0].startswith(
        "ปี 2561 ใช้บัญชีตัวชี้วัดรอบอื่น: ข้อ 1 ของรอบปัจจุบันไม่มีคู่ที่ประกาศไว้ และข้อ 5 ของปี 2561 ไม่มีคู่ในรอบปัจจุบัน"
    )


def test_cia_trend_prints_the_table_and_names_the_unmatched(workspace, tmp_path, capsys):
    two_cycles(workspace, tmp_path)
    assert main(["trend", "--area", "310101", "-w", str(workspace.root)]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "indicator_id,title,pct_fail_2561,indicator_2561,pct_fail_2566,comparison"
    assert lines[2].startswith('2,"เด็กแรกเกิดมีน้ำหนัก 2,500 กรัม ขึ้นไป",25.0,1,10.0,')
    assert "ข้อ 5 ของปี 2561 ไม่มีคู่ในรอบปัจจุบัน" in captured.err


def test_the_trend_page_says_which_indicators_have_no_match(workspace, tmp_path, monkeypatch):
    two_cycles(workspace, tmp_path)
    at = app(workspace.root, monkeypatch)
    at.sidebar.selectbox(key="pick_province").select("31").run()
    at.sidebar.selectbox(key="pick_amphoe").select("3101").run()
    at.sidebar.selectbox(key="pick_tambon").select("310101").run()
    at.switch_page("../pages/trend.py").run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("ปี 2561 ใช้บัญชีตัวชี้วัดรอบอื่น: ข้อ 1 ของรอบปัจจุบันไม่มีคู่ที่ประกาศไว้") for c in captions)
