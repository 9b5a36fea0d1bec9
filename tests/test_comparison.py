import pytest

from analysis.comparison import previous_year
from analysis.importers.pipeline import import_file
from analysis.views import compare_children
from tests.conftest import write
from tests.test_import_household import HOUSEHOLDS


def test_children_parent_average_and_matrix(workspace, tmp_path):
    import_file(workspace, "bmn", write(tmp_path / "h.csv", HOUSEHOLDS), year=2564)
    comparison = compare_children(workspace, "310101", 2564)
    assert comparison.child_level == "village"
    matrix = comparison.matrix()
    assert list(matrix.columns) == ["1", "4", "7", "22"]  # catalog order, not text order
    assert matrix.loc["31010101", "22"] == pytest.approx(200 / 3)
    assert matrix.loc["31010102", "1"] == 0.0
    parent = comparison.parent_domains.set_index("domain")
    assert parent.loc["health", "pct_fail"] == pytest.approx(500 / 12)
    summary = comparison.summary().set_index("area_code")
    # village 1: health fails 1 + 1 + 1 of 7, income 2 of 3 → all: 5 of 10
    assert summary.loc["31010101", "pct_fail_health"] == pytest.approx(300 / 7)
    assert summary.loc["31010101", "pct_fail_all"] == pytest.approx(50.0)


def test_change_within_and_across_cycles_on_the_demo(demo_workspace):
    same = compare_children(demo_workspace, "990101", 2567, 2566)
    base = demo_workspace.read("area_indicator", "area_code = '99010101' AND year = 2566 AND indicator_id = '9'")
    row = same.indicators.set_index(["area_code", "indicator_id"]).loc[("99010101", "9")]
    assert row["change_pp"] == pytest.approx(row["pct_fail"] - base["pct_fail"].iloc[0])
    assert same.domains["change_pp"].notna().all() and same.change_refused is None
    across = compare_children(demo_workspace, "990101", 2567, 2564)
    assert across.indicators["cross_cycle"].all()
    assert across.domains["change_pp"].isna().all()  # domains are not compared across cycles
    assert set(across.indicators.dropna(subset=["change_pp"])["indicator_id"]) <= {
        "2",
        "3",
        "4",
        "6",
        "12",
        "13",
        "15",
        "17",
        "24",
        "25",
        "27",
        "28",
        "29",
        "30",
        "34",
        "35",
        "36",
        "38",
    }


def test_previous_year():
    assert previous_year([2564, 2566, 2567], 2567) == 2566
    assert previous_year([2564, 2566], 2564) is None
