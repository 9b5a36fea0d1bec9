import pandas as pd
import pytest

from analysis.change import CrossCycleError, direction, indicator_pairs, year_change


def frame(catalog, rows):
    return pd.DataFrame(rows, columns=["area_code", "indicator_id", "pct_fail"]).assign(catalog_id=catalog)


def test_same_cycle_change_in_points_and_direction():
    base = frame("bmn_2566_2570", [("A", "1", 20.0), ("A", "2", 10.0), ("A", "3", 5.0)])
    now = frame("bmn_2566_2570", [("A", "1", 15.0), ("A", "2", 12.5), ("A", "3", 5.0), ("A", "4", 7.0)])
    out = year_change(base, now).set_index("indicator_id")
    assert out.loc["1", ["change_pp", "direction"]].tolist() == [-5.0, "better"]
    assert out.loc["2", ["change_pp", "direction"]].tolist() == [2.5, "worse"]
    assert out.loc["3", "direction"] == "same"
    assert out.loc["4", "direction"] == "not_comparable"


def test_cross_cycle_is_refused_without_a_declared_mapping():
    empty = pd.DataFrame(columns=["from_catalog", "from_id", "to_catalog", "to_id", "status", "note"])
    base = frame("bmn_2560_2564", [("A", "22", 30.0)])
    now = frame("bmn_2566_2570", [("A", "29", 25.0)])
    with pytest.raises(CrossCycleError, match="เปรียบเทียบข้ามรอบตัวชี้วัดไม่ได้") as error:
        year_change(base, now, mappings=empty)
    assert "cannot compare across indicator cycles" in str(error.value)


def test_cross_cycle_uses_only_declared_pairs():
    base = frame("bmn_2560_2564", [("A", "22", 30.0), ("A", "7", 40.0)])
    now = frame("bmn_2566_2570", [("A", "29", 25.0), ("A", "9", 35.0)])
    out = year_change(base, now).set_index("indicator_id")
    assert out.loc["29", ["base_indicator_id", "change_pp", "direction"]].tolist() == ["22", -5.0, "better"]
    assert out.loc["9", "direction"] == "not_comparable"  # exercise: definitions differ, no declared pair
    assert out["cross_cycle"].all()
    assert indicator_pairs("bmn_2566_2570", "bmn_2560_2564")["22"] == "29"  # declared pairs work both ways


def test_direction_threshold():
    assert [direction(v) for v in (0.04, -0.04, 0.06, -0.06)] == ["same", "same", "worse", "better"]
