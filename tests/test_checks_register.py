"""The target register: read from CSV/XLSX with every problem named by row, column and rule; saved
as a workspace layer per year (an area's rows replaced, the others kept, written aside then
renamed); refused for accounts that may not import data; recorded in the audit log."""

from datetime import date

import pandas as pd
import pytest

from analysis.auth.accounts import AccountStore
from analysis.auth.login import Authenticator
from analysis.auth.roles import PermissionDenied
from analysis.checks.register import (
    RegisterError,
    read_register,
    read_register_file,
    register_path,
    register_version,
    save_register,
)
from analysis.plans.service import store_for
from tests.auth_helpers import cheap_hashing  # noqa: F401  (autouse)
from tests.conftest import write

DEADLINE, START = date(2024, 3, 29), date(2024, 1, 8)
GOOD = """
รหัสหมู่บ้าน,ครัวเรือนเป้าหมาย,มีเลขที่บ้าน,ไม่มีเลขที่บ้าน,ผู้จัดเก็บ
31010101,10,8,2,อช.1
TH31010101,5,5,0,อช.2
๓๑๐๑๐๑๐๒,,"1,200",30,
31010201,7,,,
"""


def problems(report):
    return [(p.rule, p.row, p.column, p.value) for p in report.problems]


def test_a_register_file_is_read_with_thai_headers_codes_and_house_numbers(tmp_path):
    rows, report = read_register_file(write(tmp_path / "reg.csv", GOOD))
    assert not report.problems
    assert rows["village_code"].tolist() == ["31010101", "31010101", "31010102", "31010201"]
    assert rows["households_expected"].tolist() == [10, 5, 1230, 7]  # 1,200 + 30 when not given
    assert rows["collector"].tolist()[:2] == ["อช.1", "อช.2"] and pd.isna(rows["collector"].iloc[2])


def test_every_problem_is_named_by_row_column_and_rule(tmp_path):
    text = GOOD + "abc,5,,,\n31010202,x,,,\n31010203,10,8,1,\n31010101,3,,,อช.1\n"
    rows, report = read_register_file(write(tmp_path / "reg.csv", text))
    assert report.has_errors
    assert problems(report) == [
        ("register_code_invalid", 6, "รหัสหมู่บ้าน", "abc"),
        ("register_count_invalid", 7, "ครัวเรือนเป้าหมาย", "x"),
        ("register_parts_mismatch", 8, None, "10"),
        ("register_duplicate", 9, None, "31010101"),
    ]
    messages = [p.message_th for p in report.problems]
    assert messages[2] == "มีเลขที่บ้าน + ไม่มีเลขที่บ้าน (8 + 1) ไม่เท่ากับครัวเรือนเป้าหมาย 10"
    assert messages[3] == "หมู่บ้าน 31010101 ซ้ำในทะเบียน (อช.1)"


def test_a_file_without_the_village_column_or_unreadable(tmp_path):
    _, report = read_register_file(write(tmp_path / "reg.csv", "ชื่อ,จำนวน\nก,1\n"))
    assert [(p.rule, p.message_th) for p in report.problems] == [
        ("register_column_missing", "ไม่พบคอลัมน์ที่จำเป็นของทะเบียนเป้าหมาย: รหัสหมู่บ้าน"),
        ("register_column_missing", "ไม่พบคอลัมน์ที่จำเป็นของทะเบียนเป้าหมาย: ครัวเรือนเป้าหมาย"),
    ]
    _, report = read_register_file(b"", "empty.csv")
    assert [p.rule for p in report.problems] == ["unreadable_file"]


def test_an_xlsx_register_with_english_headers(tmp_path):
    path = tmp_path / "reg.xlsx"
    pd.DataFrame({"village_code": ["31010101"], "households_expected": [12], "collector": ["V1"]}).to_excel(
        path, index=False
    )
    rows, report = read_register_file(path)
    assert not report.problems and rows[["village_code", "households_expected", "collector"]].values.tolist() == [
        ["31010101", 12, "V1"]
    ]


def test_saved_per_area_and_read_back(workspace, tmp_path):
    rows, _ = read_register_file(write(tmp_path / "reg.csv", GOOD))
    save_register(workspace, 2567, rows[rows["village_code"].str.startswith("310101")], DEADLINE, START, "สมชาย")
    first = register_version(workspace, 2567)
    other = pd.DataFrame({"village_code": ["31010201"], "households_expected": [9]})
    save_register(workspace, 2567, other, date(2024, 4, 30), None, "สมชาย", area="310102")
    register = read_register(workspace, 2567)
    villages = register.villages().set_index("village_code")
    assert villages["households_expected"].to_dict() == {"31010101": 15, "31010102": 1230, "31010201": 9}
    assert villages.loc["31010101", "with_house_no"] == 13 and villages.loc["31010101", "without_house_no"] == 2
    assert villages.loc["31010201", "deadline"] == date(2024, 4, 30) and pd.isna(villages.loc["31010201", "start"])
    assert register.collectors()[["collector", "households_expected"]].values.tolist() == [["อช.1", 10], ["อช.2", 5]]
    assert read_register(workspace, 2567, "310101").villages()["village_code"].tolist() == ["31010101", "31010102"]
    assert register_version(workspace, 2567) != first and read_register(workspace, 2566).empty
    # saving the area again replaces its rows only
    save_register(
        workspace,
        2567,
        pd.DataFrame({"village_code": ["31010101"], "households_expected": [20]}),
        DEADLINE,
        START,
        "สมชาย",
        area="310101",
    )
    assert read_register(workspace, 2567).villages()["households_expected"].tolist() == [20, 9]
    assert not list(register_path(workspace, 2567).parent.glob(".*"))  # nothing left aside
    log = store_for(workspace.root).audit_log("register")
    assert log["entity_key"].tolist() == ["2567:310101", "2567:310102", "2567:310101"]
    assert log["changes"].iloc[-1]["households"] == 1245


def test_refused_rows_and_dates_write_nothing(workspace):
    rows = pd.DataFrame({"village_code": ["31010101", "31020101"], "households_expected": [5, 5]})
    with pytest.raises(RegisterError) as error:
        save_register(workspace, 2567, rows, DEADLINE, START, "สมชาย", area="3101")
    assert [p.rule for p in error.value.report.problems] == ["register_outside_area"]
    with pytest.raises(RegisterError) as error:
        save_register(workspace, 2567, rows.iloc[:1], START, DEADLINE, "สมชาย")  # deadline before start
    assert [p.rule for p in error.value.report.problems] == ["register_deadline_invalid"]
    assert not register_path(workspace, 2567).exists()


def test_an_account_that_may_not_import_data_is_refused(workspace):
    url = store_for(workspace.root).url
    accounts = AccountStore(url)
    accounts.add(None, "admin", "a-long-password-1", "admin")
    admin = Authenticator(url).authenticate("admin", "a-long-password-1")
    accounts.add(admin, "planner", "a-long-password-1", "planner", ["3101"])
    accounts.add(admin, "officer", "a-long-password-1", "data_officer", ["310101"])
    rows = pd.DataFrame({"village_code": ["31010101"], "households_expected": [5]})
    for name, area in (("planner", "310101"), ("officer", "310102")):
        actor = Authenticator(url).authenticate(name, "a-long-password-1")
        with pytest.raises(PermissionDenied):
            save_register(workspace, 2567, rows.assign(village_code=f"{area}01"), DEADLINE, START, actor, area=area)
    assert not register_path(workspace, 2567).exists()
    officer = Authenticator(url).authenticate("officer", "a-long-password-1")
    save_register(workspace, 2567, rows, DEADLINE, START, officer, area="310101")
    assert read_register(workspace, 2567).rows["saved_by"].tolist() == ["officer"]
