"""Privacy: the one small-count rule (a 1-household village through tables and exports) and the
recognition of personal columns by header and by content (Thai id checksums worked by hand)."""

import io

import openpyxl
import pandas as pd
import pytest

from analysis.auth.roles import Actor, local_actor
from analysis.exports import to_csv_bytes, to_xlsx_bytes
from analysis.privacy import (
    count_labels,
    describe_reason,
    format_count,
    header_reason,
    personal_reason,
    privacy_applies,
    suppress_counts,
    suppressed,
    thai_id_valid,
)

COUNTS = ["applicable", "pass", "fail"]
PCTS = {"pct_pass": ["pass", "fail"], "pct_fail": ["pass", "fail"]}
TOTALS = {"applicable": ["pass", "fail"]}


def villages() -> pd.DataFrame:
    """A tambon of three villages, one with a single household (by hand)."""
    return pd.DataFrame(
        {
            "area_code": ["99010101", "99010102", "99010103", "990101"],
            "applicable": [1, 40, 30, 71],
            "pass": [0, 37, 30, 67],
            "fail": [1, 3, 0, 4],
            "pct_pass": [0.0, 92.5, 100.0, 94.37],
            "pct_fail": [100.0, 7.5, 0.0, 5.63],
        }
    )


def test_the_rule_is_one_to_threshold_minus_one():
    assert suppressed([0, 1, 4, 5, 12, None, float("nan"), "x"], 5).tolist() == [
        False,
        True,
        True,
        False,
        False,
        False,
        False,
        False,
    ]
    assert format_count(3) == "< 5" and format_count(0) == "0" and format_count(1234) == "1,234"
    assert format_count(3, suppress=False) == "3" and format_count(9, threshold=10) == "< 10"
    assert count_labels([0, 2, 5, 1500]) == ["0", "< 5", "5", "1,500"]


def test_a_one_household_village_is_suppressed_with_its_complements():
    frame = villages()
    shown = suppress_counts(frame, COUNTS, PCTS, TOTALS)
    rows = shown.set_index("area_code")
    # the 1-household village: its total is below 5, so every part is hidden too (the 0 included)
    assert rows.loc["99010101", COUNTS].tolist() == ["< 5", "< 5", "< 5"]
    assert rows.loc["99010101", ["pct_pass", "pct_fail"]].tolist() == [None, None]
    # 3 failing of 40: shown as "< 5"; pass would give it away (40 − 37), so it is hidden
    assert rows.loc["99010102", COUNTS].tolist() == [40, "ปกปิด", "< 5"]
    assert rows.loc["99010102", ["pct_pass", "pct_fail"]].tolist() == [None, None]
    # nothing small: unchanged, and 0 stays 0
    assert rows.loc["99010103", COUNTS].tolist() == [30, 30, 0]
    assert rows.loc["99010103", ["pct_pass", "pct_fail"]].tolist() == [100.0, 0.0]
    assert rows.loc["990101", COUNTS].tolist() == [71, "ปกปิด", "< 5"]
    # the true counts are untouched for ranking and comparison
    assert frame["fail"].tolist() == [1, 3, 0, 4] and frame["pass"].tolist() == [0, 37, 30, 67]
    english = suppress_counts(frame, COUNTS, PCTS, TOTALS, lang="en").set_index("area_code")
    assert english.loc["990101", "pass"] == "hidden"


def test_suppressed_counts_reach_csv_and_xlsx_exports_as_shown():
    shown = suppress_counts(villages(), COUNTS, PCTS, TOTALS)
    csv = pd.read_csv(io.BytesIO(to_csv_bytes(shown)), dtype=str, keep_default_na=False)
    assert csv["fail"].tolist() == ["< 5", "< 5", "0", "< 5"]
    assert csv["pass"].tolist() == ["< 5", "ปกปิด", "30", "ปกปิด"]
    assert csv["pct_fail"].tolist() == ["", "", "0.0", ""]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(shown, "villages"))).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[3] for row in values] == ["< 5", "< 5", 0, "< 5"]
    small = [v for row in values for v in row[1:4] if isinstance(v, int) and 1 <= v < 5]
    assert small == []


def test_no_small_count_is_left_in_the_demo_village_table(demo_workspace):
    """The real village × indicator view of the demo, suppressed: every count is 0, ≥ 5 or a mark."""
    from analysis.views import area_indicator_view

    view = area_indicator_view(demo_workspace, level="village", year=2567)
    small_before = int(((view[COUNTS] >= 1) & (view[COUNTS] < 5)).to_numpy().sum())
    assert small_before > 0  # the fixture really has small counts to hide
    shown = suppress_counts(view, COUNTS, PCTS, TOTALS)
    for column in COUNTS:
        numbers = pd.to_numeric(shown[column], errors="coerce")
        assert not ((numbers >= 1) & (numbers < 5)).any(), column
        assert set(shown.loc[numbers.isna(), column]) <= {"< 5", "ปกปิด"}
    hidden_fail = shown["fail"] == "< 5"
    assert shown.loc[hidden_fail, "pct_fail"].isna().all()


@pytest.mark.parametrize(
    "actor, area, applies",
    [
        (Actor("v", "viewer", ("990101",), 1), "990101", True),
        (Actor("p", "planner", ("990101",), 2), "990101", True),
        (Actor("d", "data_officer", ("9901",), 3), "990101", False),
        (Actor("d", "data_officer", ("9901",), 3), "3101", True),
        (Actor("a", "admin", (), 4), None, False),
        (local_actor("สมชาย"), None, False),
    ],
)
def test_who_sees_true_counts(actor, area, applies):
    assert privacy_applies(actor, area) is applies


@pytest.mark.parametrize(
    "header, reason",
    [
        ("เลขบัตรประจำตัวประชาชน 13 หลัก", "citizen_id"),
        ("เลขประจำตัวประชาชน", "citizen_id"),
        ("CID", "citizen_id"),
        ("PID", "citizen_id"),
        ("Citizen ID", "citizen_id"),
        ("national_id", "citizen_id"),
        ("เบอร์โทรศัพท์", "phone"),
        ("โทรศัพท์มือถือ", "phone"),
        ("Mobile", "phone"),
        ("tel.", "phone"),
        ("ที่อยู่", "address"),
        ("Address", "address"),
        ("บ้านเลขที่", "house_number"),
        ("House No.", "house_number"),
        ("ชื่อ สกุล หัวหน้าครัวเรือน", "name"),
        ("ชื่อ-สกุล", "name"),
        ("นามสกุล", "name"),
        ("ชื่อหัวหน้าครัวเรือน", "name"),
        ("first_name", "name"),
        ("Surname", "name"),
        ("ชื่อ", "name"),
        ("1. ชื่อ", "name"),
        ("E-mail", "email"),
        ("วันเดือนปีเกิด", "birth_date"),
        # not personal: area names, keys, indicators whose titles mention phones or housing
        ("ชื่อหมู่บ้าน", None),
        ("ชื่อตำบล", None),
        ("village_name", None),
        ("รหัสบ้าน", None),
        ("household_id", None),
        ("ข้อ 20 เข้าถึงโทรศัพท์มือถือและอินเทอร์เน็ต", None),
        ("ที่อยู่อาศัยมั่นคง", None),
        ("มีโทรทัศน์", None),
        ("จำนวนสมาชิก", None),
        ("รายได้", None),
        ("ชื่อโครงการ", None),
    ],
)
def test_personal_headers_in_thai_and_english(header, reason):
    assert header_reason(header) == reason


def test_thai_id_checksum_by_hand():
    # 1 1 0 1 7 0 0 2 3 0 7 0 × 13..2 = 13+12+0+10+63+0+0+12+15+0+21+0 = 146; 146 mod 11 = 3; (11−3) mod 10 = 8
    # 3 1 0 1 2 0 0 4 5 6 7 8 × 13..2 = 39+12+0+10+18+0+0+24+25+24+21+16 = 189; 189 mod 11 = 2; 9
    # 1 0 … 0 3 0: 13 + 3·3 = 22; 22 mod 11 = 0; (11−0) mod 10 = 1   (the "11" case)
    # 1 0 … 0 7 0: 13 + 7·3 = 34; 34 mod 11 = 1; (11−1) mod 10 = 0   (the "10" case)
    values = pd.Series(
        [
            "1101700230708",
            "1-1017-00230-70-8",
            "3 1012 00456 78 9",
            "1000000000301",
            "1000000000700",
            "๑๑๐๑๗๐๐๒๓๐๗๐๘",  # Thai digits
            "1101700230708.0",  # from a spreadsheet number
            "1101700230709",  # wrong check digit
            "0101700230708",  # no Thai id starts with 0
            "110170023070",  # 12 digits
            "",
        ]
    )
    assert thai_id_valid(values).tolist() == [True] * 7 + [False] * 4


@pytest.mark.parametrize(
    "sample, reason",
    [
        # 2 ids of 5 non-blank values (the 12-digit one is not an id): under half, not flagged
        (["1101700230708", "3101200456789", "", "1-0000-00003-01", "x", "y"], None),
        (["1101700230708", "3101200456789", "", "x", "y"], "content:citizen_id"),  # 2 of 4: half is enough
        (["0812345678", "081-234-5678", "+66 81 234 5678", "02-123-4567", "(053) 123456"], "content:phone"),
        (["นายสมชาย ใจดี", "นางสาวมาลี ศรีสุข", "ด.ช.ก้อง ใจดี", "-"], "content:name"),
        (["12/3 ม.4 ต.ในเมือง", "5 หมู่ 2", "88 ถนนสุขุมวิท"], "content:address"),
        (["12/3", "45", "7/11", "101/5"], "content:house_number"),
        (["31010101", "31010102", "31010103"], None),  # village codes are not phones
        (["1101700230709", "1101700230701"], None),  # 13 digits failing the checksum
        (["นางรอง", "นาดี"], None),  # place names, not titled names
        ([], None),
    ],
)
def test_personal_content_whatever_the_header(sample, reason):
    assert personal_reason("คอลัมน์ 7", sample) == reason


def test_a_bare_name_header_with_place_names_is_an_area_name():
    assert personal_reason("ชื่อ", ["บ้านหนองบัว", "บ้านโนนสูง", "ชุมชนวัดใต้"]) is None
    assert personal_reason("name", ["ตำบลในเมือง", "ต.อิสาณ"]) is None
    assert personal_reason("ชื่อ", ["สมชาย ใจดี", "มาลี ศรีสุข"]) == "header:name"
    assert personal_reason("ชื่อ", []) == "header:name"
    assert personal_reason("เลขบัตรประชาชน", ["บ้านหนองบัว"]) == "header:citizen_id"


def test_reasons_read_in_thai_and_english():
    assert describe_reason("header:citizen_id") == "เลขประจำตัวประชาชน (จากชื่อคอลัมน์)"
    assert describe_reason("content:phone", "en") == "phone number (by its values)"
