"""A collection sent in parts: collectors and dates are kept, later files of the same year add
to the earlier ones, and a household sent again replaces its earlier row (stated in the report)."""

from datetime import date

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.importers.dates import parse_collection_date, strict_dates_sql
from analysis.importers.pipeline import import_file
from tests.conftest import write

HEADER = "รหัสหมู่บ้าน,รหัสบ้าน,จำนวนสมาชิก,ผู้จัดเก็บ,วันที่จัดเก็บ,ข้อ 4,ข้อ 7\n"
FIRST = HEADER + "31010101,1,3,อสม.01,15/1/2567,1,0\n31010101,2,2,อสม.01,2024-01-16 00:00:00,1,1\n"
# the second part: household 2 sent again (corrected: indicator 4 now fails) and household 3 new
SECOND = HEADER + "31010101,2,2,อสม.02,20 ม.ค. 2567,0,1\n31010101,3,4,อสม.02,21/1/2567,1,1\n"


def households(workspace):
    info = [d for d in workspace.datasets() if d.kind == "bmn"][-1]
    frame = pd.read_parquet(workspace.dataset_dir(info.id) / "households.parquet")
    return info, frame.set_index("household_id")


def test_dates_in_both_eras_and_the_spreadsheet_form():
    assert parse_collection_date("15/1/2567") == date(2024, 1, 15)
    assert parse_collection_date("1 ม.ค. 2567") == date(2024, 1, 1)
    assert parse_collection_date("2024-01-16 00:00:00") == date(2024, 1, 16)
    assert parse_collection_date("") is None


def _python_day(text: str):
    try:
        return parse_collection_date(text), True
    except ValueError:
        return None, False


def _sql_days(cells: list[str]) -> dict[str, tuple]:
    with duckdb.connect() as con:
        con.execute("CREATE TABLE cells AS SELECT unnest(?::VARCHAR[]) AS raw", [cells])
        return {raw: (day, read) for raw, day, read in con.execute(strict_dates_sql("cells")).fetchall()}


small = st.integers(0, 32).map(str) | st.sampled_from(["01", "๑๕", "09", "012"])
year = st.sampled_from(["2567", "๒๕๖๗", "2024", "1899", "1900", "2199", "2200", "2399", "2400", "2700", "2701", "67"])
number = small | year | st.integers(0, 3000).map(str)


@st.composite
def date_cells(draw) -> str:
    a, b, c = draw(number), draw(number), draw(number)
    separator = draw(st.sampled_from(["/", "-", ".", " ", "/ "]))
    tail = draw(st.sampled_from(["", " 00:00:00", "T00:00:00", " 10:30"]))
    pad = draw(st.sampled_from(["", " ", "\t"]))
    return pad + a + separator + b + separator + c + tail + pad


@settings(max_examples=400, deadline=None)
@given(
    st.lists(date_cells() | st.sampled_from(["", " ", "1 ม.ค. 2567", "วันที่ 5 ตุลาคม พ.ศ. 2566", "ไม่ทราบ"]), max_size=12)
)
def test_dates_read_in_sql_are_the_days_python_reads(cells):
    for raw, (day, read) in _sql_days(cells).items():
        if read:  # SQL reads the strict forms; every other cell goes to parse_collection_date
            assert (day, True) == _python_day(raw), raw


def test_the_usual_forms_are_read_in_sql_and_the_others_left_to_python():
    days = _sql_days(["15/1/2567", "๑๕/๑/๒๕๖๗", "2024-01-16 00:00:00", "2567-01-15", "", "31/2/2567", "1 ม.ค. 2567"])
    assert days["15/1/2567"] == days["๑๕/๑/๒๕๖๗"] == (date(2024, 1, 15), True)
    assert days["2024-01-16 00:00:00"] == (date(2024, 1, 16), True)
    assert days["2567-01-15"] == (date(2024, 1, 15), True)
    assert days[""] == (None, True)  # blank: no day, nothing wrong
    assert days["31/2/2567"] == (None, False) and days["1 ม.ค. 2567"] == (None, False)


@pytest.mark.parametrize("case_limit", [2000, 0])  # dates looked up by a CASE, or (many dates) by a join
def test_collectors_and_dates_are_kept(workspace, tmp_path, monkeypatch, case_limit):
    monkeypatch.setattr("analysis.importers.household_layers.DATE_CASE_LIMIT", case_limit)
    bad_date = "31010101,3,1,อสม.01,ไม่ทราบ,1,1\n"  # unreadable: a warning, the day left empty
    prepared, info = import_file(workspace, "bmn", write(tmp_path / "part1.csv", FIRST + bad_date), year=2567)
    assert info is not None, prepared.report.to_frame()
    _, frame = households(workspace)
    assert frame.loc["1", "collector"] == "อสม.01"
    assert frame.loc["1", "collected_on"] == date(2024, 1, 15)
    assert frame.loc["2", "collected_on"] == date(2024, 1, 16)
    assert pd.isna(frame.loc["3", "collected_on"]) and "date_invalid" in prepared.report.rules_hit()


def test_a_second_part_adds_and_a_household_sent_again_replaces(workspace, tmp_path):
    import_file(workspace, "bmn", write(tmp_path / "part1.csv", FIRST), year=2567)
    refused, none = import_file(workspace, "bmn", write(tmp_path / "part2.csv", SECOND), year=2567)
    assert none is None and "overlaps_existing_dataset" in refused.report.rules_hit()  # only when asked
    prepared, info = import_file(workspace, "bmn", tmp_path / "part2.csv", year=2567, append=True)
    assert info is not None, prepared.report.to_frame()
    resent = [p for p in prepared.report.problems if p.rule == "households_resent"][0]
    assert resent.value == "1" and resent.severity == "info"
    assert len(workspace.datasets()) == 1  # the year's data is one dataset again
    _, frame = households(workspace)
    assert sorted(frame.index) == ["1", "2", "3"]
    assert (frame.loc["2", "ind_4"], frame.loc["2", "collector"]) == (0, "อสม.02")  # the corrected row
    counts = workspace.rows("area_indicator", area="31010101", indicator="4").iloc[0]
    assert (counts["applicable"], counts["pass"], counts["fail"]) == (3, 2, 1)


def test_adding_to_a_year_of_another_catalog_is_refused(workspace, tmp_path):
    import_file(workspace, "bmn", write(tmp_path / "part1.csv", FIRST), year=2567)
    prepared, info = import_file(
        workspace, "bmn", write(tmp_path / "part2.csv", SECOND), year=2567, catalog_id="bmn_2560_2564", append=True
    )
    assert info is None
    problem = [p for p in prepared.report.problems if p.rule == "append_catalog_mismatch"][0]
    assert "(จปฐ.) ปี 2566–2570" in problem.message_th
