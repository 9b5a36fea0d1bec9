"""The set-based rules of collection administration on small tables worked out by hand: enough
volunteers per village, overdue corrections, the order and visits of each village, and the area
tables per อปท. adding up to the tambon (by hand and for any mapping, hypothesis)."""

from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.collection.rules import (
    correction_states,
    lao_households,
    lao_indicators,
    village_admin,
    volunteer_needs,
)


def test_enough_volunteers_by_hand():
    # rule (data/collection.toml): ceil(households / 30), at least 1 per village; recorders do not count
    households = pd.DataFrame({"village_code": ["A1", "A2", "A3", "A4"], "households": [90, 91, 0, 45]})
    volunteers = pd.DataFrame(
        {
            "village_code": ["A1", "A2", "A2", "A4", "A4"],
            "role": ["collector", "collector", "recorder", "collector", "collector"],
            "volunteers": [3, 3, 5, 1, 1],
        }
    )
    needs = volunteer_needs(households, volunteers)
    assert needs[["village_code", "households", "volunteers", "needed", "short", "enough"]].values.tolist() == [
        ["A1", 90, 3, 3, 0, True],  # 90 / 30 = 3
        ["A2", 91, 3, 4, 1, False],  # ceil(91 / 30) = 4; the 5 recorders do not collect
        ["A3", 0, 0, 1, 1, False],  # no households still needs the minimum 1
        ["A4", 45, 2, 2, 0, True],  # two rows of one role add up
    ]


def test_overdue_corrections_by_hand():
    dues = pd.DataFrame(
        {
            "village_code": ["V1", "V2", "V3", "V4"],
            "returned_on": [date(2024, 2, 1)] * 4,
            "due_date": [date(2024, 2, 8), date(2024, 2, 20), date(2024, 2, 8), date(2024, 2, 10)],
        }
    )
    statuses = pd.DataFrame(
        {"village_code": ["V1", "V2", "V3", "V4"], "status": ["returned", "returned", "checked", "returned"]}
    )
    states = correction_states(dues, statuses, date(2024, 2, 10)).set_index("village_code")
    # V1: returned, due 8 Feb, 10 Feb → 2 days over; V2 not due yet; V3 answered (checked again);
    # V4 due today → not overdue
    assert states.loc[["V1", "V2", "V3", "V4"], "days_overdue"].tolist() == [2, 0, 0, 0]
    assert states.loc[["V1", "V2", "V3", "V4"], "open"].tolist() == [True, True, False, True]
    assert states.index[0] == "V1"  # overdue first


def test_each_village_gets_its_tambon_order_before_the_amphoe_order_and_its_visits():
    orders = pd.DataFrame(
        {
            "area_code": ["9901", "990102", "990102"],
            "order_no": ["1/2567", "7/2566", "9/2567"],
            "order_date": [date(2023, 11, 1), date(2022, 11, 1), date(2023, 12, 1)],
        }
    )
    visits = pd.DataFrame(
        {
            "village_code": ["99010101", "99010101", "99010201"],
            "visit_date": [date(2024, 1, 5), date(2024, 1, 9), date(2024, 1, 7)],
        }
    )
    admin = village_admin(["99010101", "99010201", "99020101"], orders, visits).set_index("village_code")
    assert admin["order_no"].tolist() == ["1/2567", "9/2567", ""]  # the tambon's latest order wins
    assert admin["visits"].tolist() == [2, 1, 0] and admin.at["99010101", "last_visit"] == date(2024, 1, 9)
    assert admin["has_order"].tolist() == [True, True, False]


def _village_rows(counts: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Village × indicator rows: two indicators, (applicable, fail) of indicator 1, indicator 2 = half."""
    rows = []
    for code, (applicable, fail) in counts.items():
        rows.append((code, "1", "household", applicable, applicable - fail, fail))
        rows.append((code, "2", "person", applicable * 2, applicable, applicable))
    return pd.DataFrame(rows, columns=["area_code", "indicator_id", "count_unit", "applicable", "pass", "fail"])


def test_area_tables_per_lao_by_hand():
    rows = _village_rows({"99010101": (10, 2), "99010102": (20, 5), "99010103": (30, 1)})
    mapping = pd.DataFrame(
        {"village_code": ["99010101", "99010102"], "lao_code": ["L1", "L1"], "lao_name": ["ทต.หนองบัว", "ทต.หนองบัว"]}
    )
    lao = lao_indicators(rows, mapping)
    first = lao[lao["indicator_id"] == "1"]
    assert first[["lao_code", "villages", "applicable", "pass", "fail"]].values.tolist() == [
        ["L1", 2, 30, 23, 7],
        ["", 1, 30, 29, 1],  # 99010103 not mapped
    ]
    assert round(float(first.iloc[0]["pct_fail"]), 2) == 23.33  # 7 of 30
    summary = pd.DataFrame(
        {"area_code": ["99010101", "99010102", "99010103"], "households": [50, 60, 70], "people": [150, 160, 170]}
    )
    totals = lao_households(summary, mapping)
    assert totals[["lao_code", "villages", "households", "people"]].values.tolist() == [
        ["L1", 2, 110, 310],
        ["", 1, 70, 170],
    ]


@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=1, max_size=8),
    assignment=st.lists(st.sampled_from(["L1", "L2", "L3", None]), min_size=8, max_size=8),
)
def test_lao_rows_always_add_up_to_the_tambon(counts, assignment):
    villages = {f"990101{n + 1:02d}": (a + f, f) for n, (a, f) in enumerate(counts)}
    rows = _village_rows(villages)
    mapped = [(code, lao) for code, lao in zip(villages, assignment, strict=False) if lao]
    mapping = pd.DataFrame(mapped, columns=["village_code", "lao_code"]).assign(lao_name="อปท.")
    lao = lao_indicators(rows, mapping)
    tambon = rows.groupby("indicator_id")[["applicable", "pass", "fail"]].sum()
    per_lao = lao.groupby("indicator_id")[["applicable", "pass", "fail"]].sum()
    assert per_lao.values.tolist() == tambon.values.tolist()
    assert lao.groupby("indicator_id")["villages"].sum().tolist() == [len(villages)] * 2


def test_the_demo_tambon_read_per_lao_adds_up_to_its_own_row(demo_path):
    from analysis.collection.store import collection_store_for
    from analysis.collection.views import lao_area_rows
    from analysis.store import Workspace

    workspace = Workspace(demo_path)
    per_lao = lao_area_rows(workspace, collection_store_for(demo_path), "990101", 2567)
    assert per_lao["lao_code"].unique().tolist() == ["5990101", "6990101"]  # หมู่ 1–3 and 4–7 (the demo)
    assert per_lao.groupby("lao_code")["villages"].max().tolist() == [3, 4]
    tambon = workspace.rows("area_indicator", area="990101", year=2567).set_index("indicator_id")
    summed = per_lao.groupby("indicator_id")[["applicable", "pass", "fail"]].sum()
    assert (
        summed.sort_index().values.tolist()
        == tambon.loc[summed.index, ["applicable", "pass", "fail"]].sort_index().values.tolist()
    )
    assert len(summed) == len(tambon)
