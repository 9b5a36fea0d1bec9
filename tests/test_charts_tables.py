import pandas as pd

from analysis.queries import rank_worst
from analysis.views import area_overview
from dashboard.charts import domain_pass_chart, short_label, worst_indicators_chart
from dashboard.tables import indicator_table


def test_domain_chart_shows_each_domain_value(demo_workspace):
    overview = area_overview(demo_workspace, "990101", 2567)
    figure = domain_pass_chart(overview.domains, "th", target=100, note="ข้อมูลสาธิต (สมมติ)")
    bar = figure.data[0]
    expected = overview.domains.set_index("name_th")["pct_pass"]
    assert dict(zip(bar.y, bar.x, strict=True)) == expected.to_dict()
    assert list(bar.y)[-1] == "สุขภาพ"  # health on top (first domain)
    assert bar.text[list(bar.y).index("สุขภาพ")] == f"{expected['สุขภาพ']:.1f}%"
    assert "ข้อมูลสาธิต (สมมติ)" in figure.layout.title.text


def test_worst_chart_is_the_top_five_by_share_failing(demo_workspace):
    overview = area_overview(demo_workspace, "990101", 2567)
    figure = worst_indicators_chart(overview.worst, "th")
    bar = figure.data[0]
    top = overview.indicators.sort_values("pct_fail", ascending=False).head(5)
    assert list(bar.x)[::-1] == top["pct_fail"].tolist()
    assert list(bar.y)[-1].startswith(f"{top['indicator_id'].iloc[0]}. ")


def test_rank_worst_breaks_ties_by_count_then_catalog_order():
    frame = pd.DataFrame(
        {
            "indicator_id": ["1", "2", "3", "4"],
            "applicable": [10, 20, 20, 0],
            "fail": [5, 10, 10, 0],
            "pct_fail": [50.0, 50.0, 50.0, None],
        }
    )
    assert rank_worst(frame)["indicator_id"].tolist() == ["2", "3", "1"]


def test_an_indicator_nothing_fails_is_not_among_the_worst():
    frame = pd.DataFrame(
        {"indicator_id": ["1", "2", "3"], "applicable": [10, 20, 8], "fail": [0, 5, 0], "pct_fail": [0.0, 25.0, 0.0]}
    )
    assert rank_worst(frame)["indicator_id"].tolist() == ["2"]


def test_short_label():
    assert short_label("ก" * 10, 42) == "ก" * 10
    assert short_label("ก" * 50, 10) == "ก" * 9 + "…"


def test_indicator_table_has_thai_headers_and_hand_checked_values(demo_workspace):
    overview = area_overview(demo_workspace, "99010101", 2564)
    table = indicator_table(overview.indicators, "th")
    assert list(table.columns) == [  # the key columns first: what fails, how many, of how many
        "ข้อ",
        "ตัวชี้วัด",
        "ร้อยละไม่ผ่าน",
        "ไม่ผ่านเกณฑ์",
        "จำนวนที่สำรวจ",
        "หน่วยนับ",
        "ผ่านเกณฑ์",
        "ร้อยละผ่าน",
        "ด้าน",
        "ค่าเป้าหมาย (%)",
    ]
    row = table.set_index("ข้อ").loc["22"]
    source = overview.indicators.set_index("indicator_id").loc["22"]
    assert row["จำนวนที่สำรวจ"] == source["pass"] + source["fail"]
    assert row["ร้อยละไม่ผ่าน"] == round(100 * source["fail"] / source["applicable"], 1)
    assert row["ด้าน"] == "รายได้ / เศรษฐกิจ" and row["หน่วยนับ"] == "ครัวเรือน"
    english = indicator_table(overview.indicators, "en")
    assert english.columns[1] == "Indicator" and english.iloc[0, 1] == "Newborns weigh at least 2,500 g"
