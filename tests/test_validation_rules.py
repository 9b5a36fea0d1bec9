"""Every validation rule, triggered by a small file, reported with file, row, column, value and
its Thai message. A rule declared in data/validation_rules/*.toml needs a case here or a test listed in
tests/test_rule_coverage.py."""

import pytest

from analysis.importers.pipeline import import_file
from analysis.validation import rules
from tests.conftest import write
from tests.rule_case import HH, Case
from tests.rule_cases_counts import COUNT_CASES
from tests.rule_cases_households import HOUSEHOLD_CASES

CASES = HOUSEHOLD_CASES + COUNT_CASES


def run(case: Case, workspace, tmp_path):
    path = write(tmp_path / "case.csv", case.text, case.encoding)
    options = {"year": 2564} | case.options
    prepared, _ = import_file(workspace, case.kind, path, dry_run=True, **options)
    return prepared


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.rule)
def test_rule_is_reported_with_its_thai_message(case, workspace, tmp_path):
    prepared = run(case, workspace, tmp_path)
    found = [p for p in prepared.report.problems if p.rule == case.rule]
    assert found, f"{case.rule} not reported; got {[p.rule for p in prepared.report.problems]}"
    problem = found[0]
    assert problem.file == "case.csv"
    assert problem.severity == rules()[case.rule]["severity"]
    for key, value in case.expect.items():
        assert getattr(problem, key) == value, key
    assert problem.message_en  # the English message is filled in too
    if problem.severity == "error":
        assert prepared.report.has_errors and not prepared.ok


def test_unreadable_file(workspace, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(b"\xdb\xfc\xfd\xfe")
    prepared, info = import_file(workspace, "bmn", path, year=2564)
    assert info is None
    problem = prepared.report.errors[0]
    assert (problem.rule, problem.file) == ("unreadable_file", "broken.csv")
    assert (
        problem.message_th == "อ่านไฟล์ไม่ได้: การเข้ารหัสตัวอักษรไม่ใช่ UTF-8 หรือ Windows-874/TIS-620 — บันทึกไฟล์ใหม่เป็น CSV UTF-8"
    )
    assert problem.message_en.endswith("neither UTF-8 nor Windows-874/TIS-620; save the file again as CSV UTF-8")


def test_overlap_with_an_existing_dataset_blocks_unless_replaced(workspace, tmp_path):
    path = write(tmp_path / "a.csv", HH + "31010101,1,2,1")
    first, info = import_file(workspace, "bmn", path, year=2564)
    assert info is not None
    again, info2 = import_file(workspace, "bmn", path, year=2564)
    assert info2 is None
    problem = [p for p in again.report.problems if p.rule == "overlaps_existing_dataset"][0]
    assert problem.value == "31010101"
    assert problem.message_th.startswith("มีข้อมูลของพื้นที่ 31010101 ปี 2564 (")
    replaced, info3 = import_file(workspace, "bmn", path, year=2564, replace=True)
    assert info3 is not None
    assert [d.id for d in workspace.datasets()] == [info3.id]


def test_the_thai_report_keeps_rows_as_numbers_and_blanks_where_there_is_none():
    import pyarrow as pa

    from analysis.validation import Report

    report = Report()
    report.add("members_not_positive", "a.csv", row=7, column="จำนวนสมาชิก", value="0")
    report.add("indicator_not_in_data", "a.csv", detail="5")
    frame = report.to_thai_frame()
    assert frame["แถว"].tolist()[0] == 7 and frame["แถว"].isna().tolist() == [False, True]
    assert frame["ค่า"].tolist() == ["0", ""]
    assert pa.Table.from_pandas(frame).schema.field("แถว").type == pa.int64()  # what the page sends


def test_a_household_of_two_and_a_half_people_is_refused_at_its_row(workspace, tmp_path):
    # the members rule is "a whole number above 0": a fraction is as wrong as 0 (and only it is)
    path = write(tmp_path / "half.csv", HH + "31010101,1,2,1\n31010101,2,2.5,0\n31010101,3,3.0,1")
    prepared, info = import_file(workspace, "bmn", path, year=2564, dry_run=True)
    found = [(p.row, p.column, p.value) for p in prepared.report.problems if p.rule == "members_not_positive"]
    assert info is None and found == [(3, "จำนวนสมาชิก", "2.5")]
    assert prepared.report.has_errors
