"""Roll-up identities: village counts add up exactly to the tambon, tambon to amphoe, amphoe to
province — for any leaf counts (Hypothesis) and on the demo data."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.area_tables import build_area_tables

PARENT_LENGTH = {"village": 6, "tambon": 4, "amphoe": 2}


def leaf_frame(rows):
    frame = pd.DataFrame(rows, columns=["area_code", "indicator_id", "pass", "fail"])
    frame["applicable"] = frame["pass"] + frame["fail"]
    frame["dataset_id"], frame["catalog_id"], frame["year"], frame["count_unit"] = (
        "d",
        "bmn_2560_2564",
        2564,
        "household",
    )
    return frame


villages = st.tuples(
    st.sampled_from(["31", "32"]),
    st.sampled_from(["01", "02"]),
    st.sampled_from(["01", "02", "03"]),
    st.integers(1, 12),
).map(lambda p: f"{p[0]}{p[1]}{p[2]}{p[3]:02d}")
leaf_rows = st.lists(
    st.tuples(villages, st.sampled_from(["1", "4", "22"]), st.integers(0, 500), st.integers(0, 500)),
    min_size=1,
    max_size=40,
    unique_by=lambda r: (r[0], r[1]),
)


def assert_children_sum_to_parents(area: pd.DataFrame) -> None:
    for level, length in PARENT_LENGTH.items():
        children = area[area["level"] == level].copy()
        children["parent"] = children["area_code"].str[:length]
        summed = children.groupby(["parent", "indicator_id"])[["applicable", "pass", "fail"]].sum()
        parents = area[area["area_code"].str.len() == length].set_index(["area_code", "indicator_id"])
        parents = parents[["applicable", "pass", "fail"]]
        summed.index.names = parents.index.names
        pd.testing.assert_frame_equal(summed.sort_index(), parents.sort_index(), check_dtype=False)


@settings(max_examples=60, deadline=None)
@given(leaf_rows)
def test_children_sum_to_parents_for_any_leaves(rows):
    tables = build_area_tables({"leaf_counts": leaf_frame(rows)})
    area = tables["area_indicator"]
    assert_children_sum_to_parents(area)
    province_total = area[area["level"] == "province"][["pass", "fail"]].sum()
    assert province_total["pass"] == sum(r[2] for r in rows)
    assert province_total["fail"] == sum(r[3] for r in rows)
    # the share rule at every level: % failing of the applicable units, none when nothing applies
    applicable = area["applicable"].astype("float64")
    expected = (100 * area["fail"].astype("float64") / applicable).where(applicable > 0)
    pd.testing.assert_series_equal(area["pct_fail"].astype("float64"), expected, check_names=False, atol=1e-9)


def test_demo_area_tables_add_up(demo_workspace):
    area = demo_workspace.read("area_indicator")
    for year in area["year"].unique():
        assert_children_sum_to_parents(area[area["year"] == year])
    summary = demo_workspace.read("area_summary")
    for year in summary["year"].unique():
        rows = summary[summary["year"] == year].set_index("area_code")
        villages = rows[rows["level"] == "village"]
        assert villages["households"].sum() == rows.loc["9901", "households"] == rows.loc["99", "households"]
        tambon_sum = villages.groupby(villages.index.str[:6])["households"].sum()
        assert (tambon_sum == rows.loc[tambon_sum.index, "households"]).all()


def test_percentages_use_applicable_units_only():
    tables = build_area_tables({"leaf_counts": leaf_frame([("31010101", "1", 3, 1), ("31010102", "1", 0, 0)])})
    area = tables["area_indicator"].set_index("area_code")
    assert area.loc["31010101", "pct_fail"] == 25.0
    assert pd.isna(area.loc["31010102", "pct_fail"])  # nothing applicable: no percentage
    assert area.loc["310101", "pct_fail"] == 25.0
