"""Collection progress against the register, computed by hand: the plan line, village statuses,
volunteers, roll-ups to tambon and amphoe, the burn-up."""

from datetime import date

import pandas as pd
import pytest

from analysis.checks import progress as prog
from analysis.checks.tables import pseudonymise

START, DEADLINE = date(2024, 1, 1), date(2024, 1, 11)  # 10 days


def register(rows):
    frame = pd.DataFrame(rows, columns=["village_code", "households_expected"])
    return frame.assign(with_house_no=None, without_house_no=None, start=START, deadline=DEADLINE)


def counts(rows):
    frame = pd.DataFrame(rows, columns=["village_code", "collector", "collected_on", "households"])
    return frame


VILLAGES = register([("31010101", 10), ("31010102", 20), ("31010103", 10), ("31010201", 4)])
COUNTS = counts(
    [
        ("31010101", "A", date(2024, 1, 2), 4),
        ("31010101", "A", date(2024, 1, 3), 6),
        ("31010102", "B", date(2024, 1, 2), 5),
        ("31010103", "C", date(2024, 1, 4), 6),
        ("31010201", "D", date(2024, 1, 5), 6),  # 6 of 4: over the register
        ("31010104", "E", date(2024, 1, 5), 3),  # not in the register
    ]
)


def test_the_plan_is_a_straight_line_from_start_to_deadline():
    assert prog.planned_pct(date(2024, 1, 6), START, DEADLINE) == 50.0
    assert prog.planned_pct(date(2023, 12, 30), START, DEADLINE) == 0.0
    assert prog.planned_pct(DEADLINE, START, DEADLINE) == 100.0
    # no start in the register: default_collection_days (60) before the deadline
    assert prog.planned_pct(date(2024, 2, 9), None, date(2024, 3, 10)) == 50.0


def test_village_statuses_mid_collection():
    table = prog.village_progress(VILLAGES, COUNTS, date(2024, 1, 6)).set_index("village_code")
    assert table.loc["31010101", ["households_collected", "pct_complete", "status"]].tolist() == [10, 100.0, "done"]
    # 5 of 20 = 25%: 25 + margin 10 < 50 planned → behind
    assert table.loc["31010102", ["pct_complete", "expected_pct", "status", "days_left"]].tolist() == [
        25.0,
        50.0,
        "behind",
        5,
    ]
    # 6 of 10 = 60% ≥ 50 − 10 → on track
    assert table.loc["31010103", "status"] == "on_track"
    assert table.loc["31010201", ["households_counted", "pct_complete", "status"]].tolist() == [4, 100.0, "done"]
    assert table.loc["31010104", "status"] == "unregistered"
    assert table.loc["31010101", "first_collected"] == date(2024, 1, 2)


def test_after_the_deadline_incomplete_villages_are_overdue():
    table = prog.village_progress(VILLAGES, COUNTS, date(2024, 1, 12)).set_index("village_code")
    assert table["status"].to_dict() == {
        "31010101": "done",
        "31010102": "overdue",
        "31010103": "overdue",
        "31010104": "unregistered",
        "31010201": "done",
    }
    assert table.loc["31010102", "days_left"] == -1
    assert table.loc[["31010101", "31010201"], "days_left"].isna().all()  # done: no days to count, not −1


def test_rollups_to_tambon_and_amphoe():
    villages = prog.village_progress(VILLAGES, COUNTS, date(2024, 1, 6))
    tambons = prog.rollup(villages, 6).set_index("area_code")
    # tambon 310101: expected 40; counted 10 + 5 + 6 = 21 (the unregistered village adds nothing)
    # four villages (31010104 has data but no target), three of them in the register
    assert tambons.loc["310101", ["villages", "villages_registered", "villages_done", "villages_late"]].tolist() == [
        4,
        3,
        1,
        1,
    ]
    assert tambons.loc["310101", "pct_villages_done"] == pytest.approx(100 / 3)  # 1 done of 3 registered
    assert tambons.loc["310101", ["households_expected", "households_counted"]].tolist() == [40, 21]
    assert tambons.loc["310101", "pct_complete"] == pytest.approx(52.5)
    assert tambons.loc["310102", "pct_complete"] == 100.0  # 6 collected of 4 count as 4
    amphoe = prog.rollup(villages, 4).set_index("area_code")
    assert amphoe.loc["3101", ["households_expected", "households_counted", "villages_done"]].tolist() == [44, 25, 2]
    assert amphoe.loc["3101", "pct_complete"] == pytest.approx(100 * 25 / 44)


def test_without_a_register_an_area_counts_its_villages_and_its_target_stays_unknown():
    villages = prog.village_progress(register([]), COUNTS, date(2024, 1, 6))
    tambons = prog.rollup(villages, 6).set_index("area_code")
    # 310101: villages 01–04 have data (10 + 5 + 6 + 3 = 24 households); 310102: 31010201 (6)
    assert tambons["villages"].to_dict() == {"310101": 4, "310102": 1}
    assert tambons["households_collected"].to_dict() == {"310101": 24, "310102": 6}
    assert tambons[["villages_registered", "villages_done", "villages_late"]].sum().tolist() == [0, 0, 0]
    assert (
        tambons[["households_expected", "households_counted", "pct_complete", "pct_villages_done"]].isna().all().all()
    )


def test_volunteers_against_the_plan():
    assigned = pd.DataFrame(
        {
            "village_code": ["31010101", "31010102", "31010103"],
            "collector": ["A", "B", "F"],
            "households_expected": [10, 20, 5],
        }
    )
    table = prog.volunteer_progress(COUNTS, assigned).set_index("collector")
    assert table.loc[
        "A", ["households_collected", "households_expected", "pct_complete", "active_days", "per_day"]
    ].tolist() == [
        10,
        10,
        100.0,
        2,
        5.0,
    ]
    assert table.loc["B", "pct_complete"] == 25.0
    assert table.loc["F", ["households_collected", "pct_complete", "villages"]].tolist() == [0, 0.0, "31010103"]
    assert pd.isna(table.loc["C", "households_expected"])  # not in the plan: no target


def test_burnup_cumulative_and_plan():
    curve = prog.burnup(COUNTS, 44, START, DEADLINE).set_index("day")
    assert curve.index[0] == START and curve.index[-1] == DEADLINE
    assert curve.loc[date(2024, 1, 2), "collected"] == 9
    assert curve.loc[date(2024, 1, 5), "cumulative"] == 9 + 6 + 6 + 9
    assert curve.loc[date(2024, 1, 6), "planned"] == pytest.approx(22.0)  # half of 44
    assert curve.loc[DEADLINE, "planned"] == pytest.approx(44.0)


def test_volunteer_names_are_replaced_for_those_who_may_not_see_households():
    labels = pseudonymise(pd.Series(["นายสมชาย", "นางสาวมาลี", "นายสมชาย", None]), "th")
    assert labels.tolist()[:3] == ["อาสาสมัคร 2", "อาสาสมัคร 1", "อาสาสมัคร 2"]
