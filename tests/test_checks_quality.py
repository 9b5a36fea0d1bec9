"""Each data check on small frames computed by hand: it fires on the planted case and not on a clean
one (analysis/checks/quality.py, thresholds of data/checks.toml passed explicitly)."""

import math

import pandas as pd
import pytest

from analysis.checks import quality
from analysis.checks.findings import finish, village_summary

JUMP = {"min_change_pp": 20, "modified_z": 3.5, "min_applicable": 30}


def test_modified_z_by_hand():
    values = pd.Series([0.0, 1.0, 2.0, 3.0, 100.0])
    z = quality.modified_z(values, pd.Series(["a"] * 5))
    # median 2, |x − 2| = 2, 1, 0, 1, 98 → MAD 1; z = 0.6745 (x − 2)
    assert z.tolist() == pytest.approx([-1.349, -0.6745, 0.0, 0.6745, 66.101])


def test_modified_z_when_the_mad_is_zero_uses_the_mean_absolute_deviation():
    values = pd.Series([5.0, 5.0, 5.0, 5.0, 9.0, 7.0, 7.0])
    groups = pd.Series(["a", "a", "a", "a", "a", "b", "b"])
    z = quality.modified_z(values, groups)
    # group a: median 5, deviations 0,0,0,0,4 → MAD 0, mean 0.8 → z(9) = 4 / (1.253314 × 0.8)
    assert z.iloc[4] == pytest.approx(4 / (1.253314 * 0.8))
    assert z.iloc[:4].tolist() == [0, 0, 0, 0]
    assert z.iloc[5:].tolist() == [0, 0]  # group b: nothing differs


def changes(rows):
    frame = pd.DataFrame(rows, columns=["area_code", "indicator_id", "pct_fail_base", "pct_fail", "applicable"])
    frame["change_pp"] = frame["pct_fail"] - frame["pct_fail_base"]
    frame["applicable_base"] = frame["applicable"]
    return frame


def test_a_jump_far_from_the_tambon_fires():
    # tambon 310101: changes +1, −2, 0, +3, +40 → median 1, MAD 2, z(+40) = 0.6745 × 39 / 2 = 13.15
    rows = changes(
        [(f"310101{v:02d}", "9", 10.0, 10.0 + c, 50) for v, c in zip(range(1, 6), (1, -2, 0, 3, 40), strict=True)]
    )
    found = quality.jump_findings(rows, JUMP)
    assert found[["rule", "village_code", "indicator_id", "value"]].values.tolist() == [
        ["check_year_jump", "31010105", "9", "9"]
    ]
    assert found["detail"].iloc[0] == "10.0% → 50.0% (+40.0, z +13.2)"


def test_a_jump_shared_by_the_whole_tambon_or_small_or_thin_does_not_fire():
    everyone = changes([(f"310101{v:02d}", "9", 10.0, 10.0 + c, 50) for v, c in enumerate((24, 25, 26, 25, 27), 1)])
    assert quality.jump_findings(everyone, JUMP).empty  # +27 is far above 20 but like its tambon (z 1.35)
    small = changes([(f"310101{v:02d}", "9", 10.0, 10.0 + c, 50) for v, c in enumerate((1, -2, 0, 3, 15), 1)])
    assert quality.jump_findings(small, JUMP).empty  # z 4.7 but only 15 points
    thin = changes([(f"310101{v:02d}", "9", 10.0, 10.0 + c, 20) for v, c in enumerate((1, -2, 0, 3, 40), 1)])
    assert quality.jump_findings(thin, JUMP).empty  # 20 applicable units < 30


def households(
    rows, columns=("village_code", "household_id", "members", "income", "answers", "ind_22", "ind_4", "ind_29")
):
    frame = pd.DataFrame(rows, columns=list(columns))
    for column in [c for c in frame if c.startswith("ind_")]:
        frame[column] = frame[column].astype("Int8")
    return frame


PAIR = [{"when": "22", "requires": "4", "th": "ข้อ 22 แต่ข้อ 4 ไม่เกี่ยวข้อง", "en": "22 without 4"}]


def test_a_child_indicator_answered_without_the_children_indicator_fires():
    frame = households(
        [
            ("31010101", "1", 3, 90000, "a", 0, None, 1),  # planted: child under 6 failing, no child 0–12
            ("31010101", "2", 3, 90000, "b", None, None, 1),  # no young child, no child: clean
            ("31010101", "3", 3, 90000, "c", 1, 1, 1),  # both answered: clean
            ("31010101", "4", 3, 90000, "d", None, 0, 1),  # a child 0–12 but none under 6: clean
        ]
    )
    found = quality.consistency_findings(frame, PAIR)
    assert found[["rule", "household_id", "indicator_id", "value", "detail_th"]].values.tolist() == [
        ["check_pair_inconsistent", "1", "22", "22/4", "ข้อ 22 แต่ข้อ 4 ไม่เกี่ยวข้อง"]
    ]


def test_income_zero_and_passing_the_income_indicator_fires():
    frame = households(
        [
            ("31010101", "1", 2, 0, "a", None, None, 1),  # planted
            ("31010101", "2", 2, 0, "b", None, None, 0),  # no income and fails: consistent
            ("31010101", "3", 2, 100000, "c", None, None, 1),
            ("31010101", "4", 2, None, "d", None, None, 1),  # income not given: cannot tell
        ]
    )
    found = quality.income_zero_findings(frame, "29")
    assert found[["rule", "household_id", "indicator_id"]].values.tolist() == [["check_income_zero_pass", "1", "29"]]
    assert quality.income_zero_findings(frame, None).empty


def test_villages_with_identical_answers():
    rows = [("31010101", str(i), 3, 90000, "same", None, None, 1) for i in range(10)]  # 10 of 10
    rows += [("31010102", str(i), 3, 90000, "same" if i < 9 else "other", None, None, 1) for i in range(10)]  # 9 of 10
    rows += [("31010103", str(i), 3, 90000, "same" if i < 8 else f"x{i}", None, None, 1) for i in range(10)]  # 8 of 10
    rows += [("31010104", str(i), 3, 90000, "same", None, None, 1) for i in range(5)]  # 5 households only
    found = quality.identical_findings(households(rows), min_households=10, min_share=0.9)
    assert found[["rule", "village_code", "value", "detail"]].values.tolist() == [
        ["check_identical_answers", "31010101", "10", "100.0%"],
        ["check_identical_answers", "31010102", "9", "90.0%"],
    ]


def test_household_size_outliers():
    frame = households([("31010101", "1", 16, 1, "a", None, None, 1), ("31010101", "2", 15, 1, "b", None, None, 1)])
    found = quality.members_findings(frame, 15)
    assert found[["rule", "household_id", "value", "detail"]].values.tolist() == [
        ["check_members_outlier", "1", "16", "15"]
    ]


def test_income_outliers_against_the_tambon():
    # 20 households at 60,000 per person, 10 at 30,000, 1 at 6,000,000 (one member each): median
    # log(60,000); MAD 0 → mean |dev| = (10 ln 2 + ln 100) / 31; z(6M) = ln 100 / (1.253314 × mean) = 9.87
    rows = [("31010101", f"a{i}", 1, 60000, "a", None, None, 1) for i in range(20)]
    rows += [("31010102", f"b{i}", 1, 30000, "b", None, None, 1) for i in range(10)]
    rows += [("31010103", "rich", 1, 6_000_000, "c", None, None, 1)]
    frame = households(rows)
    found = quality.income_outlier_findings(frame, z_max=6, min_households=20)
    mean = (10 * math.log(2) + math.log(100)) / 31
    z = math.log(100) / (1.253314 * mean)
    assert z == pytest.approx(9.874, abs=1e-3)
    assert found[["rule", "household_id", "value"]].values.tolist() == [["check_income_outlier", "rich", "6,000,000"]]
    assert found["detail_th"].iloc[0] == f"มัธยฐานของตำบล 60,000; z = {z:.1f}"
    assert quality.income_outlier_findings(frame.iloc[:-1], 6, 20).empty  # clean
    assert quality.income_outlier_findings(frame, 6, 40).empty  # too few households for a median


def test_completeness_against_the_register():
    progress = pd.DataFrame(
        {
            "village_code": ["31010101", "31010102", "31010103", "31010104", "31010105"],
            "households_expected": [10, 10, 10, 10, None],
            "households_collected": [10, 7, 7, 12, 3],
            "days_left": [-5, -5, 3, -5, -5],
        }
    )
    found = quality.completeness_findings(progress)
    assert found[["rule", "village_code", "value", "detail"]].values.tolist() == [
        ["check_collection_overdue", "31010102", "7", "10"],
        ["check_collection_incomplete", "31010103", "7", "10"],
        ["check_collection_over", "31010104", "12", "10"],
        ["check_village_unregistered", "31010105", "3", ""],
    ]
    assert (
        quality.completeness_findings(progress, over_tolerance_pct=25)["rule"].tolist().count("check_collection_over")
        == 0
    )


def test_findings_carry_severity_and_both_messages_errors_first():
    raw = pd.concat(
        [
            quality.completeness_findings(
                pd.DataFrame(
                    {
                        "village_code": ["31010102"],
                        "households_expected": [10],
                        "households_collected": [7],
                        "days_left": [3],
                    }
                )
            ),
            quality.income_zero_findings(households([("31010101", "1", 2, 0, "a", None, None, 1)]), "29"),
        ]
    )
    found = finish(raw)
    assert found["severity"].tolist() == ["error", "warning"]
    assert found["message_th"].tolist() == [
        "รายได้ 0 บาท แต่ผ่านเกณฑ์รายได้ (ข้อ 29)",
        "จัดเก็บแล้ว 7 จาก 10 ครัวเรือนเป้าหมาย",
    ]
    assert found["message_en"].iloc[0] == "Income 0 baht but passes the income indicator (29)"
    summary = village_summary(found, ["31010101", "31010102", "31010103"])
    assert summary[["village_code", "errors", "warnings"]].values.tolist() == [
        ["31010101", 1, 0],
        ["31010102", 0, 1],
        ["31010103", 0, 0],
    ]


def test_every_check_is_declared_with_a_severity_and_a_thai_explanation():
    import re
    from pathlib import Path

    from analysis.checks.config import check_rules, check_settings

    source = Path(quality.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'"(check_[a-z_]+)"', source))
    assert used == set(check_rules())  # every rule the code raises is declared, and every declared one is raised
    for rule, spec in check_rules().items():
        assert spec["severity"] in ("error", "warning", "info"), rule
        assert re.search(r"[\u0E00-\u0E7F]", spec["explain_th"]) and spec["explain_en"], rule
    settings = check_settings()
    assert settings["jump"]["min_change_pp"] == 20 and settings["outliers"]["members_max"] == 15
    assert {p["catalog"] for p in settings["consistency"]} == {"bmn_2566_2570", "bmn_2560_2564"}


def test_messages_are_filled_from_whole_columns():
    import numpy as np

    from analysis.checks.findings import fill_template

    fields = {"value": np.array(["12", ""], dtype=object), "detail": np.array(["15", "ไม่ทราบ"], dtype=object)}
    filled = fill_template("จำนวนสมาชิก {value} คน (เกิน {detail} คน){column}", fields, 2)
    assert filled.tolist() == ["จำนวนสมาชิก 12 คน (เกิน 15 คน)", "จำนวนสมาชิก  คน (เกิน ไม่ทราบ คน)"]
