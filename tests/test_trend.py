"""The trend over survey years, by hand: one area, 2564 in the old cycle (catalog OLD) and 2566,
2567 in the new one (NEW); NEW indicator "29" is declared the same as OLD "22", NEW "9" has no pair."""

import pandas as pd
import pytest

from analysis.trend import area_trend, changes
from dashboard.trend_chart import trend_chart

MAPPINGS = pd.DataFrame(
    {"from_catalog": ["OLD"], "from_id": ["22"], "to_catalog": ["NEW"], "to_id": ["29"], "status": ["x"], "note": [""]}
)


def rows() -> tuple[pd.DataFrame, pd.DataFrame]:
    indicators = pd.DataFrame(
        {
            "area_code": "990101",
            "year": [2564, 2564, 2566, 2566, 2567, 2567],
            "catalog_id": ["OLD", "OLD", "NEW", "NEW", "NEW", "NEW"],
            "indicator_id": ["22", "7", "29", "9", "29", "9"],
            "domain": ["income", "health", "income", "health", "income", "health"],
            "applicable": [100, 50, 100, 40, 200, 40],
            "pass": [60, 40, 70, 30, 160, 34],
            "fail": [40, 10, 30, 10, 40, 6],
        }
    )
    domains = indicators.groupby(["area_code", "year", "catalog_id", "domain"], as_index=False)[
        ["applicable", "pass", "fail"]
    ].sum()
    return indicators, domains


def test_indicators_follow_declared_pairs_and_domains_are_flagged():
    trend = area_trend(*rows(), mappings=MAPPINGS)
    assert trend.catalog_id == "NEW" and trend.years == [2564, 2566, 2567] and trend.refused == []
    income = trend.indicators[trend.indicators["indicator_id"] == "29"].set_index("year")
    # 2564's "22" is carried under "29", flagged: 40/100, then 30/100 and 40/200
    assert income["pct_fail"].tolist() == [40.0, 30.0, 20.0]
    assert income["source_id"].tolist() == ["22", "29", "29"] and income["cross_cycle"].tolist() == [True, False, False]
    health = trend.indicators[trend.indicators["indicator_id"] == "9"]
    assert health["year"].tolist() == [2566, 2567]  # OLD "7" has no declared pair: not carried over
    assert trend.cross_cycle_years == [2564] and trend.comparable_years() == [2566, 2567]
    domain = trend.domains.set_index(["domain", "year"])
    assert domain.loc[("health", 2564), "cross_cycle"] and domain.loc[("health", 2567), "pct_fail"] == 15.0


def test_a_cycle_with_no_declared_pair_is_refused():
    trend = area_trend(*rows(), mappings=MAPPINGS.iloc[0:0])
    assert trend.refused == [2564] and 2564 not in set(trend.indicators["year"])
    assert 2564 in set(trend.domains["year"])  # domains stay, flagged


def test_changes_use_the_same_cycle_only():
    trend = area_trend(*rows(), mappings=MAPPINGS)
    moved = changes(trend.indicators, "indicator_id").set_index("indicator_id")
    assert moved.loc["29", ["first_year", "last_year"]].tolist() == [2566, 2567]
    assert moved.loc["29", "change_pp"] == pytest.approx(-10.0)  # 30% → 20%: better
    assert moved.loc["9", "change_pp"] == pytest.approx(15.0 - 25.0)


def test_the_chart_never_joins_a_domain_across_cycles_and_dots_a_declared_pair():
    trend = area_trend(*rows(), mappings=MAPPINGS)
    domains = trend_chart(trend.domains, "domain", {"income": "รายได้", "health": "สุขภาพ"}, lang="th")
    solid = [t for t in domains.data if t.showlegend is not False]
    apart = [t for t in domains.data if t.showlegend is False]
    assert [list(t.x) for t in solid] == [["2566", "2567"], ["2566", "2567"]]
    assert [(list(t.x), t.mode) for t in apart] == [(["2564"], "markers"), (["2564"], "markers")]
    assert domains.layout.shapes[0].x0 == -0.5 and domains.layout.shapes[0].x1 == 0.5  # 2564 shaded
    assert domains.layout.annotations[0].text == "ชุดตัวชี้วัดรอบก่อน"
    indicators = trend_chart(trend.indicators, "indicator_id", {"29": "29. รายได้"}, lang="th")
    dotted = indicators.data[1]
    assert list(dotted.x) == ["2564", "2566"] and dotted.line.dash == "dot" and list(dotted.y) == [40.0, 30.0]


def test_the_demo_tambon_trend_equals_the_area_tables(demo_workspace):
    from analysis.views import trend

    result = trend(demo_workspace, "990101")
    assert result.years == [2564, 2566, 2567] and result.catalog_id == "bmn_2566_2570"
    stored = demo_workspace.rows("area_domain", area="990101", domain="health").set_index("year")  # จปฐ.
    shown = result.domains[result.domains["domain"] == "health"].set_index("year")
    assert shown["pct_fail"].round(6).to_dict() == stored["pct_fail"].round(6).to_dict()
    assert shown["cross_cycle"].to_dict() == {2564: True, 2566: False, 2567: False}
